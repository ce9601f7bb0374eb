"""Progress and status on hand-worked examples."""

import pandas as pd
import pytest
import yaml

from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.progress import Thresholds, progress


def portfolio(tmp_path, indicator, start="2022-01-01", months=24):
    doc = {
        "id": "p",
        "countries": ["PHL"],
        "results": [{"id": "r", "level": "outcome", "title": "t", "indicators": [indicator]}],
    }
    if start:
        doc["start"] = start
    if months:
        doc["duration_months"] = months
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return load_portfolio(tmp_path)


def ind(values, target=None, baseline=None, direction="increase", **extra):
    item = {
        "id": "i",
        "name": "n",
        "measure": "count",
        "unit": "people",
        "direction": direction,
        "values": [{"value": v, "end": d} for v, d in values],
    }
    if target is not None:
        item["targets"] = [{"value": target, "date": "2023-12-31"}]
    if baseline is not None:
        item["baseline"] = {"value": baseline, "date": "2022-01-01"}
    item.update(extra)
    return item


def row(tmp_path, indicator, as_of="2023-06-30", **kw):
    """The indicator's progress row at ``as_of`` (the programmes run 2022-01-01 to 2023-12-31)."""
    p = portfolio(tmp_path, indicator, **kw)
    p.as_of = pd.Timestamp(as_of)
    return progress(p).iloc[0]


def test_share_of_the_way_from_baseline_to_target_and_on_track(tmp_path):
    r = row(tmp_path, ind([(60, "2023-01-01")], target=120, baseline=20))
    assert r["progress"] == pytest.approx(0.4)  # (60 - 20) / (120 - 20)
    assert r["expected"] == pytest.approx(365 / (24 * 30.4375), abs=1e-3)  # one year of two
    assert r["status"] == "at risk"  # 0.4 < 0.85 * 0.5 but >= 0.60 * 0.5


def test_thresholds_are_configurable(tmp_path):
    p = portfolio(tmp_path, ind([(60, "2023-01-01")], target=120, baseline=20))
    p.as_of = pd.Timestamp("2023-06-30")
    assert progress(p, thresholds=Thresholds(on_track=0.8, at_risk=0.5)).iloc[0]["status"] == "on track"
    assert progress(p, thresholds=Thresholds(on_track=0.99, at_risk=0.99)).iloc[0]["status"] == "off track"


def test_decreasing_indicator_comes_out_positive_when_improving(tmp_path):
    r = row(tmp_path, ind([(15, "2023-01-01")], target=10, baseline=20, direction="decrease"))
    assert r["progress"] == pytest.approx(0.5) and r["status"] == "on track"
    assert (
        row(tmp_path, ind([(10, "2023-01-01")], target=10, baseline=20, direction="decrease"))["status"] == "achieved"
    )


def test_target_equal_to_baseline_is_undefined(tmp_path):
    r = row(tmp_path, ind([(5, "2023-01-01")], target=10, baseline=10))
    assert r["progress_basis"] == "target equals baseline: undefined" and r["status"] == "progress undefined"


def test_missing_baseline_is_actual_over_target(tmp_path):
    r = row(tmp_path, ind([(50, "2023-01-01")], target=200))
    assert r["progress"] == pytest.approx(0.25) and r["progress_basis"] == "no baseline: actual / target"


@pytest.mark.parametrize(
    ("target", "actual", "status"),
    [
        ("at least 10", 10, "achieved"),
        ("over 500", 500, "no timeline"),
        ("over 500", 501, "achieved"),
        ("over 500", "over 500", "achieved"),
        (500, "almost 500", "achieved"),
    ],
)
def test_target_qualifiers_decide_achievement(tmp_path, target, actual, status):
    indicator = ind([(actual, "2023-12-31")], target=target)
    assert row(tmp_path, indicator, as_of="2024-01-31", start=None, months=None)["status"] == status


def test_a_value_for_a_period_after_the_reference_date_does_not_count(tmp_path):
    # the same history read at two reference dates: at 2023-06-30 the year-end value is not yet there
    indicator = ind([(40, "2022-12-31"), (90, "2023-12-31")], target=100, baseline=0)
    assert row(tmp_path, indicator, as_of="2023-06-30")["actual"] == 40
    assert row(tmp_path, indicator, as_of="2023-12-31")["actual"] == 90


def test_cumulative_actual_is_the_latest_value(tmp_path):
    r = row(tmp_path, ind([(40, "2022-06-30"), (90, "2023-06-30")], target=100))
    assert r["actual"] == 90 and str(r["as_of"].date()) == "2023-06-30"


def test_no_data_and_no_target(tmp_path):
    assert row(tmp_path, ind([], target=100))["status"] == "no data"
    assert row(tmp_path, ind([(5, "2023-01-01")]))["status"] == "no target"


def test_embedded_portfolio_statuses():
    table = progress(load_portfolio())
    assert table["status"].value_counts().to_dict() == {"no target": 97, "no data": 1}
    peru = table.set_index("indicator").loc["per-venezuelan-inclusion.inclusion.venezuelans-benefiting"]
    assert (peru["target"], peru["status"]) == (70000, "no data")

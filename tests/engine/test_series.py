"""Series types (cumulative, per-period, level, year-to-date) on hand-worked programmes: the verdict, the
rollup, progress and the reference date (``--as-of``)."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from builders import build, ind, prog
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mptf.engine.cli.main import main
from mptf.engine.rollup.core import rollup
from mptf.engine.rollup.progress import progress
from mptf.engine.rules.checks import check_portfolio
from mptf.engine.trace.recompute import recompute

CASE = Path(__file__).resolve().parents[2].parent / "shared" / "cases" / "01-decreasing-level-indicator"
AS_OF = pd.Timestamp("2025-06-30")


def v(value, end, start=None):
    out = {"value": value, "end": end}
    if start:
        out["start"] = start
    return out


def cases(series, values, **extra):
    """A decreasing count of unresolved cases, baseline 50, target 0 at the end (2024-12-31)."""
    return ind(
        "p.cases",
        common="people-reached",
        unit="people",
        series=series,
        direction="decrease",
        baseline={"value": 50, "date": "2022-01-01"},
        targets=[{"value": 0, "date": "2024-12-31"}],
        values=values,
        **extra,
    )


def programme(tmp_path, *indicators, pid="p", **extra):
    doc = prog(pid, list(indicators), start="2022-01-01", end="2024-12-31", **extra)
    p, _ = build(tmp_path, doc)
    p.as_of = AS_OF
    return p


def codes(p):
    return set(p.verdict.findings["code"])


def figure(p, common="people-reached"):
    f = rollup(p).figures
    return f.loc[f["common"] == common, "value"].iloc[0]


def rules(p):
    c = rollup(p).contributions
    return dict(zip(c["period_end"].dt.date.astype(str), c["rule_code"], strict=True))


LEVELS = [v(40, "2022-12-31", "2022-01-01"), v(20, "2023-12-31", "2023-01-01"), v(0, "2024-12-31", "2024-01-01")]


# -- level -------------------------------------------------------------------------------------------------
def test_level_counts_its_latest_value_and_is_never_summed(tmp_path):
    p = programme(tmp_path, cases("level", LEVELS))
    assert "cumulative-decrease" not in codes(p) and "overlapping-periods" not in codes(p)
    assert figure(p) == 0  # the latest level, not 40 + 20 + 0
    assert rules(p) == {
        "2022-12-31": "superseded-level",
        "2023-12-31": "superseded-level",
        "2024-12-31": "summed-level",
    }
    r = progress(p).iloc[0]
    assert (r["actual"], r["progress"], r["status"]) == (0, 1.0, "achieved")  # (0 - 50) / (0 - 50)


def test_level_may_rise_and_the_latest_counts(tmp_path):
    p = programme(tmp_path, cases("level", [v(10, "2022-12-31"), v(30, "2023-12-31")]))
    assert "cumulative-decrease" not in codes(p)
    r = progress(p).iloc[0]
    assert r["actual"] == 30 and r["progress"] == pytest.approx(0.4)  # (30 - 50) / (0 - 50)
    assert r["status"] == "not achieved"  # the programme ended 2024-12-31, before 2025-06-30


def test_levels_of_programmes_add_up_at_one_reference_date(tmp_path):
    a = prog("a", [cases("level", [v(40, "2022-12-31"), v(30, "2023-12-31")]) | {"id": "a.cases"}])
    b = prog("b", [cases("level", [v(7, "2023-06-30"), v(9, "2026-06-30")]) | {"id": "b.cases"}])
    p, _ = build(tmp_path, a, b)
    p.as_of = pd.Timestamp("2024-03-31")
    assert figure(p) == 37  # a's 30 (2023-12-31) + b's 7 (2023-06-30; its 2026 level is after the date)
    c = rollup(p).contributions.set_index("vid")["rule_code"]
    assert sorted(c) == ["after-reference", "summed-level", "summed-level", "superseded-level"]


def test_a_stale_level_is_a_warning_and_an_approximate_figure(tmp_path):
    a = prog("a", [cases("level", [v(40, "2022-12-31")]) | {"id": "a.cases"}], start="2022-01-01", end="2030-12-31")
    p, _ = build(tmp_path, a)
    p.as_of = pd.Timestamp("2024-06-30")
    assert "stale-level" in codes(p)  # the reporting period current on 2024-06-30 is 2023; the level is of 2022
    f = rollup(p).figures.iloc[0]
    assert f["value"] == 40 and f["bound"] == "≈"
    assert set(rollup(p).contributions["rule_code"]) == {"summed-stale-level"}
    p.as_of = pd.Timestamp("2023-06-30")
    p.__dict__.pop("verdict", None)
    assert "stale-level" not in codes(p) and rollup(p).figures.iloc[0]["bound"] == "="


@pytest.mark.parametrize(
    ("end", "as_of", "stale"),
    [
        ("2023-03-31", "2024-06-30", False),  # within 2023, the last calendar year ended by the reference date
        ("2023-03-31", "2024-12-30", False),
        ("2023-03-31", "2024-12-31", True),  # on 31 December the reference date's own year has ended
        ("2022-12-31", "2023-12-30", False),
        ("2022-12-31", "2024-01-01", True),
    ],
)
def test_a_level_is_stale_when_older_than_the_current_reporting_period(tmp_path, end, as_of, stale):
    a = prog("a", [cases("level", [v(40, end)]) | {"id": "a.cases"}], start="2022-01-01", end="2030-12-31")
    p, _ = build(tmp_path, a)
    p.as_of = pd.Timestamp(as_of)
    assert ("stale-level" in codes(p)) is stale
    assert (rollup(p).figures.iloc[0]["bound"] == "≈") is stale


@pytest.mark.parametrize("series", ["cumulative", "per-period", "year-to-date", "level"])
def test_no_value_for_a_period_after_the_reference_date_counts(tmp_path, series):
    a = prog("a", [cases(series, [v(10, "2022-12-31"), v(25, "2023-12-31")]) | {"id": "a.cases"}])
    p, _ = build(tmp_path, a)
    p.as_of = pd.Timestamp("2023-06-30")
    c = rollup(p).contributions.set_index("period_end")["rule_code"]
    assert c[pd.Timestamp("2023-12-31")] == "after-reference"
    assert figure(p) == 10


def test_a_closed_programmes_final_level_is_not_stale(tmp_path):
    p = programme(tmp_path, cases("level", LEVELS))
    p.as_of = pd.Timestamp("2030-01-01")
    assert "stale-level" not in codes(p)


# -- per-period and since-start ----------------------------------------------------------------------------
def test_per_period_levels_are_summed(tmp_path):
    p = programme(tmp_path, cases("per-period", LEVELS))
    assert figure(p) == 60 and progress(p).iloc[0]["status"] == "not achieved"


def test_since_start_decreases_are_errors_and_look_year_to_date(tmp_path):
    p = programme(tmp_path, cases("cumulative", LEVELS))
    assert {"cumulative-decrease", "looks-year-to-date", "decrease-never-improves"} <= set(check_portfolio(p)["code"])


def test_since_start_from_the_start_is_not_year_to_date(tmp_path):
    values = [v(40, "2022-12-31", "2022-01-01"), v(20, "2023-12-31", "2022-01-01")]
    p = programme(tmp_path, cases("cumulative", values))
    assert "cumulative-decrease" in codes(p) and "looks-year-to-date" not in codes(p)


def test_old_spelling_still_works_and_a_disagreement_is_said(tmp_path):
    p = programme(tmp_path, cases(None, LEVELS, cumulative=False))
    assert p.indicators["series"].iloc[0] == "per-period" and figure(p) == 60
    shutil.rmtree(tmp_path)
    tmp_path.mkdir()
    p = programme(tmp_path, cases("level", LEVELS, cumulative=True))
    assert p.indicators["series"].iloc[0] == "level"
    assert "series-disagrees" in set(p.load_findings["code"])


# -- year-to-date ------------------------------------------------------------------------------------------
YTD = [
    v(10, "2022-06-30", "2022-01-01"),
    v(25, "2022-12-31", "2022-01-01"),
    v(5, "2023-06-30", "2023-01-01"),
    v(12, "2023-12-31", "2023-01-01"),
]


def test_year_to_date_sums_each_years_last_value(tmp_path):
    p = programme(tmp_path, ind("p.ytd", series="year-to-date", values=YTD))
    assert not codes(p) & {"cumulative-decrease", "looks-year-to-date"}
    assert figure(p) == 37  # 25 (2022) + 12 (2023)
    assert rules(p) == {
        "2022-06-30": "superseded-year",
        "2022-12-31": "summed-year",
        "2023-06-30": "superseded-year",
        "2023-12-31": "summed-year",
    }


def test_year_to_date_decrease_within_a_year_is_an_error(tmp_path):
    p = programme(tmp_path, ind("p.ytd", series="year-to-date", values=[v(10, "2022-06-30"), v(8, "2022-12-31")]))
    found = p.verdict.findings
    assert (
        "year-to-date (a running total within its year)"
        in found.loc[found["code"] == "cumulative-decrease", "message"].iloc[0]
    )


def test_year_to_date_resets_at_the_stated_month(tmp_path):
    # a July-June year: 2022-12-31 and 2023-06-30 are one year, 2023-12-31 the next
    values = [v(10, "2022-12-31"), v(25, "2023-06-30"), v(5, "2023-12-31")]
    p = programme(tmp_path, ind("p.ytd", series="year-to-date", resets="july", values=values))
    assert "cumulative-decrease" not in codes(p) and figure(p) == 30
    shutil.rmtree(tmp_path)
    tmp_path.mkdir()
    p = programme(tmp_path, ind("p.ytd", series="year-to-date", resets=1, values=values))
    assert "cumulative-decrease" in codes(p)  # January years: 2022 = [10], 2023 = [25, 5], a decrease


# -- direction-only targets --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("direction", "latest", "status"),
    [
        ("decrease", 30, "improved"),
        ("decrease", 50, "no change"),
        ("decrease", 60, "worsened"),
        ("increase", 60, "improved"),
        ("maintain", 50, "maintained"),
        ("maintain", 49, "not maintained"),
    ],
)
def test_direction_without_a_number(tmp_path, direction, latest, status):
    item = ind(
        "p.i",
        series="level",
        direction=direction,
        baseline={"value": 50, "date": "2022-01-01"},
        values=[v(40, "2022-12-31"), v(latest, "2023-12-31")],
    )
    assert progress(programme(tmp_path, item)).iloc[0]["status"] == status


# -- the reference date ------------------------------------------------------------------------------------
def _case_dir(tmp_path):
    text = (CASE / "demo-cumulative-false.yaml").read_text(encoding="utf-8")
    text = text.replace("        cumulative: false\n        baseline", "        series: level\n        baseline")
    (tmp_path / "demo.yaml").write_text(text, encoding="utf-8")
    shutil.copy(CASE / "values-yearly.csv", tmp_path / "values.csv")
    return str(tmp_path)


def _progress(path, as_of):
    result = CliRunner().invoke(main, ["progress", path, "--format", "json", "--as-of", as_of])
    rows = {r["indicator"]: r for r in json.loads(result.stdout)}
    return rows["demo.cases"]


@pytest.mark.skipif(not CASE.exists(), reason="the shared case is not here")
def test_the_case_a_decreasing_level_is_achieved(tmp_path):
    path = _case_dir(tmp_path)
    r = _progress(path, "2025-06-30")
    assert (r["actual"], r["progress"], r["status"], r["reference_date"]) == (0, 1.0, "achieved", "2025-06-30")
    result = CliRunner().invoke(main, ["validate", "--portfolio", path, "--format", "json"])
    assert "cumulative-decrease" not in result.stdout
    result = CliRunner().invoke(main, ["check", str(CASE / "demo.yaml"), "--format", "json"])
    assert "decrease-never-improves" in result.stdout


@pytest.mark.skipif(not CASE.exists(), reason="the shared case is not here")
def test_two_reference_dates_give_two_hand_checked_statuses(tmp_path):
    path = _case_dir(tmp_path)
    early = _progress(path, "2023-06-30")
    # the latest level at 2023-06-30 is 40 (2022-12-31): progress (40 - 50) / (0 - 50) = 20 %; expected: one
    # year of three elapsed at 2022-12-31 (33 %); 20 % >= 0.60 x 33 % but < 0.85 x 33 %: at risk
    assert (early["actual"], early["status"], early["reference_date"]) == (40, "at risk", "2023-06-30")
    assert early["progress"] == pytest.approx(0.2)
    late = _progress(path, "2025-06-30")
    assert (late["actual"], late["status"]) == (0, "achieved")
    table = CliRunner().invoke(main, ["progress", path, "--as-of", "2023-06-30"]).stdout
    assert "as of 2023-06-30" in table


# -- properties --------------------------------------------------------------------------------------------
_SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


@_SETTINGS
@given(
    levels=st.lists(st.integers(0, 100), min_size=1, max_size=4),
    last=st.integers(0, 100),
)
def test_level_progress_ignores_intermediate_levels(tmp_path_factory, levels, last):
    """Progress of a level series depends on its latest level only, however many come before it."""
    got = []
    for shown in ([], levels):
        path = tmp_path_factory.mktemp("lvl")
        values = [v(x, f"{2022 + k // 4}-{3 * (k % 4) + 1:02d}-28") for k, x in enumerate(shown)]
        values.append(v(last, "2024-12-31"))
        got.append(progress(programme(path, cases("level", values))).iloc[0][["actual", "progress", "status"]].tolist())
    assert got[0] == got[1]


@_SETTINGS
@given(st.lists(st.lists(st.integers(0, 50), min_size=1, max_size=3), min_size=1, max_size=3))
def test_year_to_date_and_since_start_give_the_same_fund_figure(tmp_path_factory, years):
    """One history, encoded as year-to-date running totals and as since-start ones, gives one fund figure."""
    ytd, since, total = [], [], 0
    for y, increments in enumerate(years):
        running = 0
        for q, inc in enumerate(increments):
            running += inc
            total += inc
            end = f"{2022 + y}-{3 * (q + 1):02d}-{30 if q in (1, 2) else 31}"
            ytd.append(v(running, end, f"{2022 + y}-01-01"))
            since.append(v(total, end, "2022-01-01"))
    a = programme(tmp_path_factory.mktemp("ytd"), ind("p.i", series="year-to-date", values=ytd))
    b = programme(tmp_path_factory.mktemp("since"), ind("p.i", series="cumulative", values=since))
    assert figure(a) == figure(b) == total


def test_recompute_checks_one_value_per_series(tmp_path):
    p = programme(tmp_path, ind("p.ytd", series="year-to-date", values=YTD))
    parts = rollup(p).contributions.assign(counted=lambda c: c["rule_code"].str.startswith("summed"))
    figure_row = {"measure": "count", "value": 37.0, "bound": "=", "display": "37", "programmes": 1, "rows": 2}
    assert recompute(parts, figure_row)[1]
    bad = parts.assign(rule_code="summed-year", counted=True)  # every value counted: two per year
    again, ok = recompute(bad, figure_row)
    assert not again["series_ok"] and not ok


def test_a_period_ending_after_the_reference_date_is_named(tmp_path):
    p = programme(tmp_path, cases("per-period", [v(40, "2025-03-31", "2025-01-01"), v(30, "2025-09-30", "2025-07-01")]))
    found = p.verdict.findings
    later = found[found["code"] == "period-not-ended"]
    assert later["line"].notna().all() and len(later) == 1
    assert "2025-07-01 to 2025-09-30, which ends after the reference date 2025-06-30" in later["message"].iloc[0]
    (tmp_path / "later").mkdir()
    p = programme(tmp_path / "later", cases("per-period", [v(30, "2025-09-30", "2025-07-01")]))
    p.as_of = pd.Timestamp("2025-10-01")
    assert "period-not-ended" not in codes(p)

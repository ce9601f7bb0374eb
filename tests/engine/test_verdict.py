"""One verdict for every value: validate, check, rollup, progress and trace read the same judgement.

Hand-worked examples of each change the verdict brings (a value with an error never counts silently; a running
total that goes down between two sources is a conflict of claims; baselines and targets are held to the value
rules; a percentage given as its counts is computed), the cases of ../shared/cases/ that belong here, and
properties over random portfolios with random corruptions.
"""

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
from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.core import rollup
from mptf.engine.rollup.progress import progress
from mptf.engine.rules.checks import check_portfolio
from mptf.engine.rules.validate import validate
from mptf.engine.trace import orphans, trace_rollup
from mptf.indicators.catalogue import COUNTED_CODES

CASES = Path(__file__).resolve().parents[2].parent / "shared" / "cases"


def _case(name: str, tmp_path: Path) -> Path:
    source = CASES / name
    if not source.exists():
        pytest.skip(f"{source} is not beside the project")
    return Path(shutil.copytree(source, tmp_path / name))


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _v(value, end, **extra):
    return {"value": value, "end": end, **extra}


# -- a value with an error never counts silently -----------------------------------------------------------
def test_a_series_that_restarts_is_an_error_and_the_bad_value_is_left_out_everywhere(tmp_path):
    build(tmp_path, prog("a", [ind("a.i", values=[_v(100, "2022-12-31"), _v(30, "2023-12-31")])]))
    validated = _run("validate", "--portfolio", str(tmp_path), "--format", "json")
    assert validated.exit_code == 1
    [decrease] = [f for f in json.loads(validated.stdout) if f["code"] == "cumulative-decrease"]
    assert decrease["severity"] == "error" and decrease["line"] is not None
    rolled = _run("rollup", str(tmp_path), "--format", "json")
    assert rolled.exit_code == 1
    [figure] = json.loads(rolled.stdout)["figures"]
    assert (figure["common"], figure["value"], figure["display"]) == ("people-reached", 100.0, "100")
    assert (
        rolled.stderr == "1 value left out by validation errors; run `mptf validate` for the findings and their fixes\n"
    )
    down = _run(
        "trace", "down", "--portfolio", str(tmp_path), "--key", "2", "--indicator", "people-reached", "--format", "json"
    )
    assert down.exit_code == 1
    parts = {p["text"]: (p["counted"], p["rule_code"], p["rule"]) for p in json.loads(down.stdout)["parts"]}
    assert parts == {
        "100": (True, "summed-latest", "summed: latest cumulative value"),
        "30": (False, "invalid", "excluded: cumulative-decrease (mptf validate says why)"),
    }
    lost = _run("trace", "orphans", "--portfolio", str(tmp_path), "--format", "json")
    [orphan] = json.loads(lost.stdout)
    assert (orphan["text"], orphan["reaches"], orphan["rule_code"]) == ("30", "no figure", "invalid")
    assert orphan["reason"] == "validation error: cumulative-decrease; run mptf validate for the finding and its fix"
    assert _run("progress", str(tmp_path), "--format", "json").exit_code == 1
    assert _run("gcm", str(tmp_path), "--format", "json").exit_code == 1


def test_validate_and_rollup_agree_on_each_value(tmp_path):
    portfolio, _ = build(
        tmp_path,
        prog(
            "a",
            [
                ind("a.i", values=[_v(-5, "2022-12-31"), _v(12.5, "2023-12-31"), _v("45%", "2024-06-30")]),
                ind("a.j", values=[_v(10, "2023-12-31")]),
            ],
        ),
    )
    errors = validate(None, str(tmp_path)).findings
    lines = set(errors.loc[errors["severity"] == "error", "line"].astype(int))
    contrib = rollup(portfolio).contributions.merge(portfolio.values[["line"]], left_on="vid", right_index=True)
    invalid = set(contrib.loc[contrib["rule_code"] == "invalid", "line_x"].astype(int))
    assert lines == invalid and len(lines) == 3
    assert rollup(portfolio).figures["display"].tolist() == ["10"]


# -- a conflict of sourced claims is a warning, and the rollup keeps the lowest as a lower bound --------------
def test_a_running_total_that_two_sources_state_differently_is_a_conflict_of_claims(tmp_path):
    values = [
        _v(219, "2023-09-30", source="leaflet-2023", quote="219 trained"),
        _v(21, "2024-01-31", source="leaflet-2024", quote="21 trained"),
    ]
    portfolio, _ = build(tmp_path, prog("a", [ind("a.i", common="officials-trained", unit="officials", values=values)]))
    found = portfolio.verdict.findings
    [conflict] = found[found["code"] == "conflicting-values"].to_dict("records")
    assert conflict["severity"] == "warning"
    assert (
        "219 (2023-09-30, leaflet-2023" in conflict["message"] and "21 (2024-01-31, leaflet-2024" in conflict["message"]
    )
    assert not (found["severity"] == "error").any()
    audit = trace_rollup(portfolio)
    [figure] = audit.figures.to_dict("records")
    assert (figure["display"], figure["matches"]) == ("≥ 21", True)
    rules = dict(zip(audit.parts["text"], audit.parts["rule_code"], strict=True))
    assert rules == {"219": "conflict", "21": "summed-latest"}
    assert _run("rollup", str(tmp_path)).exit_code == 0


def test_a_series_from_one_source_or_none_stays_an_error(tmp_path):
    values = [_v(219, "2023-09-30", source="leaflet"), _v(21, "2024-01-31", source="leaflet")]
    portfolio, _ = build(tmp_path, prog("a", [ind("a.i", values=values)]))
    assert portfolio.verdict.findings["code"].tolist() == ["cumulative-decrease"]
    assert portfolio.verdict.left_out == 1


# -- the cases from outside reports -------------------------------------------------------------------------
def test_case_03_baselines_and_targets_are_held_to_the_value_rules(tmp_path):
    path = _case("03-framework-figures-unchecked", tmp_path) / "demo.yaml"
    checked = _run("check", str(path), "--format", "json")
    validated = _run("validate", "--portfolio", str(path), "--format", "json")
    assert checked.exit_code == validated.exit_code == 1
    found = {(f["code"], f["severity"], f["item"], f["column"]) for f in json.loads(checked.stdout)}
    expected = {
        ("negative-count", "error", "demo.reached", "baseline"),
        ("non-integer-count", "error", "demo.reached", "targets"),
        ("unexpected-percent", "error", "demo.reached", "targets"),
        ("fraction-or-percent", "warning", "demo.share", "baseline"),
        ("percentage-out-of-range", "error", "demo.share", "targets"),
    }
    assert expected <= found
    on_values = {(f["code"], f["line"], f["message"]) for f in json.loads(validated.stdout)}
    assert on_values == {
        (f["code"], f["line"], f["message"])
        for f in json.loads(checked.stdout)
        if (f["code"], f["severity"], f["item"], f["column"]) in expected
    }
    percent = next(f for f in json.loads(checked.stdout) if f["code"] == "unexpected-percent")
    assert percent["hint"].startswith("write the absolute target: for +20% of the baseline, the baseline × 1.2")
    assert all(f["line"] for f in json.loads(checked.stdout) if f["code"] in {c for c, *_ in expected})
    table = progress(load_portfolio(path))
    reached = table.set_index("indicator").loc["demo.reached"]
    assert pd_isna(reached["target"]) and pd_isna(reached["baseline_value"])  # never read as 20 people


def pd_isna(value) -> bool:
    return value is None or value != value


def test_case_05_a_percentage_given_as_its_counts_is_computed_and_counted(tmp_path):
    folder = _case("05-percentage-from-counts-only", tmp_path)
    as_report = _run(
        "validate", str(folder / "values.csv"), "--portfolio", str(folder / "demo.yaml"), "--format", "json"
    )
    [computed] = [f for f in json.loads(as_report.stdout) if f["code"] == "value-from-counts"]
    assert (computed["line"], computed["column"], computed["severity"]) == (2, "value", "info")
    assert computed["message"] == "'demo.share' has no value: it is computed from its counts, 100 × 45 / 120 = 37.5"
    assert not [f for f in json.loads(as_report.stdout) if f["code"] == "value-due"]
    own = _run("validate", "--portfolio", str(folder), "--format", "json")
    assert [f["code"] for f in json.loads(own.stdout)] == ["value-from-counts"]
    rolled = json.loads(_run("rollup", str(folder), "--format", "json").stdout)["figures"]
    [share] = [f for f in rolled if f["common"] == "survivor-support-rate"]
    assert share["value"] == 37.5 and share["rule"] == "Σ numerators / Σ denominators"
    lost = _run("trace", "orphans", "--portfolio", str(folder))
    assert "of 1 reported value" in lost.stdout or "1 reported value" in lost.stdout


def test_counts_that_cannot_give_the_percentage_are_refused_never_dropped(tmp_path):
    values = [{"value": None, "end": "2023-12-31", "numerator": 130, "denominator": 120}]
    (tmp_path / "p.yaml").write_text(
        "id: p\ncountries: [KEN]\nthematic_area: 2\nresults:\n  - id: p.r\n    level: outcome\n    title: T\n"
        "    indicators:\n      - {id: p.s, name: S, measure: percentage, unit: percent, common: survivor-support-rate,"
        " values: [{end: 2023-12-31, numerator: 130, denominator: 120}]}\n"
    )
    assert values  # the row above, written as YAML
    portfolio = load_portfolio(tmp_path)
    assert len(portfolio.values) == 1
    codes = set(portfolio.verdict.findings["code"])
    assert {"missing-value", "numerator-exceeds-denominator"} <= codes
    assert portfolio.verdict.values["excluded"].tolist() == ["missing-value"]


# -- properties ---------------------------------------------------------------------------------------------
CORRUPTIONS = {
    "negative": -7,
    "fraction": 2.5,
    "percent": "40%",
    "text": "lots",
}


@st.composite
def portfolios(draw):
    docs = []
    for p in range(draw(st.integers(1, 3))):
        indicators = []
        for k in range(draw(st.integers(1, 3))):
            cumulative = draw(st.booleans())
            values, running = [], 0
            for year in range(2021, 2021 + draw(st.integers(1, 3))):
                step = draw(st.integers(0, 300))
                running = running + step if cumulative else step
                cell = running
                bad = draw(st.sampled_from([None, None, None, *CORRUPTIONS]))
                if bad:
                    cell = CORRUPTIONS[bad]
                values.append(_v(cell, f"{year}-12-31", **({} if cumulative else {"start": f"{year}-01-01"})))
            common = draw(st.sampled_from(["people-reached", "people-trained", None]))
            indicators.append(ind(f"p{p}.i{k}", common=common, cumulative=cumulative, values=values))
        docs.append(prog(f"p{p}", indicators, area=draw(st.sampled_from([1, 2, None]))))
    return docs


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=portfolios())
def test_every_value_is_accounted_for_once_and_no_error_counts(tmp_path_factory, docs):
    path = tmp_path_factory.mktemp("p")
    portfolio, _ = build(path, *docs)
    judged = portfolio.verdict
    values = judged.values
    result = rollup(portfolio)
    contrib = result.contributions
    # every value read is in the contributions exactly once (one thematic area per programme)
    assert sorted(contrib["vid"]) == list(range(len(values)))
    counted = contrib["rule_code"].isin(COUNTED_CODES)
    # no value with an error counts, and every value an error rules out says so
    excluded = values["excluded"] != ""
    assert not (counted & excluded.to_numpy()[contrib["vid"]]).any()
    assert set(contrib.loc[contrib["rule_code"] == "invalid", "vid"]) == set(values.index[excluded])
    # each figure is its counted parts
    assert trace_rollup(portfolio, result=result).figures["matches"].all()
    # every error at a value's line rules that value out, and every value ruled out has its error
    errors = judged.findings[judged.findings["severity"] == "error"]
    assert set(errors["line"].dropna().astype(int)) == set(values.loc[excluded, "line"].astype(int))
    # check and validate give the same findings on the values
    checked = check_portfolio(portfolio)
    value_lines = set(values["line"].astype(int))
    on_values = checked[checked["line"].isin(value_lines) & checked["column"].eq("value")]
    validated = validate(None, str(path)).findings
    keys = ["code", "file", "line", "message"]
    assert (
        on_values[keys].astype(str).sort_values(keys).values.tolist()
        == validated[validated["column"].eq("value")][keys].astype(str).sort_values(keys).values.tolist()
    )
    # orphans account for every value that does not simply count
    assert len(orphans(portfolio, result=result)) <= len(values)


@pytest.mark.parametrize("rows", [1, 20])
def test_the_portfolio_judged_in_batches_rolls_up_the_same(monkeypatch, rows):
    """Judged in batches of whole programmes (``BATCH_ROWS``, 1M in use; 1 and 20 here on 127 values): the same
    findings, the same judged rows in the same order and the same figures as one pass."""
    from mptf.engine.rules import batches

    whole = load_portfolio()
    monkeypatch.setattr(batches, "BATCH_ROWS", rows)
    batched = load_portfolio()
    pd.testing.assert_frame_equal(whole.verdict.findings, batched.verdict.findings)
    pd.testing.assert_frame_equal(whole.verdict.values, batched.verdict.values)
    for by in (["thematic-area"], ["gcm"], ["country", "year"]):
        pd.testing.assert_frame_equal(rollup(whole, by).figures, rollup(batched, by).figures)
    assert len(batched.verdict.values) == len(whole.verdict.values) > rows


@pytest.mark.parametrize("end", ["2023-02-30", "last spring"])
def test_a_value_whose_period_cannot_be_read_counts_nowhere(tmp_path, end):
    """100 in 2023 and 40 with an end date that is not a date: validate reports the date (exit 1), the rollup
    is 100 with no "unknown" year, and the verdict rules the 40 out as bad-date."""
    doc = prog("d", [ind("d.i", values=[{"value": 100, "end": "2023-09-30"}, {"value": 40, "end": end}])])
    build(tmp_path, doc)
    found = validate(None, tmp_path).findings
    assert found[["severity", "code", "column"]].values.tolist() == [["error", "bad-date", "end"]]
    p = load_portfolio(tmp_path)
    assert p.verdict.values.set_index("text")["excluded"].to_dict() == {"100": "", "40": "bad-date"}
    by_year = rollup(p, ["year"]).figures
    assert by_year[["year", "value"]].values.tolist() == [["2023", 100.0]]
    assert rollup(p, []).figures["value"].tolist() == [100.0]


def test_values_the_verdict_computes_are_the_same_judged_in_batches(tmp_path, monkeypatch):
    """A percentage computed from its counts and parts counted from their shares, in three programmes judged
    one programme a batch: the same judged values, in the same order, as one pass."""
    from mptf.engine.rules import batches

    shares = ind("a.tr", disaggregation=["sex", "age"], values=[
        {"value": 801, "end": "2023-12-31"},
        {"value": "35%", "end": "2023-12-31", "disaggregation": {"age": "youth"}},
        {"value": "at least 40%", "end": "2023-12-31", "disaggregation": {"sex": "female"}},
    ])  # fmt: skip
    rate = ind("b.rate", common=None, measure="percentage", unit=None)
    build(tmp_path, prog("a", [shares]), prog("b", [rate]), prog("c", [ind("c.n", values=[5, 7])]))
    (tmp_path / "values.csv").write_text(
        "programme,indicator,period_start,period_end,value,numerator,denominator\n"
        "b,b.rate,2022-01-01,2022-12-31,,45,120\nc,c.n,2022-01-01,2022-12-31,3,,\n",
        encoding="utf-8",
    )
    whole = load_portfolio(tmp_path)
    monkeypatch.setattr(batches, "BATCH_ROWS", 1)
    batched = load_portfolio(tmp_path)
    codes = set(whole.verdict.findings["code"])
    assert {"part-from-share", "value-from-counts"} <= codes
    assert whole.verdict.values["from_share"].sum() == 2
    assert whole.verdict.values.loc[whole.verdict.values["indicator"] == "b.rate", "value"].tolist() == [37.5]
    pd.testing.assert_frame_equal(whole.verdict.findings, batched.verdict.findings)
    pd.testing.assert_frame_equal(whole.verdict.values, batched.verdict.values)

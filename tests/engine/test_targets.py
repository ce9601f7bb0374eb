"""Targets that are not one number, and parts given as shares, on hand-worked programmes: a target on a group
of the disaggregation (a count or a share of the total), ordinal targets on a word scale, and parts written as
a percentage of their total."""

import json

import openpyxl
import pandas as pd
import pytest
from builders import build, ind, prog
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.rollup.core import rollup
from mptf.engine.rollup.progress import progress
from mptf.engine.rules.verdict import share_count
from mptf.engine.trace.down import trace_down

AS_OF = pd.Timestamp("2024-01-01")  # two years of three: expected progress 0.666


def v(value, dims=None, start="2022-01-01", end="2023-12-31"):
    out = {"value": value, "start": start, "end": end}
    if dims:
        out["disaggregation"] = dims
    return out


def programme(tmp_path, *indicators):
    p, _ = build(tmp_path, prog("p", list(indicators), start="2022-01-01", end="2024-12-31"))
    p.as_of = AS_OF
    return p


def row(p, indicator, group=""):
    t = progress(p)
    return t[(t["indicator"] == indicator) & (t["group"] == group)].iloc[0]


def returnees(targets, values):
    """5,000 returnees supported, at least 40% of them women; baseline 0."""
    return ind(
        "p.ret",
        unit="people",
        disaggregation=["sex"],
        baseline={"value": 0, "date": "2022-01-01"},
        targets=[{"value": 5000, "date": "2024-12-31"}, *targets],
        values=values,
    )


# -- targets on a group ------------------------------------------------------------------------------------
def test_a_share_target_compares_the_part_with_the_total(tmp_path):
    share = {"group": {"sex": "female"}, "share": "at least 40%", "date": "2024-12-31"}
    p = programme(tmp_path, returnees([share], [v(3000), v(1350, {"sex": "female"}), v(1650, {"sex": "male"})]))
    assert p.load_findings.empty
    whole, women = row(p, "p.ret"), row(p, "p.ret", "sex=female")
    assert (whole["actual"], whole["progress"], whole["status"]) == (3000, 0.6, "on track")  # 3000 / 5000
    assert bool(women["share"]) and women["target_display"] == "≥ 40%"
    assert women["actual"] == 45 and women["actual_display"] == "45%"  # 100 × 1350 / 3000
    assert women["progress"] == pytest.approx(45 / 40) and women["status"] == "achieved"


def test_a_share_target_not_yet_met(tmp_path):
    share = {"group": "sex=female", "share": "at least 40%", "date": "2024-12-31"}
    p = programme(tmp_path, returnees([share], [v(3000), v(900, {"sex": "female"})]))
    women = row(p, "p.ret", "sex=female")
    assert women["actual"] == 30 and women["progress"] == pytest.approx(0.75)  # 30% of 40%
    assert women["status"] == "on track"  # 0.75 ≥ 0.85 × 0.666 (two years of three elapsed)


def test_a_count_target_on_a_group_compares_the_reported_part(tmp_path):
    men = {"group": "sex=male", "value": 2500, "date": "2024-12-31"}
    p = programme(tmp_path, returnees([men], [v(3000), v(1650, {"sex": "male"})]))
    r = row(p, "p.ret", "sex=male")
    assert (r["actual"], r["target"], bool(r["share"])) == (1650, 2500, False)
    assert r["progress"] == pytest.approx(0.66) and r["progress_basis"] == "no baseline: actual / target"
    assert r["status"] == "on track"  # 0.66 ≥ 0.85 × 0.666


def test_a_share_without_a_group_or_out_of_range_is_said(tmp_path):
    bad = [
        {"share": "40%", "date": "2024-12-31"},
        {"group": "sex=female", "share": "140%", "date": "2024-12-31"},
        {"group": "sex=female", "share": "40%", "value": 2000, "date": "2024-12-31"},
        {"group": "female", "value": 2000, "date": "2024-12-31"},
    ]
    p = programme(tmp_path, returnees(bad, [v(3000)]))
    messages = list(p.load_findings["message"])
    assert len(messages) == 4 and all(m for m in messages)
    assert any("needs a group" in m for m in messages) and any("not a group" in m for m in messages)
    assert list(p.targets["group"]) == [""]  # only the 5,000


def test_group_targets_in_a_workbook(tmp_path):
    p = programme(tmp_path, returnees([], [v(3000), v(1350, {"sex": "female"})]))
    out = tmp_path / "book"
    out.mkdir()
    wb = openpyxl.Workbook()
    sheets = {
        "programme": [["field", "value"], ["id", "w"], ["start", "2022-01-01"], ["end", "2024-12-31"]],
        "results": [["id", "level", "title"], ["w.r", "outcome", "Outcome"]],
        "indicators": [
            ["id", "result", "name", "measure", "unit", "disaggregation", "baseline", "scale"],
            ["w.ret", "w.r", "Returnees", "count", "people", "sex", 0, None],
            ["w.pol", "w.r", "Policy", "ordinal", None, None, "none", "none, drafted, adopted"],
        ],
        "targets": [
            ["indicator", "value", "group", "share", "date"],
            ["w.ret", 5000, None, None, "2024-12-31"],
            ["w.ret", None, "sex=female", "at least 40%", "2024-12-31"],
            ["w.pol", "adopted", None, None, "2024-12-31"],
        ],
    }
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(out / "w.xlsx")
    from mptf.engine.reading.load import load_portfolio

    q = load_portfolio(out)
    assert q.load_findings.empty, q.load_findings["message"].tolist()
    t = q.targets.set_index(["indicator", "group"])
    assert t.loc[("w.ret", "sex=female"), "text"] == "at least 40%" and t.loc[("w.ret", "sex=female"), "share"]
    assert t.loc[("w.pol", ""), "text"] == "adopted" and pd.isna(t.loc[("w.pol", ""), "value"])
    assert q.indicators.set_index("indicator").loc["w.pol", "baseline_text"] == "none"
    assert p is not None


# -- ordinal targets ---------------------------------------------------------------------------------------
SCALE = ["none", "drafted", "adopted", "implemented"]


def policy(actual, baseline="none", target="adopted"):
    return ind(
        "p.pol",
        common=None,
        unit=None,
        measure="ordinal",
        scale=SCALE,
        baseline={"value": baseline, "date": "2022-01-01"},
        targets=[{"value": target, "date": "2024-12-31"}],
        values=[v(actual)],
    )


def test_ordinal_progress_counts_scale_steps(tmp_path):
    p = programme(tmp_path, policy("drafted"))
    assert p.load_findings.empty and set(p.verdict.findings["code"]) <= {"value-due"}
    r = row(p, "p.pol")
    assert (r["baseline_display"], r["target_display"], r["actual_display"]) == ("none", "adopted", "drafted")
    assert r["progress"] == 0.5 and r["progress_basis"] == "scale steps from baseline to target"  # (1-0)/(2-0)
    assert r["status"] == "at risk"  # 0.5 < 0.85 × 0.666 = 0.566, ≥ 0.60 × 0.666


def test_ordinal_target_met_or_passed_is_achieved(tmp_path):
    p = programme(tmp_path, policy("Implemented"))
    r = row(p, "p.pol")
    assert r["progress"] == 1.5 and r["status"] == "achieved"  # (3-0)/(2-0)


def test_ordinal_target_equal_to_baseline_is_undefined(tmp_path):
    p = programme(tmp_path, policy("drafted", baseline="adopted", target="adopted"))
    r = row(p, "p.pol")
    assert pd.isna(r["progress"]) and r["progress_basis"] == "target level equals baseline level: undefined"


def test_an_unknown_level_is_a_finding_naming_the_scale(tmp_path):
    p = programme(tmp_path, policy("drafted", baseline="nothing", target="adoptd"))
    found = p.verdict.findings[p.verdict.findings["code"] == "ordinal-outside-scale"]
    assert sorted(found["column"]) == ["baseline", "targets"] or len(found) == 2
    assert all("none, drafted, adopted, implemented" in m for m in found["message"])
    assert any("did you mean 'adopted'" in h for h in found["hint"])
    r = row(p, "p.pol")
    assert pd.isna(r["target"]) and r["target_display"] == "" and r["status"] == "no target"


# -- parts as shares ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("share", "bound", "total", "total_bound", "count", "counted"),
    [
        (40, "≥", 5000, "=", 2000, "≥"),  # at least 40% of 5,000
        (35, "=", 801, "=", 280, "≈"),  # 280.35: never an exact 280.35 or 280
        (35, "=", 800, "=", 280, "="),  # a whole count: exact
        (40, "≥", 801, "=", 321, "≥"),  # 320.4 or more people: at least 321
        (40, "≤", 801, "=", 320, "≤"),  # at most 320.4: at most 320
        (40, "=", 5000, "≈", 2000, "≈"),
        (40, "≥", 5000, "≤", 2000, "≈"),  # bounds pulling both ways
    ],
)
def test_share_count(share, bound, total, total_bound, count, counted):
    assert share_count(share, bound, total, total_bound) == (count, counted)


def trainees(values):
    return ind("p.tr", unit="people", disaggregation=["sex", "age"], values=values)


def test_a_part_written_as_a_share_is_counted_with_its_bound(tmp_path):
    p = programme(
        tmp_path,
        trainees([v(801), v("35%", {"age": "youth"}), v("at least 40%", {"sex": "female"}), v(480, {"sex": "male"})]),
    )
    judged = p.verdict.values.set_index("disaggregation")
    assert judged.loc["age=youth", ["text", "value", "bound"]].tolist() == ["35%", 280, "≈"]
    assert judged.loc["sex=female", ["text", "value", "bound"]].tolist() == ["at least 40%", 321, "≥"]
    codes = list(p.verdict.findings["code"])
    assert codes.count("part-from-share") == 2 and "inexact-value" not in codes and "unexpected-percent" not in codes
    f = rollup(p).figures.iloc[0]
    assert (f["value"], f["bound"]) == (801, "=")  # the parts are never added to the total
    c = rollup(p).contributions.set_index("disaggregation")
    assert c.loc["age=youth", "rule_code"] == "part-of-total"


def test_parts_from_shares_are_held_against_the_total(tmp_path):
    p = programme(tmp_path, trainees([v(800), v("at least 60%", {"sex": "female"}), v(400, {"sex": "male"})]))
    assert "parts-exceed-total" in set(p.verdict.findings["code"])  # ≥ 480 + 400 > 800


def test_a_share_with_no_total_is_not_a_count(tmp_path):
    p = programme(tmp_path, trainees([v("35%", {"age": "youth"})]))
    found = p.verdict.findings.set_index("code")
    assert "unexpected-percent" in found.index
    assert "give the total of the same period" in found.loc["unexpected-percent", "hint"]
    assert rollup(p).figures.empty or rollup(p).figures.iloc[0]["value"] == 0


def test_trace_down_shows_the_share_and_its_count(tmp_path):
    p = programme(tmp_path, trainees([v(801), v("35%", {"age": "youth"})]))
    parts = trace_down(p, ["thematic-area"], ["2"], "people-reached")
    share = parts[parts["disaggregation"] == "age=youth"].iloc[0]
    assert (share["text"], share["value"], share["bound"]) == ("35%", 280, "≈")


def test_progress_json_names_group_and_share(tmp_path):
    share = {"group": {"sex": "female"}, "share": "at least 40%", "date": "2024-12-31"}
    programme(tmp_path, returnees([share], [v(3000), v("45%", {"sex": "female"})]))
    out = CliRunner().invoke(main, ["progress", str(tmp_path), "--format", "json", "--as-of", "2024-01-01"])
    rows = {r["group"]: r for r in json.loads(out.stdout)}
    assert rows["sex=female"]["actual_display"] == "45%" and rows["sex=female"]["status"] == "achieved"
    assert rows[""]["actual_display"] == "3,000"

"""mptf report: the Excel Audit sheet lets an auditor recompute every figure the report shows (results by thematic
area, GCM objective with its kind of link, SDG target and country; budgets with their programme shares; objective
budgets in full and split) from its rows alone, and the Budget sheet's GCM and SDG budgets reconcile with the
fund total."""

import json
from collections import defaultdict

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.trace import recompute
from mptf.reports.report_trail import FIGURE_HEADERS, PART_HEADERS

AS_OF = ["--as-of", "2026-06-30"]
DIMS = {"thematic area": "thematic-area", "GCM objective": "gcm", "SDG target": "sdg", "country": "country"}


def _invoke(args):
    result = CliRunner().invoke(main, [*args, *AS_OF])
    assert result.exit_code in (0, 1), result.output
    return result


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)]


def _cents(dollars) -> int:
    return 0 if dollars is None else round(float(dollars) * 100)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("audit") / "report.xlsx"
    _invoke(["report", "-o", str(path)])
    wb = openpyxl.load_workbook(path)
    return {"audit": _rows(wb["Audit"]), "budget": _rows(wb["Budget"])}


def test_every_result_figure_recomputes_from_its_audit_rows(book):
    figures = defaultdict(list)
    for row in book["audit"]:
        if row["kind"] == "result":
            figures[row["figure id"]].append(row)
    assert figures
    for fid, rows in figures.items():
        parts = pd.DataFrame([{col: r[header] for col, header in PART_HEADERS.items()} for r in rows])
        parts["period_end"] = pd.to_datetime(parts["period_end"])
        parts["disaggregation"] = parts["disaggregation"].fillna("")
        for col in ("value", "numerator", "denominator"):
            parts[col] = parts[col].astype(float)
        figure = {col: rows[0][header] for col, header in FIGURE_HEADERS.items()}
        again, ok = recompute(parts, figure)
        assert ok, (fid, again, figure)
        assert rows[0]["recomputed"] == again["display"] and rows[0]["matches"] is True


@pytest.mark.parametrize("by", list(DIMS.values()))
def test_the_audit_holds_every_figure_the_report_shows(book, by):
    rollup = json.loads(_invoke(["rollup", "--by", by, "--format", "json"]).stdout)
    shown = {(str(f[by]), f["common"], f["display"]) for f in rollup["figures"]}
    audited = {
        (r["group"], r["common indicator"], r["figure"])
        for r in book["audit"]
        if r["kind"] == "result" and DIMS[r["by"]] == by
    }
    assert shown and audited == shown
    if by == "gcm":  # each kind of link its own figure
        assert {r["link"] for r in book["audit"] if r["kind"] == "result" and r["by"] == "GCM objective"} >= {
            "thematic area",
            "inherited",
        }


def test_every_budget_adds_up_from_its_programme_shares(book):
    sums = defaultdict(lambda: [0, 0])
    heads = {}
    for r in book["audit"]:
        if r["kind"] == "budget":
            sums[r["figure id"]][0 if r["funded"] else 1] += _cents(r["counts (USD)"])
            heads[r["figure id"]] = r
    assert {r["by"] for r in heads.values()} == {"thematic area", "country"}
    for fid, (funded, pipeline) in sums.items():
        r = heads[fid]
        assert (funded, pipeline) == (_cents(r["figure funded (USD)"]), _cents(r["figure pipeline (USD)"])), fid
        assert funded + pipeline == _cents(r["figure total (USD)"])
    sheet = {r["group"]: r for r in book["budget"] if r["by"] == "thematic area" and r["group"] != "total"}
    for group, r in sheet.items():
        assert _cents(r["total (USD)"]) == sum(sums[f"thematic-area={group}/budget"])


@pytest.mark.parametrize("framework", ["GCM objective", "SDG target"])
def test_objective_budgets_recompute_and_reconcile_with_the_fund_total(book, framework):
    sums = defaultdict(lambda: [0, 0, 0, 0])
    heads = {}
    for r in book["audit"]:
        if r["kind"] == "objective budget" and r["by"] == framework:
            at = 2 if r["disputed"] else 0
            sums[r["figure id"]][at] += _cents(r["budget (USD)"])
            sums[r["figure id"]][at + 1] += _cents(r["split part (USD)"])
            heads[r["figure id"]] = r
    assert heads
    for fid, got in sums.items():
        r = heads[fid]
        want = [
            _cents(r[c]) for c in ("in full (USD)", "split (USD)", "disputed in full (USD)", "disputed split (USD)")
        ]
        assert got == want, fid
    sheet = [r for r in book["budget"] if r["by"] == framework]
    stated = {(r["group"], r["link"]): r for r in sheet if r["group"] not in ("none", "split total")}
    for fid, r in heads.items():
        if not r["group"].startswith("unknown:"):
            row = stated[(r["group"], r["link"])]
            assert (_cents(row["in full (USD)"]), _cents(row["split (USD)"])) == (sums[fid][0], sums[fid][1])
    fund = _cents(
        next(r for r in book["budget"] if r["by"] == "thematic area" and r["group"] == "total")["total (USD)"]
    )
    split = sum(s[1] + s[3] for s in sums.values())
    check = next(r for r in sheet if r["group"] == "split total")
    assert split == fund == _cents(check["split (USD)"]) == _cents(check["total (USD)"])
    assert check["basis"] == "equals the fund total"


def test_json_objective_budgets_reconcile_with_the_fund_total():
    data = json.loads(_invoke(["report", "--format", "json"]).stdout)
    budgets = {b["by"]: b for b in data["objective_budgets"]}
    assert set(budgets) == {"gcm", "sdg"}
    for b in budgets.values():
        rows = b["rows"]
        total = sum(r["split_cents"] + r["disputed_split_cents"] for r in rows)
        assert total == b["reconciliation"]["total_cents"] == b["fund_cents"] == 8_588_172_000
        assert b["reconciliation"]["reconciles"] is True
        assert all(r["name"] for r in rows if not r["ref"].startswith("unknown:"))

"""mptf report: the workbook read back with openpyxl (sheets, figures equal to rollup --format json, formats,
no formula from input text), the JSON against docs/json-schema.json, and the same input giving the same bytes
(the Markdown is held to its saved file in tests/test_golden.py)."""

import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from builders import build, ind, prog
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.reports.report_xlsx import SHEETS

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))
AS_OF = ["--as-of", "2026-06-30"]


def invoke(args):
    result = CliRunner().invoke(main, [*args, *AS_OF])
    assert result.exit_code in (0, 1), result.output
    return result


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    invoke(["report", "-o", str(path)])
    return path


def test_workbook_sheets_and_figures_equal_the_rollup_json(workbook):
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == list(SHEETS)
    rollup = json.loads(invoke(["rollup", "--format", "json"]).stdout)
    ws = book["Summary"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    figures = [r for r in rows if r["thematic-area"] != "fund total"]
    assert [(r["thematic-area"], r["common indicator"], r["result"]) for r in figures] == [
        (f["thematic-area"], f["common"], f["display"]) for f in rollup["figures"]
    ]
    counts = {(f["thematic-area"], f["common"]): f["value"] for f in rollup["figures"] if f["measure"] == "count"}
    assert {(r["thematic-area"], r["common indicator"]): r["value"] for r in figures if r["value"] is not None} == (
        counts
    )
    totals = {r["common indicator"]: r["value"] for r in rows if r["thematic-area"] == "fund total"}
    assert totals == {t["common"]: t["value"] for t in rollup["totals"]}
    budget = book["Budget"]
    areas = [[c.value for c in row] for row in budget.iter_rows(min_row=2) if row[0].value == "thematic area"]
    assert areas[-1][1] == "total" and areas[-1][7] == pytest.approx(85_881_720.00)  # the booklet's 41 budgets
    split = {row[0].value: row[7].value for row in budget.iter_rows(min_row=2) if row[1].value == "split total"}
    assert split == {"GCM objective": pytest.approx(85_881_720.00), "SDG target": pytest.approx(85_881_720.00)}


def test_workbook_formats(workbook):
    book = openpyxl.load_workbook(workbook)
    for ws in book:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws["A1"].font.b and ws["A1"].style == "mptf header"
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
        assert all(8 <= w <= 60 for w in widths), ws.title
    assert {"mptf header", "mptf number", "mptf money", "mptf percent", "mptf date"} <= set(book.named_styles)
    budget = book["Budget"]
    assert budget["H2"].number_format == "#,##0.00"  # total (USD)
    rules = book["Indicators & progress"].conditional_formatting
    colours = {r.formula[0].strip('"'): r.dxf.fill.bgColor.rgb[-6:] for cf in rules for r in cf.rules}
    assert colours["off track"] == "FFC7CE" and colours["on track"] == "C6EFCE"
    findings = book["Findings"].conditional_formatting
    assert any(r.formula == ['"warning"'] for cf in findings for r in cf.rules)


def test_same_input_same_bytes_and_a_timestamp(tmp_path):
    for suffix in ("xlsx", "html", "json", "md"):
        a, b = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        invoke(["report", "-o", str(a)])
        invoke(["report", "-o", str(b)])
        assert a.read_bytes() == b.read_bytes(), suffix
    stamped = tmp_path / "stamped.json"
    invoke(["report", "-o", str(stamped), "--timestamp", "2026-07-01T09:00:00"])
    assert json.loads(stamped.read_text())["generated"] == "2026-07-01T09:00:00"
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temporary file left


def test_json_validates_against_its_schema(tmp_path):
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    data = json.loads(invoke(["report", "--format", "json"]).stdout)
    assert sorted(e.message for e in validator.iter_errors(data)) == []
    assert data["thematic_areas"]["totals"] and data["lineage"]["figures"]
    lineage = data["lineage"]
    assert lineage["by"] == ["thematic-area", "gcm", "sdg", "country"]
    for fig in [*lineage["figures"], *lineage["budgets"], *lineage["objective_budgets"]]:
        assert fig["matches"], fig["id"]  # every figure recomputed from its parts
    # every figure the report shows is in the lineage: each rollup's figures, each budget, each objective budget
    tables = [data[key] for key in ("thematic_areas", "sdg_targets", "countries")]
    shown = {f"{t['by'][0]}={r[t['by'][0]]}/{r['common']}" for t in tables for r in t["figures"]}
    assert shown <= {f["id"] for f in lineage["figures"]}
    budgets = {f"{b['by']}={r[b['by']]}/budget" for t in tables for b in t["budget"] for r in b["rows"]}
    assert budgets == {f["id"] for f in lineage["budgets"]}
    for fig in lineage["budgets"]:  # a budget is the sum of its programme shares
        assert fig["total_cents"] == sum(p["cents"] or 0 for p in fig["parts"]), fig["id"]
    for fig in lineage["objective_budgets"]:
        sure = [p for p in fig["parts"] if not p["disputed"]]
        assert fig["split_cents"] == sum(p["split_cents"] or 0 for p in sure), fig["id"]
    objective_rows = sum(len(b["rows"]) for b in data["objective_budgets"])
    assert len(lineage["objective_budgets"]) == objective_rows
    rollup = json.loads(invoke(["rollup", "--by", "country", "--format", "json"]).stdout)
    sub = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/rollup"})
    assert list(sub.iter_errors(rollup)) == []
    broken = {**data, "findings": [{"severity": "bad"}]}
    assert list(validator.iter_errors(broken))  # the schema can fail


def test_hostile_text_stays_text(tmp_path):
    docs = [
        prog(
            "evil",
            [ind("evil.i", name='=HYPERLINK("http://x.invalid","click")', values=[5])],
            area=1,
            title="<script>alert(1)</script> @SUM(A1)",
        )
    ]
    build(tmp_path, *docs)
    xlsx, html = tmp_path / "out" / "r.xlsx", tmp_path / "out" / "r.html"
    xlsx.parent.mkdir()
    invoke(["report", str(tmp_path), "-o", str(xlsx)])
    invoke(["report", str(tmp_path), "-o", str(html)])
    book = openpyxl.load_workbook(xlsx)
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert '=HYPERLINK("http://x.invalid","click")' in texts
    page = html.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_usage(tmp_path):
    result = CliRunner().invoke(main, ["report", "--format", "xlsx"])
    assert result.exit_code == 2 and "give -o OUT" in result.output
    portfolio = tmp_path / "p"
    portfolio.mkdir()
    build(portfolio, prog("a", [ind("a.i", values=[1])]))
    clash = CliRunner().invoke(main, ["report", str(portfolio), "-o", str(portfolio / "a.yaml")])
    assert clash.exit_code == 2


def test_progress_is_shown_on_a_terminal_only(monkeypatch):
    import io

    from mptf.engine.cli.progress import progress

    quiet = io.StringIO()
    monkeypatch.setattr("sys.stderr", quiet)
    with progress("report", 3) as step:
        step("one")
    assert quiet.getvalue() == ""  # not a terminal: nothing on stderr

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with progress("report", 2) as step:
        step("thematic areas")
        step("writing")
    assert screen.getvalue()  # a terminal: the bar was drawn on stderr

"""Text that a spreadsheet would run (``=cmd|' /C calc'!A0``, ``@SUM(...)``, a DDE payload) is written as text by
every writer of workbooks and CSV files, and only ``reports/cells.py`` writes cells at all."""

import ast
import csv
import io
from pathlib import Path

import openpyxl
import pytest
from builders import build, ind, prog
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.reports.cells import ILLEGAL_CHARACTERS_RE, csv_text, dangerous, defused, writable
from mptf.reports.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[2]
DDE = "=cmd|' /C calc'!A0"
HOSTILE = (DDE, "+HYPERLINK(\"http://x\",\"y\")", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "\t=1+1", "\r=1+1", "  =1+1", "\uff1dcmd|' /C calc'!A0")  # fmt: skip


def hostile_portfolio(tmp_path):
    values = [
        {"value": h, "end": f"{2000 + i}-12-31", "note": h, "source": h, "quote": h} for i, h in enumerate(HOSTILE)
    ]
    values.append({"value": 5, "end": "2023-12-31", "source": DDE, "quote": DDE, "note": DDE})
    doc = prog(
        "hx",
        [ind("hx.i", values=values, name=DDE, source=DDE, quote=DDE, disaggregation=["sex"])],
        title=DDE,
        organizations=["IOM", DDE],
    )
    doc["results"].append({"id": DDE, "level": "outcome", "title": DDE, "source": DDE})  # a bad-id, kept
    return build(tmp_path, doc)


def formulas(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [f"{ws.title}!{c.coordinate}" for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]  # fmt: skip


def texts(path: Path) -> set[str]:
    book = openpyxl.load_workbook(path)
    return {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def check_csv(text: str) -> None:
    cells = [cell for record in csv.reader(io.StringIO(text)) for cell in record]
    assert not [c for c in cells if dangerous(c)]
    assert any(c.startswith("'=cmd|") for c in cells) or any(DDE in c for c in cells), "the payload was written"


def test_dangerous_text_and_its_csv_form():
    assert all(dangerous(h) for h in HOSTILE) and not any(dangerous(defused(h)) for h in HOSTILE)
    assert [defused(v) for v in ("-5", "+1,500", "45%", 3, -2.5, None, "people")] == [
        "-5", "+1,500", "45%", 3, -2.5, None, "people"]  # fmt: skip
    import pandas as pd

    assert csv_text(pd.DataFrame({"a": [DDE, 7]})) == "a\n'=cmd|' /C calc'!A0\n7\n"


def test_the_programme_workbook_and_template_write_text(tmp_path):
    portfolio, _ = hostile_portfolio(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    write_workbook(portfolio, out / "w.xlsx")
    assert not formulas(out / "w.xlsx") and DDE in texts(out / "w.xlsx")
    result = CliRunner().invoke(main, ["template", "hx", "--portfolio", str(tmp_path), "-o", str(out / "t.xlsx")])
    assert result.exit_code == 0, result.output
    assert not formulas(out / "t.xlsx")
    guide = openpyxl.load_workbook(out / "t.xlsx")["guide"]
    cell = next(c for row in guide.iter_rows() for c in row if c.value == DDE)  # the indicator's name
    assert cell.data_type == "s" and cell.quotePrefix


def test_annotated_copies_write_text(tmp_path):
    portfolio_dir = tmp_path / "p"
    portfolio_dir.mkdir()
    hostile_portfolio(portfolio_dir)
    report = tmp_path / "r.csv"
    lines = ["programme,indicator,period_end,value,sex,note,source,quote"]
    for i, h in enumerate(HOSTILE):
        q = '"' + h.replace('"', '""') + '"'
        lines.append(f"hx,hx.i,{2000 + i}-12-31,{q},{q},{q},{q},{q}")
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(report), "--portfolio", str(portfolio_dir), "--annotate",
                                  str(tmp_path / "a.xlsx")])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert not formulas(tmp_path / "a.xlsx") and DDE in texts(tmp_path / "a.xlsx")
    # a workbook report: the copy's findings sheet quotes the hostile values in its messages
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "values"
    for r, line in enumerate(csv.reader(io.StringIO(report.read_text())), start=1):
        for c, value in enumerate(line, start=1):
            ws.cell(row=r, column=c).value = value
            ws.cell(row=r, column=c).data_type = "s"
    book.save(tmp_path / "r.xlsx")
    result = runner.invoke(main, ["validate", str(tmp_path / "r.xlsx"), "--portfolio", str(portfolio_dir),
                                  "--annotate", str(tmp_path / "b.xlsx")])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert not formulas(tmp_path / "b.xlsx")
    messages = [c.value for c in openpyxl.load_workbook(tmp_path / "b.xlsx")["mptf findings"]["I"]]
    assert any(DDE in (m or "") for m in messages)


def test_control_characters_in_a_csv_report_do_not_stop_its_annotated_copy(tmp_path):
    """XML 1.0 forbids most control characters in a workbook: a CSV cell carrying one (\\x01, \\x1b) still gets
    its annotated copy, the character shown as U+FFFD, every other cell as typed."""
    portfolio_dir = tmp_path / "p"
    portfolio_dir.mkdir()
    hostile_portfolio(portfolio_dir)
    report = tmp_path / "r.csv"
    report.write_text(
        "programme,indicator,period_end,value,note\nhx,hx.i,2023-12-31,x\x01y,bell\x07 esc\x1b\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["validate", str(report), "--portfolio", str(portfolio_dir), "--annotate", str(tmp_path / "a.xlsx")]
    )
    assert result.exit_code == 1, result.output
    assert "cannot write" not in result.output
    row = [c.value for c in openpyxl.load_workbook(tmp_path / "a.xlsx")["values"][2]]
    assert row[:5] == ["hx", "hx.i", "2023-12-31", "x\ufffdy", "bell\ufffd esc\ufffd"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "REPORT", "--format", "csv"],
        ["rollup", "--by", "agency", "--format", "csv"],
        ["trace", "orphans", "--format", "csv"],
        ["check", "--format", "csv"],
    ],  # fmt: skip
)
def test_csv_outputs_are_defused(tmp_path, args):
    hostile_portfolio(tmp_path)
    report = tmp_path / "report.csv"
    report.write_text(
        f'programme,indicator,period_end,value,note\nhx,hx.i,2030-12-31,"{DDE}","{DDE}"\n'
        f'"{DDE}",hx.i,2030-12-31,5,\n'  # bad-id: the finding names the programme as written
    )
    args = [str(report) if a == "REPORT" else a for a in args]
    where = ["--portfolio", str(tmp_path)] if args[0] in ("validate", "trace") else [str(tmp_path)]
    result = CliRunner().invoke(main, [*args[:2], *where, *args[2:]] if args[0] == "trace" else [*args, *where])
    assert result.exit_code in (0, 1), result.output
    check_csv(result.stdout)


def test_the_audit_export_writes_text(tmp_path):
    hostile_portfolio(tmp_path)
    out = tmp_path / "o"
    out.mkdir()
    result = CliRunner().invoke(main, ["trace", "export", "--portfolio", str(tmp_path), "-o", str(out / "a.xlsx")])
    assert result.exit_code in (0, 1), result.output
    assert not formulas(out / "a.xlsx") and DDE in texts(out / "a.xlsx")


def forbidden_writes(source: str) -> list[int]:
    """Lines of ``source`` that write a cell or a file of cells: ``ws.append``, ``cell.value =``, ``ws["A1"] =``,
    ``ws.cell(..., value=...)``, ``to_csv``, ``csv.writer`` or ``book.save``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, owner = node.func.attr, node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else ""
            if (
                (name == "append" and owner_name in ("ws", "sheet", "worksheet", "values", "guide"))
                or (name == "cell" and any(k.arg == "value" for k in node.keywords))
                or name in ("to_csv", "writer", "DictWriter")
                or (name == "save" and owner_name in ("book", "wb", "workbook"))
            ):
                lines.append(node.lineno)
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                mine = isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
                if isinstance(t, ast.Attribute) and t.attr == "value" and not mine:
                    lines.append(node.lineno)
                elif isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id in ("ws", "sheet"):
                    lines.append(node.lineno)
    return lines


def test_only_the_cell_writer_writes_cells():
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in ("reports", "engine")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != ROOT / "reports" / "cells.py"
        for line in forbidden_writes(path.read_text(encoding="utf-8"))
    ]
    assert not wrong, wrong


def test_the_scan_finds_each_write():
    source = (
        "ws.append([1])\ncell.value = 2\nws.cell(row=1, column=1, value=3)\nframe.to_csv(buf)\nws['A1'] = 4\n"
        "csv.writer(h)\nbook.save(p)\nself.value = 8\nws.cell(row=1, column=1).fill = 9\n"
    )
    assert sorted(forbidden_writes(source)) == [1, 2, 3, 4, 5, 6, 7]


def test_the_forbidden_characters_are_openpyxls():
    """The cell writer refuses exactly what openpyxl refuses, without importing it to write CSV or JSON."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as OPENPYXL

    assert ILLEGAL_CHARACTERS_RE.pattern == OPENPYXL.pattern
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert writable(every) == OPENPYXL.sub("\ufffd", every)


def test_writing_csv_does_not_import_openpyxl(tmp_path):
    import subprocess
    import sys

    code = "import sys; import mptf.reports.validation, mptf.reports.render; print('openpyxl' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"

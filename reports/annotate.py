"""An annotated copy of a report (``mptf validate --annotate OUT.xlsx``): the bad cells highlighted, each with
its findings as a comment, and every finding listed in a last sheet.

The input is never touched: a workbook is copied as it is (formats, validations, other sheets) and marked in the
copy; a CSV file becomes a workbook whose ``values`` sheet holds its cells as written. A finding names a line
and a column; its cell is the column's cell in that row (the row's first cell when the column is not in the
table, e.g. a missing row's indicator). Errors are red, warnings yellow. The copy is written next to its
target under a temporary name, then moved into place.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from mptf.engine.reading.load_values import column_name
from mptf.indicators.formats import VALUES_SHEET

from .workbook import _save_atomically

__all__ = ["FILLS", "annotate"]

FILLS = {
    "fatal": PatternFill("solid", fgColor="FFC7CE"),
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}
_RANK = {"fatal": 0, "error": 1, "warning": 2, "info": 3}
FINDINGS_SHEET = "mptf findings"


def annotate(report: str | Path, findings: pd.DataFrame, out: str | Path, label: str | None = None) -> int:
    """Write the annotated copy of ``report`` to ``out``; returns the number of cells marked.

    ``label`` is how findings name the report (default: the path as given); findings about other files (the
    framework) are listed but mark no cell.

    Raises
    ------
    ValueError
        When ``out`` is the report itself, or not an ``.xlsx`` path.
    OSError
        When a file cannot be read or written.
    """
    report, out = Path(report), Path(out)
    if out.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ValueError(f"{out} should be an .xlsx file")
    if out.exists() and out.resolve() == report.resolve():
        raise ValueError("the annotated copy must be a new file: the report itself is never changed")
    label = label or str(report)
    if report.suffix.lower() == ".csv":
        book, ws, row_of = _from_csv(report)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(report)
        titles = {ws.title.strip().lower(): ws.title for ws in book.worksheets}
        ws = book[titles[VALUES_SHEET]] if VALUES_SHEET in titles else book.worksheets[0]
        row_of = None
    columns = {}
    for position, cell in enumerate(ws[1], start=1):
        name = column_name(cell.value)
        if name and name not in columns:
            columns[name] = position
    mine = findings[(findings["file"] == label) & findings["line"].notna()]
    marks: dict[tuple[int, int], list] = {}
    for f in mine.itertuples(index=False):
        row = int(f.line) if row_of is None else row_of.get(int(f.line))
        if row is None:
            continue
        marks.setdefault((row, columns.get(f.column, 1)), []).append(f)
    for (row, column), found in marks.items():
        cell = ws.cell(row=row, column=column)
        worst = min(found, key=lambda f: _RANK.get(f.severity, 9)).severity
        cell.fill = FILLS.get(worst, FILLS["error"])
        text = "\n\n".join(f"{f.severity} {f.code}: {f.message}" + (f"\n→ {f.hint}" if f.hint else "") for f in found)
        comment = Comment(text, "mptf validate")
        comment.width, comment.height = 420, min(600, 80 + 60 * len(found))
        cell.comment = comment
    _findings_sheet(book, findings, ws.title, columns, row_of, label)
    _save_atomically(book, out)
    return len(marks)


def _from_csv(path: Path):
    """A workbook holding the CSV's cells as written, and the row of each CSV line where a record starts."""
    book = Workbook()
    ws = book.active
    ws.title = VALUES_SHEET
    row_of: dict[int, int] = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        start = 1
        for number, record in enumerate(reader, start=1):
            if not record:  # a blank line: keep the rows aligned with the lines
                record = [""]
            ws.append([_text_cell(c) for c in record])
            row_of[start] = number
            start = reader.line_num + 1
    return book, ws, row_of


def _text_cell(text: str) -> str | None:
    if text == "":
        return None
    return text


def _findings_sheet(book, findings: pd.DataFrame, sheet: str, columns: dict, row_of, label: str) -> None:
    if FINDINGS_SHEET in book.sheetnames:
        del book[FINDINGS_SHEET]
    ws = book.create_sheet(FINDINGS_SHEET)
    header = ["severity", "code", "cell", "file", "line", "column", "programme", "item", "message", "hint"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in findings.itertuples(index=False):
        line = None if pd.isna(f.line) else int(f.line)
        target = ""
        if f.file == label and line is not None:
            row = line if row_of is None else row_of.get(line)
            if row is not None:
                target = f"{get_column_letter(columns.get(f.column, 1))}{row}"
        ws.append([f.severity, f.code, target, f.file, line, f.column, f.programme, f.item, f.message, f.hint])
        if target:
            link = ws.cell(row=ws.max_row, column=3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!{target}")
            link.font = Font(color="0563C1", underline="single")
        ws.cell(row=ws.max_row, column=1).fill = FILLS.get(f.severity, FILLS["error"])
    for position, width in enumerate([9, 22, 8, 30, 6, 14, 26, 36, 80, 60], start=1):
        ws.column_dimensions[get_column_letter(position)].width = width
    ws.freeze_panes = "A2"

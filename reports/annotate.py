"""An annotated copy of a report (``mptf validate --annotate OUT.xlsx``): the bad cells highlighted, each with
its findings as a comment, and every finding listed in a last sheet with a link to its cell.

The input is never touched: a workbook is copied as it is (formats, validations, other sheets) and marked in the
copy; a CSV file becomes a workbook whose ``values`` sheet holds its cells as written (streamed, in write-only
mode). A finding names a line and a column; its cell is the column's cell in that row (the row's first cell when
the column is not in the table, e.g. a missing row's indicator). Errors are red, warnings yellow.

Comments are slow to write and to open (each is a drawing): when more than ``COMMENT_LIMIT`` cells are marked,
the cells are only coloured and the findings sheet alone says what is wrong with each (its ``cell`` column names
and links the cell). Every cell is written through :mod:`mptf.reports.cells`, and the copy atomically.
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

from .cells import append_cells, only_cell, save_workbook, write_row

__all__ = ["COMMENT_LIMIT", "FILLS", "annotate"]

FILLS = {
    "fatal": PatternFill("solid", fgColor="FFC7CE"),
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}
_RANK = {"fatal": 0, "error": 1, "warning": 2, "info": 3}
FINDINGS_SHEET = "mptf findings"
#: Marked cells above which the copy has no comments (the findings sheet lists every finding with its cell).
COMMENT_LIMIT = 2000
_HEADER = ["severity", "code", "cell", "file", "line", "column", "programme", "item", "message", "hint"]
_WIDTHS = [9, 22, 8, 30, 6, 14, 26, 36, 80, 60]
_LINK = Font(color="0563C1", underline="single")


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
    if out.resolve() == report.resolve() or (out.exists() and out.samefile(report)):
        raise ValueError("the annotated copy must be a new file: the report itself is never changed")
    label = label or str(report)
    if report.suffix.lower() == ".csv":
        records, row_of = _csv_records(report)
        columns = _columns(records[0] if records else [])
        marks = _marks(findings, label, columns, row_of)
        book = Workbook(write_only=True)
        _streamed_values(book, records, marks)
        sheet = VALUES_SHEET
        _findings_sheet(book.create_sheet(FINDINGS_SHEET), findings, sheet, columns, row_of, label, streamed=True)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(report)
        titles = {ws.title.strip().lower(): ws.title for ws in book.worksheets}
        ws = book[titles[VALUES_SHEET]] if VALUES_SHEET in titles else book.worksheets[0]
        columns = _columns([cell.value for cell in ws[1]])
        marks = _marks(findings, label, columns, None)
        comments = len(marks) <= COMMENT_LIMIT
        for (row, column), found in marks.items():
            cell = ws.cell(row=row, column=column)
            cell.fill = _fill(found)
            if comments:
                cell.comment = _comment(found)
        if FINDINGS_SHEET in book.sheetnames:
            del book[FINDINGS_SHEET]
        sheet = ws.title
        _findings_sheet(book.create_sheet(FINDINGS_SHEET), findings, sheet, columns, None, label, streamed=False)
    save_workbook(book, out)
    return len(marks)


def _columns(header: list) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, value in enumerate(header, start=1):
        name = column_name(value)
        if name and name not in columns:
            columns[name] = position
    return columns


def _marks(findings: pd.DataFrame, label: str, columns: dict, row_of: dict | None) -> dict[tuple[int, int], list]:
    """The findings of each cell of the report, by (row, column)."""
    mine = findings[(findings["file"] == label) & findings["line"].notna()]
    marks: dict[tuple[int, int], list] = {}
    for f in mine.itertuples(index=False):
        row = int(f.line) if row_of is None else row_of.get(int(f.line))
        if row is not None:
            marks.setdefault((row, columns.get(f.column, 1)), []).append(f)
    return marks


def _fill(found: list) -> PatternFill:
    worst = min(found, key=lambda f: _RANK.get(f.severity, 9)).severity
    return FILLS.get(worst, FILLS["error"])


def _comment(found: list) -> Comment:
    text = "\n\n".join(f"{f.severity} {f.code}: {f.message}" + (f"\n→ {f.hint}" if f.hint else "") for f in found)
    comment = Comment(text, "mptf validate")
    comment.width, comment.height = 420, min(600, 80 + 60 * len(found))
    return comment


def _csv_records(path: Path) -> tuple[list[list[str]], dict[int, int]]:
    """The CSV's records as written, and the row of each CSV line where a record starts."""
    records: list[list[str]] = []
    row_of: dict[int, int] = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        start = 1
        for number, record in enumerate(reader, start=1):
            records.append(record or [""])  # a blank line: keep the rows aligned with the lines
            row_of[start] = number
            start = reader.line_num + 1
    return records, row_of


def _streamed_values(book: Workbook, records: list[list[str]], marks: dict) -> None:
    """The CSV's cells as a write-only ``values`` sheet, the marked ones coloured (and commented, when few)."""
    ws = book.create_sheet(VALUES_SHEET)
    comments = len(marks) <= COMMENT_LIMIT
    styled = {name: only_cell(ws, None, fill=fill) for name, fill in FILLS.items()}
    by_row: dict[int, dict[int, list]] = {}
    for (row, column), found in marks.items():
        by_row.setdefault(row, {})[column] = found
    for number, record in enumerate(records, start=1):
        cells: list = [None if text == "" else text for text in record]
        for column, found in by_row.get(number, {}).items():
            while len(cells) < column:
                cells.append(None)
            worst = min(found, key=lambda f: _RANK.get(f.severity, 9)).severity
            cell = only_cell(ws, cells[column - 1], like=styled.get(worst, styled["error"]))
            if comments:
                cell.comment = _comment(found)
            cells[column - 1] = cell
        append_cells(ws, cells)


def _findings_sheet(ws, findings: pd.DataFrame, sheet: str, columns: dict, row_of, label: str, streamed: bool) -> None:
    """Every finding, one a row, with the cell it marks (linked) and its severity coloured."""
    for position, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(position)].width = width
    bold = Font(bold=True)
    if streamed:
        ws.freeze_panes = "A2"
        append_cells(ws, [only_cell(ws, h, font=bold) for h in _HEADER])
        styled = {name: only_cell(ws, None, fill=fill) for name, fill in FILLS.items()}
        linked = only_cell(ws, None, font=_LINK)
    else:
        for cell in write_row(ws, 1, _HEADER):
            cell.font = bold
    for number, f in enumerate(findings.itertuples(index=False), start=2):
        line = None if pd.isna(f.line) else int(f.line)
        target = ""
        if f.file == label and line is not None:
            row = line if row_of is None else row_of.get(line)
            if row is not None:
                target = f"{get_column_letter(columns.get(f.column, 1))}{row}"
        values = [f.severity, f.code, target, f.file, line, f.column, f.programme, f.item, f.message, f.hint]
        link = Hyperlink(ref=f"C{number}", location=f"'{sheet}'!{target}") if target else None
        if streamed:
            values[0] = only_cell(ws, f.severity, like=styled.get(f.severity, styled["error"]))
            if link is not None:
                values[2] = only_cell(ws, target, like=linked)
                values[2].hyperlink = link
            append_cells(ws, values)
        else:
            cells = write_row(ws, number, values)
            cells[0].fill = FILLS.get(f.severity, FILLS["error"])
            if link is not None:
                cells[2].hyperlink = link
                cells[2].font = _LINK
    if not streamed:
        ws.freeze_panes = "A2"

"""An annotated copy of a report (``mptf validate --annotate OUT.xlsx``): the bad cells highlighted, each with
its findings as a comment, and every finding listed in a last sheet with a link to its cell.

The input is never touched: a workbook is copied as it is (formats, validations, other sheets) and marked in the
copy; a CSV file becomes a workbook whose ``values`` sheet holds its cells as written (streamed, in write-only
mode). A finding names a line and a column; its cell is the column's cell in that row (the row's first cell when
the column is not in the table, e.g. a missing row's indicator). Every other cell it involves is marked too, with
the same comment and the finding's own cell named: the other cells of its row the catalogue lists
(``ROW_CELLS``: a percentage's numerator and denominator, a period's start and end), and the other rows its
message names ("line 3", "lines 3, 4": the parts of a total that they exceed, the other row of a duplicate), in
the finding's column. Errors are red, warnings yellow.

Comments are slow to write and to open (each is a drawing): when more than ``COMMENT_LIMIT`` cells are marked,
the cells are only coloured and the findings sheet alone says what is wrong with each (its ``cell`` column names
and links the cell). Every cell is written through :mod:`mptf.reports.cells`, and the copy atomically.
"""

from __future__ import annotations

import csv
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from mptf.engine.reading.load_values import column_name
from mptf.indicators.catalogue import ROW_CELLS
from mptf.indicators.formats import VALUES_SHEET

from .cells import append_cells, only_cell, save_workbook, write_row

__all__ = ["COMMENT_LIMIT", "FILLS", "annotate", "involved"]

FILLS = {
    "fatal": PatternFill("solid", fgColor="FFC7CE"),
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}
_RANK = {"fatal": 0, "error": 1, "warning": 2, "info": 3}
#: A marked cell is framed too, so that it stands out of any fill the report had (a template's cells to fill).
BORDERS = {
    name: Border(**{edge: Side(style="medium", color=color) for edge in ("left", "right", "top", "bottom")})
    for name, color in {"fatal": "C00000", "error": "C00000", "warning": "BF8F00", "info": "2F75B5"}.items()
}
FINDINGS_SHEET = "mptf findings"
#: Marked cells above which the copy has no comments (the findings sheet lists every finding with its cell).
COMMENT_LIMIT = 2000
_HEADER = ["severity", "code", "cell", "file", "line", "column", "programme", "item", "message", "hint", "also"]
_WIDTHS = [9, 22, 8, 30, 6, 14, 26, 36, 80, 60, 16]
#: Other rows of the report a message names: "line 3", "lines 3, 4" (a file's line is "line file.yaml:3").
_LINES = re.compile(r"\blines? (\d+(?:, \d+)*)\b")
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
            cell.border = BORDERS.get(_worst(found), BORDERS["error"])
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
    """The findings of each cell of the report, by (row, column): each finding at its own cell, and at every
    other cell it involves (:func:`involved`) as an ``_Involved`` entry naming the finding's own cell."""
    mine = findings[(findings["file"] == label) & findings["line"].notna()]
    marks: dict[tuple[int, int], list] = {}
    for f in mine.itertuples(index=False):
        cells = involved(f, columns, row_of)
        if not cells:
            continue
        marks.setdefault(cells[0], []).append(f)
        own = _ref(cells[0])
        for cell in cells[1:]:
            marks.setdefault(cell, []).append(_Involved(f, own))
    return marks


def involved(f, columns: dict, row_of: dict | None) -> list[tuple[int, int]]:
    """The cells (row, column) a finding involves, its own first: its column in its line, the other cells of
    its row that ``ROW_CELLS`` lists, and its column in each other line its message names."""
    row = int(f.line) if row_of is None else row_of.get(int(f.line))
    if row is None:
        return []
    column = columns.get(f.column, 1)
    cells = [(row, column)]
    cells += [(row, columns[c]) for c in ROW_CELLS.get(f.code, ()) if c in columns]
    for found in _LINES.finditer(f.message):
        for line in found[1].split(", "):
            other = int(line) if row_of is None else row_of.get(int(line))
            if other is not None:
                cells.append((other, column))
    return list(dict.fromkeys(cells))


def _ref(cell: tuple[int, int]) -> str:
    return f"{get_column_letter(cell[1])}{cell[0]}"


@dataclass(frozen=True)
class _Involved:
    """A finding at a cell it involves, found at the cell ``at``."""

    finding: object
    at: str


def _finding(entry):
    return entry.finding if isinstance(entry, _Involved) else entry


def _worst(found: list) -> str:
    return min((_finding(e) for e in found), key=lambda f: _RANK.get(f.severity, 9)).severity


def _fill(found: list) -> PatternFill:
    return FILLS.get(_worst(found), FILLS["error"])


def _comment(found: list) -> Comment:
    texts = []
    for entry in found:
        f = _finding(entry)
        at = f"\n(involves this cell; found at {entry.at})" if isinstance(entry, _Involved) else ""
        texts.append(f"{f.severity} {f.code}: {f.message}{at}" + (f"\n→ {f.hint}" if f.hint else ""))
    comment = Comment("\n\n".join(texts), "mptf validate")
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
    styled = {name: only_cell(ws, None, fill=fill, border=BORDERS[name]) for name, fill in FILLS.items()}
    by_row: dict[int, dict[int, list]] = {}
    for (row, column), found in marks.items():
        by_row.setdefault(row, {})[column] = found
    for number, record in enumerate(records, start=1):
        cells: list = [None if text == "" else text for text in record]
        for column, found in by_row.get(number, {}).items():
            while len(cells) < column:
                cells.append(None)
            worst = _worst(found)
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
        target, also = "", ""
        if f.file == label and line is not None:
            cells = involved(f, columns, row_of)
            if cells:
                target, also = _ref(cells[0]), ", ".join(_ref(c) for c in cells[1:])
        values = [f.severity, f.code, target, f.file, line, f.column, f.programme, f.item, f.message, f.hint, also]
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

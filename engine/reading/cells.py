"""Read the cells of an Excel workbook: one reader for a programme workbook and for a report's ``values`` sheet.

A cell is read the way the officer sees it. :func:`cell_text` gives the text of a ``values`` cell (a number
formatted as a percentage reads as the percentage shown, ``0.45`` formatted ``0%`` is ``45%``; TRUE is ``yes``;
a whole float is an integer; a date is ISO), the same for both readers. :func:`read_book` reads the sheets in
openpyxl's read-only mode, cell objects so that number formats are seen.

A formula is read as written (``=E2+E3``) first, because a workbook written by a program stores no computed
result for it: only when a sheet holds formulas is the workbook read a second time for the results Excel or
LibreOffice stored (their cached values). A formula with a result reads as its result, with an info finding
``formula-read`` naming the formula; one without is the error ``formula-without-value``, and its cell reads as
the formula's text (``"=E2+E3"``), which no figure parser reads as a number.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from mptf.engine.findings import Findings, Loc
from mptf.indicators.limits import Limits, TooLarge
from mptf.indicators.quantity import format_number

__all__ = [
    "Formula",
    "SheetCells",
    "blank",
    "cell_text",
    "check_zip",
    "formula_findings",
    "merged_findings",
    "read_book",
    "unreadable_workbook",
]

_MB = 1024 * 1024
#: A part of a workbook smaller than this may expand by any ratio (tiny XML parts compress very well).
_RATIO_FROM = 10 * _MB


@dataclass
class Formula:
    """A formula cell: its Excel row (1-based), column position (0-based), formula text (``"=E2+E3"``) and the
    result the workbook stored for it (``None`` when it stored none); ``text`` is the result as a values cell."""

    row: int
    column: int
    formula: str
    number_format: str = ""
    cached: object = None

    @property
    def text(self) -> str:
        return self.formula if self.cached is None else cell_text(self.cached, self.number_format)


@dataclass
class SheetCells:
    """One sheet as read: its title, every row's cells (texts, or raw values), its formula cells and its merged
    ranges (``"A1:D1"``, from the sheet's ``<mergeCells>``, which openpyxl's read-only sheets do not expose)."""

    title: str
    rows: list[tuple] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


def blank(value: object) -> bool:
    """Whether a cell is empty: ``None``, or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def _is_percent(number_format: str | None) -> bool:
    """Whether a number format shows a percentage (a ``%`` that is not quoted or escaped text)."""
    return bool(number_format) and "%" in number_format.replace('"%"', "").replace("\\%", "")


def cell_text(value: object, number_format: str | None = "") -> str:
    """A cell as text, as the officer sees it; ``""`` for an empty cell.

    A number formatted as a percentage reads as the percentage shown (``0.45`` with ``0%`` is ``"45%"``, which
    the figure parser reads as 45 with the percent flag); other numbers as :func:`format_number` writes them (a
    whole float as an integer: ``120.0`` is ``"120"``); TRUE and FALSE as ``"yes"`` and ``"no"``; a date as
    ISO ``YYYY-MM-DD`` (with its time when it has one); text stripped.

    >>> cell_text(0.45, "0%"), cell_text(0.45), cell_text(120.0), cell_text(True), cell_text(dt.date(2023, 9, 30))
    ('45%', '0.45', '120', 'yes', '2023-09-30')
    """
    if blank(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        if _is_percent(number_format):
            return format_number(Decimal(str(value)) * 100) + "%"
        return format_number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def unreadable_workbook(err: Exception, loc: Loc, findings: Findings) -> None:
    """The finding for a workbook that could not be opened: a file that cannot be read, one that is not xlsx,
    or one beyond a limit (``too-large``, at the sheet and row where it was seen)."""
    if isinstance(err, TooLarge):
        findings.add("too-large", loc.at(sheet=err.sheet or loc.sheet, line=err.line), **err.fields)
        return
    if isinstance(err, OSError):
        findings.add("unreadable-file", loc, what=f"cannot read the file: {err.strerror or err}", fix="check the path")
        return
    findings.add(
        "unreadable-file",
        loc,
        what=f"not an Excel workbook (.xlsx): {type(err).__name__}: {err}",
        fix="save the file from Excel as 'Excel Workbook (.xlsx)'; a .xls or .csv renamed .xlsx cannot be read",
    )


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose parts would unzip beyond the limits, from its zip directory alone (nothing is
    unpacked): the total size (``unzipped-mb``) and the expansion of any part above 10 MB (``zip-ratio``).

    Raises
    ------
    TooLarge
        For a workbook beyond a limit; ``zipfile.BadZipFile`` for a file that is not a zip archive.
    """
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
    total = sum(part.file_size for part in parts)
    if total > limits.bytes("unzipped-mb"):
        raise TooLarge("the workbook", f"unzips to {total / _MB:,.0f} MB", "unzipped-mb", limits.unzipped_mb)
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _RATIO_FROM and ratio > limits.zip_ratio:
            raise TooLarge(
                f"the workbook's part {part.filename}",
                f"expands {ratio:,.0f} times when unzipped ({part.file_size / _MB:,.0f} MB)",
                "zip-ratio",
                limits.zip_ratio,
            )


def _open(path: Path, data_only: bool):
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unsupported extensions (data validation, ...) do not matter here
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)


def read_book(
    path: Path, pick: Callable[[list[str]], dict[str, bool]] | None = None, limits: Limits | None = None
) -> dict[str, SheetCells]:
    """The sheets of the workbook ``path`` that ``pick`` chooses, by title, in one go so that a corrupt sheet
    fails here.

    ``pick`` maps the workbook's sheet titles to ``{title: as_text}`` (default: every sheet, raw values). A
    text sheet's cells are :func:`cell_text` texts (``""`` when empty); a raw sheet's are openpyxl's values.
    A formula cell holds its stored result (text or raw) and, when there is none, its formula text on a text
    sheet and ``None`` on a raw one (as openpyxl's ``data_only`` reading gives it); every formula is listed in
    the sheet's ``formulas`` (on a raw sheet, with any text cell that starts with ``=``, which reads as itself).

    The workbook's zip directory is checked against ``limits`` first (:func:`check_zip`); a sheet is read
    from the rows its XML holds, whatever dimension it declares (a gap of empty rows costs nothing), up to the
    ``rows``, ``columns`` and ``cell-chars`` limits.

    Raises
    ------
    Exception
        Whatever openpyxl raises for a file that is not a readable ``.xlsx``, or :class:`TooLarge` (see
        :func:`unreadable_workbook`).
    """
    limits = limits or Limits()
    check_zip(path, limits)
    book = _open(path, data_only=False)
    try:
        titles = list(book.sheetnames)
        chosen = pick(titles) if pick else dict.fromkeys(titles, False)
        sheets = {title: _read_sheet(book[title], as_text, limits) for title, as_text in chosen.items()}
    finally:
        book.close()
    if any(sheet.formulas for sheet in sheets.values()):
        _cached_results(path, sheets)
        for title, sheet in sheets.items():
            as_text = chosen[title]
            for f in sheet.formulas:
                row = list(sheet.rows[f.row - 1])
                row[f.column] = f.text if as_text else f.cached
                sheet.rows[f.row - 1] = tuple(row)
    return sheets


def _read_sheet(ws, as_text: bool, limits: Limits) -> SheetCells:
    """A sheet's rows; a text sheet is read cell by cell (number formats matter), a raw one value by value."""
    sheet = SheetCells(ws.title)
    if not as_text:  # the fast path: a formula is text starting with "=", and so is the rare text cell "=..."
        for number, values in _rows(ws, limits, values_only=True, merged=sheet.merged):
            sheet.rows.extend([()] * (number - 1 - len(sheet.rows)))
            sheet.rows.append(values)
            for position, value in enumerate(values):
                if isinstance(value, str) and value.startswith("="):
                    sheet.formulas.append(Formula(number, position, value))
        return sheet
    for number, cells in _rows(ws, limits, values_only=False, merged=sheet.merged):
        sheet.rows.extend([()] * (number - 1 - len(sheet.rows)))  # rows the sheet does not hold are empty
        row = []
        for position, cell in enumerate(cells):
            value = cell.value
            if getattr(cell, "data_type", None) == "f":
                formula = str(getattr(value, "text", value))  # array formulas are objects holding their text
                sheet.formulas.append(Formula(number, position, formula, getattr(cell, "number_format", "") or ""))
                row.append(None)
            else:
                row.append(cell_text(value, getattr(cell, "number_format", "")))
        sheet.rows.append(tuple(row))
    return sheet


def _rows(ws, limits: Limits, values_only: bool, merged: list[str] | None = None):
    """``(row number, cells)`` of each row the sheet's XML holds, in order, and at the end the sheet's merged
    ranges in ``merged`` (the parser reads ``<mergeCells>`` after the rows: no second pass); an empty cell beyond the
    ``columns`` limit (formatting) is dropped, a value there, a row beyond ``rows`` or a longer text than
    ``cell-chars`` is :class:`TooLarge`. openpyxl's own ``iter_rows`` would make every row of the declared
    dimension (``A1:XFD1048576``: 17 billion cells) before the first value."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = ws.parent
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            if number > limits.rows:
                raise TooLarge("the sheet", f"reaches row {number:,}", "rows", limits.rows, number, ws.title)
            wide = [c for c in cells if c["column"] > limits.columns]
            if wide:
                if any(not blank(c["value"]) for c in wide):
                    far = max(c["column"] for c in wide if not blank(c["value"]))
                    raise TooLarge(
                        "the sheet", f"has a value in column {far:,}", "columns", limits.columns, number, ws.title
                    )
                cells = [c for c in cells if c["column"] <= limits.columns]
            for c in cells:
                if isinstance(c["value"], str) and len(c["value"]) > limits.cell_chars:
                    raise TooLarge(
                        f"the cell in column {c['column']}",
                        f"is {len(c['value']):,} characters long",
                        "cell-chars",
                        limits.cell_chars,
                        number,
                        ws.title,
                    )
            yield number, ws._get_row(cells, 1, None, values_only)
        if merged is not None and parser.merged_cells is not None:
            merged.extend(str(m.ref) for m in parser.merged_cells.mergeCell[: limits.rows])


def _cached_results(path: Path, sheets: dict[str, SheetCells]) -> None:
    """Fill each formula's stored result, reading only the rows of the sheets that hold formulas."""
    book = _open(path, data_only=True)
    try:
        for title, sheet in sheets.items():
            if not sheet.formulas:
                continue
            wanted: dict[int, list[Formula]] = {}
            for f in sheet.formulas:
                wanted.setdefault(f.row, []).append(f)
            first, last = min(wanted), max(wanted)
            rows = book[title].iter_rows(min_row=first, max_row=last, values_only=True)
            for number, values in enumerate(rows, start=first):
                for f in wanted.get(number, ()):
                    f.cached = values[f.column] if f.column < len(values) else None
    finally:
        book.close()


def formula_findings(
    sheet: SheetCells, loc: Loc, findings: Findings, name: Callable[[object], str], without_value_only: bool = False
) -> None:
    """The findings of a text sheet's formulas (a ``values`` sheet read by :func:`read_book`); with
    ``without_value_only``, of a raw sheet's (where a text cell starting with ``=`` is listed too, and reads as
    itself): only the formulas with no stored result.

    ``formula-without-value`` (error) for a formula with no stored result, ``formula-read`` (info) for one read
    as its result; each at its row and column, named by ``name`` from the header text (row 1), with the row's
    programme and indicator when the sheet has those columns. ``loc`` names the file and sheet.
    """
    header = list(sheet.rows[0]) if sheet.rows else []
    names = [name(h) for h in header]
    for f in sheet.formulas:
        if f.row == 1 or (without_value_only and f.cached is not None):
            continue  # a formula in the header names no column of the table: the header checks report it
        cells = sheet.rows[f.row - 1]
        ids = {key: str(cells[names.index(key)]) for key in ("programme", "indicator") if key in names[: len(cells)]}
        column = names[f.column] if f.column < len(names) else ""
        at = loc.at(
            line=f.row,
            column=column or f"#{f.column + 1}",
            programme=ids.get("programme", ""),
            item=ids.get("indicator", ""),
        )
        if f.cached is None:
            findings.add("formula-without-value", at, formula=f.formula)
        else:
            findings.add("formula-read", at, formula=f.formula, text=f.text)


def merged_findings(sheet: SheetCells, loc: Loc, findings: Findings) -> list[str]:
    """``merged-cells`` (warning) for each merged range of a table sheet: one in row 1 is a title above the
    header (the header must be row 1), one below holds its value in its first cell only, the others read empty.
    Returns the ranges in row 1."""
    from openpyxl.utils.cell import range_boundaries

    titles: list[str] = []
    for ref in sheet.merged:
        try:
            first_col, first_row, last_col, last_row = range_boundaries(ref)
        except ValueError:
            continue  # a range openpyxl cannot read names no cell
        first = ref.split(":")[0]
        if first_row == 1:
            titles.append(ref)
            findings.add(
                "merged-cells",
                loc.at(line=1),
                cells=ref,
                problem="a title above the header: row 1 must hold the column names",
                fix="delete the title row so that the column names are in row 1 (a title can go in the file name)",
            )
        else:
            findings.add(
                "merged-cells",
                loc.at(line=first_row),
                cells=ref,
                problem=f"only {first} holds a value; the other cells of the range read as empty",
                fix="unmerge the cells and write the value in every row it belongs to",
            )
    return titles

"""The reporting template of a programme (``mptf template``): the workbook an officer fills and ``validate`` reads.

Sheet ``values`` is the long table of ``docs/format.md`` with one row per indicator × period × group (the rows of
:func:`~mptf.engine.reading.template.template_rows`): the keys (programme, indicator, period, group; light blue)
and the cells to fill (green, with a border; apart from the yellow and red of the findings ``validate
--annotate`` marks): ``value``, ``note``, and on a percentage row its ``numerator`` and ``denominator``.

The sheet is protected without a password, and rows can be sorted, filtered and inserted. Excel refuses to sort
a range that holds a locked cell on a protected sheet, so every cell of the table (keys, cells to fill, the
numerator and denominator a row of another measure leaves white, and every cell of the open rows below it for
rows an officer adds) is unlocked; the header and everything outside the table are locked. The keys stay
editable because an officer adding a row types them; their colour and input message say to keep them as written.

What each row's indicator is (name, unit, measure, baseline, the target and value last reported for the row's
group: ``TEMPLATE_REFERENCE``) cannot sit in locked cells beside the row, for a sort would either be refused or
leave those cells behind, beside another row. It is on the locked sheet ``reference`` (one row per indicator and
group, in grey italics: read-only, and visibly so) and in a note on each row's indicator cell, which moves with
the cell when the rows are sorted. The trade-off: the row shows it when the officer points at the indicator
cell, not in columns of its own, and the note itself is not locked (it is not read back either). Each value cell
carries a data validation of the *warning* kind with an input message, never a refusal: Excel asks before keeping
a value it does not expect, since ``validate`` reads figures with words too ("over 60", "approx. 5,000", "3
mln"). Sheet ``guide`` says what each colour means and explains every indicator; its text wraps and every sheet
prints fitted to the page width.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mptf.engine.reading.template import dimension_values
from mptf.indicators.formats import GUIDE_SHEET, REFERENCE_SHEET, TEMPLATE_REFERENCE, VALUES_SHEET
from mptf.indicators.measures import DIMENSIONS
from mptf.indicators.quantity import format_number

from .cells import save_workbook, write_row

__all__ = ["FILL_IN", "KEY", "READ_ONLY", "NOTE_LIMIT", "sheet_columns", "write_template"]

_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
#: The look of the cells to fill (green, with a border), of the keys (light blue: editable, kept as written) and
#: of the reference cells (grey, in grey italics: locked, and they look it).
FILL_IN = PatternFill("solid", fgColor="E2EFDA")
KEY = PatternFill("solid", fgColor="DDEBF7")
READ_ONLY = PatternFill("solid", fgColor="EDEDED")
_FILL_HEADER = PatternFill("solid", fgColor="A9D08E")
_READ_ONLY_FONT = Font(italic=True, color="595959")
_EDGE = Side(style="thin", color="548235")
_BOX = Border(left=_EDGE, right=_EDGE, top=_EDGE, bottom=_EDGE)
_LINE = Side(style="thin", color="BFBFBF")
_GRID = Border(left=_LINE, right=_LINE, top=_LINE, bottom=_LINE)
_OPEN = Protection(locked=False)
_SPARE_ROWS = 200  # open rows below the template for rows an officer adds
#: Rows above which the ``values`` sheet has no reference note per row (notes are slow to write and to open).
NOTE_LIMIT = 2000
_FORMATS = {"count": "#,##0", "currency": "#,##0.00", "percentage": "General"}
_TO_FILL = ("value", "numerator", "denominator", "note")
_PARTS = (
    "A row with one dimension cell (sex, age, ...) is a part of the total; a row with two dimension cells is a part "
    "of each row that has just one of them (sex female and age child: a part of female, and a part of child); "
    "with three cells, of each row with two of them. Age youth (15-24) overlaps child and adult: it is left out "
    "of the sums."
)
_HOW = {
    "count": "a whole number, 0 or more",
    "percentage": "a percentage from 0 to 100 (45 for 45%)",
    "currency": "an amount, 0 or more",
    "ordinal": "one level of the scale",
    "qualitative": "a short description in words",
    "yes-no": "yes or no",
}
_WORDS = "A figure with words is read too: over 60, approx. 5,000, 3 mln."
_KEEP = "mptf wrote it: keep it as written; type it only on a row you add."
_KEY_PROMPTS = {
    "programme": "The programme's id. " + _KEEP,
    "indicator": (
        "The indicator's id. " + _KEEP + " Its name, unit, measure, baseline, target and last reported value: in "
        "this cell's note and on sheet 'reference' (locked)."
    ),
    "period_start": "The period's first day (YYYY-MM-DD). " + _KEEP,
    "period_end": "The period's last day (YYYY-MM-DD). " + _KEEP,
}
_WIDTHS = {
    "programme": 22,
    "indicator": 38,
    "name": 36,
    "unit": 12,
    "measure": 11,
    "baseline": 14,
    "target": 18,
    "last_reported": 22,
    "period_start": 12,
    "period_end": 12,
    "value": 14,
    "numerator": 12,
    "denominator": 12,
    "note": 36,
}


# -- the workbook ------------------------------------------------------------------------------------------
def write_template(portfolio, programme: str, path, rows: pd.DataFrame) -> pd.DataFrame:
    """Write the reporting template of ``programme`` to ``path`` (atomically); returns ``rows``.

    ``rows`` are :func:`~mptf.engine.reading.template.template_rows` (their columns, in their order): sheet
    ``values`` takes their :func:`sheet_columns`, sheet ``reference`` their ``TEMPLATE_REFERENCE`` by indicator
    and group.
    """
    indicators = portfolio.indicators[portfolio.indicators["programme"] == programme].set_index("indicator")
    book = Workbook()
    values = book.active
    values.title = VALUES_SHEET
    _values_sheet(values, rows, indicators)
    _reference_sheet(book.create_sheet(REFERENCE_SHEET), rows)
    _guide_sheet(book.create_sheet(GUIDE_SHEET), portfolio, programme, indicators, rows)
    save_workbook(book, Path(path))
    return rows


def sheet_columns(header: Iterable[str]) -> list[str]:
    """The columns of sheet ``values``: the template rows' columns less ``TEMPLATE_REFERENCE`` (keys, then the
    cells to fill)."""
    return [c for c in header if c not in TEMPLATE_REFERENCE]


def fill_cells(header: list[str], measure: str) -> list[str]:
    """The columns an officer fills on a row of ``measure``: value and note, and numerator and denominator on
    a percentage row."""
    return [c for c in _TO_FILL if c in header and (measure == "percentage" or c not in ("numerator", "denominator"))]


def _values_sheet(ws, rows: pd.DataFrame, indicators: pd.DataFrame) -> None:
    header = sheet_columns(rows.columns)
    for position, cell in enumerate(write_row(ws, 1, header)):
        cell.font = Font(bold=True)
        cell.fill = _FILL_HEADER if header[position] in _TO_FILL else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    value_col = header.index("value") + 1
    indicator_col = header.index("indicator") + 1
    width = len(header)
    notes = len(rows) <= NOTE_LIMIT
    for number, values in enumerate(rows.itertuples(index=False, name=None), start=2):
        record = dict(zip(rows.columns, values, strict=True))
        cells = write_row(ws, number, [record[name] for name in header])
        fill = set(fill_cells(header, record["measure"]))
        for name, cell in zip(header, cells, strict=True):
            cell.protection = _OPEN  # a sort range must hold no locked cell
            if name in fill:
                cell.fill, cell.border = FILL_IN, _BOX
            elif name not in _TO_FILL:
                cell.fill = KEY
            else:
                cell.border = _GRID  # white: not used on this row
            if name in ("period_start", "period_end"):
                cell.number_format = "yyyy-mm-dd"
        if notes:
            ws.cell(row=number, column=indicator_col).comment = _reference_note(record)
    last = len(rows) + 1
    for r in range(last + 1, last + 1 + _SPARE_ROWS):
        for c in range(1, width + 1):
            ws.cell(row=r, column=c).protection = _OPEN
    _value_validations(ws, rows, indicators, get_column_letter(value_col))
    for name in ("numerator", "denominator"):
        if name in header:
            letter = get_column_letter(header.index(name) + 1)
            dv = _warning(
                DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0"),
                f"{name}: a whole number",
                f"On a percentage row: the {name} of the percentage (a count); empty on other rows. {_WORDS}",
            )
            dv.add(f"{letter}2:{letter}{last + _SPARE_ROWS}")
            ws.add_data_validation(dv)
    for position, name in enumerate(header, start=1):
        letter = get_column_letter(position)
        if name in DIMENSIONS:
            dv = _warning(
                DataValidation(type="list", formula1='"' + ",".join(DIMENSIONS[name]) + '"'),
                f"{name}"[:32],
                f"{name} is one of: {', '.join(DIMENSIONS[name])}; empty for the total. {_KEEP}",
            )
        elif name in _KEY_PROMPTS:
            dv = _warning(DataValidation(), f"{name}: a key", _KEY_PROMPTS[name])
        else:
            continue
        dv.add(f"{letter}2:{letter}{last + _SPARE_ROWS}")
        ws.add_data_validation(dv)
    for position, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(position)].width = _WIDTHS.get(name, 14)
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(width)}{last + _SPARE_ROWS}"
    ws.cell(row=1, column=value_col).comment = Comment(
        "Write each value in the green cells; see the sheet 'guide' for what each indicator needs. Leave it empty "
        "when there is no value. " + _PARTS,
        "mptf template",
    )
    _print_fitted(ws, repeat_header=True)
    protection = ws.protection
    protection.sheet = True
    for allowed in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(protection, allowed, False)


def _reference_note(record: dict) -> Comment:
    """The note on a row's indicator cell: what the indicator is, and its baseline, target and last value."""

    def shown(name: str, empty: str = "none") -> str:
        value = record[name]
        return empty if value is None or value == "" or (isinstance(value, float) and math.isnan(value)) else value

    text = "\n".join(
        [
            f"{shown('name', record['indicator'])} ({shown('unit', 'no unit')}, {shown('measure')})",
            f"baseline: {shown('baseline')}",
            f"target: {shown('target')}",
            f"last reported: {shown('last_reported')}",
            "For reference, not read back; on sheet 'reference' too (locked).",
        ]
    )
    comment = Comment(text, "mptf template")
    comment.width, comment.height = 360, 130
    return comment


def _reference_sheet(ws, rows: pd.DataFrame) -> None:
    """``TEMPLATE_REFERENCE`` of each indicator and group of ``rows``, locked, in grey italics; it can be filtered."""
    header = sheet_columns(rows.columns)
    keys = [c for c in header if c not in _TO_FILL and c not in ("programme", "period_start", "period_end")]
    columns = [*keys, *TEMPLATE_REFERENCE]
    table = rows[columns].drop_duplicates(subset=keys)
    for cell in write_row(ws, 1, columns):
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, record in enumerate(table.itertuples(index=False, name=None), start=2):
        for cell in write_row(ws, number, list(record)):
            cell.fill, cell.font = READ_ONLY, _READ_ONLY_FONT
    widths = [_WIDTHS.get(name, 14) for name in columns]
    for position, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(position)].width = width
    _wrapped(ws, widths, 1)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(table) + 1}"
    _print_fitted(ws, repeat_header=True)
    ws.protection.sheet = True
    ws.protection.autoFilter = False  # filtering only hides rows: allowed on locked cells


def _wrapped(ws, widths: list[float], first: int) -> None:
    """Wrap the text of rows ``first`` on, each row as high as its longest text (``widths``: the columns')."""
    for row in ws.iter_rows(min_row=first):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            lines = max(lines, math.ceil(len(str(cell.value or "")) / max(1.0, width - 2)))
        ws.row_dimensions[row[0].row].height = 15 * lines  # spreadsheets do not all fit wrapped rows themselves


def _print_fitted(ws, repeat_header: bool = False) -> None:
    """Landscape, fitted to the page width (as many pages down as it takes), the header on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if repeat_header:
        ws.print_title_rows = "1:1"


def _warning(dv: DataValidation, title: str, prompt: str) -> DataValidation:
    """``dv`` as a warning (Excel asks, and keeps the value if told to) with an input message."""
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorStyle = "warning"
    dv.showInputMessage = True
    dv.promptTitle = title[:32]
    dv.prompt = prompt[:255]
    return dv


def _ranges(numbers: Iterable[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _value_validations(ws, rows: pd.DataFrame, indicators: pd.DataFrame, letter: str) -> None:
    """One data validation per kind of value, over the value cells of the rows of that kind."""
    kinds: dict[tuple, list[int]] = {}
    for position, record in enumerate(rows.itertuples(index=False), start=2):
        ind = indicators.loc[record.indicator]
        measure = ind["measure"]
        key: tuple = (measure,)
        if measure == "ordinal":
            key = (measure, tuple(str(s) for s in ind["scale"] or ()))
        kinds.setdefault(key, []).append(position)
        fmt = _FORMATS.get(measure)
        if fmt:
            ws[f"{letter}{position}"].number_format = fmt
    for key, positions in kinds.items():
        measure = key[0]
        dv = _validation(measure, key[1] if len(key) > 1 else ())
        if dv is None:
            continue
        for first, last in _ranges(positions):
            dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)


def _validation(measure: str | None, scale: tuple[str, ...]) -> DataValidation | None:
    if measure == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    elif measure == "currency":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    elif measure == "percentage":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    elif measure == "yes-no":
        dv = DataValidation(type="list", formula1='"yes,no"')
    elif measure == "ordinal" and scale and not any("," in s for s in scale) and len(",".join(scale)) < 250:
        dv = DataValidation(type="list", formula1='"' + ",".join(scale) + '"')
    else:
        return None
    words = f" {_WORDS}" if measure in ("count", "currency", "percentage") else ""
    _warning(dv, measure, f"Write {_HOW[measure]}.{words}")
    dv.errorTitle = f"not {_HOW[measure]}"[:32]
    dv.error = (
        f"This indicator's value is {_HOW[measure]}. Keep this value (Yes) if it is what you mean: "
        "mptf validate reads figures with words and says what it finds."
    )
    return dv


def _disaggregation(portfolio, indicator: str, declared: Iterable[str], rows: pd.DataFrame) -> str:
    """The declared dimensions, and how far the template's rows cross them when ``MAX_GROUPS`` cut the lattice."""
    declared = list(declared)
    shown = ", ".join(declared)
    lattice = math.prod(1 + len(dimension_values(portfolio, indicator, d)) for d in declared)
    periods = len(rows[["period_start", "period_end"]].drop_duplicates())
    if not periods or len(rows) >= lattice * periods:
        return shown
    crossed = int(rows[declared].notna().sum(axis=1).max())
    how = "do not cross them" if crossed < 2 else f"cross at most {crossed} of them"
    return f"{shown} (the rows {how}, or there would be too many: add rows for the finer crosses you report)"


def _guide_sheet(ws, portfolio, programme: str, indicators: pd.DataFrame, rows: pd.DataFrame) -> None:
    prog = portfolio.programmes.set_index("programme").loc[programme]
    periods = rows[["period_start", "period_end"]].drop_duplicates()
    shown = "; ".join(f"{s.isoformat()} to {e.isoformat()}" for s, e in periods.itertuples(index=False))
    widths = [30, 36, 24, 11, 12, 16, 16, 10, 20, 12, 11, 26, 22]
    span = len(widths)
    paragraphs = [
        (f"Reporting template: {programme}", Font(bold=True, size=14)),
        (prog["title"] or "", Font(italic=True)),
        (f"Periods: {shown}", None),
        (
            "Write each value in a green cell of sheet 'values' (value, note, and on a percentage row its "
            "numerator and denominator); leave it empty when there is no value. The light blue cells are the row's "
            "keys (programme, indicator, period, group): mptf wrote them; keep them as written, and type them on a "
            "row you add in the open rows below the table. White cells are not used on their row. The sheet is "
            "protected without a password, and every cell of the table is open so that its rows can be sorted "
            "and filtered (Excel sorts no range that holds a locked cell); rows can be inserted too.",
            None,
        ),
        (
            "What each indicator is (name, unit, measure, baseline, and the target and last reported value of each "
            "group) is on the locked sheet 'reference', in grey italics, one row per indicator and group, and in "
            "the note of each row's indicator cell (point at the cell with the red corner): a note moves with its "
            "row when the rows are sorted, where locked columns beside the rows would not. Neither is read back.",
            None,
        ),
        (_PARTS, None),
        (
            "A cumulative value is the total since the programme started. A figure with words is accepted (over "
            "60, approx. 5,000, 3 mln): Excel asks before keeping a value it does not expect; answer Yes to keep "
            "it. Check the file with: mptf validate FILE.xlsx (add --annotate CHECKED.xlsx for a marked copy).",
            None,
        ),
    ]
    line_chars = sum(widths) * 1.1
    for number, (text, font) in enumerate(paragraphs, start=1):
        cell = write_row(ws, number, [text])[0]
        ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=span)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            cell.font = font
        lines = max(1, math.ceil(len(text) / line_chars))
        ws.row_dimensions[number].height = (20 if number == 1 else 15) * lines + 3
    at = len(paragraphs) + 1
    legend = [("to fill", FILL_IN, None), ("key: keep as written", KEY, None), ("not used on this row", None, None)]
    legend.append(("reference: locked, not read back", READ_ONLY, _READ_ONLY_FONT))
    for offset, (text, fill, font) in enumerate(legend):
        cell = write_row(ws, at + offset, [text])[0]
        if fill is not None:
            cell.fill = fill
        if font is not None:
            cell.font = font
        cell.border = _BOX if fill is FILL_IN else _GRID
    at += len(legend) - 1
    at += 2
    header = [
        "indicator",
        "name",
        "result",
        "measure",
        "unit",
        "scale",
        "cumulative",
        "direction",
        "disaggregation",
        "baseline",
        "baseline date",
        "targets",
        "write the value as",
    ]
    header_row = at
    for cell in write_row(ws, at, header):
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    targets = portfolio.targets[portfolio.targets["programme"] == programme]
    for ident, ind in indicators.iterrows():
        own = targets[targets["indicator"] == ident]
        shown_targets = "; ".join(
            f"{t.text}" + (f" by {t.date.date().isoformat()}" if pd.notna(t.date) else "") for t in own.itertuples()
        )
        baseline = ""
        if pd.notna(ind["baseline_value"]):
            bound = "" if ind["baseline_bound"] in (None, "=") else f"{ind['baseline_bound']} "
            baseline = bound + format_number(ind["baseline_value"])
        at += 1
        write_row(
            ws,
            at,
            [
                ident,
                ind["name"],
                ind["result"],
                ind["measure"],
                ind["unit"],
                ", ".join(map(str, ind["scale"] or ())),
                "yes: the total since the start" if ind["cumulative"] else "no: each period alone",
                ind["direction"],
                _disaggregation(portfolio, ident, ind["disaggregation"] or (), rows[rows["indicator"] == ident]),
                baseline,
                ind["baseline_date"].date().isoformat() if pd.notna(ind["baseline_date"]) else "",
                shown_targets,
                _HOW.get(ind["measure"], "a figure"),
            ],
        )
    for position, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(position)].width = width
    _wrapped(ws, widths, header_row)
    _print_fitted(ws)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.protection.sheet = True

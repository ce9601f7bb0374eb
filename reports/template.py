"""The reporting template of a programme (``mptf template``): the workbook an officer fills and ``validate`` reads.

Sheet ``values`` is the long table of ``docs/format.md`` with one row per indicator × period × group, the keys
filled in and the ``value`` and ``note`` cells left for the officer. The groups are the disaggregation lattice an
M&E officer expects: the total, each value of each dimension the indicator declares, then, for an indicator with
two or more dimensions, every cross (each pair of its dimensions, then each triple, ..., each the cartesian
product of their values: sex=female & age=child, ...), which ``validate`` checks against each of its parents (the
group less one dimension). Crosses that would take an indicator past ``MAX_GROUPS`` rows per period are left out,
a whole level at a time, so that the template stays fillable; the guide says so.

The header is locked (the sheet is protected; every other cell is open, and rows may be added, sorted and
filtered). Each value cell carries the data validation and number format of its indicator's measure (a whole
number for a count, 0-100 for a percentage, a list for yes-no and ordinal indicators), and each dimension column
a list of its values. Sheet ``guide`` explains every indicator: measure, unit, scale, whether it is cumulative,
disaggregation, baseline and targets.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mptf.engine.reading.template import dimension_values
from mptf.indicators.formats import GUIDE_SHEET, VALUES_SHEET
from mptf.indicators.measures import DIMENSIONS
from mptf.indicators.quantity import format_number

from .cells import save_workbook, write_row

__all__ = ["write_template"]

_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_KEY_FILL = PatternFill("solid", fgColor="F2F2F2")
_OPEN = Protection(locked=False)
_SPARE_ROWS = 200  # open rows below the template for rows an officer adds
_FORMATS = {"count": "#,##0", "currency": "#,##0.00", "percentage": "General"}
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


# -- the workbook ------------------------------------------------------------------------------------------
def write_template(portfolio, programme: str, path, rows: pd.DataFrame) -> pd.DataFrame:
    """Write the reporting template of ``programme`` to ``path`` (atomically); returns its rows without ``measure``.

    ``rows`` are :func:`~mptf.engine.reading.template.template_rows` (their columns, ``measure`` last).
    """
    indicators = portfolio.indicators[portfolio.indicators["programme"] == programme].set_index("indicator")
    book = Workbook()
    values = book.active
    values.title = VALUES_SHEET
    _values_sheet(values, rows, indicators)
    _guide_sheet(book.create_sheet(GUIDE_SHEET), portfolio, programme, indicators, rows)
    save_workbook(book, Path(path))
    return rows.drop(columns="measure")


def _values_sheet(ws, rows: pd.DataFrame, indicators: pd.DataFrame) -> None:
    header = [c for c in rows.columns if c != "measure"]
    for cell in write_row(ws, 1, header):
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    value_col = header.index("value") + 1
    for number, record in enumerate(rows.itertuples(index=False), start=2):
        write_row(ws, number, [getattr(record, c) if c in record._fields else None for c in header])
    last = len(rows) + 1
    for r in range(2, last + 1):
        for c in range(1, len(header) + 1):
            cell = ws.cell(row=r, column=c)
            cell.protection = _OPEN
            if header[c - 1] in ("period_start", "period_end"):
                cell.number_format = "yyyy-mm-dd"
            if c != value_col and header[c - 1] != "note":
                cell.fill = _KEY_FILL
    for r in range(last + 1, last + 1 + _SPARE_ROWS):
        for c in range(1, len(header) + 1):
            ws.cell(row=r, column=c).protection = _OPEN
    _value_validations(ws, rows, indicators, get_column_letter(value_col))
    for position, name in enumerate(header, start=1):
        if name in DIMENSIONS:
            letter = get_column_letter(position)
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(DIMENSIONS[name]) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"{name}: not a listed value",
                error=f"{name} is one of: {', '.join(DIMENSIONS[name])}; empty for the total",
            )
            dv.add(f"{letter}2:{letter}{last + _SPARE_ROWS}")
            ws.add_data_validation(dv)
    widths = {"programme": 26, "indicator": 40, "period_start": 12, "period_end": 12, "value": 14, "note": 40}
    for position, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(position)].width = widths.get(name, 16)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    ws.cell(row=1, column=value_col).comment = Comment(
        "Write each value here: see the sheet 'guide' for what each indicator needs. Leave it empty when there "
        "is no value. " + _PARTS,
        "mptf template",
    )
    protection = ws.protection
    protection.sheet = True
    for allowed in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(protection, allowed, False)


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
            ws.cell(row=position, column=rows.columns.get_loc("value") + 1).number_format = fmt
    for key, positions in kinds.items():
        measure = key[0]
        dv = _validation(measure, key[1] if len(key) > 1 else ())
        if dv is None:
            continue
        for first, last in _ranges(positions):
            dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)


def _validation(measure: str | None, scale: tuple[str, ...]) -> DataValidation | None:
    common = {"allow_blank": True, "showErrorMessage": True, "showInputMessage": True}
    if measure == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", **common)
    elif measure == "currency":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", **common)
    elif measure == "percentage":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", **common)
    elif measure == "yes-no":
        dv = DataValidation(type="list", formula1='"yes,no"', **common)
    elif measure == "ordinal" and scale and not any("," in s for s in scale) and len(",".join(scale)) < 250:
        dv = DataValidation(type="list", formula1='"' + ",".join(scale) + '"', **common)
    else:
        return None
    dv.errorTitle = f"not {_HOW[measure]}"[:32]
    dv.error = f"This indicator's value is {_HOW[measure]}."
    dv.promptTitle = measure[:32]
    dv.prompt = f"Write {_HOW[measure]}."
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
    lines = [
        [f"Reporting template: {programme}"],
        [prog["title"] or ""],
        [f"Periods: {shown}"],
        [
            "Write each value in the 'value' column of sheet 'values'; leave it empty when there is no value. "
            + _PARTS
            + " A cumulative value is the total since the programme started. Check the file with: mptf validate "
            "FILE.xlsx"
        ],
        [],
    ]
    for number, line in enumerate(lines, start=1):
        write_row(ws, number, line)
    ws["A1"].font = Font(bold=True, size=14)
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
    at = len(lines) + 1
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
                "yes: the total since the start" if ind["cumulative"] else "no: each period on its own",
                ind["direction"],
                _disaggregation(portfolio, ident, ind["disaggregation"] or (), rows[rows["indicator"] == ident]),
                baseline,
                ind["baseline_date"].date().isoformat() if pd.notna(ind["baseline_date"]) else "",
                shown_targets,
                _HOW.get(ind["measure"], "a figure"),
            ],
        )
    for position, width in enumerate([40, 50, 30, 12, 16, 24, 28, 10, 18, 12, 12, 30, 36], start=1):
        ws.column_dimensions[get_column_letter(position)].width = width
    for row in ws.iter_rows(min_row=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True

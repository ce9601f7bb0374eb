"""Write a portfolio, or some of its programmes, as a programme workbook (``docs/format.md``).

The workbook has exactly the shape :func:`mptf.engine.reading.load_excel.load_workbook_rows` reads, so reading it back
gives the same tables: every claim with its source, results, indicators, targets, links and reported values.
Figures are written as numbers where the number alone says everything (``728``), and as the text the source
wrote otherwise (``"over 60"``, ``"1500"`` written as text stays text); budgets as exact amounts.
Every cell goes through :mod:`mptf.reports.cells` (text stays text), and the file is written atomically.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from mptf.engine.reading.fields import suggest
from mptf.indicators.formats import SHEET_COLUMNS, VALUES_SHEET, values_header
from mptf.indicators.quantity import Money, format_number

from .cells import append_cells, only_cell, save_workbook

__all__ = ["write_workbook"]

_DATE_FORMAT = "yyyy-mm-dd"
_MONEY_FORMAT = "#,##0.00"
_MAX_WIDTH = 60


def write_workbook(portfolio, path: str | Path, programmes: list[str] | None = None) -> None:
    """Write ``portfolio`` (or only ``programmes``, in that order) to the workbook ``path``, atomically.

    Raises
    ------
    ValueError
        When a programme id is not in the portfolio.
    """
    known = portfolio.programmes["programme"].tolist()
    ids = known if programmes is None else list(dict.fromkeys(programmes))
    for ident in ids:
        if ident not in known:
            raise ValueError(f"no programme {ident!r} in the portfolio{suggest(ident, known)}")
    wanted = set(ids)

    def of(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["programme"].isin(wanted)]

    values = of(portfolio.values)
    dims = sorted({part.split("=", 1)[0] for key in values["disaggregation"] if key for part in key.split(";")})
    sheets = {
        "programme": (SHEET_COLUMNS["programme"], _programme_rows(portfolio, ids)),
        "results": (SHEET_COLUMNS["results"], _result_rows(of(portfolio.results))),
        "indicators": (SHEET_COLUMNS["indicators"], _indicator_rows(of(portfolio.indicators))),
        "targets": (SHEET_COLUMNS["targets"], _target_rows(of(portfolio.targets))),
        "links": (SHEET_COLUMNS["links"], _link_rows(of(portfolio.links))),
        "context": (SHEET_COLUMNS["context"], _context_rows(of(portfolio.context))),
        VALUES_SHEET: (values_header(dims), _value_rows(values, dims)),
    }
    book = Workbook(write_only=True)
    for name, (header, rows) in sheets.items():
        _sheet(book, name, header, rows)
    save_workbook(book, Path(path))


# -- rows of each sheet ------------------------------------------------------------------------------------
def _programme_rows(portfolio, ids: list[str]) -> list[list]:
    programmes = portfolio.programmes.set_index("programme")
    claims = portfolio.claims
    rows: list[list] = []
    for ident in ids:
        prog = programmes.loc[ident]
        rows.append([ident, "id", ident, None, prog["source"] or None, prog["quote"] or None, None])
        for claim in claims[claims["programme"] == ident].itertuples():
            value, currency = _claim_cell(claim.value)
            rows.append(
                [ident, claim.field, value, currency, claim.source or None, claim.quote or None, _date(claim.as_of)]
            )
        for partner in prog["partners"]:
            rows.append([ident, "partners", partner, None, None, None, None])
    return rows


def _claim_cell(value: object) -> tuple[object, str | None]:
    """A claim's value as a cell, and its currency (budgets only)."""
    if isinstance(value, Money):
        return Decimal(value.cents) / 100, value.currency
    if isinstance(value, tuple):
        return _joined(value), None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return _date(value), None
    return value, None


def _result_rows(results: pd.DataFrame) -> list[list]:
    return [
        [
            r.programme,
            r.result,
            r.level,
            r.parent,
            r.title,
            None,
            None,
            r.source or None,
            r.quote or None,
            bool(r.editorial),
        ]
        for r in results.itertuples()
    ]


def _indicator_rows(indicators: pd.DataFrame) -> list[list]:
    rows = []
    for r in indicators.itertuples():
        baseline = None
        if pd.notna(r.baseline_value):
            number = _number(r.baseline_value)
            baseline = number if r.baseline_bound in (None, "=") else f"{r.baseline_bound} {format_number(number)}"
        rows.append(
            [
                r.programme,
                r.indicator,
                r.result,
                r.name,
                r.measure,
                r.unit,
                _joined(r.scale),
                r.currency,
                r.direction if r.direction_given else None,
                bool(r.cumulative),
                r.series,
                int(r.resets) if r.series == "year-to-date" else None,
                bool(r.unique),
                baseline,
                _date(r.baseline_date),
                _joined(r.disaggregation),
                None,
                None,
                r.common,
                r.source or None,
                r.quote or None,
            ]
        )
    return rows


def _target_rows(targets: pd.DataFrame) -> list[list]:
    return [
        [
            r.programme,
            r.indicator,
            None if r.share else _figure(r.value, r.bound, r.percent, r.text),
            r.group or None,
            _figure(r.value, r.bound, r.percent, r.text) if r.share else None,
            _date(r.date),
            r.source or None,
            r.quote or None,
        ]
        for r in targets.itertuples()
    ]


def _link_rows(links: pd.DataFrame) -> list[list]:
    # Every link goes here (the gcm and sdg columns of the other sheets are a shorthand for hand-written
    # workbooks); refs stay text so that SDG target 10.10 does not become the number 10.1.
    return [
        [
            r.programme,
            r.item,
            r.kind,
            r.framework,
            str(r.ref),
            r.cited_title or None,
            None if pd.isna(r.share) else r.share,
            r.source or None,
            r.quote or None,
        ]
        for r in links.itertuples()
    ]


def _context_rows(context: pd.DataFrame) -> list[list]:
    # the figure as the source wrote it, the year as text ("2018-2019" stays a period, 2019 not a number)
    return [
        [r.programme, r.statistic, r.text, r.unit, r.year, r.place, r.note or None, r.source, r.quote or None]
        for r in context.itertuples()
    ]


def _value_rows(values: pd.DataFrame, dims: list[str]) -> list[list]:
    rows = []
    for r in values.itertuples():
        groups = dict(part.split("=", 1) for part in r.disaggregation.split(";")) if r.disaggregation else {}
        rows.append(
            [
                r.programme,
                r.indicator,
                _date(r.period_start),
                _date(r.period_end),
                _figure(r.value, r.bound, r.percent, r.text),
                *(groups.get(d) for d in dims),
                None if pd.isna(r.numerator) else _number(r.numerator),
                None if pd.isna(r.denominator) else _number(r.denominator),
                r.note or None,
                r.source or None,
                r.quote or None,
            ]
        )
    return rows


# -- cells -------------------------------------------------------------------------------------------------
def _joined(items: Iterable[str] | None) -> str | None:
    return ", ".join(items) if items else None


def _date(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        return value.date()
    return value


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _figure(value: float, bound: object, percent: bool, text: str) -> object:
    """A number cell when reading it back gives the same text, value and bound; else the text as written."""
    if (
        value is not None
        and not (isinstance(value, float) and math.isnan(value))
        and bound == "="
        and not percent
        and format_number(value) == text
    ):
        return _number(value)
    return text


# -- the file ----------------------------------------------------------------------------------------------
def _sheet(book: Workbook, name: str, header: Iterable[str], rows: list[list]) -> None:
    """Sheet ``name`` of the write-only ``book``, streamed: a bold header, frozen and filtered, columns as wide as
    their text (up to 60), dates and money formatted, text as text (:func:`~.cells.append_cells`)."""
    ws = book.create_sheet(name)
    header = list(header)
    widths = [len(h) for h in header]
    for row in rows:
        for position, value in enumerate(row):
            shown = len(value.isoformat()) if isinstance(value, dt.date) else 0 if value is None else len(str(value))
            if shown > widths[position]:
                widths[position] = shown
    for position, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(position)].width = min(_MAX_WIDTH, max(8, width + 2))
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    bold = Font(bold=True)
    append_cells(ws, [only_cell(ws, h, font=bold) for h in header])
    for row in rows:
        append_cells(ws, [_formatted(ws, value) for value in row])


def _formatted(ws, value: object) -> object:
    """A date or money value as a cell with its number format; anything else as it is."""
    if isinstance(value, dt.date):
        return only_cell(ws, value, number_format=_DATE_FORMAT)
    if isinstance(value, Decimal):
        return only_cell(ws, value, number_format=_MONEY_FORMAT)
    return value

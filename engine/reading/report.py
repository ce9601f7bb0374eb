"""Read a report of reported values for ``mptf validate``: a CSV file, or the ``values`` sheet of a workbook.

The table is the long table of ``docs/format.md`` (one row per indicator × period × disaggregation). Every cell
is read as text and kept with its line (CSV) or row (sheet); the raw table is checked against the pandera
:data:`~mptf.indicators.report_schema.REPORT_SCHEMA` (required columns, ids not empty, real dates), lazily, so
every bad cell is a located finding; then the columns are typed in vectorised passes: dates and figures are
parsed once per distinct text, ids become categoricals. Nothing is judged against the framework here: whether a
value suits its indicator is :mod:`mptf.engine.rules.validate`'s business, so a figure that cannot be read is kept
as text (``value`` NaN) without a finding.

A row whose ``value`` is empty is a slot, not an error: a template has one row per indicator, period and group,
and an officer fills those that have a value. Slots take part in the check for values that are due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from mptf.engine.findings import Findings, Loc
from mptf.engine.reading.cells import formula_findings, merged_findings, read_book, unreadable_workbook
from mptf.engine.reading.csv_cells import read_csv_cells
from mptf.engine.reading.fields import FieldReader, suggest
from mptf.engine.reading.files import not_regular
from mptf.engine.reading.load_values import column_name, group_keys, header_columns, plain_numbers, stripped
from mptf.indicators.codes import factorize, filled, recoded
from mptf.indicators.formats import CSV_SUFFIXES, EXCEL_SUFFIXES, PARQUET_SUFFIXES, VALUE_COLUMNS, VALUES_SHEET
from mptf.indicators.ids import id_problem
from mptf.indicators.limits import Limits
from mptf.indicators.measures import BOUNDS
from mptf.indicators.quantity import FigureError, parse_date, parse_period, parse_quantities, period_bounds
from mptf.indicators.report_schema import OPTIONAL, REPORT_SCHEMA, REQUIRED, iso_dates

__all__ = ["Report", "figures", "read_report", "report_table"]

SHEET = VALUES_SHEET
# ASCII digits only ("\d" would take Arabic-Indic digits too), and at most 15 of them: a float holds those
# exactly; a longer number goes through parse_quantity, which refuses one it cannot hold (imprecise-number).
_PLAIN = r"[+-]?[0-9]{1,15}(?:\.[0-9]+)?"
_AMBIGUOUS = r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}"  # "1.234": a thousand and more, or a decimal? (see quantity.py)
_WHAT = "a reported value"


@dataclass
class Report:
    """A report as read: its typed rows, the findings made while reading, and where it came from."""

    values: pd.DataFrame
    findings: Findings = field(default_factory=Findings)
    file: str = ""
    sheet: str = ""
    columns: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    rows: int = 0

    @property
    def usable(self) -> bool:
        return not any(row["severity"] == "fatal" for row in self.findings.rows)


def _empty_values() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "programme": pd.Series(dtype=object),
            "indicator": pd.Series(dtype=object),
            "period_start": pd.Series(dtype="datetime64[ns]"),
            "period_end": pd.Series(dtype="datetime64[ns]"),
            "value": pd.Series(dtype="float64"),
            "bound": pd.Series(dtype=object),
            "qualifier": pd.Series(dtype=object),
            "percent": pd.Series(dtype=bool),
            "text": pd.Series(dtype=object),
            "disaggregation": pd.Series(dtype=object),
            "note": pd.Series(dtype=object),
            "source": pd.Series(dtype=object),
            "quote": pd.Series(dtype=object),
            "file": pd.Series(dtype=object),
            "sheet": pd.Series(dtype=object),
            "line": pd.Series(dtype="int64"),
        }
    )


def read_report(
    path: str | Path, label: str | None = None, programme: str | None = None, limits: Limits | None = None
) -> Report:
    """Read a report (``.csv``, ``.parquet``, or ``.xlsx`` with a ``values`` sheet); problems are located findings.

    ``label`` names the file in findings (default: the path as given); ``programme`` fills an absent or empty
    ``programme`` column (a framework with one programme).
    """
    path = Path(path)
    label = label or str(path)
    findings = Findings()
    loc = Loc(file=label)
    report = Report(_empty_values(), findings, label)
    if not path.exists():
        findings.add("file-not-found", loc, path=path, expected="the report as a .csv file or an .xlsx workbook")
        return report
    special = not_regular(path)
    if special:
        findings.add(
            "unreadable-file",
            loc,
            what=f"{path.name} is {special}",
            fix="give a .csv file (UTF-8) or an .xlsx workbook with a 'values' sheet",
        )
        return report
    suffix = path.suffix.lower()
    if path.is_dir() or suffix not in CSV_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES:
        findings.add(
            "unreadable-file",
            loc,
            what=f"{path.name} is not a table of reported values",
            fix="give a .csv file (UTF-8), a .parquet file or an .xlsx workbook with a 'values' sheet",
        )
        return report
    limits = limits or Limits()
    title_rows: list[str] = []
    if suffix in CSV_SUFFIXES:
        raw, sheet = read_csv_cells(path, loc, findings, limits), ""
    elif suffix in PARQUET_SUFFIXES:
        from mptf.engine.reading.parquet_cells import read_parquet_cells

        raw, sheet = read_parquet_cells(path, loc, findings, limits), ""
    else:
        raw, sheet = _read_sheet(path, loc, findings, limits, title_rows)
    if raw is None:
        return report
    header, cells, lines = raw
    report.sheet = sheet
    note = (
        f"; row 1 is the merged cells {title_rows[0]}, a title: delete it so that the header is row 1"
        if title_rows
        else ""
    )
    return report_table(header, cells, lines, loc.at(sheet=sheet), findings, programme, report, note)


# -- files -------------------------------------------------------------------------------------------------
def _read_sheet(path: Path, loc: Loc, findings: Findings, limits: Limits, title_rows: list[str]):
    """Header, text cells and Excel row numbers of a workbook's ``values`` sheet, and its name; ``(None, "")``
    with a located finding when there is no such sheet to read. Cells read as :func:`~.cells.cell_text` gives
    them; a formula is read as its stored result, or as its text with a ``formula-without-value`` finding;
    merged cells are ``merged-cells``, and a merged range in row 1 (a title above the header) goes in
    ``title_rows``."""
    titles: list[str] = []

    def pick(names: list[str]) -> dict[str, bool]:
        titles.extend(names)
        by_name = {title.strip().lower(): title for title in names}
        if SHEET in by_name:
            return {by_name[SHEET]: True}
        return {names[0]: True} if len(names) == 1 else {}

    try:
        limits.check_size(path.stat().st_size, "file-mb")
        book = read_book(path, pick, limits)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds of error for a file that is not xlsx
        unreadable_workbook(err, loc, findings)
        return None, ""
    if not book:
        findings.add(
            "missing-sheet",
            loc.at(sheet=SHEET),
            sheet=SHEET,
            suggestion=suggest(SHEET, titles),
            fix="put the reported values in a sheet named 'values' (mptf template writes one)",
        )
        return None, ""
    sheet = next(iter(book.values()))
    formula_findings(sheet, loc.at(sheet=sheet.title), findings, column_name)
    title_rows.extend(merged_findings(sheet, loc.at(sheet=sheet.title), findings))
    rows: list[list[str]] = []
    lines: list[int] = []
    for number, texts in enumerate(sheet.rows, start=1):
        if number == 1 or any(texts):
            rows.append(list(texts))
            lines.append(number)
    if not rows:
        findings.add(
            "unreadable-file",
            loc.at(sheet=sheet.title),
            what=f"sheet {sheet.title!r} is empty",
            fix="write a header row: " + ", ".join(REQUIRED),
        )
        return None, ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    cells = pd.DataFrame(rows[1:], columns=range(width), dtype=str)
    return (rows[0], cells, np.asarray(lines[1:], dtype=np.int64)), sheet.title


# -- the table ---------------------------------------------------------------------------------------------
def report_table(
    header: list[object],
    cells: pd.DataFrame,
    lines: np.ndarray,
    loc: Loc,
    findings: Findings,
    programme: str | None = None,
    report: Report | None = None,
    header_note: str = "",
) -> Report:
    """Check a table of text cells (``cells`` by position, ``lines`` per row) and type its columns;
    ``header_note`` ends the hint of a missing column (a merged title row above the header)."""
    report = report or Report(_empty_values(), findings, loc.file, loc.sheet)
    header_loc = loc.at(line=1)
    names = [column_name(h) for h in header]
    columns = header_columns(names, cells, header_loc, findings)
    index = pd.Index(lines, dtype="int64")
    empty = pd.Series("", index=index, dtype=object)
    t = pd.DataFrame(
        {name: stripped(cells[pos] if pos in cells else empty) for name, pos in columns.items()},
        index=index,
    )
    if programme:
        t["programme"] = recoded(t["programme"] if "programme" in t else empty, lambda s: s.mask(s.eq(""), programme))
    report.columns = tuple(columns)
    report.dimensions = tuple(sorted((c for c in columns if c not in VALUE_COLUMNS), key=lambda d: d + "="))
    if len(t.columns):
        t = t[np.logical_or.reduce([filled(t[c]) for c in t.columns])]
    report.rows = len(t)
    if not len(t) and not any(f["severity"] == "fatal" for f in findings.rows):
        findings.add("empty-report", loc.at(line=1), what=f"sheet {loc.sheet!r}" if loc.sheet else "the report")
    dropped = _schema_findings(t, columns, header_loc, findings, header_note)
    if dropped is None:
        return report
    dropped += _bad_ids(t, header_loc, findings)
    if dropped:
        t = t[~t.index.isin(dropped)]
    for name in (*OPTIONAL, "period_end", "value"):
        if name not in t:
            t[name] = recoded(pd.Series("", index=t.index, dtype=object))
    _periods_read(t, header_loc, findings)
    report.values = _typed(t, list(report.dimensions), loc)
    reader = FieldReader(findings)

    def row_loc(line: int, column: str) -> Loc:
        return loc.at(line=int(line), column=column, programme=t.at[line, "programme"], item=t.at[line, "indicator"])

    for name in ("numerator", "denominator"):  # counts a percentage was computed from: plain numbers
        numbers = plain_numbers(t[name], name, reader, row_loc) if name in t else np.full(len(t), np.nan)
        report.values[name] = np.asarray(numbers, dtype=float)
    return report


def _schema_findings(t: pd.DataFrame, columns: dict[str, int], header_loc: Loc, findings: Findings, note: str = ""):
    """Findings of the pandera schema; the lines of rows to drop, or ``None`` when the table is unusable."""
    try:
        REPORT_SCHEMA.validate(t, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        failures = err.failure_cases
    missing = failures[failures["check"] == "column_in_dataframe"]
    for name in missing["failure_case"]:
        findings.add(
            "missing-column",
            header_loc.at(column=str(name)),
            table="the values table",
            column=str(name),
            suggestion=suggest(str(name), list(columns)),
            fix="the header needs: " + ", ".join(REQUIRED) + note,
        )
    if len(missing):
        return None
    dropped: list[int] = []
    messages: dict[str, tuple[str, str]] = {}
    for row in failures.itertuples(index=False):
        line = int(row.index)
        column = str(row.column)
        where = header_loc.at(line=line, column=column, programme=t.at[line, "programme"], item=t.at[line, "indicator"])
        if row.check == "not-empty":
            findings.add("missing-field", where, what=_WHAT, field=repr(column), example="")
            if column in ("programme", "indicator"):
                dropped.append(line)
        elif row.check == "iso-date":
            text = str(row.failure_case)
            if text not in messages:
                messages[text] = _date_problem(text)
            message, hint = messages[text]
            findings.add("bad-date", where, field=column, problem=message, fix=hint)
    return dropped


def _bad_ids(t: pd.DataFrame, header_loc: Loc, findings: Findings) -> list[int]:
    """``bad-id`` for each programme or indicator cell not written as an id; the lines of those rows (dropped)."""
    reader = FieldReader(findings)
    lines: list[int] = []
    for column in ("programme", "indicator"):
        for ident in t[column].cat.categories:
            if ident and id_problem(ident):
                for line in t.index[(t[column] == ident).to_numpy()]:
                    where = header_loc.at(
                        line=int(line), programme=t.at[line, "programme"], item=t.at[line, "indicator"]
                    )
                    reader.ident(ident, where, column, column)
                    lines.append(int(line))
    return lines


def _periods_read(t: pd.DataFrame, header_loc: Loc, findings: Findings) -> None:
    """``period-read`` (info) once per month or quarter written as a period start or end (``2019-07``,
    ``2022-Q1``), at the first row that has it, naming the date read and how many rows have it."""
    for column in ("period_start", "period_end"):
        if column not in t or not len(t):
            continue
        cells = pd.Categorical(t[column])
        counts = np.bincount(cells.codes[cells.codes >= 0], minlength=len(cells.categories))
        for k, text in enumerate(cells.categories):  # a loop over distinct texts
            if not counts[k] or not isinstance(text, str) or period_bounds(text) is None:
                continue
            line = int(t.index[np.argmax(cells.codes == k)])
            _, note = parse_period(text, end=column == "period_end")
            rows = f" (on {counts[k]:,} rows)" if counts[k] > 1 else ""
            where = header_loc.at(
                line=line, column=column, programme=t.at[line, "programme"], item=t.at[line, "indicator"]
            )
            findings.add("period-read", where, field=column, reading=f"{note}{rows}")


def _date_problem(text: str) -> tuple[str, str]:
    try:
        parse_date(text)
    except FigureError as err:
        return str(err), err.hint
    return f"{text!r} is outside the years 1678 to 2261", "check the year"


def _typed(t: pd.DataFrame, dims: list[str], loc: Loc) -> pd.DataFrame:
    """The values table (the model's ``values`` columns) from checked text cells, column by column."""
    value, bound, qualifier, percent = figures(t["value"])
    n = len(t)
    return pd.DataFrame(
        {
            "programme": recoded(t["programme"]),
            "indicator": recoded(t["indicator"]),
            "period_start": iso_dates(t["period_start"], end=False).to_numpy(),
            "period_end": iso_dates(t["period_end"], end=True).to_numpy(),
            "value": value,
            "bound": bound,
            "qualifier": qualifier,
            "percent": percent,
            "text": t["value"].array,
            "disaggregation": group_keys(t, dims),
            "note": recoded(t["note"]),
            "source": recoded(t["source"]),
            "quote": recoded(t["quote"]),
            "file": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[loc.file]),
            "sheet": pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[loc.sheet or ""]),
            "line": t.index.to_numpy(dtype=np.int64),
        }
    )


def figures(texts: pd.Series) -> tuple[np.ndarray, pd.Categorical, np.ndarray, np.ndarray]:
    """Value, bound, qualifier and percent of each cell, parsed once per distinct text.

    A cell that is not a figure, or has two readings (``"1.234"``), gets no value: it stays text, and the
    validator decides what that means for its indicator. Plain numbers take a fast path; the rest go through
    :func:`~mptf.indicators.quantity.parse_quantities`, which reads qualifiers, separators and ``%``.
    """
    codes, uniques = factorize(texts)
    distinct = pd.Series(np.append(uniques, ""), dtype=object)  # a missing cell (code -1) reads as empty
    k = len(distinct)
    value = np.full(k, np.nan)
    bound = np.full(k, -1, dtype=np.int8)
    qualifier = np.full(k, None, dtype=object)
    percent = np.zeros(k, dtype=bool)
    plain = distinct.str.fullmatch(_PLAIN) & ~distinct.str.fullmatch(_AMBIGUOUS)
    plain = plain.fillna(False).to_numpy(bool)
    value[plain] = pd.to_numeric(distinct[plain]).to_numpy(dtype=float)
    bound[plain] = 0
    rest = ~plain & distinct.ne("").to_numpy(bool)
    if rest.any():
        q = parse_quantities(distinct[rest])
        read = q["error"].isna().to_numpy(bool)
        at = np.flatnonzero(rest)[read]
        value[at] = q["value"].to_numpy(dtype=float)[read]
        bound[at] = [BOUNDS.index(b) for b in q["bound"].to_numpy(dtype=object)[read]]
        qualifier[at] = [None if v is pd.NA or v is None else v for v in q["qualifier"].to_numpy(dtype=object)[read]]
        percent[at] = q["percent"].to_numpy(dtype=bool)[read]
    return (
        value[codes],
        pd.Categorical.from_codes(bound[codes], categories=list(BOUNDS)),
        qualifier[codes],
        percent[codes],
    )

"""Load the long table of reported values (a CSV file, or a workbook's ``values`` sheet) into rows, vectorised.

One row per indicator × period × disaggregation (see ``docs/format.md``). Every cell is read as text; the
figures of a whole column are parsed in one pass with :func:`~mptf.indicators.quantity.parse_quantities`, the
dates with ``pd.to_datetime``, and the disaggregation columns are folded into the canonical key
(``"age=adult;sex=female"``, as :func:`~mptf.engine.reading.rows.disaggregation_key` writes it). Python loops run over
columns, and over the few rows that need a finding; never over the rows of a clean table.

Without the indicators' measures (a CSV read on its own), a value that cannot be read as a figure is kept as
text (``value`` NaN): a figure that looks numeric but has two readings (``"1.234"``, ``"1,5"``) is a
``bad-number`` finding, narrative text is not. With the measures (a workbook's ``values`` sheet), a value is
read exactly as the YAML loader reads it for that measure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from mptf.engine.findings import Findings, Loc
from mptf.engine.reading.csv_cells import read_csv_cells
from mptf.engine.reading.fields import FieldReader, suggest
from mptf.engine.reading.rows import Rows
from mptf.indicators.codes import factorize
from mptf.indicators.formats import TEMPLATE_REFERENCE, VALUE_COLUMNS
from mptf.indicators.formats import VALUE_OPTIONAL as OPTIONAL_COLUMNS
from mptf.indicators.formats import VALUE_REQUIRED as REQUIRED_COLUMNS
from mptf.indicators.limits import Limits
from mptf.indicators.measures import NUMERIC_MEASURES
from mptf.indicators.quantity import parse_quantities
from mptf.indicators.schemas import SCHEMAS

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "VALUE_COLUMNS",
    "column_name",
    "header_columns",
    "load_values_csv",
    "load_values_parquet",
    "plain_numbers",
    "values_rows",
]

ROW_COLUMNS: tuple[str, ...] = tuple(SCHEMAS["values"].columns)
_WHAT = "a reported value"


def load_values_csv(path: Path, label: str, findings: Findings, limits: Limits | None = None) -> Rows:
    """Rows of a reported-values CSV (UTF-8, header in line 1); ``label`` names the file in findings."""
    return _table(read_csv_cells, path, label, findings, limits)


def load_values_parquet(path: Path, label: str, findings: Findings, limits: Limits | None = None) -> Rows:
    """Rows of a reported-values Parquet file (a row's number is its line); ``label`` names the file."""
    from mptf.engine.reading.parquet_cells import read_parquet_cells

    return _table(read_parquet_cells, path, label, findings, limits)


def _table(read, path: Path, label: str, findings: Findings, limits: Limits | None) -> Rows:
    """The values table of the cells ``read`` gives (header, text cells, lines), as one table of :class:`Rows`."""
    loc = Loc(file=label)
    raw = read(Path(path), loc, findings, limits)
    if raw is None:
        return Rows()
    header, cells, lines = raw
    return Rows(values=[values_rows(header, cells.astype(str), lines, loc, findings)])


def values_rows(
    header: Sequence[object],
    cells: pd.DataFrame,
    lines: Sequence[int],
    loc: Loc,
    findings: Findings,
    measures: Mapping[str, str | None] | None = None,
    programme: str | None = None,
) -> pd.DataFrame:
    """Rows of the ``values`` table (its columns, one row per value; :class:`~mptf.engine.reading.rows.Rows`
    holds the frame as one item of its ``values``) from a long table whose cells are all text (``""`` for empty).

    ``header`` names the columns of ``cells`` by position; ``lines`` gives each row's line (CSV) or row
    (sheet) number; ``loc`` names the file and sheet. ``measures`` maps indicator ids to their measure (a value
    is then read as the YAML loader reads it); ``programme`` fills an absent or empty programme column.
    """
    reader = FieldReader(findings)
    header_loc = loc.at(line=1)
    names = [column_name(h) for h in header]
    cells = cells.set_axis(range(len(names)), axis=1).set_axis(pd.Index(lines, dtype="int64"), axis=0)
    columns = header_columns(names, cells, header_loc, findings)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns and not (c == "programme" and programme)]
    for name in missing:
        findings.add(
            "missing-column",
            header_loc.at(column=name),
            table="the values table",
            column=name,
            suggestion=suggest(name, list(columns)),
            fix="the header needs: " + ", ".join(REQUIRED_COLUMNS),
        )
    if missing:
        return pd.DataFrame(columns=list(ROW_COLUMNS))

    t = pd.DataFrame({name: cells[pos].str.strip() for name, pos in columns.items()}, index=cells.index)
    for name in VALUE_COLUMNS:
        if name not in t:
            t[name] = ""
    if programme:
        t["programme"] = t["programme"].mask(t["programme"] == "", programme)
    t = t[t.ne("").any(axis=1)]
    dims = sorted((c for c in columns if c not in VALUE_COLUMNS), key=lambda d: d + "=")

    def row_loc(line: int, column: str) -> Loc:
        return loc.at(line=int(line), column=column, programme=t.at[line, "programme"], item=t.at[line, "indicator"])

    keep = pd.Series(True, index=t.index)
    counts = (t["numerator"] != "") | (t["denominator"] != "")  # a value to compute from them, or to refuse
    for name in ("programme", "indicator", "value", "period_end"):
        empty = t[name] == ""
        if name == "value":
            empty &= ~counts  # the verdict computes or refuses the value of a row that gives counts
        for line in t.index[empty.to_numpy()]:
            reader.required(None, row_loc(line, name), name, _WHAT)
        if name != "period_end":
            keep &= ~empty
    t = t[keep]

    dates = {name: _dates(t[name], name, reader, row_loc) for name in ("period_start", "period_end")}
    figures = _figures(t, reader, row_loc, measures, bool(loc.sheet))
    out = pd.DataFrame(
        {
            "programme": t["programme"],
            "indicator": t["indicator"],
            **dates,
            **figures,
            "numerator": plain_numbers(t["numerator"], "numerator", reader, row_loc),
            "denominator": plain_numbers(t["denominator"], "denominator", reader, row_loc),
            "disaggregation": _disaggregation(t, dims),
            "note": t["note"],
            "source": t["source"],
            "quote": t["quote"],
            "file": loc.file,
            "sheet": loc.sheet,
            "line": t.index.to_numpy(),
        },
        index=t.index,
    )
    return out[list(ROW_COLUMNS)].reset_index(drop=True)


def header_columns(names: list[str], cells: pd.DataFrame, header_loc: Loc, findings: Findings) -> dict[str, int]:
    """Position of each named column; a nameless column with values and a repeated name are findings. The
    template's read-only reference columns (``TEMPLATE_REFERENCE``) are skipped."""
    columns: dict[str, int] = {}
    for position, name in enumerate(names):
        if name in TEMPLATE_REFERENCE:
            continue
        if name == "":
            if position in cells and cells[position].str.strip().ne("").any():
                findings.add(
                    "unnamed-column", header_loc.at(column=f"#{position + 1}"), position=position + 1, table="the table"
                )
        elif name in columns:
            findings.add(
                "duplicate-key",
                header_loc.at(column=name),
                kind="column",
                name=name,
                within="",
                kept="first is read",
                fix="delete or rename one",
            )
        else:
            columns[name] = position
    return columns


def column_name(header: object) -> str:
    """A header as written (stripped); the table's own column names are matched case-insensitively."""
    name = "" if header is None or (isinstance(header, float) and header != header) else str(header).strip()
    return name.lower() if name.lower() in VALUE_COLUMNS else name


def _dates(texts: pd.Series, column: str, reader: FieldReader, row_loc) -> pd.Series:
    """ISO dates as ``datetime.date`` (``None`` when empty); a month or a quarter as its first day
    (``period_start``) or last day (``period_end``), with a ``period-read`` finding; a finding for each cell that
    is not a real date."""
    well_formed = texts.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    parsed = pd.to_datetime(texts.where(well_formed), format="%Y-%m-%d", errors="coerce")
    dates = parsed.dt.date.astype(object).where(parsed.notna(), None)
    period = "end" if column.endswith("end") else "start"
    for line in texts.index[((texts != "") & parsed.isna()).to_numpy()]:
        # records the same finding as YAML
        dates.at[line] = reader.date(texts.at[line], row_loc(line, column), column, period=period)
    return dates


def plain_numbers(text: pd.Series, name: str, reader: FieldReader, row_loc) -> pd.Series:
    """Exact numbers (numerators, denominators): thousands commas allowed, anything else is a finding.

    Each distinct text is read once; a missing cell is empty.
    """
    codes, uniques = factorize(text)
    distinct = pd.Series(np.append(uniques, ""), dtype=object)
    cleaned = distinct.str.replace(r"(?<=\d),(?=\d{3}\b)", "", regex=True)
    parsed = pd.to_numeric(cleaned.where(cleaned != ""), errors="coerce").astype("float64").to_numpy()
    numbers = pd.Series(parsed[codes], index=text.index, dtype="float64")
    bad = (np.isnan(parsed) & (distinct != "").to_numpy(dtype=bool))[codes]
    for line in text.index[bad]:
        reader.findings.add(
            "bad-number",
            row_loc(line, name),
            field=name,
            problem=f"{text.at[line]!r} is not a plain number",
            fix=f"write the {name} as digits, e.g. 1234",
        )
    return numbers


def _figures(
    t: pd.DataFrame, reader: FieldReader, row_loc, measures: Mapping[str, str | None] | None, sheet: bool = False
) -> dict:
    """The value, bound, qualifier, percent and text columns of every row; on a ``sheet``, a text that starts
    with ``=`` is a formula without a result, reported by the sheet reader (``formula-without-value``)."""
    text = t["value"]
    index = t.index
    value = pd.Series(np.nan, index=index, dtype="float64")
    bound = pd.Series([None] * len(index), index=index, dtype=object)
    qualifier = pd.Series([None] * len(index), index=index, dtype=object)
    percent = pd.Series(False, index=index, dtype=bool)

    measures = measures or {}
    known = t["indicator"].isin(list(measures))
    measure = t["indicator"].map(measures).where(known)
    # YAML reads a figure for numeric measures and for an indicator without a measure.
    strict = known & (measure.isin(list(NUMERIC_MEASURES)) | measure.isna())
    numeric = strict | ~known
    yes_no = known & measure.eq("yes-no")

    q = _parsed(text[numeric])
    read = q["error"].isna()
    good = q.index[read.to_numpy()]
    value.loc[good] = q.loc[good, "value"].astype("float64")
    bound.loc[good] = q.loc[good, "bound"].astype(object)
    qualifier.loc[good] = q.loc[good, "qualifier"].astype(object).where(q.loc[good, "qualifier"].notna(), None)
    percent.loc[good] = q.loc[good, "percent"].astype(bool)
    # a figure that cannot be read keeps its text: the verdict gives it its finding, as for a report
    word = text.str.lower()
    yes, no = yes_no & word.isin(["yes", "true"]), yes_no & word.isin(["no", "false"])
    value[yes], value[no] = 1.0, 0.0
    bound[yes | no] = "="
    return {"value": value, "bound": bound, "qualifier": qualifier, "percent": percent, "text": text}


def _parsed(texts: pd.Series) -> pd.DataFrame:
    """:func:`~mptf.indicators.quantity.parse_quantities` of ``texts``, each distinct text parsed once (a values
    table repeats its figures), indexed as ``texts``."""
    codes, distinct = pd.factorize(texts.to_numpy(dtype=object))
    parsed = parse_quantities(pd.Series(distinct, dtype=object))
    return parsed.iloc[codes].set_axis(texts.index)


def _disaggregation(t: pd.DataFrame, dims: list[str]) -> pd.Series:
    """``"age=adult;sex=female"`` from the dimension columns: sorted, empty cells skipped.

    ``dims`` is sorted by ``name + "="``, which orders the parts exactly as sorting the ``name=value`` texts.
    """
    key = pd.Series("", index=t.index, dtype=object)
    for dim in dims:
        cell = t[dim]
        present = cell != ""
        key = key.mask(present, key.where(key == "", key + ";") + dim + "=" + cell)
    return key

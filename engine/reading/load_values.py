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
from mptf.indicators.codes import factorize, filled, joined, objects, recoded, repeated
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
    "group_keys",
    "header_columns",
    "load_values_csv",
    "load_values_parquet",
    "plain_numbers",
    "stripped",
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
    return Rows(values=[values_rows(header, cells, lines, loc, findings)])


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

    ``header`` names the columns of ``cells`` by position (text or categorical text, each distinct text
    stripped and read once); ``lines`` gives each row's line (CSV) or row (sheet) number; ``loc`` names the
    file and sheet. ``measures`` maps indicator ids to their measure (a value is then read as the YAML loader
    reads it); ``programme`` fills an absent or empty programme column.
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

    t = pd.DataFrame({name: stripped(cells[pos]) for name, pos in columns.items()}, index=cells.index)
    for name in VALUE_COLUMNS:
        if name not in t:
            t[name] = recoded(pd.Series("", index=t.index, dtype=object))
    if programme:
        t["programme"] = recoded(t["programme"], lambda s: s.mask(s.eq(""), programme))
    t = t[np.logical_or.reduce([filled(t[c]) for c in t.columns])] if len(t) else t
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
    n = len(t)
    columns = {
        "programme": objects(t["programme"]),
        "indicator": objects(t["indicator"]),
        **dates,
        **figures,
        "numerator": plain_numbers(t["numerator"], "numerator", reader, row_loc).to_numpy(),
        "denominator": plain_numbers(t["denominator"], "denominator", reader, row_loc).to_numpy(),
        "disaggregation": objects(group_keys(t, dims)),
        "note": objects(t["note"]),
        "source": objects(t["source"]),
        "quote": objects(t["quote"]),
        "file": repeated(loc.file, n),
        "sheet": repeated(loc.sheet, n),
        "line": t.index.to_numpy(),
    }
    return joined({name: columns[name] for name in ROW_COLUMNS})


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


def stripped(cells: pd.Series) -> pd.Categorical:
    """A column of text cells as a categorical, each distinct text stripped once (the table readers' cells)."""
    return recoded(cells, lambda texts: texts.str.strip())


def _dates(texts: pd.Series, column: str, reader: FieldReader, row_loc) -> np.ndarray:
    """ISO dates (``NaT`` when empty), each distinct text parsed once; a month or a quarter as its first day
    (``period_start``) or last day (``period_end``), with a ``period-read`` finding; a finding for each cell that
    is not a real date."""
    codes, uniques = factorize(texts)
    distinct = pd.Series(np.append(uniques, ""), dtype=object)
    well_formed = distinct.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    parsed = pd.to_datetime(distinct.where(well_formed), format="%Y-%m-%d", errors="coerce")
    dates = parsed.to_numpy(dtype="datetime64[ns]")[codes]
    period = "end" if column.endswith("end") else "start"
    other = ((distinct != "") & parsed.isna()).to_numpy(dtype=bool)[codes]
    for at in np.flatnonzero(other):  # records the same finding as YAML, on each row
        line = texts.index[at]
        day = reader.date(str(texts.iloc[at]), row_loc(line, column), column, period=period)
        dates[at] = np.datetime64("NaT") if day is None else np.datetime64(day, "ns")
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
    """The value, bound, qualifier, percent and text columns of every row (each distinct text parsed once); on a
    ``sheet``, a text that starts with ``=`` is a formula without a result, reported by the sheet reader
    (``formula-without-value``)."""
    codes, texts = factorize(t["value"])
    ind_codes, indicators = factorize(t["indicator"])
    measures = measures or {}
    measure = pd.Series(indicators, dtype=object).map(measures)
    known = pd.Series(indicators, dtype=object).isin(list(measures)).to_numpy(dtype=bool)
    # YAML reads a figure for numeric measures and for an indicator without a measure.
    strict = known & (measure.isin(list(NUMERIC_MEASURES)) | measure.isna()).to_numpy(dtype=bool)
    numeric = (strict | ~known)[ind_codes]
    yes_no = (known & measure.eq("yes-no").to_numpy(dtype=bool))[ind_codes]

    wanted = np.zeros(len(texts), dtype=bool)
    wanted[codes[numeric]] = True
    q = parse_quantities(pd.Series(texts[wanted], dtype=object))
    good = q["error"].isna().to_numpy(dtype=bool)
    at = np.flatnonzero(wanted)[good]  # the distinct texts read as a figure
    n = len(texts)
    ok = np.zeros(n, dtype=bool)
    ok[at] = True
    value_d, percent_d = np.full(n, np.nan), np.zeros(n, dtype=bool)
    bound_d, qualifier_d = np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    value_d[at] = q["value"].to_numpy(dtype="float64", na_value=np.nan)[good]
    bound_d[at] = q["bound"].to_numpy(dtype=object)[good]
    qualifier_d[at] = [None if v is pd.NA else v for v in q["qualifier"].to_numpy(dtype=object)[good]]
    percent_d[at] = q["percent"].to_numpy(dtype=bool)[good]
    read = numeric & ok[codes]
    value = np.where(read, value_d[codes], np.nan)
    bound = np.where(read, bound_d[codes], None)
    qualifier = np.where(read, qualifier_d[codes], None)
    percent = read & percent_d[codes]
    # a figure that cannot be read keeps its text: the verdict gives it its finding, as for a report
    word = pd.Series(texts, dtype=object).str.lower()
    yes = yes_no & word.isin(["yes", "true"]).to_numpy(dtype=bool)[codes]
    no = yes_no & word.isin(["no", "false"]).to_numpy(dtype=bool)[codes]
    value[yes], value[no] = 1.0, 0.0
    bound[yes | no] = "="
    return {"value": value, "bound": bound, "qualifier": qualifier, "percent": percent, "text": texts[codes]}


def group_keys(t: pd.DataFrame, dims: list[str]) -> pd.Categorical:
    """Each row's group, ``"age=adult;sex=female"`` as in YAML (the dimension cells that are not empty, sorted),
    built once per distinct combination of cells rather than once per row."""
    n = len(t)
    if not dims:
        return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[""])
    combined = np.zeros(n, dtype=np.int64)
    uniques = []
    for dim in dims:  # a loop over columns
        codes, values = factorize(t[dim])
        uniques.append(values)
        combined = combined * (len(values) + 1) + (codes + 1)
    ids, first = pd.factorize(combined)
    keys = []
    for code in np.asarray(first, dtype=np.int64):  # a loop over distinct combinations
        parts = []
        for dim, values in zip(reversed(dims), reversed(uniques), strict=True):
            code, cell = divmod(int(code), len(values) + 1)
            if cell and values[cell - 1] != "":
                parts.append(f"{dim}={values[cell - 1]}")
        keys.append(";".join(sorted(parts)))
    distinct = list(dict.fromkeys(keys))
    position = np.asarray([distinct.index(k) for k in keys], dtype=np.int64)
    return pd.Categorical.from_codes(position[ids], categories=pd.Index(distinct, dtype=object))

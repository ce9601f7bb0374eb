"""The pandera schema of a reported-values table as an officer typed it: every cell is text, nothing parsed yet.

Each column is held as a categorical of its distinct texts (stripped), the way the report reader makes it: a
million cells with a dozen different periods are a dozen texts and a million small codes.

``mptf validate`` checks a report in two layers. This schema is the first: the columns a report needs, ids
that are not empty and dates that are real ``YYYY-MM-DD`` dates, checked lazily over whole columns so that
every failing cell is found in one pass. What a value must be depends on its indicator's measure, so figures
are checked against the framework afterwards (:mod:`mptf.engine.rules.validate`).

Checks are vectorised: a date column is factorised first and only its distinct texts are parsed, so a column
of a million cells with a dozen different periods costs a dozen parses.

>>> cells = pd.DataFrame({c: ["x"] for c in REQUIRED}).assign(period_end=["2023-02-30"]).astype("category")
>>> REPORT_SCHEMA.validate(cells)
Traceback (most recent call last):
...
pandera.errors.SchemaError: ...iso-date...
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .codes import factorize
from .formats import VALUE_COLUMNS, VALUE_OPTIONAL, VALUE_REQUIRED
from .quantity import period_bounds

__all__ = ["ISO_DATE", "NOT_EMPTY", "OPTIONAL", "REPORT_SCHEMA", "REQUIRED", "iso_dates"]

#: Columns every report needs, in the order they are checked (``formats.VALUE_REQUIRED``).
REQUIRED: tuple[str, ...] = VALUE_REQUIRED
#: The table's own optional columns (``formats.VALUE_OPTIONAL``); any other column is a disaggregation dimension.
OPTIONAL: tuple[str, ...] = VALUE_OPTIONAL

_ISO = r"\d{4}-\d{2}-\d{2}"


def iso_dates(texts: pd.Series, end: bool | None = None) -> pd.Series:
    """Each cell as a date (``datetime64[ns]``); ``NaT`` where it is empty or not a real ``YYYY-MM-DD`` date.

    With ``end`` given, a month (``2019-07``) or a quarter (``2022-Q1``, ``Q1 2022``) is read too: as its last
    day when ``end`` is true, else as its first (:func:`~mptf.indicators.quantity.period_bounds`), once per
    distinct text.

    >>> iso_dates(pd.Series(["2023-09-30", "2021-02-31", "", "30/09/2023"])).dt.strftime("%Y-%m-%d").tolist()
    ['2023-09-30', nan, nan, nan]
    >>> iso_dates(pd.Series(["2021-06", "2022-Q1"]), end=True).dt.strftime("%Y-%m-%d").tolist()
    ['2021-06-30', '2022-03-31']
    """
    codes, uniques = factorize(texts)
    distinct = pd.Series(uniques, dtype=object)
    shaped = distinct.str.fullmatch(_ISO).fillna(False).astype(bool)
    parsed = pd.to_datetime(distinct.where(shaped), format="%Y-%m-%d", errors="coerce").to_numpy("datetime64[ns]")
    if end is not None:
        for k in np.flatnonzero(~shaped.to_numpy(bool)).tolist():  # a loop over distinct texts
            bounds = period_bounds(str(distinct[k])) if isinstance(distinct[k], str) else None
            if bounds is not None and 1678 <= bounds[0].year <= 2261:
                parsed[k] = np.datetime64(bounds[1] if end else bounds[0], "ns")
    out = np.full(len(texts), np.datetime64("NaT"), dtype="datetime64[ns]")
    known = codes >= 0
    out[known] = parsed[codes[known]]
    return pd.Series(out, index=texts.index)


NOT_EMPTY = pa.Check(lambda s: s.ne(""), name="not-empty")
ISO_DATE = pa.Check(lambda s: s.eq("") | iso_dates(s, end=False).notna(), name="iso-date")

#: Text cells as the reader holds them: a categorical of the distinct texts.
TEXT = pa.Category

_CHECKS: dict[str, list[pa.Check]] = {
    "programme": [NOT_EMPTY],
    "indicator": [NOT_EMPTY],
    "period_start": [ISO_DATE],
    "period_end": [NOT_EMPTY, ISO_DATE],
}

#: The raw report: the table's own columns (``formats.VALUE_COLUMNS``; the required ones must be there), ids not
#: empty, dates that parse. Numerators and denominators are read afterwards; dimension columns are free.
REPORT_SCHEMA = pa.DataFrameSchema(
    {name: pa.Column(TEXT, _CHECKS.get(name, []), required=name in REQUIRED) for name in VALUE_COLUMNS},
    strict=False,
    name="reported values",
)

"""pandera schemas for every table of the model; ``assemble`` validates each table against its schema.

The schemas state the contract the rest of the engine relies on (column names, types, allowed words), so a
loader bug shows up as a schema error at load time instead of a wrong number later.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .measures import BOUNDS, DIRECTIONS, MEASURES, SCOPES, SERIES, STATUSES

__all__ = ["SCHEMAS"]


def _text(nullable: bool = False, *checks: pa.Check, unique: bool = False) -> pa.Column:
    """Text held as Python ``str`` (``None`` when absent) in an object column, so absence is falsy, not NaN."""
    # the check passes a missing value itself (whether one may be missing is the column's ``nullable``), so
    # pandera need not find and drop the missing values before running it
    is_text = pa.Check(_texts, name="is_text" if not nullable else "is_text_or_none", ignore_na=False)
    return pa.Column(object, [is_text, *checks], nullable=nullable, unique=unique)


def _texts(s: pd.Series) -> pd.Series:
    """Whether each value is a ``str`` or missing: one pass in C settles a column of text and missing values;
    a column that holds anything else is judged value by value."""
    values = s.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return pd.Series(True, index=s.index)
    return s.map(type).eq(str) | pd.isna(values)


_PROV = {
    "file": _text(),
    "sheet": _text(),
    "line": pa.Column("Int64", nullable=True),
}
_SRC = {"source": _text(), "quote": _text()}


def _bounds(nullable: bool = True) -> pa.Column:
    return _text(nullable, pa.Check.isin(BOUNDS))


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "programmes": pa.DataFrameSchema(
        {
            "programme": _text(False, pa.Check.str_length(min_value=1), unique=True),
            "title": _text(True),
            "countries": pa.Column(object),
            "thematic_area": pa.Column("Int64", nullable=True),
            "status": _text(True, pa.Check.isin(STATUSES)),
            "budget_cents": pa.Column("Int64", nullable=True),
            "currency": _text(True),
            "duration_months": pa.Column("Int64", nullable=True),
            "start": pa.Column("datetime64[ns]", nullable=True),
            "end": pa.Column("datetime64[ns]", nullable=True),
            "organizations": pa.Column(object),
            "donors": pa.Column(object),
            "scope": _text(True, pa.Check.isin(SCOPES)),
            "regions": pa.Column(object),
            "partners": pa.Column(object),
            **_SRC,
            **_PROV,
        },
        strict=True,
    ),
    "claims": pa.DataFrameSchema(
        {
            "programme": _text(),
            "field": _text(),
            "value": pa.Column(object),
            "key": _text(),
            "as_of": pa.Column("datetime64[ns]", nullable=True),
            **_SRC,
            **_PROV,
        },
        strict=True,
    ),
    "results": pa.DataFrameSchema(
        {
            "result": _text(True),
            "programme": _text(),
            "level": _text(True),
            "parent": _text(True),
            "declared_parent": _text(True),
            "title": _text(True),
            "editorial": pa.Column(bool),
            **_SRC,
            **_PROV,
        },
        strict=True,
    ),
    "indicators": pa.DataFrameSchema(
        {
            "indicator": _text(),
            "programme": _text(),
            "result": _text(True),
            "name": _text(True),
            "measure": _text(True, pa.Check.isin(MEASURES)),
            "measure_given": pa.Column(bool),
            "unit": _text(True),
            "scale": pa.Column(object),
            "currency": _text(True),
            "direction": _text(False, pa.Check.isin(list(DIRECTIONS))),
            "direction_given": pa.Column(bool),
            "cumulative": pa.Column(bool),
            "series": _text(False, pa.Check.isin(list(SERIES))),
            "resets": pa.Column("Int64", pa.Check.in_range(1, 12)),
            "unique": pa.Column(bool),
            "baseline_value": pa.Column(float, nullable=True),
            "baseline_bound": _bounds(),
            "baseline_percent": pa.Column(bool),
            "baseline_text": _text(True),
            "baseline_date": pa.Column("datetime64[ns]", nullable=True),
            "disaggregation": pa.Column(object),
            "common": _text(True),
            **_SRC,
            **_PROV,
        },
        strict=True,
    ),
    "targets": pa.DataFrameSchema(
        {
            "programme": _text(),
            "indicator": _text(),
            "value": pa.Column(float, nullable=True),  # empty: a level of an ordinal scale, kept in text
            "bound": _bounds(nullable=False),
            "qualifier": _text(True),
            "percent": pa.Column(bool),
            "text": _text(),
            #: the group of the disaggregation the target is for (``sex=female``); "" for the whole indicator
            "group": _text(),
            #: the target is the group's share of the indicator's total (value in percent), not a count
            "share": pa.Column(bool),
            "date": pa.Column("datetime64[ns]", nullable=True),
            **_SRC,
            **_PROV,
        },
        strict=True,
    ),
    "links": pa.DataFrameSchema(
        {
            "programme": _text(),
            "item": _text(),
            "kind": _text(False, pa.Check.isin(["programme", "result", "indicator"])),
            "framework": _text(False, pa.Check.isin(["gcm", "sdg"])),
            "ref": _text(),
            "cited_title": _text(),
            "share": pa.Column(float, pa.Check.in_range(0, 1, include_min=False), nullable=True),
            **_SRC,
            **_PROV,
        },
        strict=True,
    ),
    "context": pa.DataFrameSchema(
        {
            "programme": _text(),
            "statistic": _text(),
            "text": _text(),
            "value": pa.Column(float, nullable=True),
            "bound": _bounds(),
            "percent": pa.Column(bool),
            "unit": _text(True),
            "year": _text(True),
            "place": _text(True),
            "note": _text(),
            **_SRC,
            **_PROV,
        },
        strict=True,
    ),
    "values": pa.DataFrameSchema(
        {
            "programme": _text(),
            "indicator": _text(),
            "period_start": pa.Column("datetime64[ns]", nullable=True),
            "period_end": pa.Column("datetime64[ns]", nullable=True),
            "value": pa.Column(float, nullable=True),
            "bound": _bounds(),
            "qualifier": _text(True),
            "percent": pa.Column(bool),
            "text": _text(),
            "numerator": pa.Column(float, nullable=True),
            "denominator": pa.Column(float, nullable=True),
            "disaggregation": _text(),
            "note": _text(),
            **_SRC,
            **_PROV,
        },
        strict=True,
    ),
}

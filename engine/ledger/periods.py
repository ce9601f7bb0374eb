"""Which reported values stand when versions of a programme's report cover different periods.

A version replaces, for its programme, exactly the periods it reports: each distinct (period_start, period_end)
of its rows (rows with neither form one period of their own, ``(no period)``). Values of other periods are kept:
from earlier versions, applied in version order, else the portfolio's own files. A period resubmitted without
one of its rows loses that row (the whole period is replaced). DHIS2 data sets work the same way: a data value
is keyed by data element, period and organisation unit, and an import for a period replaces that period.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["NO_PERIOD", "apply_version", "layered", "period_labels", "periods_of", "put", "within"]

#: The period of rows with neither a start nor an end.
NO_PERIOD = "(no period)"


def _day(dates: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(dates)
    return parsed.dt.strftime("%Y-%m-%d").where(parsed.notna(), "").astype(object)


def period_labels(rows: pd.DataFrame) -> pd.Series:
    """The period of each row (the model's values table) as text: its last day ``END`` (a value stands at the end
    of its period, and most sources give only that day), ``START:`` when there is no end, :data:`NO_PERIOD` when
    neither. Two rows are of the same period exactly when their labels agree: a report's 2023-01-01 to
    2023-12-31 replaces a value given as of 2023-12-31."""
    if rows.empty:
        return pd.Series([], index=rows.index, dtype=object)
    start, end = _day(rows["period_start"]), _day(rows["period_end"])
    label = end.where(end != "", (start + ":").where(start != "", ""))
    return label.where(label != "", NO_PERIOD).astype(object)


def periods_of(rows: pd.DataFrame) -> list[str]:
    """The distinct periods ``rows`` report (labels of :func:`period_labels`), sorted."""
    return sorted(set(period_labels(rows)))


def _keys(rows: pd.DataFrame) -> pd.Series:
    return rows["programme"].astype(str) + "\x1f" + period_labels(rows)


def within(rows: pd.DataFrame, programme: str, periods) -> pd.DataFrame:
    """The rows of ``programme`` whose period is one of ``periods`` (labels)."""
    mine = rows[rows["programme"] == programme]
    return mine[period_labels(mine).isin(list(periods))]


def put(values: pd.DataFrame, programme: str, periods, rows: pd.DataFrame) -> pd.DataFrame:
    """``values`` whose rows of ``programme`` in ``periods`` (labels) are ``rows`` (those of them in
    ``periods``): a period ``rows`` leave empty loses its values."""
    mine = values["programme"] == programme
    drop = mine & period_labels(values).reindex(values.index).isin(list(periods)) if len(values) else mine
    return apply_version(values[~drop], within(rows, programme, periods))


def apply_version(values: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``values`` with ``rows`` (a version, the same columns) put in: the values of each (programme, period)
    ``rows`` report are dropped, then ``rows`` appended. Columns and dtypes of ``values`` kept."""
    if rows.empty:
        return values.reset_index(drop=True)
    kept = values[~_keys(values).isin(set(_keys(rows)))] if len(values) else values
    merged = pd.concat([kept, rows[list(values.columns)]], ignore_index=True)
    for col in values.columns:
        if str(values[col].dtype) != str(merged[col].dtype):
            merged[col] = merged[col].astype(values[col].dtype)
    return merged


def layered(values: pd.DataFrame, versions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``values`` (the portfolio's own) with the rows of ``versions`` put in, version after version.

    ``versions``: rows of several versions, with column ``version_id`` (ids grow with each programme's version
    number). Returns (the values that stand, in the columns of ``values``; the rows of ``versions`` that stand,
    with ``version_id`` and ``period``). Equivalent to :func:`apply_version` per version in id order: for each
    (programme, period), the rows of the newest version reporting it, else the programme's own values."""
    if versions.empty:
        return values.reset_index(drop=True), versions.assign(period=pd.Series([], dtype=object))
    tagged = versions.assign(period=period_labels(versions), _key=_keys(versions))
    newest = tagged.groupby("_key")["version_id"].transform("max")
    standing = tagged[tagged["version_id"] == newest].drop(columns="_key")
    merged = apply_version(values, standing)
    return merged, standing.reset_index(drop=True)

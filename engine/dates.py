"""Dates: the reference date every result that depends on "today" is computed at, and each programme's first and
last day, from its start and end, or one of them and its duration.

The reference date (``--as-of DATE`` on the commands; default: today) is read only through
:func:`reference_date`, so a past run is repeated exactly by giving its date: which periods are due, whether a
programme has ended (a target not reached after the end is "not achieved"), which levels are stale, and which
level counts at the reference date.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["STALE_MONTHS", "as_of_text", "programme_dates", "reference_date", "today"]

#: A level whose period ended more than this many months before its reference date is stale (docs/rollup.md).
STALE_MONTHS = 12


def today() -> pd.Timestamp:
    """Today's date: the one place the engine reads the clock."""
    return pd.Timestamp.today().normalize()


def reference_date(portfolio=None) -> pd.Timestamp:
    """The date a result is computed at: the portfolio's ``as_of`` (set by ``--as-of``), else today."""
    given = getattr(portfolio, "as_of", None)
    return pd.Timestamp(given).normalize() if given is not None else today()


def as_of_text(portfolio=None) -> str:
    """The reference date as every output shows it (YYYY-MM-DD)."""
    return reference_date(portfolio).date().isoformat()


def programme_dates(programmes: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each programme's first and last day (NaT: unknown), from start and end, or one of them and the duration
    in months."""
    start, end = programmes["start"].copy(), programmes["end"].copy()
    months = programmes["duration_months"]
    for i in programmes.index[start.notna() & end.isna() & months.notna()]:  # a loop over programmes
        end.at[i] = start.at[i] + pd.DateOffset(months=int(months.at[i])) - pd.Timedelta(days=1)
    for i in programmes.index[end.notna() & start.isna() & months.notna()]:
        start.at[i] = end.at[i] - pd.DateOffset(months=int(months.at[i])) + pd.Timedelta(days=1)
    return start, end

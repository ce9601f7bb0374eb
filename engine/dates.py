"""Dates: the reference date every result that depends on "today" is computed at, and each programme's first and
last day, from its start and end, or one of them and its duration.

The reference date (``--as-of DATE`` on the commands; default: today) is read only through
:func:`reference_date`, so a past run is repeated exactly by giving its date: which periods are due, whether a
programme has ended (a target not reached after the end is "not achieved"), which levels are stale (older than the
reporting period current at that date: :func:`current_period_start`), and which values count at it (none
for a period that ends after it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["as_of_text", "current_period_start", "programme_dates", "reference_date", "today"]


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


def current_period_start(reference: pd.Timestamp, ended: pd.Series | np.ndarray) -> np.ndarray:
    """The first day of the reporting period a level must reach to be current (datetime64[D], one per entry of
    ``ended``); a level whose period ended before it is stale (docs/rollup.md).

    The fund reports by calendar year. For a programme still running at the ``reference`` date, the period is the
    last calendar year ended by then (the reference date's own year when it is 31 December); for a programme that
    ended (``ended``, its last day; NaT: unknown, so running) on or before the reference date, its final reporting
    period: the calendar year of its end. Reference 2026-12-07: 2025-01-01; programme ended 2024-06-30:
    2024-01-01.
    """
    ref = np.datetime64(pd.Timestamp(reference).date(), "D")
    end = np.asarray(pd.to_datetime(pd.Series(ended)).to_numpy("datetime64[ns]")).astype("datetime64[D]")
    year = ref.astype("datetime64[Y]")
    running = year if (ref + 1).astype("datetime64[Y]") != year else year - 1
    closed = ~np.isnat(end) & (end <= ref)
    return np.where(closed, end.astype("datetime64[Y]"), running).astype("datetime64[D]")


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

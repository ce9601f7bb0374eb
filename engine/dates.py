"""Programme dates: each programme's first and last day, from its start and end, or one of them and its duration."""

from __future__ import annotations

import pandas as pd

__all__ = ["programme_dates"]


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

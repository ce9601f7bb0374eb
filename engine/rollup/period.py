"""A reporting window (``--period FROM:TO``): which reported values count in a figure for that window.

A per-period or year-to-date value counts when its period ends within the window; a cumulative (since-start)
or level value counts when its period ends at or before TO (the rollup then takes the latest of them). A value
with no period end cannot be placed in a window and is left out. The verdict on each value is the one on the
whole portfolio (a window never changes what is wrong with a value, only which values count).

>>> parse_window("2024:2025")
Window(start=Timestamp('2024-01-01 00:00:00'), end=Timestamp('2025-12-31 00:00:00'))
>>> parse_window("2024-04-01:2025-03-31").end.date().isoformat()
'2025-03-31'
>>> parse_window(":2023").start is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pandas as pd

from mptf.engine.model import Portfolio

__all__ = ["PER_PERIOD", "Window", "parse_window", "within"]

#: Series whose every value is a figure for its own period (the others are read at their latest date).
PER_PERIOD = ("per-period", "year-to-date")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True)
class Window:
    """A reporting window: both ends included; None for an open end."""

    start: pd.Timestamp | None
    end: pd.Timestamp | None

    def text(self) -> str:
        """The window as FROM:TO with ISO dates (an open end left empty)."""
        day = lambda t: "" if t is None else t.date().isoformat()  # noqa: E731
        return f"{day(self.start)}:{day(self.end)}"


def _day(text: str, last: bool) -> pd.Timestamp:
    """The first (or with ``last``, the last) day of a YYYY, YYYY-MM or YYYY-MM-DD."""
    if not _DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    parts = text.split("-")
    try:
        first = pd.Timestamp(
            int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
        )
    except ValueError as err:
        raise ValueError(f"{text!r} is not a date: {err}") from None
    if not last or len(parts) == 3:
        return first
    if len(parts) == 2:
        return first + pd.offsets.MonthEnd(0)
    return pd.Timestamp(first.year, 12, 31)


def parse_window(text: str) -> Window:
    """A window from ``FROM:TO`` (each YYYY, YYYY-MM or YYYY-MM-DD, either may be left empty) or one ``YYYY``.

    Raises
    ------
    ValueError
        When a side is not a date, both sides are empty, or FROM is after TO.
    """
    text = text.strip()
    left, sep, right = text.partition(":")
    if not sep:
        right = left
    start = _day(left.strip(), last=False) if left.strip() else None
    end = _day(right.strip(), last=True) if right.strip() else None
    if start is None and end is None:
        raise ValueError("give FROM:TO, FROM: or :TO (e.g. 2024:2025)")
    if start is not None and end is not None and start > end:
        raise ValueError(f"the window starts ({start.date()}) after it ends ({end.date()})")
    return Window(start, end)


def counts_in(values: pd.DataFrame, series: pd.Series, window: Window) -> pd.Series:
    """Which of ``values`` count in the window (a boolean Series on its index); ``series`` is each value's
    indicator's series (per-period when unknown)."""
    end = pd.to_datetime(values["period_end"])
    keep = end.notna()
    if window.end is not None:
        keep &= end <= window.end
    if window.start is not None:
        per_period = series.fillna("per-period").isin(PER_PERIOD).to_numpy()
        keep &= ~per_period | (end >= window.start)
    return keep


def within(portfolio: Portfolio, window: Window | None) -> Portfolio:
    """The portfolio with its judged values cut to those that count in ``window`` (None: unchanged)."""
    if window is None:
        return portfolio
    judged = portfolio.verdict
    values = judged.values
    series = values["indicator"].map(portfolio.indicators.drop_duplicates("indicator").set_index("indicator")["series"])
    cut = values[counts_in(values, series, window)].reset_index(drop=True)
    portfolio.__dict__["verdict"] = replace(judged, values=cut)  # the cached verdict, with the window's values
    portfolio.window = window
    return portfolio

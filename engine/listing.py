"""The programmes of a portfolio as a table (``mptf list``): what an officer needs to pick an id."""

from __future__ import annotations

import pandas as pd

from mptf.engine.dates import programme_dates

__all__ = ["LIST_COLUMNS", "programme_list"]

#: Columns of :func:`programme_list`, in order.
LIST_COLUMNS: tuple[str, ...] = (
    "programme",
    "title",
    "countries",
    "thematic_area",
    "status",
    "budget_usd",
    "start",
    "end",
    "duration_months",
    "indicators",
    "values",
    "budget_cents",
)


def programme_list(
    portfolio,
    countries: tuple[str, ...] = (),
    areas: tuple[int, ...] = (),
    statuses: tuple[str, ...] = (),
) -> pd.DataFrame:
    """One row per programme (``LIST_COLUMNS``), in id order, kept when it matches every filter given.

    ``countries``: ISO 3166-1 alpha-3 codes (any of them, case folded); ``areas``: thematic area numbers;
    ``statuses``: statuses as written (case folded). ``start`` and ``end`` are the programme's first and last
    day (from one of them and the duration when only one is given; NaT when unknown); ``budget_usd`` is the
    budget as text (empty when the sources disagree or give none), ``budget_cents`` the integer behind it.
    """
    p = portfolio.programmes.reset_index(drop=True)
    start, end = programme_dates(p)
    indicators = portfolio.indicators.groupby("programme").size()
    values = portfolio.values.groupby("programme").size()
    out = pd.DataFrame(
        {
            "programme": p["programme"],
            "title": p["title"],
            "countries": p["countries"],
            "thematic_area": pd.array(p["thematic_area"], dtype="Int64"),
            "status": p["status"],
            "budget_usd": [
                "" if pd.isna(c) else f"{cur or 'USD'} {int(c) / 100:,.0f}"
                for c, cur in zip(p["budget_cents"], p["currency"], strict=True)
            ],
            "start": start,
            "end": end,
            "duration_months": p["duration_months"],
            "indicators": p["programme"].map(indicators).fillna(0).astype(int),
            "values": p["programme"].map(values).fillna(0).astype(int),
            "budget_cents": p["budget_cents"],
        }
    )
    keep = pd.Series(True, index=out.index)
    if countries:
        wanted = {c.strip().upper() for c in countries}
        keep &= out["countries"].map(lambda cs: bool(wanted & {str(c).upper() for c in cs or ()}))
    if areas:
        keep &= out["thematic_area"].isin(list(areas)).fillna(False).astype(bool)
    if statuses:
        wanted = {s.strip().casefold() for s in statuses}
        keep &= out["status"].map(lambda s: isinstance(s, str) and s.casefold() in wanted)
    out = out[keep].sort_values("programme", kind="stable").reset_index(drop=True)
    return out[list(LIST_COLUMNS)]

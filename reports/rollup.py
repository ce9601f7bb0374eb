"""Rollup tables for people (``mptf rollup``): figures with coverage, and budgets."""

from __future__ import annotations

import pandas as pd

from .render import render_frame

__all__ = ["render_budget", "render_rollup"]

_NON_ADDITIVE = (
    "A programme can sit in several of these groups and then counts in full under each: the column "
    "does not add up to a fund total, and none is given."
)


def render_rollup(result, fmt: str, title: str, empty: str | None = None) -> str:
    """The figures: as a table for people, or the full figures table as JSON/CSV/Markdown. With no figures, a
    table or Markdown says so (``empty``: why there are none) instead of drawing an empty table."""
    figures = result.figures
    if fmt in ("json", "csv"):
        return render_frame(figures, fmt)
    if figures.empty:
        return f"{title}\n{empty or 'no fund figures: no reported value counts towards a common indicator'}\n"
    view = pd.DataFrame(
        {
            **{dim: figures[dim] for dim in result.by},
            "common indicator": figures["common"],
            "result": figures["display"],
            "programmes": figures["programmes"].astype(str) + " of " + figures["in_scope"].astype(str),
            "not reporting": figures["not_reporting"],
            "rule": figures["rule"],
        }
    )
    note = "" if figures["additive"].all() else _NON_ADDITIVE + "\n"
    legend = (
        "≥ / > lower bound (a part was stated as 'at least' / 'over', or sources disagreed and the lowest "
        "claim was kept), ≤ upper bound (a programme's indicators may count the same people), "
        "≈ approximate. 'programmes': contributing of those in scope (an indicator linked to the common "
        "indicator in that group).\n"
    )
    return render_frame(view, fmt, title) + note + legend


def render_budget(budget: pd.DataFrame, additive: bool, dim: str, fmt: str) -> str:
    """Budgets per group; a total row only when the groups partition the portfolio."""
    if fmt in ("json", "csv"):
        return render_frame(budget, fmt)
    view = budget[[dim, "programmes", "funded_programmes", "funded_usd", "pipeline_usd", "total_usd", "basis"]]
    if additive:
        total = {
            dim: "total",
            "programmes": int(budget["programmes"].sum()),
            "funded_programmes": int(budget["funded_programmes"].sum()),
            "basis": "",
        }
        for col in ("funded", "pipeline", "total"):
            total[f"{col}_usd"] = f"{budget[f'{col}_cents'].sum() / 100:,.2f}"
        view = pd.concat([view, pd.DataFrame([total])], ignore_index=True)
    note = "" if additive else _NON_ADDITIVE + "\n"
    missing = int(budget["no_budget"].sum())
    if missing:
        note += f"{missing} programme(s) without an agreed budget are not in these sums.\n"
    return render_frame(view, fmt, f"Budget (USD) by {dim}, funded vs pipeline") + note

"""Rollup tables for people (``mptf rollup``): figures with coverage, and budgets."""

from __future__ import annotations

import pandas as pd

from mptf.engine.rollup.objective_budget import usd
from mptf.frameworks.reach import mapping_note

from .render import render_frame

__all__ = ["render_budget", "render_gcm_view", "render_objective_budget", "render_rollup"]

_LINKS = (
    "link: direct (a source states it for the indicator), inherited (for a result or programme containing it), "
    "thematic area (the programme's area clusters the objective); kinds are never added together. A disputed "
    "link (its sources conflict) puts its result under 'disputed', under neither claim's confirmed figures.\n"
)
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
    disputed = pd.Series(False, index=figures.index)
    groups: dict[str, pd.Series] = {}
    for dim in result.by:
        if f"{dim}_link" in figures:
            groups[dim] = figures[f"{dim}_ref"]
            groups[f"{dim} link"] = figures[f"{dim}_link"]
            disputed |= figures[f"{dim}_disputed"].astype(bool)
        else:
            groups[dim] = figures[dim]
    view = pd.DataFrame(
        {
            **groups,
            "common indicator": figures["common"],
            "result": figures["display"].where(~disputed, ""),
            "programmes": figures["programmes"].astype(str) + " of " + figures["in_scope"].astype(str),
            "not reporting": figures["not_reporting"],
            "rule": figures["rule"],
        }
    )
    if disputed.any():
        claims = [
            "; ".join(str(figures.at[i, f"{d}_disputed"]) for d in result.by if f"{d}_disputed" in figures) or ""
            for i in figures.index
        ]
        view.insert(
            list(view.columns).index("result") + 1,
            "disputed",
            [
                f"{d} ({c.strip('; ')})" if x else ""
                for d, c, x in zip(figures["display"], claims, disputed, strict=True)
            ],
        )
    note = "" if figures["additive"].all() else _NON_ADDITIVE + "\n"
    legend = (
        "≥ / > lower bound (a part was stated as 'at least' / 'over', or sources disagreed and the lowest "
        "claim was kept), ≤ upper bound (a programme's indicators may count the same people), "
        "≈ approximate. 'programmes': contributing of those in scope (an indicator linked to the common "
        "indicator in that group).\n"
    )
    kinds = [d for d in result.by if f"{d}_link" in figures]
    if kinds:
        legend += _LINKS + (f"{mapping_note()}.\n" if "gcm" in kinds else "")
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


def render_objective_budget(budget: pd.DataFrame, dim: str, fund_cents: int, fmt: str) -> str:
    """Budgets by GCM objective or SDG target (:func:`mptf.engine.rollup.objective_budget.objective_budget`):
    in full per link kind (never totalled) and split, with a total row for the split columns only, which
    reconciles with ``fund_cents``."""
    if fmt in ("json", "csv"):
        return render_frame(budget, fmt)
    view = budget[["ref", "link", "programmes", "full_usd", "split_usd", "basis", "disputed_full_usd"]].copy()
    view["disputed_split_usd"] = budget["disputed_split_usd"]
    view["disputed"] = [
        f"{ids}: {claims}" if ids else "" for ids, claims in zip(budget["disputed_ids"], budget["claims"], strict=True)
    ]
    view = view.rename(columns={"ref": dim, "full_usd": "in full (USD)", "split_usd": "split (USD)"})
    view = view.rename(columns={"disputed_full_usd": "disputed in full", "disputed_split_usd": "disputed split"})
    unknown = view[dim].str.startswith("unknown:")
    view.loc[unknown, "link"] = [f"none stated for {ref.partition(':')[2]}" for ref in view.loc[unknown, dim]]
    view.loc[unknown, dim] = "unknown"
    split = int(budget["split_cents"].sum() + budget["disputed_split_cents"].sum())
    total = {dim: "total", "link": "", "programmes": "", "in full (USD)": "(not additive)", "basis": ""}
    total |= {"split (USD)": usd(int(budget["split_cents"].sum())), "disputed in full": ""}
    total |= {"disputed split": usd(int(budget["disputed_split_cents"].sum())), "disputed": ""}
    view = pd.concat([view, pd.DataFrame([total])], ignore_index=True)
    if not budget["disputed_ids"].astype(bool).any():
        view = view.drop(columns=["disputed in full", "disputed"])
    check = "equals" if split == fund_cents else "DOES NOT equal"
    noun, area = ("objective", ", else its thematic area's") if dim == "gcm" else ("target", "")
    note = (
        f"'in full': each programme's whole budget under every {noun} it reaches, per link kind (never "
        f"totalled). 'split': each budget divided once, over its stated links{area} (by declared shares when "
        f"every stated link declares one, else evenly; left-over cents to the largest remainders); a programme "
        f"reaching no {noun} keeps its whole budget in a row of its own. Split {usd(split)} (confirmed + "
        f"disputed) {check} the fund total {usd(fund_cents)}.\n"
    )
    if dim == "gcm":
        note += f"{mapping_note()}.\n"
    missing = int(budget["no_budget"].sum())
    if missing:
        note += f"{missing} programme link(s) without an agreed budget are not in these sums.\n"
    return render_frame(view, fmt, f"Budget (USD) by {dim} and link kind, in full and split") + note


def render_gcm_view(view: pd.DataFrame, fund_cents: int, fmt: str) -> str:
    """The GCM view (:func:`mptf.engine.rollup.gcm_view.gcm_view`): every column as data; for people, the
    USD columns, with notes on the link kinds, the budget split (and whether it reconciles with
    ``fund_cents``) and the area mapping's status and source."""
    if fmt in ("json", "csv"):
        return render_frame(view, fmt)
    shown = view.drop(columns=[c for c in view.columns if c.endswith("_cents") or c == "mapping"])
    shown = shown.rename(columns={"budget_usd": "in full (USD)", "split_usd": "split (USD)"})
    if not view["disputed"].astype(bool).any():
        shown = shown.drop(columns=["disputed"])
    split = int(view["split_cents"].sum() + view["disputed_split_cents"].sum())
    check = "equals" if split == fund_cents else "DOES NOT equal"
    note = (
        _LINKS.replace("for the indicator", "for the programme or its results").replace(
            "inherited (for a result or programme containing it), ", ""
        )
        + "'in full': each programme's whole budget under every objective it reaches, per link kind (never "
        "totalled). 'split': each budget divided once, over its stated links if any, else its thematic area's "
        "(by declared shares when every stated link declares one, else evenly; left-over cents to the largest "
        f"remainders). Split {usd(split)} (confirmed + disputed) {check} the fund total {usd(fund_cents)}.\n"
        f"{mapping_note()}.\n"
    )
    return render_frame(shown, fmt, "Contributions to the GCM objectives, by kind of link") + note

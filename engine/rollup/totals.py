"""Fund-wide totals of a rollup, given only where the groups' figures add up.

A total is given for a common indicator when (1) the grouping partitions the portfolio (no dimension under
which a programme sits in several groups, and not ``year``, where a cumulative series would count once per
year), (2) the figures are counts or money (percentages, distributions, k-of-n and lists are never summed),
(3) the indicator's policy across programmes is ``sum`` (``max``, ``once`` and declared overlaps give a fund
figure that is not the sum of the groups'), and (4) the fund-wide figure, computed by the engine over the
whole portfolio at once, equals the sum of the groups' figures. The total is that fund-wide figure, with its
own bound (≥, ≤, ≈), never a sum of displayed texts; one unit per common indicator, so never across units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.rollup.core import Rollup, rollup
from mptf.engine.rollup.groupings import MULTI_VALUED
from mptf.indicators.common import common_indicators

__all__ = ["TOTAL_COLUMNS", "RollupTables", "fund_totals", "groups_add_up", "rollup_tables"]

#: Columns of :func:`fund_totals`.
TOTAL_COLUMNS = ["common", "name", "short", "measure", "display", "value", "bound", "programmes", "groups"]


def groups_add_up(by: list[str] | tuple[str, ...]) -> bool:
    """Whether the groups of a rollup by ``by`` partition the portfolio, so that counts may add up."""
    return bool(by) and not (set(by) & MULTI_VALUED) and "year" not in by


def fund_totals(
    portfolio: Portfolio, result: Rollup, common_path: str | None = None, fund: Rollup | None = None
) -> pd.DataFrame:
    """One row per common indicator whose group figures add up to the fund-wide figure (see the module).

    Columns: ``common``, ``name``, ``short``, ``measure``, ``display`` (the fund figure with its bound),
    ``value`` (float, in the indicator's unit), ``bound``, ``programmes`` (contributing programmes),
    ``groups`` (how many groups contribute). Empty when the groups do not partition the portfolio. ``fund``:
    the rollup by no dimension when already computed (default: computed here).
    """
    figures = result.figures
    if not groups_add_up(result.by) or figures.empty:
        return pd.DataFrame(columns=TOTAL_COLUMNS)
    policy = common_indicators(common_path)["across"]
    whole_fund = fund if fund is not None else rollup(portfolio, [], common_path, contributions=False)
    fund = whole_fund.figures.set_index("common")
    rows = []
    for common, group in figures.groupby("common", sort=True):
        if common not in fund.index or group["measure"].iloc[0] not in ("count", "currency"):
            continue
        if policy.get(common) != "sum" or group["value"].isna().any():
            continue
        whole = fund.loc[common]
        if not math.isclose(float(group["value"].sum()), float(whole["value"]), rel_tol=1e-9, abs_tol=1e-6):
            continue
        rows.append(
            {
                "common": common,
                "name": whole["name"],
                "short": whole["short"],
                "measure": whole["measure"],
                "display": whole["display"],
                "value": float(whole["value"]),
                "bound": whole["bound"],
                "programmes": int(whole["programmes"]),
                "groups": len(group),
            }
        )
    return pd.DataFrame(rows, columns=TOTAL_COLUMNS)


@dataclass
class RollupTables:
    """Everything ``mptf rollup`` shows: the figures, the fund-wide totals, and a budget table per dimension
    (``budgets``: dimension → (table of :func:`~mptf.engine.rollup.budget.budget_rollup`, whether it adds up))."""

    result: Rollup
    totals: pd.DataFrame
    budgets: dict[str, tuple[pd.DataFrame, bool]] = field(default_factory=dict)
    #: the ``--period`` window the figures are for (FROM:TO), None for every period
    window: str | None = None
    #: by GCM objective and SDG target: dimension → :func:`~mptf.engine.rollup.objective_budget.objective_budget`
    objective_budgets: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: the fund's budget in cents (what the objective budgets' split reconciles with)
    fund_cents: int = 0


def rollup_tables(
    portfolio: Portfolio,
    by: list[str] | tuple[str, ...],
    common_path: str | None = None,
    budget: bool = True,
    result: Rollup | None = None,
    fund: Rollup | None = None,
    contributions: bool = True,
) -> RollupTables:
    """The rollup by ``by`` (``result`` when already computed, e.g. replayed from the ledger), its fund totals,
    and (with ``budget``) the budget by each dimension: funded vs pipeline by thematic area, country and agency;
    in full and split by link kind by GCM objective and SDG target. ``contributions=False``: the figures only,
    without the per-row contributions a trace of them reads (see :func:`~mptf.engine.rollup.core.rollup`)."""
    from mptf.engine.rollup.budget import budget_rollup
    from mptf.engine.rollup.objective_budget import objective_budget

    result = rollup(portfolio, list(by), common_path, contributions) if result is None else result
    window = getattr(portfolio, "window", None)
    if window is not None and "year" in result.by:  # a cumulative value before the window is not a year of it
        years = pd.to_numeric(result.figures["year"], errors="coerce")
        inside = years.notna()
        if window.start is not None:
            inside &= years >= window.start.year
        if window.end is not None:
            inside &= years <= window.end.year
        result.figures = result.figures[inside].reset_index(drop=True)
    totals = fund_totals(portfolio, result, common_path, fund)
    dims = [d for d in result.by if d != "year"] if budget else []
    budgets = {d: budget_rollup(portfolio, d) for d in dims if d not in OBJECTIVES}
    objectives = {d: objective_budget(portfolio, d) for d in dims if d in OBJECTIVES}
    fund = int(portfolio.programmes["budget_cents"].dropna().sum())
    return RollupTables(result, totals, budgets, None if window is None else window.text(), objectives, fund)


#: The dimensions whose budgets are given by link kind, in full and split (docs/rollup.md).
OBJECTIVES = ("gcm", "sdg")

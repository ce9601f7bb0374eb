"""The audit trail of the results report (``mptf report``): every figure the report shows, with the rows behind it.

- results: the rollups by thematic area, GCM objective (each kind of link its own figure), SDG target and
  country, each figure traced to its reported values and recomputed from them (:func:`trace_rollup`);
- budgets: funded and pipeline by thematic area and by country, each traced to its programme shares
  (:func:`~mptf.engine.trace.budget.trace_budget_rollup`);
- objective budgets: by GCM objective and SDG target and kind of link, in full and split, each with the
  programme shares behind it (:func:`~mptf.engine.rollup.objective_budget.programme_split`); the split column,
  its disputed part and the rows of programmes reaching no objective reconcile with the fund total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.rollup.core import Rollup
from mptf.engine.rollup.objective_budget import programme_split
from mptf.engine.trace.budget import BudgetAudit, trace_budget_rollup
from mptf.engine.trace.down import Audit, trace_rollup

__all__ = ["REPORT_DIMENSIONS", "ReportAudit", "objective_figures", "report_audit"]

#: The dimensions whose figures the report shows, in the report's order.
REPORT_DIMENSIONS: tuple[str, ...] = ("thematic-area", "gcm", "sdg", "country")
#: The dimensions whose budgets the report shows as funded and pipeline.
BUDGET_DIMENSIONS: tuple[str, ...] = ("thematic-area", "country")
OBJECTIVE_FRAMEWORKS: tuple[str, ...] = ("gcm", "sdg")


@dataclass
class ReportAudit:
    """``results``: dimension → :class:`~mptf.engine.trace.Audit` (every figure of the rollup by it, with its
    parts and its recomputation); ``budgets``: :class:`~mptf.engine.trace.budget.BudgetAudit` of the funded and
    pipeline budgets by thematic area and country; ``shares``: framework (gcm, sdg) → the programme shares behind
    the objective budgets (:func:`~mptf.engine.rollup.objective_budget.programme_split`); ``fund_cents``: the
    fund's budget."""

    results: dict[str, Audit]
    budgets: BudgetAudit
    shares: dict[str, pd.DataFrame] = field(default_factory=dict)
    fund_cents: int = 0


def report_audit(
    portfolio: Portfolio, common_path: str | None = None, results: Mapping[str, Rollup] | None = None
) -> ReportAudit:
    """Every figure of the report traced (``results``: rollups already made, by dimension, reused)."""
    given = dict(results or {})
    traced = {d: trace_rollup(portfolio, [d], common_path, given.get(d)) for d in REPORT_DIMENSIONS}
    shares = {f: programme_split(portfolio, f) for f in OBJECTIVE_FRAMEWORKS}
    fund = int(portfolio.programmes["budget_cents"].dropna().sum())
    return ReportAudit(traced, trace_budget_rollup(portfolio, BUDGET_DIMENSIONS), shares, fund)


def objective_figures(shares: pd.DataFrame) -> pd.DataFrame:
    """The objective budgets recomputed from their programme shares: one row per (``ref``, ``link``) with
    ``full_cents``, ``split_cents``, ``disputed_full_cents``, ``disputed_split_cents`` and ``programmes``
    (confirmed links); the same sums :func:`~mptf.engine.rollup.objective_budget.objective_budget` gives."""
    rows = []
    for (ref, link), g in shares.groupby(["ref", "link"], sort=False):
        sure, doubt = g[~g["disputed"].astype(bool)], g[g["disputed"].astype(bool)]
        rows.append(
            {
                "ref": ref,
                "link": link,
                "programmes": len(sure),
                "full_cents": int(sure["budget_cents"].dropna().sum()),
                "split_cents": int(sure["split_cents"].dropna().sum()),
                "disputed_full_cents": int(doubt["budget_cents"].dropna().sum()),
                "disputed_split_cents": int(doubt["split_cents"].dropna().sum()),
            }
        )
    return pd.DataFrame(rows)

"""The GCM view: for each of the 23 objectives, the programmes, budget and results that contribute to it.

A programme contributes to an objective when it, one of its results or one of its indicators links to it;
indicators inherit the links of their results and programme. Budgets are counted in full under each objective
a programme serves (or split by declared shares), so the budget column is not additive across objectives.
"""

from __future__ import annotations

import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.rollup.budget import budget_rollup
from mptf.engine.rollup.core import UNKNOWN, rollup
from mptf.frameworks import gcm
from mptf.frameworks.walks import programme_refs

__all__ = ["gcm_view"]


def gcm_view(portfolio: Portfolio, common_path: str | None = None) -> pd.DataFrame:
    """One row per GCM objective (1–23) and one for programmes linked to none."""
    result = rollup(portfolio, ["gcm"], common_path)
    budget, _ = budget_rollup(portfolio, "gcm")
    budget = budget.set_index("gcm")
    links = programme_refs(portfolio.graph, "gcm").groupby("programme")["ref"].agg(set).to_dict()
    rows = []
    objectives = gcm.objectives()
    for key in [*map(str, objectives.index), UNKNOWN]:
        progs = (
            sorted(p for p in portfolio.programmes["programme"] if key in links.get(p, set()))
            if key != UNKNOWN
            else sorted(p for p in portfolio.programmes["programme"] if not links.get(p))
        )
        figures = result.figures[result.figures["gcm"] == key]
        rows.append(
            {
                "gcm": key,
                "objective": objectives.loc[int(key), "label"] if key != UNKNOWN else "(no GCM objective given)",
                "programmes": len(progs),
                "programme_ids": ", ".join(progs),
                "budget_usd": budget.loc[key, "total_usd"] if key in budget.index else "0.00",
                "budget_cents": int(budget.loc[key, "total_cents"]) if key in budget.index else 0,
                "results": "; ".join(f"{r.common} {r.display}" for r in figures.itertuples()),
            }
        )
    return pd.DataFrame(rows)

"""Budget rollups: USD by thematic area, GCM objective, SDG target, country or agency, funded vs pipeline.

Money is summed in integer cents. A programme that sits in several groups (several countries, agencies or GCM
objectives) is counted in full under each, and then the table is marked non-additive and no column total is
given, unless every GCM link of the programme declares its share of the budget: then the budget is split by
those shares (the ``basis`` column says which). A programme whose sources disagree on its budget has no
budget in the model; it is counted in ``no_budget``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.rollup.core import UNKNOWN, natural
from mptf.frameworks.walks import programme_refs
from mptf.indicators.measures import FUNDED_STATUSES

__all__ = ["budget_keys", "budget_rollup"]


def budget_keys(portfolio: Portfolio, dim: str) -> pd.DataFrame:
    """One row per (programme, group): ``programme, key, share, basis``, the share of the programme's budget
    that goes to the group (1.0 in full; a GCM link's declared share) and on which basis."""
    p = portfolio.programmes
    if dim == "thematic-area":
        keys = p["thematic_area"].map(lambda a: UNKNOWN if pd.isna(a) else str(int(a)))
        return pd.DataFrame({"programme": p["programme"], "key": keys, "share": 1.0, "basis": "full"})
    if dim in ("country", "agency"):
        col = "countries" if dim == "country" else "organizations"
        frame = pd.DataFrame({"programme": p["programme"], "key": p[col].map(lambda t: list(t) or [UNKNOWN])})
        return frame.explode("key").assign(share=1.0, basis="full")
    links = programme_refs(portfolio.graph, dim)
    by_programme = {prog: dict(zip(g["ref"], g["share"], strict=True)) for prog, g in links.groupby("programme")}
    rows = []
    for prog in p["programme"]:
        refs = by_programme.get(prog, {})
        if not refs:
            rows.append((prog, UNKNOWN, 1.0, "full"))
            continue
        shares = list(refs.values())
        declared = all(s is not None for s in shares) and abs(sum(shares) - 1.0) < 1e-9
        for ref, share in refs.items():
            rows.append((prog, ref, share if declared else 1.0, "declared share" if declared else "full"))
    return pd.DataFrame(rows, columns=["programme", "key", "share", "basis"])


def budget_rollup(portfolio: Portfolio, dim: str = "thematic-area") -> tuple[pd.DataFrame, bool]:
    """Budget per group, split funded / pipeline; and whether the column adds up to the portfolio total."""
    keys = budget_keys(portfolio, dim)
    p = portfolio.programmes.assign(funded=portfolio.programmes["status"].isin(FUNDED_STATUSES))
    merged = keys.merge(p[["programme", "budget_cents", "currency", "funded"]], on="programme")
    cents = merged["budget_cents"].astype("float64") * merged["share"]
    merged["cents"] = np.round(cents).astype("Int64")
    out = (
        merged.groupby("key", sort=False)
        .apply(
            lambda g: pd.Series(
                {
                    "funded_cents": int(g.loc[g["funded"], "cents"].sum()),
                    "pipeline_cents": int(g.loc[~g["funded"], "cents"].sum()),
                    "programmes": g["programme"].nunique(),
                    "funded_programmes": g.loc[g["funded"], "programme"].nunique(),
                    "no_budget": int(g["cents"].isna().sum()),
                    "basis": ", ".join(sorted(set(g["basis"]))),
                }
            ),
            include_groups=False,
        )
        .reset_index()
        .rename(columns={"key": dim})
    )
    if merged.empty:  # no programme, or none with a key: groupby-apply gives no columns at all
        columns = ["funded_cents", "pipeline_cents", "programmes", "funded_programmes", "no_budget", "basis"]
        out = pd.DataFrame({dim: pd.Series(dtype=object), **{c: pd.Series(dtype="int64") for c in columns}})
        out["basis"] = out["basis"].astype(object)
    out["total_cents"] = out["funded_cents"] + out["pipeline_cents"]
    for col in ("funded", "pipeline", "total"):
        out[f"{col}_usd"] = out[f"{col}_cents"].map(lambda c: f"{c / 100:,.2f}")
    multi = (keys.groupby("programme")["key"].nunique() > 1).any()
    split = (keys["basis"] == "declared share").any()
    additive = not multi or (split and (keys[keys["basis"] == "full"].groupby("programme")["key"].nunique() <= 1).all())
    out = out.sort_values(dim, key=natural, kind="stable").reset_index(drop=True)
    return out[
        [
            dim,
            "programmes",
            "funded_programmes",
            "funded_usd",
            "pipeline_usd",
            "total_usd",
            "no_budget",
            "basis",
            "funded_cents",
            "pipeline_cents",
            "total_cents",
        ]
    ], bool(additive)

"""Budget figures traced like results: each budget of a group (``mptf rollup``'s budget table, by thematic area,
GCM objective, SDG target, country or agency) down to the programmes behind it, each with its budget, the share
of it that goes to the group and the claims it comes from; then the figure recomputed from those parts.

A budget figure's id is its group and ``budget``: ``thematic-area=2/budget``, ``country=TJK/budget``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.reading.fields import suggest
from mptf.engine.rollup.budget import budget_keys, budget_rollup
from mptf.engine.rollup.core import natural
from mptf.indicators.measures import FUNDED_STATUSES

__all__ = [
    "BUDGET",
    "BUDGET_DIMENSIONS",
    "BUDGET_PART_COLUMNS",
    "BudgetAudit",
    "budget_parts",
    "recompute_budget",
    "trace_budget",
    "trace_budget_rollup",
]

#: The name of a budget figure in a figure id (``thematic-area=2/budget``).
BUDGET = "budget"
#: The dimensions a budget is rolled up by (a budget has no year).
BUDGET_DIMENSIONS: tuple[str, ...] = ("thematic-area", "gcm", "sdg", "country", "agency")
BUDGET_PART_COLUMNS: tuple[str, ...] = (
    "figure",
    "programme",
    "status",
    "funded",
    "budget_cents",
    "currency",
    "share",
    "basis",
    "cents",
    "file",
    "line",
    "sha256",
    "source",
    "quote",
    "claims",
)


@dataclass
class BudgetAudit:
    """Every budget figure of one or more dimensions (``figures``: id, dim, group, the rollup's cents and the
    recomputed ones, ``matches``) and their parts (``BUDGET_PART_COLUMNS``)."""

    figures: pd.DataFrame
    parts: pd.DataFrame


def budget_parts(portfolio: Portfolio, dim: str) -> pd.DataFrame:
    """Every (programme, group) share of budget for ``dim`` (``BUDGET_PART_COLUMNS``), ``figure`` naming the
    group's figure id; ``cents`` is the programme's budget times its share, rounded to the cent (NA when the
    programme has no budget: none given, or sources that disagree). Provenance: the programme's budget claims
    (source, quote, file, line; several claims joined by ``; ``; ``claims`` pairs each source with its quote)
    and the file's sha256."""
    keys = budget_keys(portfolio, dim)
    p = portfolio.programmes[["programme", "status", "budget_cents", "currency", "file"]]
    parts = keys.rename(columns={"key": "group"}).merge(p, on="programme", how="left")
    parts["figure"] = [f"{dim}={g}/{BUDGET}" for g in parts["group"]]
    parts["funded"] = parts["status"].isin(FUNDED_STATUSES)
    parts["cents"] = pd.array(
        [
            None if pd.isna(c) else int(round(int(c) * float(s)))
            for c, s in zip(parts["budget_cents"], parts["share"], strict=True)
        ],
        dtype="Int64",
    )
    claims = portfolio.claims[portfolio.claims["field"] == "budget"]
    cited = claims.groupby("programme").agg(
        source=("source", lambda s: "; ".join(dict.fromkeys(map(str, s)))),
        quote=("quote", lambda q: "; ".join(dict.fromkeys(map(str, q)))),
        line=("line", lambda ln: "; ".join(str(int(x)) for x in ln if pd.notna(x))),
    )
    cited["claims"] = claims.groupby("programme").apply(
        lambda g: "; ".join(dict.fromkeys(f"{s}: “{q}”" for s, q in zip(g["source"], g["quote"], strict=True))),
        include_groups=False,
    )
    parts = parts.merge(cited, left_on="programme", right_index=True, how="left")
    parts = parts.merge(portfolio.files[["file", "sha256"]].drop_duplicates("file"), on="file", how="left")
    parts = parts.sort_values(["group", "programme"], key=lambda c: natural(c) if c.name == "group" else c)
    return parts.reindex(columns=["group", *BUDGET_PART_COLUMNS]).reset_index(drop=True)


def recompute_budget(parts: pd.DataFrame) -> dict[str, int]:
    """A group's budget from its parts, in plain Python integers: ``funded_cents``, ``pipeline_cents``,
    ``total_cents``, ``programmes``, ``no_budget`` (parts without a budget)."""
    funded = pipeline = missing = 0
    for cents, is_funded in zip(parts["cents"], parts["funded"], strict=True):
        if pd.isna(cents):
            missing += 1
        elif is_funded:
            funded += int(cents)
        else:
            pipeline += int(cents)
    return {
        "funded_cents": funded,
        "pipeline_cents": pipeline,
        "total_cents": funded + pipeline,
        "programmes": int(parts["programme"].nunique()),
        "no_budget": missing,
    }


def _figures(portfolio: Portfolio, dim: str, parts: pd.DataFrame) -> pd.DataFrame:
    table, additive = budget_rollup(portfolio, dim)
    out = table.rename(columns={dim: "group"}).assign(dim=dim, additive=additive)
    out.insert(0, "id", [f"{dim}={g}/{BUDGET}" for g in out["group"]])
    by_figure = {fid: frame for fid, frame in parts.groupby("figure", sort=False)}
    checks = [recompute_budget(by_figure.get(fid, parts.iloc[0:0])) for fid in out["id"]]
    for name in ("funded_cents", "pipeline_cents", "total_cents", "no_budget"):
        out[f"recomputed_{name}"] = [c[name] for c in checks]
    out["matches"] = [
        all(int(row[name]) == c[name] for name in ("funded_cents", "pipeline_cents", "total_cents", "no_budget"))
        and int(row["programmes"]) == c["programmes"]
        for row, c in zip(out.to_dict("records"), checks, strict=True)
    ]
    return out


def trace_budget(portfolio: Portfolio, dim: str, key: str) -> tuple[pd.Series, pd.DataFrame]:
    """One budget figure (the rollup's row, with its recomputation and ``matches``) and its parts.

    Raises :class:`~mptf.engine.trace.TraceError` for a dimension without budgets or a group without one.
    """
    from mptf.engine.trace.down import TraceError

    if dim not in BUDGET_DIMENSIONS:
        raise TraceError(
            f"budgets are not rolled up by {dim}{suggest(dim, BUDGET_DIMENSIONS)}: use one of "
            f"{', '.join(BUDGET_DIMENSIONS)}"
        )
    parts = budget_parts(portfolio, dim)
    figures = _figures(portfolio, dim, parts)
    known = figures["group"].astype(str).tolist()
    if str(key) not in known:
        raise TraceError(
            f"no budget figure by {dim} {key!r}{suggest(str(key), known, 3)}; {dim} groups with a budget: "
            f"{', '.join(known) or 'none'}"
        )
    figure = figures[figures["group"].astype(str) == str(key)].iloc[0]
    return figure, parts[parts["figure"] == figure["id"]].reset_index(drop=True)


def trace_budget_rollup(portfolio: Portfolio, dims=BUDGET_DIMENSIONS) -> BudgetAudit:
    """Every budget figure of ``dims`` (those a budget is rolled up by; others are skipped) with its parts."""
    figures, parts = [], []
    for dim in dict.fromkeys(d for d in dims if d in BUDGET_DIMENSIONS):
        mine = budget_parts(portfolio, dim)
        figures.append(_figures(portfolio, dim, mine))
        parts.append(mine)
    if not figures:
        return BudgetAudit(
            pd.DataFrame(columns=["id", "dim", "group", "matches"]),
            pd.DataFrame(columns=["group", *BUDGET_PART_COLUMNS]),
        )
    return BudgetAudit(pd.concat(figures, ignore_index=True), pd.concat(parts, ignore_index=True))

"""The GCM view: for each of the 23 objectives and each kind of link, the programmes, budget and results.

A programme reaches an objective ``direct`` when a source states the link for it or one of its results or
indicators, and through its ``thematic area`` when the area clusters the objective (the fund's mapping, whose
status and source :func:`mptf.frameworks.reach.mapping_note` gives). The two kinds are separate rows, never
added together. Results under a ``direct`` row are the figures of indicators linked themselves (``direct``)
and of those inheriting the link from a result or programme (marked ``[inherited]``), each its own figure.
Budgets are given in full (never totalled) and split (see :mod:`mptf.engine.rollup.objective_budget`). A
disputed link's programmes, budget and results go in the ``disputed`` column with both claims.
"""

from __future__ import annotations

import re

import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.rollup.core import rollup
from mptf.engine.rollup.objective_budget import objective_budget, usd
from mptf.frameworks import gcm
from mptf.frameworks.reach import mapping_note, split_key

__all__ = ["VIEW_COLUMNS", "gcm_view"]

#: Columns of :func:`gcm_view`.
VIEW_COLUMNS: tuple[str, ...] = (
    "gcm",
    "objective",
    "link",
    "programmes",
    "programme_ids",
    "budget_usd",
    "split_usd",
    "results",
    "disputed",
    "mapping",
    "budget_cents",
    "split_cents",
    "disputed_budget_cents",
    "disputed_split_cents",
)


def _results(figures: pd.DataFrame) -> str:
    return "; ".join(
        f"{r.common} {r.display}" + (" [inherited]" if r.gcm_link == "inherited" else "") for r in figures.itertuples()
    )


def _other_claims(budget: pd.DataFrame) -> dict[str, str]:
    """For each objective a disputed link may mean by its cited title, a pointer to where its figures are."""
    out: dict[str, list[str]] = {}
    for r in budget[budget["disputed_ids"] != ""].itertuples(index=False):
        for other in re.findall(r"objective (\d+) by the title", r.claims):
            out.setdefault(other, []).append(
                f"{r.disputed_ids}: the link to objective {r.ref} may mean this one (by its cited title); its "
                f"budget and results are in objective {r.ref}'s disputed column"
            )
    return {ref: "; ".join(texts) for ref, texts in out.items()}


def gcm_view(portfolio: Portfolio, common_path: str | None = None) -> pd.DataFrame:
    """One row per GCM objective (1–23) and link kind (``direct``, ``thematic area``; an objective nothing
    reaches gets one row with an empty ``link``), then one row per programme reaching none (``gcm`` is
    ``unknown``). Columns :data:`VIEW_COLUMNS`: budgets in full (``budget_*``) and split (``split_*``) as USD
    text and integer cents; ``results`` the fund figures; ``disputed`` the disputed links' programmes, budget,
    claims and results (empty when none), and on the objective a disputed link may mean by its cited title, a
    pointer to them; ``mapping`` the area mapping's status and source on rows using it."""
    figures = rollup(portfolio, ["gcm"], common_path).figures
    parts = figures["gcm"].map(split_key)
    figures = figures.assign(_ref=parts.map(lambda p: p[0]), _disputed=parts.map(lambda p: p[2]))
    budget = objective_budget(portfolio, "gcm")
    objectives = gcm.objectives()
    elsewhere = _other_claims(budget)
    rows = []
    for number in objectives.index:
        ref = str(number)
        here = budget[budget["ref"] == ref]
        mine = figures[figures["_ref"] == ref]
        kinds_here = [k for k in ("direct", "thematic area") if k in set(here["link"])] or [""]
        for link in kinds_here:
            b = here[here["link"] == link]
            b = b.iloc[0] if len(b) else None
            kinds = ("direct", "inherited") if link == "direct" else (link,)
            sure = mine[mine["gcm_link"].isin(kinds) & ~mine["_disputed"]]
            doubt = mine[mine["gcm_link"].isin(kinds) & mine["_disputed"]]
            disputed = ""
            if b is not None and b["disputed_ids"]:
                disputed = (
                    f"{b['disputed_ids']}: USD {b['disputed_full_usd']} in full, {b['disputed_split_usd']} split; "
                    f"{b['claims']}" + (f"; results: {_results(doubt)}" if len(doubt) else "")
                )
            if ref in elsewhere and link == kinds_here[0]:
                disputed = "; ".join(filter(None, [disputed, elsewhere[ref]]))
            rows.append(
                {
                    "gcm": ref,
                    "objective": objectives.loc[number, "label"],
                    "link": link,
                    "programmes": int(b["programmes"]) if b is not None else 0,
                    "programme_ids": b["programme_ids"] if b is not None else "",
                    "budget_usd": usd(b["full_cents"] if b is not None else 0),
                    "split_usd": usd(b["split_cents"] if b is not None else 0),
                    "results": _results(sure),
                    "disputed": disputed,
                    "mapping": mapping_note() if link == "thematic area" else "",
                    "budget_cents": int(b["full_cents"]) if b is not None else 0,
                    "split_cents": int(b["split_cents"]) if b is not None else 0,
                    "disputed_budget_cents": int(b["disputed_full_cents"]) if b is not None else 0,
                    "disputed_split_cents": int(b["disputed_split_cents"]) if b is not None else 0,
                }
            )
    for b in budget[budget["ref"].str.startswith("unknown:")].itertuples(index=False):
        prog = b.ref.partition(":")[2]
        rows.append(
            {
                "gcm": "unknown",
                "objective": "(no thematic area and no GCM objective given)",
                "link": f"none stated for {prog}",
                "programmes": 1,
                "programme_ids": prog,
                "budget_usd": b.full_usd,
                "split_usd": b.split_usd,
                "results": _results(figures[figures["gcm"] == b.ref]),
                "disputed": "",
                "mapping": "",
                "budget_cents": int(b.full_cents),
                "split_cents": int(b.split_cents),
                "disputed_budget_cents": 0,
                "disputed_split_cents": 0,
            }
        )
    return pd.DataFrame(rows, columns=list(VIEW_COLUMNS))

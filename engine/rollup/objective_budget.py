"""Budgets by GCM objective or SDG target, each link kind apart: in full and split.

**In full**: a programme's whole budget under every objective it reaches, per kind (``direct``, ``thematic
area``); a programme serving three objectives counts three times, so full columns are never totalled.

**Split**: each programme's budget is divided once, exactly, in integer cents, over the objectives of its
strongest links: those a source states for it (``direct``, on the programme or any of its items) when there
are any, else those its thematic area reaches. It is divided by the shares the programme's own links declare
when every one of them declares one and they sum to 1, else evenly. Cents left over after rounding down go
one each to the objectives with the largest remainders, ties to the lower objective number (the largest
remainder method), so the split of every programme adds up to its budget to the cent. A disputed link's share
goes to the disputed column of the objective as numbered, under neither claim's confirmed figures. A programme
reaching no objective keeps its budget in a row of its own (``unknown:<programme>``). The split column, the
disputed split and those rows together equal the fund total.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from mptf.engine.model import Portfolio
from mptf.frameworks.reach import programme_reach
from mptf.frameworks.walks import ref_key

__all__ = ["BUDGET_COLUMNS", "allot", "objective_budget", "programme_split", "usd"]

#: Columns of :func:`objective_budget`.
BUDGET_COLUMNS: tuple[str, ...] = (
    "ref",
    "link",
    "programmes",
    "programme_ids",
    "full_usd",
    "split_usd",
    "basis",
    "disputed_ids",
    "disputed_full_usd",
    "disputed_split_usd",
    "claims",
    "no_budget",
    "full_cents",
    "split_cents",
    "disputed_full_cents",
    "disputed_split_cents",
)


def usd(cents: int) -> str:
    """Integer cents as USD text: ``123456`` → ``'1,234.56'``."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    return f"{sign}{whole:,}.{rest:02d}"


def allot(cents: int, weights: list[Fraction]) -> list[int]:
    """``cents`` divided in proportion to ``weights`` (positive; any sum), exactly: each part rounded down,
    then the cents left over one each to the largest remainders, ties to the earlier part. The parts sum to
    ``cents``. Raises ``ValueError`` with no weights or a weight not above zero.

    >>> allot(100, [Fraction(1)] * 3)
    [34, 33, 33]
    >>> allot(1001, [Fraction(3, 5), Fraction(2, 5)])
    [601, 400]
    """
    if not weights or any(w <= 0 for w in weights):
        raise ValueError("allot needs at least one weight, each above zero")
    total = sum(weights, Fraction(0))
    exact = [Fraction(cents) * w / total for w in weights]
    parts = [int(e.numerator // e.denominator) for e in exact]
    left = cents - sum(parts)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def _shares(rows: pd.DataFrame) -> list[Fraction] | None:
    """The declared shares of a programme's direct links, when all declare one and they sum to 1."""
    if (rows["link"] != "direct").any() or rows["share"].isna().any():
        return None
    try:
        shares = [Fraction(str(s)) for s in rows["share"]]
    except (ValueError, OverflowError):  # not a finite number: split evenly
        return None
    return shares if sum(shares) == 1 and all(s > 0 for s in shares) else None


def _basis(g: pd.DataFrame) -> str:
    """How a row's programmes were split: ``evenly``, ``declared shares``, ``whole budget``; and those whose
    budget went to their stated links instead (``not split: <ids>``)."""
    taken = sorted(set(g.loc[g["basis"] != "not split", "basis"]))
    left = sorted(g.loc[g["basis"] == "not split", "programme"])
    return "; ".join([*taken, *([f"not split: {', '.join(left)}"] if left else [])])


def programme_split(portfolio: Portfolio, framework: str) -> pd.DataFrame:
    """One row per (programme, ref) a programme reaches, and one ``unknown`` row per programme reaching none.

    Columns ``programme``, ``ref``, ``link``, ``disputed``, ``claims``, ``budget_cents`` (the programme's
    budget, or None when no agreed budget), ``split_cents`` (its part of the split: 0 for links that do not
    take the budget) and ``basis`` (``evenly``, ``declared shares``, ``whole budget`` for a programme reaching
    nothing, ``not split`` for links that do not take the budget). Raises ``ValueError`` for a framework other than gcm
    or sdg.
    """
    reach = programme_reach(portfolio.graph, framework, portfolio.tree)
    by_programme = dict(tuple(reach.groupby("programme", sort=False)))
    out = []
    for prog, cents in zip(portfolio.programmes["programme"], portfolio.programmes["budget_cents"], strict=True):
        budget = None if pd.isna(cents) else int(cents)
        rows = by_programme.get(prog)
        if rows is None or rows.empty:
            out.append((prog, f"unknown:{prog}", "none", False, "", budget, budget, "whole budget"))
            continue
        rows = rows.sort_values("ref", key=lambda s: s.map(ref_key), kind="stable")
        takes = rows[rows["link"] == "direct"] if (rows["link"] == "direct").any() else rows
        shares = _shares(takes)
        if shares is not None:
            basis = "declared shares"
        else:
            shares = [Fraction(1)] * len(takes)
            basis = "evenly"
        parts = dict(
            zip(takes["ref"], allot(budget, shares) if budget is not None else [None] * len(takes), strict=True)
        )
        for r in rows.itertuples(index=False):
            taken = r.ref in parts and r.link == takes["link"].iloc[0]
            split = parts[r.ref] if taken else (0 if budget is not None else None)
            how = basis if taken else "not split"
            out.append((prog, r.ref, r.link, bool(r.disputed), r.claims, budget, split, how))
    frame = pd.DataFrame(
        out, columns=["programme", "ref", "link", "disputed", "claims", "budget_cents", "split_cents", "basis"]
    )
    return frame.astype({"budget_cents": "Int64", "split_cents": "Int64"})


def objective_budget(portfolio: Portfolio, framework: str) -> pd.DataFrame:
    """Budget by (ref, link kind): columns :data:`BUDGET_COLUMNS`, sorted by ref (numeric) then kind, the
    ``unknown:<programme>`` rows last.

    ``programmes``/``programme_ids``: programmes whose confirmed link it is; ``full_*`` their budgets in full,
    ``split_*`` their split parts; ``disputed_*`` the same for disputed links, with both ``claims``;
    ``no_budget`` programmes without an agreed budget (in no sum). Money in ``*_cents`` (int) and ``*_usd``.
    Raises ``ValueError`` for a framework other than gcm or sdg.
    """
    split = programme_split(portfolio, framework)
    rows = []
    for (ref, link), g in split.groupby(["ref", "link"], sort=False):
        sure, doubt = g[~g["disputed"]], g[g["disputed"]]
        rows.append(
            {
                "ref": ref,
                "link": link,
                "programmes": len(sure),
                "programme_ids": ", ".join(sorted(sure["programme"])),
                "basis": _basis(g),
                "disputed_ids": ", ".join(sorted(doubt["programme"])),
                "claims": "; ".join(dict.fromkeys(doubt["claims"])),
                "no_budget": int(g["budget_cents"].isna().sum()),
                "full_cents": int(sure["budget_cents"].sum()),
                "split_cents": int(sure["split_cents"].sum()),
                "disputed_full_cents": int(doubt["budget_cents"].sum()),
                "disputed_split_cents": int(doubt["split_cents"].sum()),
            }
        )
    out = pd.DataFrame(rows, columns=[c for c in BUDGET_COLUMNS if not c.endswith("_usd")])
    for col in ("full", "split", "disputed_full", "disputed_split"):
        out[f"{col}_usd"] = out[f"{col}_cents"].map(usd)
    link_order = {"direct": 0, "inherited": 1, "thematic area": 2, "none": 3}

    def order(i: int) -> tuple:
        ref = out.at[i, "ref"]
        unknown = ref.startswith("unknown:")
        return (unknown, ref if unknown else "", () if unknown else ref_key(ref), link_order[out.at[i, "link"]])

    out = out.loc[sorted(out.index, key=order)]
    return out[list(BUDGET_COLUMNS)].reset_index(drop=True)

"""Rollup tables for people and programs (``mptf rollup``): figures with coverage, fund totals, and budgets.

For people (table, Markdown) each group and common indicator is named beside its code (short names in a
terminal, full titles in Markdown), fund totals are given where the groups add up, and the legend is a note
under the tables. For programs, JSON is one object (figures, totals, budgets) and CSV one long table whose
``table`` column says which table a row belongs to (``--table`` picks one).
"""

from __future__ import annotations

import json

import pandas as pd

from mptf.engine.rollup.objective_budget import usd
from mptf.frameworks.reach import mapping_note

from .formats import ROLLUP_TABLES
from .names import DIMENSION_TITLES, name, with_names
from .render import _plain, render_frame, to_csv

__all__ = [
    "LEGEND",
    "LINKS",
    "TABLES",
    "budget_total",
    "notes",
    "render_budget",
    "render_objective_budget",
    "render_rollup",
    "rollup_data",
    "rollup_long",
]

TABLES = ROLLUP_TABLES

NON_ADDITIVE = (
    "A programme can sit in several of these groups and then counts in full under each: the column "
    "does not add up to a fund total, and none is given."
)
LEGEND = (
    "≥ / > lower bound (a part was stated as 'at least' / 'over', or sources disagreed and the lowest "
    "claim was kept), ≤ upper bound (a programme's indicators may count the same people), "
    "≈ approximate. 'programmes': contributing of those in scope (an indicator linked to the common "
    "indicator in that group)."
)
LINKS = (
    "link: direct (a source states it for the indicator), inherited (for a result or programme containing it), "
    "thematic area (the programme's area clusters the objective); kinds are never added together. A disputed "
    "link (its sources conflict) puts its result under 'disputed', under neither claim's confirmed figures."
)
_TOTALS_NOTE = (
    "Fund totals are given only for counts whose groups add up: each programme sits in one group, contributions "
    "are summed across programmes, and the fund-wide figure equals the sum of the groups'. Percentages, "
    "distributions and k-of-n figures are never summed."
)


def notes(texts: list[str], fmt: str) -> str:
    """Closing notes under a table: plain lines, or in Markdown paragraphs apart from the table (a line right
    under a Markdown table would be read as one more row)."""
    texts = [t for t in texts if t]
    if not texts:
        return ""
    if fmt == "md":
        return "".join(f"\n*Note:* {t}\n" for t in texts)
    return "".join(f"{t}\n" for t in texts)


def _group(dim: str, code: object, full: bool) -> str:
    if str(code) == "unknown":
        return "unknown"
    named = name(dim, code, full)
    return f"{code} · {named}" if named and named != str(code) else str(code)


def _indicator(code: str, short: str, full_name: str, full: bool) -> str:
    """A common indicator for people: its full title and code in a report, its short name in a terminal."""
    return f"{full_name} ({code})" if full else short


def figures_view(tables, full: bool) -> pd.DataFrame:
    """The figures for people: group (code · name; by GCM objective or SDG target, the reference and its kind of
    link), common indicator (name (code)), result (a disputed link's under 'disputed', with both claims),
    coverage, rule."""
    figures = tables.result.figures
    disputed = pd.Series(False, index=figures.index)
    groups: dict[str, list] = {}
    for d in tables.result.by:
        if f"{d}_link" in figures:
            groups[DIMENSION_TITLES[d]] = [_group(d, v, full) for v in figures[f"{d}_ref"]]
            groups[f"{DIMENSION_TITLES[d]} link"] = list(figures[f"{d}_link"])
            disputed |= figures[f"{d}_disputed"].astype(bool)
        else:
            groups[DIMENSION_TITLES[d]] = [_group(d, v, full) for v in figures[d]]
    view = pd.DataFrame(
        {
            **groups,
            "common indicator": [
                _indicator(c, s, n, full)
                for c, s, n in zip(figures["common"], figures["short"], figures["name"], strict=True)
            ],
            "result": figures["display"].where(~disputed, ""),
            "programmes": figures["programmes"].astype(str) + " of " + figures["in_scope"].astype(str),
            "not reporting": figures["not_reporting"],
            "rule": figures["rule"],
        }
    )
    if disputed.any():
        claims = [
            "; ".join(str(figures.at[i, f"{d}_disputed"]) for d in tables.result.by if f"{d}_disputed" in figures)
            for i in figures.index
        ]
        shown = [
            f"{v} ({c.strip('; ')})" if x else "" for v, c, x in zip(figures["display"], claims, disputed, strict=True)
        ]
        view.insert(list(view.columns).index("result") + 1, "disputed", shown)
    return view


def _link_notes(tables) -> list[str]:
    kinds = [d for d in tables.result.by if f"{d}_link" in tables.result.figures]
    return [LINKS, mapping_note() + "." if "gcm" in kinds else ""] if kinds else []


def totals_view(totals: pd.DataFrame, full: bool) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "common indicator": [
                _indicator(c, s, n, full)
                for c, s, n in zip(totals["common"], totals["short"], totals["name"], strict=True)
            ],
            "fund total": totals["display"],
            "programmes": totals["programmes"],
            "groups": totals["groups"],
        }
    )


def render_rollup(tables, fmt: str, title: str, empty: str | None = None, table: str | None = None) -> str:
    """The rollup in ``fmt``: for people the figures, the fund totals and the budgets with their notes; for
    programs :func:`rollup_data` as JSON or :func:`rollup_long` as CSV (``table``: only that table). With no
    figures, a table or Markdown says so (``empty``: why there are none) instead of drawing an empty table."""
    if fmt == "json":
        data = rollup_data(tables, title)
        return json.dumps(data[table] if table else data, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        return to_csv(rollup_long(tables, table))
    full = fmt == "md"
    figures = tables.result.figures
    out = []
    if table in (None, "figures"):
        if figures.empty:
            out.append(f"{title}\n{empty or 'no fund figures: no reported value counts towards a common indicator'}\n")
        else:
            note = "" if figures["additive"].all() else NON_ADDITIVE
            texts = [note, LEGEND, *_link_notes(tables)]
            out.append(render_frame(figures_view(tables, full), fmt, title) + notes(texts, fmt))
    if table in (None, "totals") and not tables.totals.empty:
        out.append(render_frame(totals_view(tables.totals, full), fmt, "Fund totals") + notes([_TOTALS_NOTE], fmt))
    if table in (None, "budget"):
        out.extend(render_budget(budget, additive, dim, fmt) for dim, (budget, additive) in tables.budgets.items())
        out.extend(
            render_objective_budget(b, dim, tables.fund_cents, fmt) for dim, b in tables.objective_budgets.items()
        )
    return "\n".join(out) if fmt == "md" else "".join(out)


def budget_total(budget: pd.DataFrame) -> dict[str, int]:
    """The column totals of a budget table (cents and programme counts), for a table that adds up."""
    return {
        "programmes": int(budget["programmes"].sum()),
        "funded_programmes": int(budget["funded_programmes"].sum()),
        "funded_cents": int(budget["funded_cents"].sum()),
        "pipeline_cents": int(budget["pipeline_cents"].sum()),
        "total_cents": int(budget["total_cents"].sum()),
        "no_budget": int(budget["no_budget"].sum()),
    }


def render_budget(budget: pd.DataFrame, additive: bool, dim: str, fmt: str) -> str:
    """Budgets per group for people (a total row only when the groups partition the portfolio), or the table
    as JSON/CSV."""
    if fmt in ("json", "csv"):
        return render_frame(with_names(budget, [dim]), fmt)
    full = fmt == "md"
    view = pd.DataFrame(
        {
            DIMENSION_TITLES[dim]: [_group(dim, v, full) for v in budget[dim]],
            "programmes": budget["programmes"],
            "funded programmes": budget["funded_programmes"],
            "funded (USD)": budget["funded_usd"],
            "pipeline (USD)": budget["pipeline_usd"],
            "total (USD)": budget["total_usd"],
            "basis": budget["basis"],
        }
    )
    if additive:
        sums = budget_total(budget)
        total = {
            DIMENSION_TITLES[dim]: "total",
            "programmes": sums["programmes"],
            "funded programmes": sums["funded_programmes"],
            "basis": "",
        }
        for col in ("funded", "pipeline", "total"):
            total[f"{col} (USD)"] = f"{sums[f'{col}_cents'] / 100:,.2f}"
        view = pd.concat([view, pd.DataFrame([total])], ignore_index=True)
    missing = int(budget["no_budget"].sum())
    texts = [
        "" if additive else NON_ADDITIVE,
        f"{missing} programme(s) without an agreed budget are not in these sums." if missing else "",
    ]
    title = f"Budget (USD) by {DIMENSION_TITLES[dim]}, funded vs pipeline"
    return render_frame(view, fmt, title) + notes(texts, fmt)


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def rollup_data(tables, title: str = "") -> dict:
    """The rollup as one JSON-ready object: ``figures`` (with ``<dim>_name`` full titles), ``totals`` and
    ``budget`` (one entry per dimension: its rows, whether it adds up, and its total when it does); see
    ``docs/json-schema.json`` (``$defs/rollup``)."""
    result = tables.result
    window = getattr(tables, "window", None)
    budget = []
    for dim, (frame, additive) in tables.budgets.items():
        budget.append(
            {
                "by": dim,
                "additive": additive,
                "rows": _records(with_names(frame, [dim])),
                "total": budget_total(frame) if additive else None,
            }
        )
    return {
        "title": title,
        "by": list(result.by),
        "reference_date": None if result.figures.empty else str(result.figures["reference_date"].iloc[0]),
        "period": window,
        "figures": _records(with_names(result.figures, result.by)),
        "totals": _records(tables.totals),
        "budget": budget,
        "objective_budget": [
            {
                "by": dim,
                "rows": _records(frame),
                "split_total_cents": split_total(frame),
                "fund_cents": tables.fund_cents,
                "mapping": mapping_note() if dim == "gcm" else None,
            }
            for dim, frame in tables.objective_budgets.items()
        ],
    }


def rollup_long(tables, table: str | None = None) -> pd.DataFrame:
    """One long table of the rollup: a ``table`` column (figures, totals, budget) then the union of the
    tables' columns (a budget row also names its dimension in ``by``); ``table`` keeps only that one."""
    parts = [
        with_names(tables.result.figures, tables.result.by).assign(table="figures"),
        tables.totals.assign(table="totals"),
        *(with_names(f, [d]).assign(table="budget", by=d) for d, (f, _) in tables.budgets.items()),
        *(f.assign(table="budget", by=d) for d, f in tables.objective_budgets.items()),
    ]
    parts = [p for p in parts if table is None or (len(p) and p["table"].iloc[0] == table)]
    if not parts or all(p.empty for p in parts):
        return pd.DataFrame(columns=["table"])
    frame = pd.concat([p.astype(object) for p in parts if not p.empty], ignore_index=True)  # ints stay ints
    return frame[["table", *[c for c in frame.columns if c != "table"]]]


def split_total(budget: pd.DataFrame) -> int:
    """The split budgets of an objective budget table, confirmed and disputed, in cents: the fund total when
    every programme's budget was split once."""
    return int(budget["split_cents"].sum() + budget["disputed_split_cents"].sum())


def render_objective_budget(budget: pd.DataFrame, dim: str, fund_cents: int, fmt: str) -> str:
    """Budgets by GCM objective or SDG target (:func:`mptf.engine.rollup.objective_budget.objective_budget`):
    in full per link kind (never totalled) and split, with a total row for the split columns only, which
    reconciles with ``fund_cents``; as JSON/CSV the table itself."""
    if fmt in ("json", "csv"):
        return render_frame(budget, fmt)
    full = fmt == "md"
    title = DIMENSION_TITLES[dim]
    unknown = budget["ref"].astype(str).str.startswith("unknown:")
    view = pd.DataFrame(
        {
            title: ["unknown" if u else _group(dim, r, full) for r, u in zip(budget["ref"], unknown, strict=True)],
            "link": [
                f"none stated for {r.partition(':')[2]}" if u else k
                for r, k, u in zip(budget["ref"].astype(str), budget["link"], unknown, strict=True)
            ],
            "programmes": budget["programmes"],
            "in full (USD)": budget["full_usd"],
            "split (USD)": budget["split_usd"],
            "basis": budget["basis"],
            "disputed in full": budget["disputed_full_usd"],
            "disputed split": budget["disputed_split_usd"],
            "disputed": [
                f"{i}: {c}" if i else "" for i, c in zip(budget["disputed_ids"], budget["claims"], strict=True)
            ],
        }
    )
    split = split_total(budget)
    total = {title: "total", "link": "", "programmes": "", "in full (USD)": "(not additive)", "basis": ""}
    total |= {"split (USD)": usd(int(budget["split_cents"].sum())), "disputed in full": ""}
    total |= {"disputed split": usd(int(budget["disputed_split_cents"].sum())), "disputed": ""}
    view = pd.concat([view, pd.DataFrame([total])], ignore_index=True)
    if not budget["disputed_ids"].astype(bool).any():
        view = view.drop(columns=["disputed in full", "disputed split", "disputed"])
    check = "equals" if split == fund_cents else "DOES NOT equal"
    noun, area = ("objective", ", else its thematic area's") if dim == "gcm" else ("target", "")
    missing = int(budget["no_budget"].sum())
    texts = [
        f"'in full': each programme's whole budget under every {noun} it reaches, per link kind (never "
        f"totalled). 'split': each budget divided once, over its stated links{area} (by declared shares when "
        f"every stated link declares one, else evenly; left-over cents to the largest remainders); a programme "
        f"reaching no {noun} keeps its whole budget in a row of its own. Split {usd(split)} (confirmed + "
        f"disputed) {check} the fund total {usd(fund_cents)}.",
        mapping_note() + "." if dim == "gcm" else "",
        f"{missing} programme link(s) without an agreed budget are not in these sums." if missing else "",
    ]
    return render_frame(view, fmt, f"Budget (USD) by {title} and link kind, in full and split") + notes(texts, fmt)

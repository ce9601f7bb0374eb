"""The GCM view for people and programs (``mptf gcm``): each objective by its label and full title, and the
results under it by the common indicators' names."""

from __future__ import annotations

import pandas as pd

from mptf.engine.rollup.objective_budget import usd
from mptf.frameworks.reach import mapping_note

from .names import common_name, name
from .render import render_frame
from .rollup import LINKS, notes

__all__ = ["named_results", "render_gcm"]

TITLE = "Contributions to the GCM objectives, by kind of link"


def named_results(text: str, full: bool) -> str:
    """A view's ``results`` text (``common display; ...``) with each common indicator by its name."""
    parts = []
    for part in str(text or "").split("; "):
        code, _, figure = part.partition(" ")
        parts.append(f"{common_name(code, full)}: {figure}" if figure else part)
    return "; ".join(p for p in parts if p)


def gcm_frame(view: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """The view as shown in ``fmt``: the objective's full title beside its label (not in a terminal table);
    results by name for people; the budget in cents only for programs."""
    out = view.copy()
    if fmt != "table":
        titles = [name("gcm", g) for g in out["gcm"]]
        out.insert(out.columns.get_loc("objective") + 1, "title", pd.Series(titles, index=out.index, dtype=object))
    if fmt in ("table", "md"):
        out["results"] = [named_results(r, fmt == "md") for r in out["results"]]
        out = out.drop(columns=[c for c in out.columns if c.endswith("_cents") or c == "mapping"])
        out = out.rename(columns={"budget_usd": "in full (USD)", "split_usd": "split (USD)"})
        if "disputed" in out and not out["disputed"].astype(bool).any():
            out = out.drop(columns=["disputed"])
    return out


def render_gcm(view: pd.DataFrame, fmt: str, fund_cents: int) -> str:
    """The GCM view (:func:`mptf.engine.rollup.gcm_view.gcm_view`): every column as data (JSON/CSV); for
    people, names and USD columns, with notes on the link kinds, the budget split (and whether it reconciles
    with ``fund_cents``) and the area mapping's status and source."""
    if fmt in ("json", "csv"):
        return render_frame(gcm_frame(view, fmt), fmt, TITLE)
    split = int(view["split_cents"].sum() + view["disputed_split_cents"].sum())
    check = "equals" if split == fund_cents else "DOES NOT equal"
    texts = [
        LINKS.replace("for the indicator", "for the programme or its results").replace(
            "inherited (for a result or programme containing it), ", ""
        ),
        "'in full': each programme's whole budget under every objective it reaches, per link kind (never "
        "totalled). 'split': each budget divided once, over its stated links if any, else its thematic area's "
        "(by declared shares when every stated link declares one, else evenly; left-over cents to the largest "
        f"remainders). Split {usd(split)} (confirmed + disputed) {check} the fund total {usd(fund_cents)}.",
        mapping_note() + ".",
    ]
    return render_frame(gcm_frame(view, fmt), fmt, TITLE) + notes(texts, fmt)

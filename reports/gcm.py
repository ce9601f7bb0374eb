"""The GCM view for people and programs (``mptf gcm``): each objective by its label and full title, and the
results under it by the common indicators' names."""

from __future__ import annotations

import pandas as pd

from .names import common_name, name
from .render import render_frame

__all__ = ["named_results", "render_gcm"]

TITLE = "Contributions to the GCM objectives (budgets in full under each objective)"


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
        out = out.drop(columns=["budget_cents"])
    return out


def render_gcm(view: pd.DataFrame, fmt: str) -> str:
    return render_frame(gcm_frame(view, fmt), fmt, TITLE)

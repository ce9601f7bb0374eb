"""Progress tables for people (``mptf progress``)."""

from __future__ import annotations

import pandas as pd

from .render import render_frame

__all__ = ["render_progress"]


def _pct(series: pd.Series) -> pd.Series:
    return series.map(lambda v: "" if pd.isna(v) else f"{100 * v:.0f}%")


def render_progress(table: pd.DataFrame, fmt: str) -> str:
    if fmt in ("json", "csv"):
        return render_frame(table, fmt)
    view = pd.DataFrame(
        {
            "programme": table["programme"],
            "indicator": table["indicator"],
            "baseline": table["baseline_value"].map(lambda v: "" if pd.isna(v) else f"{v:,.0f}"),
            "target": table["target_display"],
            "actual": table["actual_display"],
            "reported": table["as_of"].map(lambda d: "" if pd.isna(d) else d.date().isoformat()),
            "progress": _pct(table["progress"]),
            "expected": _pct(table["expected"]),
            "status": table["status"],
        }
    )
    if fmt == "md":  # a report: each indicator's name beside its id
        view.insert(2, "name", table["name"].fillna(""))
    counts = table["status"].value_counts()
    summary = ", ".join(f"{s}: {counts[s]}" for s in counts.index)
    dated = f" (as of {table['reference_date'].iloc[0]})" if len(table) else ""
    title = f"Progress against targets{dated}"
    return render_frame(view, fmt, title) + f"{len(table)} indicators — {summary}\n"

"""What changes between two versions of a programme's report: the values added, removed and changed, and the
fund figures that move because of it."""

from __future__ import annotations

import pandas as pd

__all__ = ["KEY", "moved_figures", "value_changes"]

#: A reported value is the same value in two versions when these agree.
KEY = ["indicator", "period_start", "period_end", "disaggregation"]
_CHANGES = ["change", "indicator", "period", "disaggregation", "old", "new"]


def _shown(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per value key with its figure as written (``text``; the number if no text)."""
    if rows.empty:
        return pd.DataFrame(columns=[*KEY, "shown"])
    out = rows[KEY].astype(object).copy()
    for col in ("period_start", "period_end"):
        out[col] = pd.to_datetime(rows[col]).dt.strftime("%Y-%m-%d").where(rows[col].notna(), "")
    out["disaggregation"] = out["disaggregation"].fillna("")
    text = rows["text"].astype(object)
    number = rows["value"].map(lambda v: "" if pd.isna(v) else f"{v:g}")
    out["shown"] = text.where(text.notna() & (text != ""), number).fillna("").astype(str).str.strip()
    return out.drop_duplicates(KEY, keep="last")


def value_changes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Values added, removed and changed from ``old`` to ``new`` (both the model's values table).

    Columns: change (added, removed, changed), indicator, period (``START:END``, or ``END``), disaggregation,
    old, new (the figures as written; empty where absent). Sorted by indicator, period, disaggregation."""
    both = _shown(old).merge(_shown(new), on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    both["change"] = both["_merge"].map({"left_only": "removed", "right_only": "added", "both": "changed"})
    both = both[(both["change"] != "changed") | (both["shown_old"] != both["shown_new"])]
    start, end = both["period_start"].fillna(""), both["period_end"].fillna("")
    both["period"] = (start + ":" + end).where(start != "", end)
    out = both.rename(columns={"shown_old": "old", "shown_new": "new"})[_CHANGES].fillna("")
    return out.sort_values(["indicator", "period", "disaggregation"], kind="stable").reset_index(drop=True)


def moved_figures(before, after, by=("thematic-area",), common_path: str | None = None) -> pd.DataFrame:
    """The fund figures that differ between two portfolios (before and after a change of values).

    Columns: the ``by`` dimensions, common, name, old, new (the figures as displayed; empty where there is
    none)."""
    from mptf.engine.rollup.core import rollup

    keys = [*by, "common"]
    cols = [*keys, "name", "display"]
    a = rollup(before, list(by), common_path, contributions=False).figures[cols].astype(object)
    b = rollup(after, list(by), common_path, contributions=False).figures[cols].astype(object)
    both = a.merge(b, on=keys, how="outer", suffixes=("_old", "_new"))
    moved = both[both["display_old"].fillna("") != both["display_new"].fillna("")]
    out = moved.assign(name=moved["name_new"].fillna(moved["name_old"]))
    out = out.rename(columns={"display_old": "old", "display_new": "new"})[[*keys, "name", "old", "new"]]
    return out.fillna("").reset_index(drop=True)

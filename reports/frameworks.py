"""Reference frameworks as tables for ``mptf frameworks``.

Every code has its name beside it: in a terminal or Markdown table the code and its short name in one cell
(``3 Addressing Irregular Migration``); in JSON and CSV the codes as they are and a ``<column>_name`` column with
the full titles (several codes in one cell are joined with ``; `` in both columns alike).
"""

from __future__ import annotations

import pandas as pd

from mptf.frameworks import areas, gcm, sdg

from .names import coded, name

__all__ = ["framework_table"]


def _named(frame: pd.DataFrame, column: str, dim: str, codes: pd.Series, fmt: str, title: str) -> pd.DataFrame:
    """``frame`` with ``column`` (lists of codes) named: one cell in a table, codes and full titles in JSON/CSV."""
    out = frame.copy()
    at = out.columns.get_loc(column) if column in out.columns else len(out.columns)
    out = out.drop(columns=[column], errors="ignore")
    if fmt in ("json", "csv"):
        out.insert(at, column, ["; ".join(map(str, c)) for c in codes])
        out.insert(at + 1, f"{column}_name", ["; ".join(name(dim, str(x)) for x in c) for c in codes])
    else:
        out.insert(at, title, [", ".join(coded(dim, str(x)) for x in c) for c in codes])
    return out


def framework_table(name_: str, goal: int | None = None, fmt: str = "table") -> tuple[pd.DataFrame, str]:
    """The table and its title (which names the source, and the mapping's status for areas).

    ``gcm``: number, title, label and the thematic areas that reach the objective (``thematic-area``); ``sdg``:
    target, goal (with ``goal_name``), title; ``areas``: number, title, short and the GCM objectives each area
    reaches (``gcm``, the mapping's status in the table's heading). ``fmt`` is the output format.
    """
    if name_ == "gcm":
        frame = gcm.objectives().reset_index()[["number", "title", "label"]]
        reach = areas.areas()["gcm"]
        by_area = [[a for a, objs in reach.items() if int(n) in map(int, objs)] for n in frame["number"]]
        frame = _named(frame, "thematic-area", "thematic-area", pd.Series(by_area), fmt, "thematic area")
        return frame, f"GCM objectives ({gcm.SOURCE}); thematic areas as mapped ({areas.MAPPING_STATUS})"
    if name_ == "principles":
        return gcm.principles().reset_index()[
            ["number", "paragraph", "title", "summary"]
        ], f"GCM guiding principles ({gcm.SOURCE})"
    if name_ == "sdg":
        frame = sdg.targets().reset_index()[["target", "goal", "title"]]
        if goal is not None:
            frame = frame[frame["goal"] == goal]
        frame = frame.reset_index(drop=True)
        goals = sdg.goals()["title"]
        titles = [str(goals.get(g, "")) for g in frame["goal"]]
        if fmt in ("json", "csv"):
            frame.insert(2, "goal_name", titles)
        else:
            frame["goal"] = [f"{g} {t}".strip() for g, t in zip(frame["goal"], titles, strict=True)]
        return frame, f"SDG targets ({sdg.SOURCE})"
    frame = areas.areas().reset_index()
    frame = _named(frame, "gcm", "gcm", frame["gcm"], fmt, f"gcm ({areas.MAPPING_STATUS})")
    return frame, f"Migration MPTF thematic areas (GCM mapping {areas.MAPPING_STATUS}: {areas.MAPPING_SOURCE})"

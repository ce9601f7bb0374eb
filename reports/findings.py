"""Findings for people: a compact table with one location column, and a summary line."""

from __future__ import annotations

import pandas as pd

from .render import render_frame

__all__ = ["render_findings", "summary_line"]


def location(frame: pd.DataFrame) -> pd.Series:
    """``file:line`` (or ``file[sheet]:row``), then ``column``, as one readable column."""
    line = frame["line"].astype("string").fillna("")
    sheet = frame["sheet"].where(frame["sheet"] == "", "[" + frame["sheet"] + "]")
    where = frame["file"] + sheet + line.where(line == "", ":" + line)
    return where + frame["column"].where(frame["column"] == "", " (" + frame["column"] + ")")


def summary_line(findings: pd.DataFrame, what: str) -> str:
    counts = findings["severity"].value_counts()
    parts = [
        f"{counts.get(s, 0)} {s}{'s' if counts.get(s, 0) != 1 else ''}"
        for s in ("fatal", "error", "warning", "info")
        if counts.get(s, 0) or s in ("error", "warning")
    ]
    return f"{what}: " + ", ".join(parts)


def render_findings(findings: pd.DataFrame, fmt: str, what: str, verbose: bool = False) -> str:
    """Table for people (with a summary line), or the full findings table as JSON/CSV.

    In the table, info findings are counted by code unless ``verbose``; JSON and CSV always hold every row.
    """
    if fmt != "table":
        return render_frame(findings, fmt)
    shown = findings if verbose else findings[findings["severity"] != "info"]
    infos = findings.loc[findings["severity"] == "info", "code"].value_counts(sort=False)
    note = ""
    if not verbose and len(infos):
        counts = ", ".join(f"{code} ×{n}" for code, n in infos.items())
        note = f"info findings not listed ({counts}); --verbose lists them\n"
    table = "" if shown.empty else _table(shown)
    return table + note + summary_line(findings, what) + "\n"


def _table(findings: pd.DataFrame) -> str:
    view = pd.DataFrame(
        {
            "severity": findings["severity"],
            "code": findings["code"],
            "location": location(findings),
            "item": findings["item"],
            "message": findings["message"],
            "hint": findings["hint"],
        }
    )
    return render_frame(view, "table")

"""``mptf validate``'s output: the findings table (at most ``limit`` rows for people) and its summary line."""

from __future__ import annotations

import pandas as pd

from .findings import location, render_findings, summary_line
from .render import render_frame

__all__ = ["render_validation"]

LIMIT = 1000


def render_validation(findings: pd.DataFrame, fmt: str, what: str, limit: int = LIMIT) -> str:
    """The findings as a table with a summary line (the first ``limit`` rows), or all of them as JSON/CSV/...

    The summary says how many rows were read and counts every finding, shown or not.
    """
    if fmt != "table" or len(findings) <= limit:
        return render_findings(findings, fmt, what)
    shown = findings.iloc[:limit]
    view = pd.DataFrame(
        {
            "severity": shown["severity"],
            "code": shown["code"],
            "location": location(shown),
            "item": shown["item"],
            "message": shown["message"],
            "hint": shown["hint"],
        }
    )
    note = f"… {len(findings) - limit} more findings not shown; --format csv or --annotate lists them all\n"
    return render_frame(view, "table") + note + summary_line(findings, what) + "\n"

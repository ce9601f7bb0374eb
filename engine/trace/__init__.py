"""Trace and audit: any fund figure down to the reported values it is made of, any indicator up to the GCM
objectives and SDG targets it serves, and every reported value that reaches no fund figure.

Pure functions over a :class:`~mptf.engine.model.Portfolio` and a :class:`~mptf.engine.rollup.core.Rollup`:

- :func:`trace_down` lists every reported value behind one figure (counted or excluded, each with its rule and
  provenance: file, sheet, line, the file's sha256, source and quote); :func:`recompute` re-aggregates the
  counted parts with the rules of the figure's measure, independently of the SQL that made the figure, and
  says whether they give the figure back; :func:`trace_rollup` does both for every figure of a rollup (what
  the audit export writes).
- :func:`trace_up` walks the containment tree from an indicator to its programme and thematic area, and lists
  the GCM objectives and SDG targets it links to, each direct or inherited from a named parent.
- :func:`trace_framework` gathers everything in the portfolio linked to one GCM objective or SDG target.
- :func:`orphans` lists the reported values that reach no fund figure, and those that reach one only through
  another row, with the reason.

Graph work goes through networkx (ancestors, descendants, shortest paths); nothing walks the tree by hand.
"""

from __future__ import annotations

from mptf.engine.trace.down import (
    PART_COLUMNS,
    Audit,
    TraceError,
    figure_id,
    is_counted,
    parse_figure_id,
    select_figure,
    trace_down,
    trace_rollup,
)
from mptf.engine.trace.orphans import orphans
from mptf.engine.trace.recompute import recompute, recompute_figures
from mptf.engine.trace.up import FrameworkTrace, IndicatorTrace, trace_framework, trace_up

__all__ = [
    "PART_COLUMNS",
    "Audit",
    "FrameworkTrace",
    "IndicatorTrace",
    "TraceError",
    "figure_id",
    "is_counted",
    "orphans",
    "parse_figure_id",
    "recompute",
    "recompute_figures",
    "select_figure",
    "trace_down",
    "trace_framework",
    "trace_rollup",
    "trace_up",
]

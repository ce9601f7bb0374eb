"""The portfolio model: one DataFrame per table (validated by pandera) and the results graph built from them.

A :class:`Portfolio` is what every command works on. Programme facts that sources may contradict are kept as
claims (one row per source); the ``programmes`` table holds a fact only where every claim agrees (the status:
the latest claim), so no contradiction is ever resolved silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mptf.engine.reading.rows import Rows
from mptf.indicators.schemas import SCHEMAS

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["TABLES", "Portfolio", "assemble"]

TABLES: tuple[str, ...] = ("programmes", "claims", "results", "indicators", "targets", "links", "values", "context")
_DATES = {
    "programmes": ("start", "end"),
    "claims": ("as_of",),
    "indicators": ("baseline_date",),
    "targets": ("date",),
    "values": ("period_start", "period_end"),
}
_TEXT_DEFAULTS = {
    "group": "",
    "source": "",
    "quote": "",
    "sheet": "",
    "file": "",
    "note": "",
    "cited_title": "",
    "key": "",
}


@dataclass
class Portfolio:
    """A loaded portfolio: its tables, the files they came from, and the findings made while loading."""

    programmes: pd.DataFrame
    claims: pd.DataFrame
    results: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame
    links: pd.DataFrame
    values: pd.DataFrame
    #: context statistics: figures about the programme's setting, with their sources; never rolled up
    context: pd.DataFrame = field(default_factory=lambda: _frame("context", []))
    files: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["file", "sha256"]))
    load_findings: pd.DataFrame | None = None
    #: The reference date of every result that depends on today (``--as-of``; None: today), read through
    #: :func:`mptf.engine.dates.reference_date`. Set it before the verdict is first read.
    as_of: pd.Timestamp | None = None

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The results graph of the portfolio's tables (see :func:`mptf.frameworks.graph.build_graph`)."""
        from mptf.frameworks.graph import build_graph

        return build_graph(self.programmes, self.results, self.indicators, self.links)

    @cached_property
    def tree(self) -> nx.DiGraph:
        """The containment part of the graph: fund → area → programme → results → indicators."""
        from mptf.frameworks.graph import containment

        return containment(self.graph)

    @cached_property
    def verdict(self):
        """The one verdict on the portfolio's own values, baselines and targets
        (:class:`~mptf.engine.rules.verdict.Verdict`), judged in batches of whole programmes when they are many."""
        from mptf.engine.rules.batches import batched_verdict

        return batched_verdict(self.values, self)

    def reach(self, framework: str) -> pd.DataFrame:
        """What each item reaches in ``framework`` (gcm or sdg), walked once a portfolio (see
        :func:`mptf.frameworks.reach.item_reach`: its columns, its errors)."""
        from mptf.frameworks.reach import item_reach

        walked = self.__dict__.setdefault("_reach", {})
        if framework not in walked:
            walked[framework] = item_reach(self.graph, framework, self.tree)
        return walked[framework]

    def programme(self, ident: str) -> pd.Series:
        return self.programmes.set_index("programme").loc[ident]


def _frame(name: str, rows: list) -> pd.DataFrame:
    """Table ``name`` from loader rows (dicts, and for ``values`` also whole tables), typed as its schema says."""
    schema = SCHEMAS[name]
    columns = list(schema.columns)
    if any(isinstance(row, pd.DataFrame) for row in rows):  # runs of dicts and tables, in their order
        runs = groupby(rows, key=lambda row: isinstance(row, pd.DataFrame))
        parts = [chunk for is_table, run in runs for chunk in (run if is_table else [pd.DataFrame(list(run))])]
        parts = [part.reindex(columns=columns) for part in parts]
        # one table (a portfolio's values file) is taken as it is: concatenating would copy every column
        frame = parts[0].reset_index(drop=True) if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    else:
        frame = pd.DataFrame(rows, columns=columns)
    for col in _DATES.get(name, ()):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    for col, spec in schema.columns.items():
        dtype = str(spec.dtype)
        if dtype == "Int64":
            frame[col] = pd.array(frame[col], dtype="Int64")
        elif dtype == "float64":
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
        elif dtype == "bool":
            column = frame[col].astype(object)  # an all-missing column comes as float64, which takes no False
            frame[col] = column.where(column.notna(), False).astype(bool)
        elif any(check.name.startswith("is_text") for check in spec.checks):
            default = _TEXT_DEFAULTS.get(col)
            if frame[col].dtype == object and pd.api.types.infer_dtype(frame[col], skipna=True) in ("string", "empty"):
                texts = frame[col].to_numpy(dtype=object)  # text already: only the missing change
                missing = pd.isna(texts)
                if missing.any():
                    texts = texts.copy()
                    texts[missing] = default
                    frame[col] = pd.Series(texts, index=frame.index, dtype=object, copy=False)
                continue
            series = frame[col].astype(object)
            if default is not None:
                series = series.where(series.notna(), default)
            texts = series.astype(str).to_numpy(dtype=object)  # str() of each value, as written
            frame[col] = pd.Series(np.where(series.isna().to_numpy(), None, texts), index=frame.index, dtype=object)
        elif dtype == "object":  # pandas would infer a str dtype for a column of text alone (a title claim)
            frame[col] = frame[col].astype(object)
    return frame


def _resolve(programmes: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Add each programme fact that its claims agree on (status: the latest claim)."""
    agreed = claims.groupby(["programme", "field"], sort=False)["key"].transform("nunique") == 1
    status = claims["field"] == "status"
    ordered = claims.assign(_o=claims["as_of"].fillna(pd.Timestamp.min)).sort_values("_o", kind="stable")
    latest_status = ordered[ordered["field"] == "status"].groupby("programme")["value"].last()
    facts = (
        claims[agreed & ~status]
        .drop_duplicates(["programme", "field"])
        .pivot(index="programme", columns="field", values="value")
    )
    out = programmes.set_index("programme")
    for name in (
        "title",
        "countries",
        "thematic_area",
        "duration_months",
        "start",
        "end",
        "organizations",
        "donors",
        "scope",
        "regions",
    ):
        out[name] = facts[name] if name in facts else None
    out["status"] = latest_status
    money = (facts["budget"] if "budget" in facts else pd.Series(dtype=object)).dropna()  # not every programme has one
    out["budget_cents"] = money.map(lambda m: m.cents).reindex(out.index)
    out["currency"] = money.map(lambda m: m.currency).reindex(out.index)
    for name in ("countries", "organizations", "donors", "regions"):
        out[name] = out[name].map(lambda v: v if isinstance(v, tuple) else ())
    return out.reset_index()


def assemble(rows: Rows, files: pd.DataFrame | None = None, findings: pd.DataFrame | None = None) -> Portfolio:
    """Build the validated tables of a portfolio from loader rows."""
    claims = _frame("claims", rows.claims)
    base = pd.DataFrame(rows.programmes)
    if base.empty:
        base = pd.DataFrame(columns=["programme", "partners", "source", "quote", "file", "sheet", "line"])
    base = base.drop_duplicates("programme")  # duplicate programme ids are reported by check
    programmes = _frame("programmes", _resolve(base, claims).to_dict("records"))
    tables = {"programmes": programmes, "claims": claims}
    for name in TABLES[2:]:
        tables[name] = _frame(name, getattr(rows, name))
    tables["results"] = tables["results"]
    for name, frame in tables.items():
        SCHEMAS[name].validate(frame, lazy=True, inplace=True)  # nothing is coerced: no copy to make
    return Portfolio(
        **tables, files=files if files is not None else pd.DataFrame(columns=["file", "sha256"]), load_findings=findings
    )

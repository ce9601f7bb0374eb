"""The results graph: fund → thematic area → programme → result → … → indicator, with links to GCM and SDG.

Nodes are strings ``kind:id`` (``"fund"``, ``"area:2"``, ``"programme:tjk-families-left-behind"``,
``"result:…"``, ``"indicator:…"``, ``"gcm:7"``, ``"sdg:10.7"``) with attributes ``kind``, ``id`` and ``label``.
Containment edges carry ``rel="contains"``; edges to GCM objectives and SDG targets carry ``rel="links"``. A
programme whose thematic area no source gives hangs directly under the fund. A result whose parent does not
exist gets no containment edge, so it is an orphan that integrity checks find.

>>> g = nx.DiGraph()
>>> g.add_edges_from([("fund", "area:1"), ("area:1", "programme:p"), ("result:orphan", "indicator:i")],
...                  rel="contains")
>>> containment_roots(g)
['fund', 'result:orphan']
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from . import areas as _areas
from . import gcm as _gcm

__all__ = ["FUND", "build_graph", "containment", "containment_roots", "node"]

FUND = "fund"


def node(kind: str, ident: object) -> str:
    return f"{kind}:{ident}"


def _given(value: object) -> bool:
    """A cell holding an id (not None, NaN or empty text)."""
    return isinstance(value, str) and value != ""


def build_graph(
    programmes: pd.DataFrame, results: pd.DataFrame, indicators: pd.DataFrame, links: pd.DataFrame
) -> nx.DiGraph:
    """Build the results graph from a portfolio's tables (pure; any of them may be empty).

    Reads ``programmes[programme, title, thematic_area, file, line]``, ``results[result, parent, programme, level,
    title, file, line]``, ``indicators[indicator, result, programme, name, measure, unit, file, line]`` and
    ``links[kind, item, framework, ref, cited_title, share]``. A link edge keeps the ``cited_title`` and the
    budget ``share`` its row declares (the first share given when the same link is written twice). Links from
    an item not in the graph, or to a GCM objective or SDG target that does not exist, are left out (integrity
    checks report them). Raises ``KeyError`` when a table lacks one of those columns.
    """
    g = nx.DiGraph()
    g.add_node(FUND, kind="fund", id="fund", label="Migration MPTF")
    for number, row in _areas.areas().iterrows():
        g.add_node(node("area", number), kind="area", id=int(number), label=row["short"])
        g.add_edge(FUND, node("area", number), rel="contains")
    for number, row in _gcm.objectives().iterrows():
        g.add_node(node("gcm", number), kind="gcm", id=int(number), label=row["label"])

    for row in programmes.itertuples(index=False):
        g.add_node(
            node("programme", row.programme),
            kind="programme",
            id=row.programme,
            label=row.title or row.programme,
            file=row.file,
            line=row.line,
        )
        area = row.thematic_area
        parent = node("area", int(area)) if pd.notna(area) and node("area", int(area)) in g else FUND
        g.add_edge(parent, node("programme", row.programme), rel="contains")

    results = results.dropna(subset=["result"])
    for row in results.itertuples(index=False):
        g.add_node(
            node("result", row.result),
            kind="result",
            id=row.result,
            level=row.level,
            label=row.title or row.result,
            programme=row.programme,
            file=row.file,
            line=row.line,
        )
    for row in results.itertuples(index=False):
        parent = node("result", row.parent) if _given(row.parent) else node("programme", row.programme)
        if parent in g:
            g.add_edge(parent, node("result", row.result), rel="contains")

    for row in indicators.itertuples(index=False):
        g.add_node(
            node("indicator", row.indicator),
            kind="indicator",
            id=row.indicator,
            label=row.name or row.indicator,
            programme=row.programme,
            measure=row.measure,
            unit=row.unit,
            file=row.file,
            line=row.line,
        )
        parent = node("result", row.result) if _given(row.result) else node("programme", row.programme)
        if parent in g:
            g.add_edge(parent, node("indicator", row.indicator), rel="contains")

    for row in links.itertuples(index=False):
        source = node(row.kind, row.item)
        target = node(row.framework, row.ref)
        if source not in g:
            continue
        if target not in g:
            if row.framework != "sdg":
                continue
            from . import sdg as _sdg

            if row.ref not in _sdg.targets().index:
                continue
            g.add_node(target, kind="sdg", id=row.ref, label=_sdg.targets().loc[row.ref, "title"])
        share = None if pd.isna(row.share) else float(row.share)
        if g.has_edge(source, target) and g.edges[source, target].get("share") is not None:
            share = g.edges[source, target]["share"]
        g.add_edge(source, target, rel="links", cited_title=row.cited_title, share=share)
    return g


def containment(g: nx.DiGraph) -> nx.DiGraph:
    """The tree part of the graph (``contains`` edges only), as a graph of its own (a filtered view would make
    every traversal count its nodes again)."""
    tree = nx.DiGraph()
    tree.add_nodes_from(g.nodes(data=True))
    tree.add_edges_from((u, v) for u, v, rel in g.edges(data="rel") if rel == "contains")
    return tree


def containment_roots(g: nx.DiGraph) -> list[str]:
    """Nodes of the containment tree that nothing contains, reference nodes excluded."""
    tree = containment(g)
    return sorted(n for n in tree if tree.in_degree(n) == 0 and g.nodes[n].get("kind") not in ("gcm", "sdg"))

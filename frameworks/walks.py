"""Walks over the results graph (:func:`mptf.frameworks.graph.build_graph`): which GCM objectives and SDG
targets each item serves, directly or inherited, and where an item sits.

An item (programme, result or indicator) serves the refs linked on it (``direct``) and those linked on any item
containing it (inherited ``via`` that item): an indicator serves the objectives of its results and of its
programme. Every command that groups, budgets or traces by GCM objective or SDG target asks these functions, so
they all agree.

>>> import networkx as nx
>>> g = nx.DiGraph()
>>> g.add_edges_from([("programme:p", "result:r"), ("result:r", "indicator:i")], rel="contains")
>>> for n, ident in [("programme:p", "p"), ("result:r", "r"), ("indicator:i", "i")]:
...     g.add_node(n, kind=n.split(":")[0], id=ident, programme="p")
>>> g.add_node("gcm:7", kind="gcm", id=7)
>>> g.add_edge("result:r", "gcm:7", rel="links", cited_title="", share=None)
>>> inherited_links(g)[["item", "ref", "via", "direct"]].values.tolist()
[['i', '7', 'result:r', False], ['r', '7', 'result:r', True]]
>>> chain_up(g, "indicator:i")
['indicator:i', 'result:r', 'programme:p']
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from .graph import FUND, containment

__all__ = [
    "INHERITED_COLUMNS",
    "OWN_COLUMNS",
    "chain_up",
    "inherited_links",
    "inherited_refs",
    "linked_items",
    "own_links",
    "programme_refs",
    "ref_key",
]

#: Columns of :func:`own_links`.
OWN_COLUMNS: tuple[str, ...] = ("node", "kind", "item", "framework", "ref", "cited_title", "share")
#: Columns of :func:`inherited_links`.
INHERITED_COLUMNS: tuple[str, ...] = ("node", "kind", "item", "framework", "ref", "via", "distance", "direct")
_FRAMEWORKS = ("gcm", "sdg")


def ref_key(ref: object) -> tuple:
    """Sort key of a ref: ``10.7`` after ``10.2``, objective ``10`` after ``9``.

    >>> sorted(["10", "9", "10.a", "10.10", "10.2"], key=ref_key)
    ['9', '10', '10.2', '10.10', '10.a']
    """
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(ref).split("."))


def _frameworks(framework: str | None) -> tuple[str, ...]:
    if framework is None:
        return _FRAMEWORKS
    if framework not in _FRAMEWORKS:
        raise ValueError(f"no framework {framework!r}: use gcm or sdg")
    return (framework,)


def own_links(graph: nx.DiGraph, framework: str | None = None) -> pd.DataFrame:
    """The links declared on items, one row per link edge: ``node`` (the item's node), ``kind`` and ``item`` (its
    kind and id), ``framework`` (``gcm`` or ``sdg``), ``ref`` (text: ``"7"``, ``"10.7"``), ``cited_title`` and
    ``share`` (the declared budget share, or None). Only ``framework``'s links when given; ``ValueError`` for a
    framework other than gcm or sdg."""
    wanted = _frameworks(framework)
    rows = []
    for u, v, data in graph.edges(data=True):
        if data.get("rel") != "links" or graph.nodes[v].get("kind") not in wanted:
            continue
        item = graph.nodes[u]
        rows.append(
            (u, item.get("kind"), str(item.get("id")), graph.nodes[v]["kind"], str(graph.nodes[v]["id"]))
            + (data.get("cited_title") or "", data.get("share"))
        )
    return pd.DataFrame(rows, columns=list(OWN_COLUMNS), dtype=object)


def _tree(graph: nx.DiGraph, tree: nx.DiGraph | None) -> nx.DiGraph:
    return containment(graph) if tree is None else tree


def inherited_links(
    graph: nx.DiGraph,
    framework: str | None = None,
    nodes: Iterable[str] | None = None,
    tree: nx.DiGraph | None = None,
) -> pd.DataFrame:
    """Every ref each item serves and the item the link is declared on: one row per (item, ref, declaring item).

    Columns: ``node``, ``kind``, ``item`` (the serving item's node, kind and id), ``framework``, ``ref``, ``via``
    (the node of the item the link is declared on: the item itself or one containing it), ``distance``
    (containment steps from ``via`` down to the item, 0 for its own link) and ``direct`` (``distance == 0``).
    An item inheriting the same ref from two items gets two rows. Rows are sorted by node, framework, ref
    (numeric order) and distance. ``nodes`` restricts the items to those nodes (unknown nodes give no rows);
    ``tree`` is the graph's :func:`~mptf.frameworks.graph.containment` when already at hand. Raises
    ``ValueError`` for a framework other than gcm or sdg.
    """
    own = own_links(graph, framework)
    tree = _tree(graph, tree)
    by_node: dict[str, list[tuple[str, str]]] = {}
    for n, fw, ref in own[["node", "framework", "ref"]].itertuples(index=False):
        by_node.setdefault(n, []).append((fw, ref))
    rows = []
    if nodes is None:  # down from each linked item
        for via, refs in by_node.items():
            below = nx.single_source_shortest_path_length(tree, via) if via in tree else {via: 0}
            rows.extend((n, fw, ref, via, d) for n, d in below.items() for fw, ref in refs)
    else:  # up from each asked item
        for n in dict.fromkeys(nodes):
            if n not in tree:
                continue
            above = nx.single_source_shortest_path_length(tree.reverse(copy=False), n)
            rows.extend((n, fw, ref, via, d) for via, d in above.items() for fw, ref in by_node.get(via, ()))
    return _inherited_frame(graph, rows)


def _inherited_frame(graph: nx.DiGraph, rows: list[tuple]) -> pd.DataFrame:
    keys = {ref: ref_key(ref) for ref in {r[2] for r in rows}}
    rows.sort(key=lambda r: (r[0], r[1], keys[r[2]], r[4], r[3]))
    out = [
        (n, graph.nodes[n].get("kind"), str(graph.nodes[n].get("id")), fw, ref, via, d, d == 0)
        for n, fw, ref, via, d in rows
    ]
    frame = pd.DataFrame(out, columns=list(INHERITED_COLUMNS), dtype=object)
    frame["distance"] = frame["distance"].astype("int64")
    frame["direct"] = frame["direct"].astype(bool)
    return frame


def inherited_refs(
    graph: nx.DiGraph, framework: str, kind: str = "indicator", tree: nx.DiGraph | None = None
) -> dict[str, list[str]]:
    """The refs of ``framework`` each item of ``kind`` serves, own and inherited, in numeric order, by item id;
    items serving none are absent. Raises ``ValueError`` for a framework other than gcm or sdg."""
    links = inherited_links(graph, framework, tree=tree)
    links = links[links["kind"] == kind].drop_duplicates(["item", "ref"])
    out: dict[str, list[str]] = {}
    for item, ref in zip(links["item"], links["ref"], strict=True):  # rows come in ref order
        out.setdefault(item, []).append(ref)
    return out


def programme_refs(graph: nx.DiGraph, framework: str) -> pd.DataFrame:
    """The refs of ``framework`` linked anywhere in each programme (on it, a result or an indicator of it): one
    row per programme and ref, columns ``programme``, ``ref`` and ``share`` (the budget share the programme's
    own link declares, else None), sorted by programme and ref. Raises ``ValueError`` for a framework other
    than gcm or sdg."""
    own = own_links(graph, framework)
    programme = [
        graph.nodes[n]["id"] if kind == "programme" else graph.nodes[n].get("programme")
        for n, kind in zip(own["node"], own["kind"], strict=True)
    ]
    own = own.assign(programme=programme)
    own["share"] = own["share"].where(own["kind"] == "programme")
    own = own.dropna(subset=["programme"])
    order = own.assign(_k=own["ref"].map(ref_key), _s=own["share"].isna())
    order = order.sort_values(["programme", "_k", "_s"], kind="stable").drop_duplicates(["programme", "ref"])
    out = order[["programme", "ref", "share"]].reset_index(drop=True)
    out["share"] = out["share"].astype(object).where(out["share"].notna(), None)
    return out


def chain_up(graph: nx.DiGraph, node: str, tree: nx.DiGraph | None = None) -> list[str]:
    """The containment path from ``node`` up to its root, ``node`` first: indicator → results → programme →
    thematic area → fund. When the fund does not contain ``node`` (a broken tree), the path ends at the
    first of the roots above it, in name order. Raises ``KeyError`` when ``node`` is not in the graph."""
    tree = _tree(graph, tree)
    if node not in tree:
        raise KeyError(node)
    above = nx.ancestors(tree, node)
    roots = sorted(n for n in above | {node} if tree.in_degree(n) == 0)
    start = FUND if FUND in roots else (roots[0] if roots else node)
    return list(reversed(nx.shortest_path(tree, start, node)))


def linked_items(graph: nx.DiGraph, framework: str, ref: object, tree: nx.DiGraph | None = None) -> pd.DataFrame:
    """Every item linked to one GCM objective or SDG target: columns ``node``, ``kind``, ``item``, ``link`` and
    ``via``. ``link`` is ``direct`` (declared on the item; ``via`` empty), ``inherited`` (``via`` the nearest
    containing item that declares it) or ``contains a linked item`` (a programme, ``via`` its most deeply
    nested linked item). Rows come direct first (most deeply nested first), then inherited, then programmes.
    Raises ``ValueError`` for a framework other than gcm or sdg."""
    _frameworks(framework)
    tree = _tree(graph, tree)
    target = f"{framework}:{ref}"
    direct = [u for u, _, rel in graph.in_edges(target, data="rel") if rel == "links"] if target in graph else []
    depth = {n: len(nx.ancestors(tree, n)) if n in tree else 0 for n in direct}
    direct.sort(key=lambda n: (-depth[n], n))
    how: dict[str, tuple[str, str]] = {n: ("direct", "") for n in direct}
    below = inherited_links(graph, framework, tree=tree)
    below = below[(below["ref"] == str(ref)) & ~below["direct"]]
    rank = {n: i for i, n in enumerate(direct)}
    below = below.assign(_r=below["via"].map(rank)).sort_values("_r", kind="stable")
    for n, via in below[["node", "via"]].itertuples(index=False):
        how.setdefault(n, ("inherited", via))
    for d in direct:
        for n in nx.ancestors(tree, d) if d in tree else ():
            if graph.nodes[n].get("kind") == "programme":
                how.setdefault(n, ("contains a linked item", d))
    rows = [(n, graph.nodes[n].get("kind"), str(graph.nodes[n].get("id")), link, via) for n, (link, via) in how.items()]
    return pd.DataFrame(rows, columns=["node", "kind", "item", "link", "via"])

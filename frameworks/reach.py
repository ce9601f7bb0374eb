"""How each item reaches a GCM objective or SDG target, and by which kind of link.

Three kinds, never merged:

- ``direct``: a source states the link for the item itself;
- ``inherited``: a source states it for an item containing this one (``via`` names the nearest);
- ``thematic area``: the programme's thematic area clusters the objective (GCM only; the fund's area →
  objective mapping, whose status and source are :data:`MAPPING_STATUS` and :data:`MAPPING_SOURCE`).

An item reaching one ref by several kinds keeps the strongest (direct, then inherited, then thematic area).
Whether a link is **disputed** is separate from its kind: a link is disputed when its sources conflict, today
when the title a source cites beside the number is, nearly word for word, the title of another objective or
target (``claims`` then names both). A disputed link keeps its kind; views put its budget and results in a
column of their own, under neither claim's confirmed figures.

Group keys (``mptf rollup --by gcm``) carry the kind and dispute so that kinds never fall into one figure:
``"8"`` (direct), ``"8:inherited"``, ``"8:area"``, ``"8:disputed"``, ``"8:inherited:disputed"``, and
``"unknown:<programme>"`` for a programme's items that reach none (one per programme, so the view says whose
documents are silent).

>>> group_key("8", "thematic area", False), group_key("10.7", "inherited", True)
('8:area', '10.7:inherited:disputed')
>>> split_key("8:inherited:disputed")
('8', 'inherited', True)
>>> split_key("unknown:phl-bridge")
('unknown', 'none', False)
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import cache

import networkx as nx
import pandas as pd

from . import areas as _areas
from .graph import containment
from .walks import inherited_links, own_links, ref_key

__all__ = [
    "KINDS",
    "MAPPING_SOURCE",
    "MAPPING_STATUS",
    "REACH_COLUMNS",
    "conflict",
    "group_key",
    "item_reach",
    "mapping_note",
    "programme_area",
    "programme_reach",
    "split_key",
]

MAPPING_STATUS = _areas.MAPPING_STATUS
MAPPING_SOURCE = _areas.MAPPING_SOURCE
#: The link kinds, strongest first.
KINDS: tuple[str, ...] = ("direct", "inherited", "thematic area")
_SUFFIX = {"direct": "", "inherited": ":inherited", "thematic area": ":area"}
_KIND_OF = {"inherited": "inherited", "area": "thematic area"}
#: Columns of :func:`item_reach`.
REACH_COLUMNS: tuple[str, ...] = (
    "node",
    "kind",
    "item",
    "programme",
    "framework",
    "ref",
    "link",
    "via",
    "disputed",
    "claims",
)
#: How near a cited title must be to another ref's title to dispute the number (the check uses the same).
TITLE_MATCH = 0.8


def mapping_note() -> str:
    """One line naming the area → GCM objective mapping's status and source, for every view that uses it."""
    return f"thematic area → GCM objective mapping: {MAPPING_STATUS} ({MAPPING_SOURCE})"


def group_key(ref: str, link: str, disputed: bool) -> str:
    """The rollup group key of a ref reached by ``link`` (a kind of :data:`KINDS`)."""
    return f"{ref}{_SUFFIX[link]}{':disputed' if disputed else ''}"


def split_key(key: object) -> tuple[str, str, bool]:
    """``(ref, link, disputed)`` of a group key; ``("unknown", "none", False)`` for a programme reaching none."""
    ref, *rest = str(key).split(":")
    if ref == "unknown":
        return ref, "none", False
    return ref, next((_KIND_OF[r] for r in rest if r in _KIND_OF), "direct"), "disputed" in rest


@cache
def _titles(framework: str) -> pd.Series:
    if framework == "gcm":
        from . import gcm as _gcm

        t = _gcm.objectives()["title"]
        return pd.Series(t.to_numpy(), index=[str(n) for n in t.index])
    from . import sdg as _sdg

    return _sdg.targets()["title"]


def conflict(framework: str, ref: str, cited_title: object) -> str | None:
    """The other ref whose official title the ``cited_title`` a source gives beside ``ref`` is (ratio over
    :data:`TITLE_MATCH`), or None when the title fits ``ref``, names no other, or is not given.

    >>> conflict("gcm", "8", "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work")
    '6'
    >>> conflict("gcm", "21", "") is None
    True
    """
    if not isinstance(cited_title, str) or not cited_title.strip():
        return None
    titles = _titles(framework)
    if ref not in titles.index:
        return None
    folded = cited_title.casefold()
    scores = titles.map(lambda t: SequenceMatcher(None, folded, t.casefold()).ratio())
    best = str(scores.idxmax())
    return best if best != ref and scores[best] > TITLE_MATCH else None


def _claims(framework: str, ref: str, other: str, cited: str) -> str:
    name = "objective" if framework == "gcm" else "target"
    return f'{name} {ref} by number; {name} {other} by the title cited beside it ("{cited}")'


def programme_area(graph: nx.DiGraph, tree: nx.DiGraph | None = None) -> dict[str, int]:
    """Each programme's thematic area (the area node containing it), by programme id; programmes under no
    area are absent."""
    tree = containment(graph) if tree is None else tree
    out = {}
    for n, attrs in tree.nodes(data=True):
        if attrs.get("kind") != "programme":
            continue
        parents = [p for p in tree.predecessors(n) if tree.nodes[p].get("kind") == "area"]
        if parents:
            out[str(attrs.get("id"))] = int(tree.nodes[parents[0]]["id"])
    return out


def item_reach(graph: nx.DiGraph, framework: str, tree: nx.DiGraph | None = None) -> pd.DataFrame:
    """Every (item, ref) an item of the portfolio reaches, one row each with its strongest kind.

    Columns :data:`REACH_COLUMNS`: the item's ``node``, ``kind``, ``item`` id and ``programme``; ``framework``,
    ``ref`` (text); ``link`` (a kind of :data:`KINDS`); ``via`` (the node the link is declared on, or the
    thematic area's node); ``disputed`` (bool) and ``claims`` (both claims of a disputed link, else ``""``).
    Sorted by node and ref (numeric order). Raises ``ValueError`` for a framework other than gcm or sdg.
    """
    tree = containment(graph) if tree is None else tree
    own = own_links(graph, framework)
    dispute = {}
    for n, ref, cited in own[["node", "ref", "cited_title"]].itertuples(index=False):
        other = conflict(framework, ref, cited)
        dispute[(n, ref)] = _claims(framework, ref, other, cited) if other else ""
    below = inherited_links(graph, framework, tree=tree)
    rows: dict[tuple[str, str], tuple] = {}
    for n, ref, via, direct in below[["node", "ref", "via", "direct"]].itertuples(index=False):
        rows.setdefault((n, ref), ("direct" if direct else "inherited", via, dispute.get((via, ref), "")))
    if framework == "gcm":
        clusters = _areas.areas()["gcm"]
        for n, attrs in tree.nodes(data=True):
            if attrs.get("kind") != "area" or int(attrs["id"]) not in clusters.index:
                continue
            for item in nx.descendants(tree, n):
                for number in clusters[int(attrs["id"])]:
                    rows.setdefault((item, str(number)), ("thematic area", n, ""))
    out = []
    for (n, ref), (link, via, claims) in rows.items():
        attrs = graph.nodes[n]
        programme = attrs.get("id") if attrs.get("kind") == "programme" else attrs.get("programme")
        out.append(
            (n, attrs.get("kind"), str(attrs.get("id")), programme, framework, ref, link, via, bool(claims), claims)
        )
    out.sort(key=lambda r: (r[0], ref_key(r[5])))
    frame = pd.DataFrame(out, columns=list(REACH_COLUMNS), dtype=object)
    frame["disputed"] = frame["disputed"].astype(bool)
    return frame


def programme_reach(graph: nx.DiGraph, framework: str, tree: nx.DiGraph | None = None) -> pd.DataFrame:
    """Every (programme, ref) a programme reaches: ``direct`` when a source states the link for the programme or
    any item in it, else ``thematic area``. Columns ``programme``, ``ref``, ``link``, ``via`` (the declaring
    node, the programme's own first; or the area node), ``share`` (the share the programme's own link declares,
    else None), ``disputed`` (any declaring link disputed) and ``claims``; sorted by programme and ref.
    Raises ``ValueError`` for a framework other than gcm or sdg."""
    tree = containment(graph) if tree is None else tree
    own = own_links(graph, framework)
    rows: dict[tuple[str, str], dict] = {}
    for n, kind, item, ref, cited, share in own[["node", "kind", "item", "ref", "cited_title", "share"]].itertuples(
        index=False
    ):
        programme = item if kind == "programme" else graph.nodes[n].get("programme")
        if programme is None:
            continue
        other = conflict(framework, ref, cited)
        claims = _claims(framework, ref, other, cited) if other else ""
        row = rows.setdefault(
            (programme, ref),
            {"link": "direct", "via": n, "share": None, "disputed": False, "claims": ""},
        )
        if kind == "programme":
            row["via"] = n
            row["share"] = share if share is not None and not pd.isna(share) else row["share"]
        if claims:
            row["disputed"], row["claims"] = True, row["claims"] or claims
    if framework == "gcm":
        clusters = _areas.areas()["gcm"]
        for programme, area in programme_area(graph, tree).items():
            for number in clusters.get(area, ()):
                rows.setdefault(
                    (programme, str(number)),
                    {"link": "thematic area", "via": f"area:{area}", "share": None, "disputed": False, "claims": ""},
                )
    out = [{"programme": p, "ref": r, **v} for (p, r), v in rows.items()]
    out.sort(key=lambda r: (r["programme"], ref_key(r["ref"])))
    frame = pd.DataFrame(out, columns=["programme", "ref", "link", "via", "share", "disputed", "claims"], dtype=object)
    frame["disputed"] = frame["disputed"].astype(bool)
    return frame

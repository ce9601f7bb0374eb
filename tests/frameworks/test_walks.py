"""Link inheritance and containment walks (mptf.frameworks.walks) on small graphs built by hand from tables."""

import doctest

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mptf.frameworks import walks
from mptf.frameworks.graph import FUND, build_graph, containment
from mptf.frameworks.walks import (
    chain_up,
    inherited_links,
    inherited_refs,
    linked_items,
    own_links,
    programme_refs,
)


def tables(programmes, results, indicators, links):
    """The four tables build_graph reads, from short tuples."""
    progs = pd.DataFrame(
        [{"programme": p, "title": p, "thematic_area": area, "file": "f", "line": 1} for p, area in programmes]
    )
    res = pd.DataFrame(
        [
            {"result": r, "parent": parent, "programme": p, "level": level, "title": r, "file": "f", "line": 2}
            for r, parent, p, level in results
        ],
        columns=["result", "parent", "programme", "level", "title", "file", "line"],
    )
    inds = pd.DataFrame(
        [
            {"indicator": i, "result": r, "programme": p, "name": i, "measure": "count", "unit": "people"}
            | {"file": "f", "line": 3}
            for i, r, p in indicators
        ],
        columns=["indicator", "result", "programme", "name", "measure", "unit", "file", "line"],
    )
    lnk = pd.DataFrame(
        [
            {"programme": p, "kind": kind, "item": item, "framework": fw, "ref": ref, "cited_title": "", "share": share}
            for p, kind, item, fw, ref, share in links
        ],
        columns=["programme", "kind", "item", "framework", "ref", "cited_title", "share"],
    )
    return progs, res, inds, lnk


@pytest.fixture
def graph():
    """Programme p (area 2, GCM 7 with share 0.6, GCM 2 with share 0.4) → impact p.imp (SDG 10.7) → output
    p.out (GCM 23) → indicator p.i (GCM 7 again, its own); p.imp → indicator p.top; programme q (no area, no
    link) → outcome q.oc → indicator q.i (SDG 8.8)."""
    return build_graph(
        *tables(
            [("p", 2), ("q", None)],
            [("p.imp", None, "p", "impact"), ("p.out", "p.imp", "p", "output"), ("q.oc", None, "q", "outcome")],
            [("p.i", "p.out", "p"), ("p.top", "p.imp", "p"), ("q.i", "q.oc", "q")],
            [
                ("p", "programme", "p", "gcm", "7", 0.6),
                ("p", "programme", "p", "gcm", "2", 0.4),
                ("p", "result", "p.imp", "sdg", "10.7", None),
                ("p", "result", "p.out", "gcm", "23", None),
                ("p", "indicator", "p.i", "gcm", "7", None),
                ("q", "indicator", "q.i", "sdg", "8.8", None),
            ],
        )
    )


def rows(frame, *cols):
    return [tuple(r) for r in frame[list(cols)].itertuples(index=False)]


def test_build_graph_from_tables_nests_and_links(graph):
    tree = containment(graph)
    assert sorted(tree.successors("area:2")) == ["programme:p"]
    assert "programme:q" in tree.successors(FUND)  # no thematic area: under the fund
    assert graph.edges["programme:p", "gcm:7"]["share"] == 0.6
    assert graph.edges["indicator:p.i", "gcm:7"]["share"] is None
    assert graph.nodes["sdg:10.7"]["kind"] == "sdg"


def test_build_graph_of_empty_tables_has_only_the_reference_nodes():
    g = build_graph(*tables([], [], [], []))
    assert {d["kind"] for _, d in g.nodes(data=True)} == {"fund", "area", "gcm"}
    assert inherited_links(g).empty and programme_refs(g, "gcm").empty and own_links(g).empty


def test_indicator_links_are_direct_or_inherited_via_the_declaring_node(graph):
    got = inherited_links(graph, nodes=["indicator:p.i"])
    assert rows(got, "framework", "ref", "via", "distance", "direct") == [
        ("gcm", "2", "programme:p", 3, False),
        ("gcm", "7", "indicator:p.i", 0, True),
        ("gcm", "7", "programme:p", 3, False),
        ("gcm", "23", "result:p.out", 1, False),  # a link on an intermediate result
        ("sdg", "10.7", "result:p.imp", 2, False),
    ]
    assert set(got["item"]) == {"p.i"} and set(got["kind"]) == {"indicator"}


def test_a_result_inherits_from_its_programme_and_not_from_below(graph):
    got = inherited_links(graph, nodes=["result:p.imp"])
    assert rows(got, "ref", "via", "direct") == [
        ("2", "programme:p", False),
        ("7", "programme:p", False),
        ("10.7", "result:p.imp", True),
    ]  # never GCM 23, which is linked on the output below it


def test_whole_graph_and_asked_nodes_give_the_same_rows(graph):
    everything = inherited_links(graph)
    for n in ("indicator:p.i", "indicator:p.top", "result:p.out", "programme:q", "indicator:q.i"):
        mine = everything[everything["node"] == n].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, inherited_links(graph, nodes=[n]))
    assert inherited_links(graph, nodes=["indicator:nope"]).empty
    assert set(inherited_links(graph, "sdg")["framework"]) == {"sdg"}


def test_inherited_refs_by_indicator_in_numeric_order(graph):
    assert inherited_refs(graph, "gcm") == {"p.i": ["2", "7", "23"], "p.top": ["2", "7"]}
    assert inherited_refs(graph, "sdg") == {"p.i": ["10.7"], "p.top": ["10.7"], "q.i": ["8.8"]}
    assert inherited_refs(graph, "gcm", kind="result") == {"p.imp": ["2", "7"], "p.out": ["2", "7", "23"]}
    with pytest.raises(ValueError, match="use gcm or sdg"):
        inherited_refs(graph, "iati")


def test_programme_refs_gather_links_anywhere_in_the_programme_with_declared_shares(graph):
    got = programme_refs(graph, "gcm")
    assert rows(got, "programme", "ref", "share") == [("p", "2", 0.4), ("p", "7", 0.6), ("p", "23", None)]
    assert rows(programme_refs(graph, "sdg"), "programme", "ref") == [("p", "10.7"), ("q", "8.8")]


def test_first_declared_share_is_kept_when_a_link_is_written_twice():
    g = build_graph(
        *tables(
            [("p", 1)],
            [],
            [],
            [("p", "programme", "p", "gcm", "5", None), ("p", "programme", "p", "gcm", "5", 0.5)]
            + [("p", "programme", "p", "gcm", "5", 0.25)],
        )
    )
    assert rows(programme_refs(g, "gcm"), "ref", "share") == [("5", 0.5)]


def test_chain_up_to_the_fund_or_to_a_broken_root(graph):
    assert chain_up(graph, "indicator:p.i") == ["indicator:p.i", "result:p.out", "result:p.imp", "programme:p"] + [
        "area:2",
        FUND,
    ]
    assert chain_up(graph, "indicator:q.i") == ["indicator:q.i", "result:q.oc", "programme:q", FUND]
    broken = build_graph(*tables([("p", 1)], [("p.x", "p.missing", "p", "output")], [("p.x.i", "p.x", "p")], []))
    assert chain_up(broken, "indicator:p.x.i") == ["indicator:p.x.i", "result:p.x"]
    with pytest.raises(KeyError):
        chain_up(graph, "indicator:nope")


def test_linked_items_direct_inherited_and_containing(graph):
    got = linked_items(graph, "gcm", "7")
    assert rows(got, "item", "link", "via") == [
        ("p.i", "direct", ""),  # the most deeply nested direct link first
        ("p", "direct", ""),
        ("p.top", "inherited", "programme:p"),  # p.i is direct: its own link wins over the programme's
        ("p.imp", "inherited", "programme:p"),
        ("p.out", "inherited", "programme:p"),
    ]
    out = linked_items(graph, "gcm", "23")
    assert rows(out, "item", "link", "via") == [
        ("p.out", "direct", ""),
        ("p.i", "inherited", "result:p.out"),
        ("p", "contains a linked item", "result:p.out"),
    ]
    assert linked_items(graph, "sdg", "1.1").empty


def test_walks_docstring_examples_run():
    result = doctest.testmod(walks)
    assert result.attempted > 0 and result.failed == 0


# -- property: an item serves exactly the refs linked on it or on an item containing it -----------------------
@st.composite
def random_frameworks(draw):
    """A random programme tree (results nested at random, indicators under any result) with random links."""
    n_results = draw(st.integers(0, 6))
    results = []
    for k in range(n_results):
        parent = draw(st.one_of(st.none(), st.integers(0, k - 1))) if k else None
        results.append((f"r{k}", None if parent is None else f"r{parent}", "p", "outcome"))
    indicators = [
        (f"i{k}", draw(st.sampled_from([None] + [r[0] for r in results])), "p") for k in range(draw(st.integers(1, 5)))
    ]
    items = [("programme", "p")] + [("result", r[0]) for r in results] + [("indicator", i[0]) for i in indicators]
    links = draw(
        st.lists(
            st.tuples(st.sampled_from(items), st.sampled_from(["1", "7", "10", "23"])),
            max_size=8,
            unique=True,
        )
    )
    return results, indicators, [("p", kind, item, "gcm", ref, None) for (kind, item), ref in links]


@settings(max_examples=60, deadline=None)
@given(random_frameworks())
def test_inherited_refs_are_the_union_of_own_links_over_the_item_and_its_ancestors(case):
    results, indicators, links = case
    g = build_graph(*tables([("p", 3)], results, indicators, links))
    tree = containment(g)
    own = {}
    for kind, item, ref in [(k, i, r) for _, k, i, _, r, _ in links]:
        own.setdefault(f"{kind}:{item}", set()).add(ref)
    got = inherited_refs(g, "gcm", tree=tree)
    everything = inherited_links(g, "gcm", tree=tree)
    for ident, _, _ in indicators:
        n = f"indicator:{ident}"
        expected = set().union(*(own.get(a, set()) for a in nx.ancestors(tree, n) | {n}))
        assert set(got.get(ident, [])) == expected
        mine = everything[everything["node"] == n].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, inherited_links(g, "gcm", nodes=[n], tree=tree))
        assert (mine["direct"] == (mine["via"] == n)).all()
        assert set(mine.loc[mine["direct"], "ref"]) == own.get(n, set())

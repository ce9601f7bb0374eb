"""Trace and audit, each on a small hand-worked portfolio (parts and paths checkable by eye), and every figure
of the embedded portfolio recomputed from its traced parts."""

import dataclasses
import hashlib
import math
import textwrap

import pandas as pd
import pytest
import yaml
from builders import build, ind, prog

from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.core import DIMENSIONS, _inherited, rollup
from mptf.engine.trace import (
    TraceError,
    figure_id,
    orphans,
    parse_figure_id,
    recompute,
    select_figure,
    trace_down,
    trace_framework,
    trace_rollup,
    trace_up,
)
from mptf.frameworks.reach import group_key


def down(p, by, keys, common="people-reached", common_path=None):
    result = rollup(p, by, common_path)
    figure = select_figure(result, by, keys, common, common_path)
    parts = trace_down(p, by, keys, common, common_path, result)
    return figure, parts, *recompute(parts, figure)


# -- trace down ----------------------------------------------------------------------------------------------
PROVENANCE = """\
id: a
countries: [TJK]
thematic_area: 2
results:
  - id: a.r
    level: outcome
    title: Outcome
    indicators:
      - id: a.i
        name: People reached
        measure: count
        unit: people
        common: people-reached
        values:
          - {value: 100, end: 2022-12-31, source: report-2022.pdf, quote: "100 people"}
          - {value: 180, end: 2023-12-31, source: report-2023.pdf, quote: "180 people"}
          - {value: 180, end: 2023-12-31, source: leaflet-2023.pdf, quote: "180 people again"}
"""


def test_trace_down_lists_every_row_with_its_rule_and_provenance(tmp_path):
    (tmp_path / "a.yaml").write_text(PROVENANCE, encoding="utf-8")
    yaml.safe_dump(prog("b", [ind("b.i", values=[250])]), (tmp_path / "b.yaml").open("w"))
    p = load_portfolio(tmp_path)
    figure, parts, again, ok = down(p, ["thematic-area"], ["2"])
    assert figure["id"] == "thematic-area=2/people-reached" and figure["display"] == "430"
    a = parts[parts["programme"] == "a"]
    assert a["rule"].tolist() == [
        "excluded: superseded by a later cumulative value",
        "summed: latest cumulative value",
        "excluded: the same claim again (duplicate)",
    ]
    assert a["counted"].tolist() == [False, True, False]
    assert a["line"].tolist() == [15, 16, 17]  # the lines of the three values in a.yaml
    assert a["source"].tolist() == ["report-2022.pdf", "report-2023.pdf", "leaflet-2023.pdf"]
    assert a["quote"].iloc[2] == "180 people again"
    assert set(a["sha256"]) == {hashlib.sha256((tmp_path / "a.yaml").read_bytes()).hexdigest()}
    assert set(a["file"]) == {str(tmp_path / "a.yaml")}
    assert parts["figure"].unique().tolist() == [figure["id"]]
    assert (again["value"], again["bound"], again["display"], ok) == (430, "=", "430", True)


def _sourced(value, source):
    """A value claimed by one source (two rows of one source for one period are a validation error)."""
    return {"value": value, "end": "2023-12-31", "source": source}


def test_bounds_of_parts_recompute_the_figures_bound(tmp_path):
    same = [
        {"value": 60, "end": "2023-12-31", "disaggregation": {"sex": "female"}},
        {"value": 30, "end": "2023-12-31", "disaggregation": {"sex": "male"}},
    ]
    p, _ = build(
        tmp_path,
        prog("a", [ind("a.i", values=[_sourced("125,750", "x.pdf"), _sourced("125,800", "y.pdf")])]),
        prog("b", [ind("b.i", values=same, disaggregation=["sex"])]),
        prog("c", [ind("c.x", values=["over 10"]), ind("c.y", values=[5])]),
    )
    figure, parts, again, ok = down(p, ["thematic-area"], ["2"])
    counted = parts[parts["counted"]].set_index("indicator")["counted_bound"]
    # conflicting claims: a lower bound; parts without a total: lower; two indicators of one programme: upper
    assert counted.to_dict() == {"a.i": "≥", "b.i": "≥", "c.x": "≈", "c.y": "≤"}
    assert figure["display"] == again["display"] == "≈ 125,855" and ok


def test_a_declared_overlap_is_a_negative_part(tmp_path):
    common = {
        "indicators": [
            {
                "id": "assisted",
                "name": "Assisted",
                "measure": "count",
                "unit": "people",
                "accepts": ["people"],
                "people": True,
                "across": "overlap",
            },
            {
                "id": "policies",
                "name": "Policies",
                "measure": "count",
                "unit": "documents",
                "accepts": ["documents"],
                "across": "once",
            },
        ],
        "overlaps": [
            {
                "common": "assisted",
                "programmes": ["a", "b"],
                "value": 30,
                "source": "joint report",
                "quote": "30 people were assisted by both",
            }
        ],
    }
    p, path = build(
        tmp_path,
        prog("a", [ind("a.s", "assisted", [100]), ind("a.p", "policies", [3], unit="documents")]),
        prog("b", [ind("b.s", "assisted", [250]), ind("b.p", "policies", [5], unit="documents")]),
        common=common,
    )
    figure, parts, again, ok = down(p, ["thematic-area"], ["2"], "assisted", path)
    overlap = parts[parts["rule"].str.startswith("subtracted")].iloc[0]
    assert (overlap["value"], overlap["programme"], overlap["source"]) == (-30, "a, b", "joint report")
    assert overlap["file"] == path and overlap["sha256"] == hashlib.sha256(open(path, "rb").read()).hexdigest()
    assert figure["value"] == again["value"] == 320 and ok
    policies, _, again, ok = down(p, ["thematic-area"], ["2"], "policies", path)
    assert policies["value"] == again["value"] == 2 and ok  # programmes, whatever their counts


def test_every_measure_recomputes(tmp_path):
    def pct(pid, value, num=None, den=None):
        v = {"value": value, "end": "2023-12-31"}
        if num is not None:
            v |= {"numerator": num, "denominator": den}
        return prog(pid, [ind(f"{pid}.p", "survivor-support-rate", [v], measure="percentage", unit="percent")])

    common = {
        "indicators": [
            {"id": "funds", "name": "Funds", "measure": "currency", "unit": "USD", "accepts": ["usd"]},
            {
                "id": "survivor-support-rate",
                "name": "Rate",
                "measure": "percentage",
                "unit": "percent",
                "accepts": ["percent"],
            },
            {"id": "yes", "name": "Yes", "measure": "yes-no"},
            {"id": "stage", "name": "Stage", "measure": "ordinal", "unit": "stage", "accepts": ["stage"]},
            {"id": "story", "name": "Story", "measure": "qualitative"},
        ]
    }
    docs = [
        prog(
            "m1",
            [
                ind("m1.m", "funds", ["0.10"], measure="currency", unit="USD"),
                ind("m1.y", "yes", ["yes"], measure="yes-no", unit=None),
                ind("m1.o", "stage", ["adopted"], measure="ordinal", unit="stage", scale=["draft", "adopted"]),
                ind("m1.q", "story", ["Visits held"], measure="qualitative", unit=None),
            ],
        ),
        prog(
            "m2",
            [
                ind("m2.m", "funds", ["0.20"], measure="currency", unit="USD"),
                ind("m2.y", "yes", ["no"], measure="yes-no", unit=None),
                ind("m2.o", "stage", ["draft"], measure="ordinal", unit="stage", scale=["draft", "adopted"]),
                ind("m2.q", "story", ["A law passed"], measure="qualitative", unit=None),
            ],
        ),
        pct("r1", "40%", 40, 100),
        pct("r2", "60%", 30, 50),
    ]
    p, path = build(tmp_path, *docs, common=common)
    audit = trace_rollup(p, ["thematic-area"], path)
    shown = audit.figures.set_index("common")["recomputed_display"].to_dict()
    assert shown == {
        "funds": "0.3",
        "stage": "adopted: 1, draft: 1",
        "story": "A law passed | Visits held",
        "survivor-support-rate": "46.7% (recomputed from numerators and denominators)",
        "yes": "1 of 2 programmes",
    }
    assert audit.figures["matches"].all()
    (tmp_path / "median").mkdir()
    p2, _ = build(tmp_path / "median", pct("r1", "40%"), pct("r2", "60%"), pct("r3", "90%", 9, 10))
    audit = trace_rollup(p2)
    assert audit.figures["recomputed_display"].tolist() == ["median 60% (range 40%–90%, n=3)"]
    assert audit.figures["matches"].all()


def test_recompute_says_when_the_parts_do_not_give_the_figure(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[100])]), prog("b", [ind("b.i", values=[250])]))
    figure, parts, _, ok = down(p, ["thematic-area"], ["2"])
    assert ok
    tampered = parts.assign(value=parts["value"].where(parts["programme"] != "b", 251.0))
    again, ok = recompute(tampered, figure)
    assert again["value"] == 351 and not ok
    dropped, ok = recompute(parts.iloc[:1], figure)
    assert dropped["value"] == 100 and not ok


def test_unit_mismatch_is_listed_under_its_figure_and_not_counted(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.h", values=[40], unit="households"), ind("a.p", values=[10])]))
    figure, parts, again, ok = down(p, ["thematic-area"], ["2"])
    h = parts[parts["indicator"] == "a.h"].iloc[0]
    assert not h["counted"] and h["rule"].startswith("excluded: unit 'households'")
    assert again["value"] == 10 and ok


def test_bad_selections_say_what_exists(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[10])], gcm=[7]))
    result = rollup(p, ["gcm"])
    # programme a (area 2: objectives 2, 7, 8, 12, 13) states 7, which its indicator inherits
    with pytest.raises(TraceError, match=r"no figure by gcm '6'.*groups with figures: 2:area, 7:inherited, 8:area"):
        select_figure(result, ["gcm"], ["6"], "people-reached")
    with pytest.raises(TraceError, match="did you mean '7:inherited'"):
        select_figure(result, ["gcm"], ["7"], "people-reached")
    with pytest.raises(TraceError, match="did you mean 'people-reached'"):
        select_figure(result, ["gcm"], ["7:inherited"], "people-reachd")
    with pytest.raises(TraceError, match="one key per dimension"):
        select_figure(result, ["gcm"], [], "people-reached")
    with pytest.raises(TraceError, match="not a figure id"):
        parse_figure_id("people-reached")


def test_figure_ids_round_trip():
    ident = figure_id(["gcm", "year"], ["8", "2023"], "people-reached")
    assert ident == "gcm=8;year=2023/people-reached"
    assert parse_figure_id(ident) == (["gcm", "year"], ["8", "2023"], "people-reached")


# -- the embedded portfolio: every figure from its parts -----------------------------------------------------
@pytest.fixture(scope="module")
def embedded():
    return load_portfolio()


@pytest.mark.parametrize(
    "by", [["thematic-area"], ["gcm"], ["sdg"], ["country"], ["agency"], ["year"], ["gcm", "year"]]
)
def test_every_embedded_figure_recomputes_from_its_traced_parts(embedded, by):
    result = rollup(embedded, by)
    assert len(result.figures)
    seen = []
    for fig in result.figures.to_dict("records"):
        keys = [fig[d] for d in by]
        figure = select_figure(result, by, keys, fig["common"])
        parts = trace_down(embedded, by, keys, fig["common"], result=result)
        again, ok = recompute(parts, figure)
        assert ok, (figure["id"], figure["display"], again)
        assert again["value"] == figure["value"] or (pd.isna(figure["value"]) and again["value"] is None)
        counted = parts[parts["counted"]]
        if fig["measure"] == "count":
            assert math.fsum(counted["value"]) == fig["value"]  # exactly, not approximately
        assert set(counted["figure"]) == {figure["id"]}
        seen.extend(counted["vid"].tolist())
    # every counted contribution is a part of exactly one figure
    c = result.contributions
    plain = c[c["rule"].str.startswith(("summed", "counted")) | (c["rule"] == "listed")]
    assert sorted(seen) == sorted(plain["vid"].tolist())


def test_trace_down_of_the_tajik_figure(embedded):
    figure, parts, again, ok = down(embedded, ["thematic-area"], ["2"])
    tjk = parts[parts["indicator"] == "tjk-flb.awareness-reached"]
    assert tjk["text"].tolist() == ["125,750", "125,800"]
    assert tjk["counted"].tolist() == [True, False]
    assert tjk["source"].unique().tolist() == ["migration-mptf-in-action-2023.txt"]
    assert tjk["file"].unique().tolist() == ["embedded/tjk-families-left-behind.yaml"]
    assert tjk["sha256"].str.fullmatch("[0-9a-f]{64}").all()
    assert again["display"] == figure["display"] == "≥ 125,750" and ok


# -- trace up ------------------------------------------------------------------------------------------------
def nested_programme():
    """A programme with indicators under 1 result (outcome), 2 (outcome → output) and 4 results (impact →
    outcome → outcome → output), links on the programme, the impact, an output and one indicator."""
    deep_output = {
        "id": "n.imp.o1.o2.out",
        "level": "output",
        "title": "Deep output",
        "sdg": ["8.8"],
        "indicators": [ind("n.depth4", values=[4], gcm=[23])],
    }
    return {
        "id": "n",
        "countries": ["KEN"],
        "thematic_area": 3,
        "gcm": [7],
        "results": [
            {
                "id": "n.oc",
                "level": "outcome",
                "title": "Outcome",
                "indicators": [ind("n.depth1", values=[1])],
                "results": [
                    {
                        "id": "n.oc.out",
                        "level": "output",
                        "title": "Output",
                        "indicators": [ind("n.depth2", values=[2])],
                    }
                ],
            },
            {
                "id": "n.imp",
                "level": "impact",
                "title": "Impact",
                "gcm": [10],
                "sdg": ["10.7"],
                "results": [
                    {
                        "id": "n.imp.o1",
                        "level": "outcome",
                        "title": "Outer outcome",
                        "results": [
                            {
                                "id": "n.imp.o1.o2",
                                "level": "outcome",
                                "title": "Inner outcome",
                                "results": [deep_output],
                            }
                        ],
                    }
                ],
            },
        ],
    }


@pytest.fixture
def nested(tmp_path):
    p, _ = build(tmp_path, nested_programme())
    return p


@pytest.mark.parametrize(
    ("indicator", "kinds"),
    [
        ("n.depth1", ["indicator", "outcome", "programme", "thematic area", "fund"]),
        ("n.depth2", ["indicator", "output", "outcome", "programme", "thematic area", "fund"]),
        ("n.depth4", ["indicator", "output", "outcome", "outcome", "impact", "programme", "thematic area", "fund"]),
    ],
)
def test_trace_up_walks_to_the_programme_and_area(nested, indicator, kinds):
    t = trace_up(nested, indicator)
    assert t.path["kind"].tolist() == kinds
    assert t.path["id"].iloc[0] == indicator and t.path["id"].iloc[-3:].tolist() == ["n", "3", "fund"]
    assert t.path["step"].tolist() == list(range(len(kinds)))
    assert t.feeds == {
        "common": "people-reached",
        "name": t.feeds["name"],
        "counted": True,
        "rule": "feeds the common indicator",
    }


def test_trace_up_directly_under_a_programme(nested):
    # an indicator whose result is not given hangs on its programme (a workbook row without `result`)
    ind_table = nested.indicators.assign(
        result=nested.indicators["result"].where(nested.indicators["indicator"] != "n.depth1", None)
    )
    p = dataclasses.replace(nested, indicators=ind_table)
    t = trace_up(p, "n.depth1")
    assert t.path["kind"].tolist() == ["indicator", "programme", "thematic area", "fund"]
    assert t.links[["framework", "ref", "link", "via"]].values.tolist() == [
        ["gcm", "4", "thematic area", "thematic area 3"],
        ["gcm", "7", "inherited", "programme n"],
        ["gcm", "9", "thematic area", "thematic area 3"],
        ["gcm", "10", "thematic area", "thematic area 3"],
        ["gcm", "11", "thematic area", "thematic area 3"],
        ["gcm", "21", "thematic area", "thematic area 3"],
    ]
    assert set(t.links.loc[t.links["link"] == "thematic area", "source"]) == {"thematic area mapping, unconfirmed"}


def test_trace_up_marks_each_link_direct_or_inherited_from_which_item(nested):
    links = trace_up(nested, "n.depth4").links
    got = links[["framework", "ref", "link", "via"]].values.tolist()
    assert got == [
        ["gcm", "4", "thematic area", "thematic area 3"],
        ["gcm", "7", "inherited", "programme n"],
        ["gcm", "9", "thematic area", "thematic area 3"],
        ["gcm", "10", "inherited", "impact n.imp"],
        ["gcm", "11", "thematic area", "thematic area 3"],
        ["gcm", "21", "thematic area", "thematic area 3"],
        ["gcm", "23", "direct", "indicator n.depth4"],
        ["sdg", "8.8", "inherited", "output n.imp.o1.o2.out"],
        ["sdg", "10.7", "inherited", "impact n.imp"],
    ]
    assert links.loc[links["ref"] == "10", "title"].iloc[0] == "Eradicate trafficking"
    # the same links, of the same kinds, the rollup groups by
    for framework in ("gcm", "sdg"):
        keys, _ = _inherited(nested, framework)
        for ident in ("n.depth1", "n.depth2", "n.depth4"):
            mine = trace_up(nested, ident).links
            mine = mine[mine["framework"] == framework].drop_duplicates("ref")  # the nearest link of each ref
            assert sorted(group_key(r, k, False) for r, k in mine[["ref", "link"]].values) == sorted(
                keys.get(ident, [])
            )


def test_trace_up_of_a_programme_with_no_area_and_of_an_unknown_indicator(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[1])], area=None), prog("b", [ind("b.i", common=None)]))
    t = trace_up(p, "a.i")
    assert t.path[["kind", "id"]].values.tolist()[-2:] == [["thematic area", "unknown"], ["fund", "fund"]]
    assert trace_up(p, "b.i").feeds["counted"] is False
    assert trace_up(p, "b.i").feeds["rule"] == "excluded: indicator linked to no common indicator"
    with pytest.raises(TraceError, match="did you mean 'a.i'"):
        trace_up(p, "a.j")


def test_trace_up_of_the_embedded_tajik_indicator(embedded):
    t = trace_up(embedded, "tjk-flb.awareness-reached")
    assert t.path["id"].tolist() == [
        "tjk-flb.awareness-reached",
        "tjk-flb.protection-of-rights",
        "tjk-families-left-behind",
        "2",
        "fund",
    ]
    # the seeds state no GCM objective for this programme: it reaches the GCM through area 2 only
    assert set(t.links["link"]) == {"thematic area"}
    assert t.links["ref"].tolist() == ["2", "7", "8", "12", "13"]
    phl = trace_up(embedded, "phl.advocacy-reach").links
    stated = phl[phl["link"] != "thematic area"]
    assert stated[["ref", "link", "via"]].values.tolist() == [
        ["8", "inherited", "programme phl-bridge"],
        ["21", "inherited", "programme phl-bridge"],
    ]
    assert stated["disputed"].tolist()[0].startswith("8 by number; 6 by the title")
    assert stated["disputed"].tolist()[1] == ""
    assert phl.loc[phl["link"] == "thematic area", "ref"].tolist() == ["5", "6", "18", "19", "20", "22"]


# -- trace gcm / sdg -----------------------------------------------------------------------------------------
def test_trace_framework_gathers_everything_linked(tmp_path):
    p, _ = build(
        tmp_path,
        nested_programme() | {"budget": 2_000_000, "status": "funded"},
        prog(
            "other",
            [ind("other.i", values=[5])],
            gcm=[{"objective": 10, "share": 0.5}, {"objective": 2, "share": 0.5}],
            budget=800_000,
        ),
        prog("none", [ind("none.i", values=[9])]),
    )
    t = trace_framework(p, "gcm", "10")
    items = t.items.set_index("item")
    assert items.loc["n", ["link", "budget_usd"]].tolist() == ["contains a linked item", "2,000,000.00"]
    assert items.loc["n.imp", "link"] == "direct"
    assert items.loc["n.depth4", ["link", "via"]].tolist() == ["inherited", "impact n.imp"]
    assert items.loc["n.depth4", "reported"] == "4 (2023-12-31)"
    assert items.loc["other", ["link", "share"]].tolist() == ["direct", 0.5]
    # n is in area 3, which clusters objective 10: n.depth1 (under no linked result) reaches it through the area
    assert items.loc["n.depth1", ["link", "via"]].tolist() == ["thematic area", "thematic area 3"]
    assert "none" not in items.index  # area 2 does not cluster 10
    figures = t.figures.set_index("link")
    assert figures.loc["inherited", "display"] == "9"  # n.depth4 4 + other.i 5
    assert figures.loc["thematic area", "display"] == "≤ 3"  # n.depth1 1 + n.depth2 2 (one programme's: ≤)
    assert t.budget["direct"]["programmes"] == 2 and t.title.startswith("Prevent, combat and eradicate trafficking")
    assert t.budget["direct"]["in_full_usd"] == "2,800,000.00"
    # n states 7 (programme), 10 (impact) and 23 (an indicator): 2,000,000.00 evenly over three is 666,666.66
    # and 2 cents left, which go to the first two (7 and 10); other gives 10 its declared half of 800,000
    assert t.budget["direct"]["split_usd"] == "1,066,666.67"  # 666,666.67 + 400,000.00
    assert trace_framework(p, "sdg", "8.8").items["item"].tolist() == ["n", "n.imp.o1.o2.out", "n.depth4"]
    assert trace_framework(p, "sdg", "1.1").items.empty
    with pytest.raises(TraceError, match="objectives 1 to 23"):
        trace_framework(p, "gcm", "24")
    with pytest.raises(TraceError, match="did you mean '10.7'"):
        trace_framework(p, "sdg", "10.77")


# -- orphans -------------------------------------------------------------------------------------------------
def test_orphans_say_why_each_value_reaches_no_figure(tmp_path):
    p, _ = build(
        tmp_path,
        prog(
            "a",
            [
                ind("a.none", common=None, values=[5]),
                ind("a.hh", values=[40], unit="households"),
                ind("a.q", common=None, values=["Visits held"], measure="qualitative", unit=None),
                ind("a.pct", "survivor-support-rate", ["45%"], measure="percentage", unit="percent"),
                ind("a.dup", values=[_sourced(7, "x.pdf"), _sourced(7, "y.pdf")]),
                ind("a.ok", values=[3]),
            ],
        ),
        prog("b", [ind("b.i", values=[11])], area=None),
    )
    (tmp_path / "values.csv").write_text(
        "programme,indicator,period_end,value\na,a.ghost,2023-12-31,12\n", encoding="utf-8"
    )
    p = load_portfolio(tmp_path)
    table = orphans(p)
    got = {(r.indicator, r.text): (r.reaches, r.reason) for r in table.itertuples()}
    assert got[("a.none", "5")] == ("no figure", "indicator linked to no common indicator")
    assert got[("a.hh", "40")][0] == "no figure" and got[("a.hh", "40")][1].startswith(
        "unit mismatch: unit 'households'"
    )
    assert got[("a.q", "Visits held")] == (
        "no figure",
        "qualitative, and linked to no common indicator (text is listed, never counted)",
    )
    assert got[("a.pct", "45%")][0] == "a figure, as a median only"
    assert got[("a.dup", "7")] == (
        "a figure, through another row",
        "excluded as a duplicate: the same claim is counted once",
    )
    assert got[("b.i", "11")] == ("only the 'unknown' area", "programme with no thematic area")
    assert got[("a.ghost", "12")] == ("no figure", "indicator not in the portfolio (mptf check reports it)")
    assert ("a.ok", "3") not in got
    assert len(table) == len(p.values) - 2  # all but a.ok and the counted duplicate
    assert table["sha256"].str.fullmatch("[0-9a-f]{64}").all()


def test_embedded_values_either_count_in_an_area_figure_or_are_orphans(embedded):
    table = orphans(embedded)
    c = rollup(embedded).contributions
    counted = c[
        (c["rule"].str.startswith(("summed", "counted")) | (c["rule"] == "listed")) & (c["k_area"] != "unknown")
    ]
    counted = counted[~((counted["measure"] == "percentage") & counted["denominator"].isna())]
    assert set(table["vid"]).isdisjoint(counted["vid"])
    assert len(table) + len(counted) == len(embedded.values)
    assert set(table.loc[table["programme"] == "tto-trafficking-survivors", "reason"]) >= {
        "programme with no thematic area"
    }


def test_keys_of_every_dimension_select_a_figure(embedded):
    for dim in DIMENSIONS:
        result = rollup(embedded, [dim])
        fig = result.figures.iloc[0]
        assert select_figure(result, [dim], [fig[dim]], fig["common"])["id"] == figure_id(
            [dim], [fig[dim]], fig["common"]
        )


def test_hand_written_yaml_lines_are_the_values_lines(tmp_path):
    (tmp_path / "a.yaml").write_text(textwrap.dedent(PROVENANCE), encoding="utf-8")
    p = load_portfolio(tmp_path)
    _, parts, _, _ = down(p, ["thematic-area"], ["2"])
    lines = (tmp_path / "a.yaml").read_text().splitlines()
    for part in parts.itertuples():
        assert f"value: {part.text}" in lines[part.line - 1]


def test_each_row_finds_the_position_of_its_keys_among_unique_rows():
    from mptf.engine.trace.down import row_positions

    figures = pd.DataFrame({"area": ["1", "2", "1"], "common": ["people", "people", "cases"]})
    rows = pd.DataFrame(
        {"k": ["1", "1", "3", "2", None, "2"], "c": ["cases", "people", "people", "cases", "people", "people"]}
    )
    assert row_positions(figures, rows).tolist() == [2, 0, -1, -1, -1, 1]


def test_each_row_finds_its_files_sha256_and_none_for_a_file_not_read():
    from mptf.engine.trace.down import file_sha256

    files = pd.DataFrame({"file": ["a.yaml", "b.csv", "a.yaml"], "sha256": ["aa", "bb", "aa"]}, dtype="str")
    assert file_sha256(files, pd.Series(["b.csv", "a.yaml", "c.xlsx", "b.csv"])).tolist() == ["bb", "aa", None, "bb"]

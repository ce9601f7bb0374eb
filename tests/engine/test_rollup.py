"""Rollup rules, each on a small hand-worked example (figures checkable by eye)."""

import pandas as pd
import pytest
from builders import build, ind, prog

from mptf.engine.rollup.budget import budget_rollup
from mptf.engine.rollup.core import rollup, rollup_in_batches


def figure(result, common="people-reached", **group):
    f = result.figures[result.figures["common"] == common]
    for dim, key in group.items():
        f = f[f[dim.replace("_", "-")] == key]
    assert len(f) == 1, result.figures
    return f.iloc[0]


def rules(result, indicator):
    c = result.contributions
    return c.loc[c["indicator"] == indicator, "rule"].tolist()


def test_counts_sum_across_programmes(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[100])]), prog("b", [ind("b.i", values=[250])]))
    f = figure(rollup(p), **{"thematic_area": "2"})
    assert (f["value"], f["bound"], f["display"], f["programmes"], f["in_scope"]) == (350, "=", "350", 2, 2)


def test_cumulative_gives_its_latest_value_per_period_gives_the_sum(tmp_path):
    values = [{"value": 100, "end": "2022-12-31"}, {"value": 180, "end": "2023-12-31"}]
    p, _ = build(
        tmp_path, prog("a", [ind("a.cum", values=values)]), prog("b", [ind("b.per", values=values, cumulative=False)])
    )
    r = rollup(p)
    assert figure(r)["value"] == 180 + 280
    assert rules(r, "a.cum") == ["excluded: superseded by a later cumulative value", "summed: latest cumulative value"]
    assert rules(r, "b.per") == ["summed: value of its period"] * 2


def test_by_year_takes_the_latest_cumulative_value_within_each_year(tmp_path):
    values = [
        {"value": 100, "end": "2022-06-30"},
        {"value": 150, "end": "2022-12-31"},
        {"value": 180, "end": "2023-12-31"},
    ]
    p, _ = build(tmp_path, prog("a", [ind("a.cum", values=values)]))
    r = rollup(p, ["year"])
    assert figure(r, year="2022")["value"] == 150 and figure(r, year="2023")["value"] == 180


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        ("over 100", 50, "> 150"),
        ("at least 10", 5, "≥ 15"),
        ("approximately 100", 50, "≈ 150"),
        ("up to 40", 10, "≤ 50"),
        ("over 10", "up to 5", "≈ 15"),
        ("1,234,000", "over 567", "> 1,234,567"),
    ],
)
def test_qualifiers_propagate_through_sums(tmp_path, a, b, shown):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[a])]), prog("b", [ind("b.i", values=[b])]))
    assert figure(rollup(p))["display"] == shown


def test_percentages_are_never_summed(tmp_path):
    p, _ = build(
        tmp_path,
        prog("a", [ind("a.p", "survivor-support-rate", ["40%"], measure="percentage", unit="percent")]),
        prog("b", [ind("b.p", "survivor-support-rate", ["60%"], measure="percentage", unit="percent")]),
        prog("c", [ind("c.p", "survivor-support-rate", ["90%"], measure="percentage", unit="percent")]),
    )
    f = figure(rollup(p), "survivor-support-rate")
    assert (f["value"], f["min_value"], f["max_value"]) == (60, 40, 90)
    assert f["display"] == "median 60% (range 40%–90%, n=3)"


def test_percentages_are_recomputed_from_numerators_and_denominators(tmp_path):
    a = {"value": "40%", "numerator": 40, "denominator": 100, "end": "2023-12-31"}
    b = {"value": "60%", "numerator": 30, "denominator": 50, "end": "2023-12-31"}
    p, _ = build(
        tmp_path,
        prog("a", [ind("a.p", "survivor-support-rate", [a], measure="percentage", unit="percent")]),
        prog("b", [ind("b.p", "survivor-support-rate", [b], measure="percentage", unit="percent")]),
    )
    f = figure(rollup(p), "survivor-support-rate")
    assert f["value"] == pytest.approx(100 * 70 / 150) and f["display"].startswith("46.7%")


def test_ordinal_gives_a_distribution(tmp_path):
    def o(pid, level):
        return prog(
            pid,
            [ind(f"{pid}.o", "policy-stage", [level], measure="ordinal", unit="stage", scale=["developed", "adopted"])],
        )

    p, _ = build(tmp_path, o("a", "developed"), o("b", "adopted"), o("c", "adopted"))
    f = figure(rollup(p), "policy-stage")
    assert f["display"] == "adopted: 2, developed: 1" and pd.isna(f["value"])


def test_yes_no_gives_k_of_n(tmp_path):
    p, _ = build(
        tmp_path,
        prog("a", [ind("a.y", "structures-in-place", ["yes"], measure="yes-no", unit=None)]),
        prog("b", [ind("b.y", "structures-in-place", ["no"], measure="yes-no", unit=None)]),
    )
    assert figure(rollup(p), "structures-in-place")["display"] == "1 of 2 programmes"


def test_qualitative_values_are_listed(tmp_path):
    p, _ = build(
        tmp_path, prog("a", [ind("a.q", "narrative-results", ["Visits held"], measure="qualitative", unit=None)])
    )
    f = figure(rollup(p), "narrative-results")
    assert f["display"] == "Visits held" and pd.isna(f["value"])


def _sourced(*figures):
    return [{"value": v, "end": "2023-12-31", "source": f"report-{k}"} for k, v in enumerate(figures)]


def test_the_same_claim_twice_counts_once(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=_sourced(665, 665))]))
    r = rollup(p)
    assert figure(r)["value"] == 665
    assert rules(r, "a.i") == ["summed: latest cumulative value", "excluded: the same claim again (duplicate)"]


def test_a_second_row_of_the_same_source_is_a_validation_error_left_out(tmp_path):
    (tmp_path / "same").mkdir(), (tmp_path / "differ").mkdir()
    p, _ = build(tmp_path / "same", prog("a", [ind("a.i", values=[665, 665])]))
    r = rollup(p)
    assert (figure(r)["display"], r.left_out) == ("665", 1)
    assert rules(r, "a.i") == ["summed: latest cumulative value", "excluded: duplicate-period (mptf validate says why)"]
    # one source, two figures for one period: neither can be trusted, and no figure depends on the rows' order
    p, _ = build(tmp_path / "differ", prog("a", [ind("a.i", values=[665, 700])]))
    r = rollup(p)
    assert (r.figures.empty, r.left_out) == (True, 2)


def test_conflicting_claims_keep_the_lowest_as_a_lower_bound(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=_sourced("125,750", "125,800"))]))
    r = rollup(p)
    assert figure(r)["display"] == "≥ 125,750"
    assert "excluded: sources disagree; the lowest claim is kept as a lower bound" in rules(r, "a.i")


def test_a_total_wins_over_its_parts(tmp_path):
    values = [100, {"value": 60, "end": "2023-12-31", "disaggregation": {"sex": "female"}}]
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=values, disaggregation=["sex"])]))
    r = rollup(p)
    assert figure(r)["display"] == "100"
    assert rules(r, "a.i") == ["summed: latest cumulative value", "excluded: part of a reported total"]


def test_parts_without_a_total_are_a_lower_bound_or_approximate(tmp_path):
    same = [
        {"value": 60, "end": "2023-12-31", "disaggregation": {"sex": "female"}},
        {"value": 30, "end": "2023-12-31", "disaggregation": {"sex": "male"}},
    ]
    mixed = [
        {"value": 300, "end": "2023-12-31", "disaggregation": {"sex": "female", "age": "adult"}},
        {"value": 851, "end": "2023-12-31", "disaggregation": {"age": "child"}},
    ]
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=same, disaggregation=["sex"])]))
    assert figure(rollup(p))["display"] == "≥ 90"
    (tmp_path / "mixed").mkdir()
    p2, _ = build(tmp_path / "mixed", prog("b", [ind("b.i", values=mixed, disaggregation=["sex", "age"])]))
    assert figure(rollup(p2))["display"] == "≈ 1,151"


def test_a_programme_unique_total_wins_over_the_sum_of_its_indicators(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.x", values=[100]), ind("a.y", values=[80])]))
    r = rollup(p)
    assert figure(r)["display"] == "≤ 180"  # the same people may be counted twice: an upper bound
    p2, _ = build(
        tmp_path, prog("a", [ind("a.x", values=[100]), ind("a.y", values=[80]), ind("a.u", values=[150], unique=True)])
    )
    r2 = rollup(p2)
    assert figure(r2)["display"] == "150"
    assert rules(r2, "a.x") == ["excluded: the programme reports a unique total for this common indicator"]


COMMON = {
    "indicators": [
        {
            "id": "people-reached",
            "name": "People reached",
            "measure": "count",
            "unit": "people",
            "accepts": ["people"],
            "people": True,
            "across": "max",
        },
        {
            "id": "policies",
            "name": "Policies",
            "measure": "count",
            "unit": "documents",
            "accepts": ["documents"],
            "across": "once",
        },
        {
            "id": "assisted",
            "name": "People assisted",
            "measure": "count",
            "unit": "people",
            "accepts": ["people"],
            "people": True,
            "across": "overlap",
        },
    ],
    "overlaps": [{"common": "assisted", "programmes": ["a", "b"], "value": 30, "source": "joint report"}],
}


def test_across_policies_max_once_and_declared_overlap(tmp_path):
    p, path = build(
        tmp_path,
        prog(
            "a",
            [ind("a.r", values=[100]), ind("a.p", "policies", [3], unit="documents"), ind("a.s", "assisted", [100])],
        ),
        prog(
            "b",
            [ind("b.r", values=[250]), ind("b.p", "policies", [5], unit="documents"), ind("b.s", "assisted", [250])],
        ),
        common=COMMON,
    )
    r = rollup(p, common_path=path)
    assert figure(r, "people-reached")["value"] == 250
    assert rules(r, "a.r") == ["excluded: overlapping figures; the largest programme figure is taken"]
    assert figure(r, "policies")["value"] == 2  # two programmes, whatever their counts
    assert figure(r, "assisted")["value"] == 320
    assert "declared overlap 30 subtracted" in figure(r, "assisted")["rule"]


def test_unit_mismatch_is_left_out_and_reported(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.h", values=[40], unit="households"), ind("a.p", values=[10])]))
    r = rollup(p)
    assert figure(r)["value"] == 10
    assert rules(r, "a.h") == ["excluded: unit 'households' is not what 'people-reached' counts (people)"]
    assert r.findings["code"].tolist() == ["unit-mismatch"]


def test_unknown_common_indicator_and_measure_mismatch(tmp_path):
    p, _ = build(
        tmp_path,
        prog("a", [ind("a.x", "people-reachd", [5]), ind("a.y", "people-reached", ["5%"], measure="percentage")]),
    )
    r = rollup(p)
    assert sorted(r.findings["code"]) == ["measure-mismatch", "unknown-common-indicator"]
    assert r.figures.empty


def test_money_sums_exactly(tmp_path):
    common = {
        "indicators": [
            {"id": "funds", "name": "Funds mobilised", "measure": "currency", "unit": "USD", "accepts": ["usd"]}
        ]
    }
    docs = [prog(x, [ind(f"{x}.m", "funds", ["0.10"], measure="currency", unit="USD")]) for x in "abc"]
    p, path = build(tmp_path, *docs, common=common)
    f = figure(rollup(p, common_path=path), "funds")
    assert f["value"] == 0.3 and f["display"] == "0.3"


def test_coverage_counts_programmes_in_scope_that_did_not_report(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[10])]), prog("b", [ind("b.i", values=[])]))
    f = figure(rollup(p))
    assert (f["programmes"], f["in_scope"], f["not_reporting"]) == (1, 2, 1)


def test_multi_country_programmes_count_in_full_under_each_country(tmp_path):
    values = [100, {"value": 30, "end": "2023-12-31", "disaggregation": {"country": "KEN"}}]
    p, _ = build(
        tmp_path,
        prog("a", [ind("a.i", values=[100])], countries=("GIN", "LBR")),
        prog("b", [ind("b.i", values=values, disaggregation=["country"])], countries=("KEN", "SOM")),
    )
    r = rollup(p, ["country"])
    assert figure(r, country="GIN")["value"] == figure(r, country="LBR")["value"] == 100
    assert figure(r, country="KEN")["value"] == 30  # the value's own country group wins
    assert figure(r, country="SOM")["value"] == 100
    assert not r.figures["additive"].any()


def test_gcm_links_are_inherited_from_results_and_programme(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[10], gcm=[10])], gcm=[7]))
    r = rollup(p, ["gcm"])
    # the indicator's own link is direct; the programme's reaches it inherited: two kinds, two group keys
    assert figure(r, gcm="7:inherited")["value"] == 10 and figure(r, gcm="10")["value"] == 10
    assert figure(r, gcm="7:inherited")["gcm_link"] == "inherited" and figure(r, gcm="10")["gcm_link"] == "direct"


def test_budget_full_count_or_declared_share(tmp_path):
    p, _ = build(
        tmp_path,
        prog("a", [ind("a.i")], gcm=[7, 10], budget="1,000,000.01"),
        prog(
            "b",
            [ind("b.i")],
            gcm=[{"objective": 7, "share": 0.25}, {"objective": 10, "share": 0.75}],
            budget=400_000,
            status="concept note approved",
        ),
    )
    table, additive = budget_rollup(p, "gcm")
    got = table.set_index("gcm")[["funded_cents", "pipeline_cents"]].to_dict("index")
    assert got == {
        "7": {"funded_cents": 100_000_001, "pipeline_cents": 10_000_000},
        "10": {"funded_cents": 100_000_001, "pipeline_cents": 30_000_000},
    }
    assert not additive  # programme a counts in full under both objectives
    area, additive_area = budget_rollup(p, "thematic-area")
    assert additive_area and area["total_cents"].sum() == 140_000_001


def test_a_repeated_claim_counts_once_in_each_of_several_groups(tmp_path):
    # a programme with two agencies and two GCM objectives: each group gets the value once, not once per group
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[5, 5])], gcm=[7, 10], organizations=["IOM", "ILO"]))
    for dim, keys in (("agency", ("IOM", "ILO")), ("gcm", ("7:inherited", "10:inherited"))):
        r = rollup(p, [dim])
        assert [figure(r, **{dim: k})["value"] for k in keys] == [5, 5]
        assert not r.contributions.duplicated(["vid", f"k_{dim}"]).any()


def test_contributions_carry_their_provenance_and_sentence_sorted_by_group_and_programme(tmp_path):
    """The contributions come out of SQL joined to each value's file and line and to its rule's sentence (one
    sentence per distinct rule and fields), sorted by group, common indicator, programme, indicator, value."""
    p, _ = build(
        tmp_path,
        prog("b", [ind("b.i", values=[{"value": 7, "end": "2022-12-31"}, {"value": 9, "end": "2023-12-31"}])]),
        prog("a", [ind("a.i", values=[100]), ind("a.km", unit="kilometres", values=[5])]),
    )
    c = rollup(p).contributions
    assert c[["programme", "indicator"]].values.tolist() == [
        ["a", "a.i"], ["a", "a.km"], ["b", "b.i"], ["b", "b.i"]
    ]  # fmt: skip
    values = p.verdict.values
    for row in c.itertuples():
        assert (row.file, row.line) == tuple(values.iloc[row.vid][["file", "line"]])
    assert c.loc[c["indicator"] == "a.km", "rule"].tolist() == [
        "excluded: unit 'kilometres' is not what 'people-reached' counts (people)"
    ]
    assert c.loc[c["indicator"] == "b.i", "rule"].tolist() == [
        "excluded: superseded by a later cumulative value", "summed: latest cumulative value"
    ]  # fmt: skip
    # the same rows, in the same order, when they leave SQL a few at a time
    result, batches = rollup_in_batches(p, ["thematic-area"], None, rows=3)
    got = list(batches)
    assert [len(b) for b in got] == [3, 1] and result.contributions.empty
    pd.testing.assert_frame_equal(result.figures, rollup(p).figures)
    pd.testing.assert_frame_equal(pd.concat(got, ignore_index=True), c, check_index_type=False)

"""The unit vocabulary: one table of unit words for every common indicator, each refusal in the open."""

import pytest
from builders import build, ind, prog

from mptf.engine.rollup.core import rollup
from mptf.engine.rules.checks import check_portfolio
from mptf.indicators.common import common_indicators, unit_accepted
from mptf.indicators.units import class_words, unit_classes, unit_vocabulary


def test_every_word_belongs_to_one_class():
    seen: dict[str, str] = {}
    for cls in unit_vocabulary().values():
        for word in cls.words:
            assert seen.setdefault(word, cls.name) == cls.name, word


def test_families_and_households_are_never_people():
    assert not set(class_words("households")) & set(class_words("people"))
    assert unit_classes("families left behind") == ("households",)
    assert unit_classes("household members") == ("people",)  # the members of a household are people


@pytest.mark.parametrize("common", ["people-reached", "people-assisted", "people-trained", "officials-trained"])
@pytest.mark.parametrize("unit", ["residents", "beneficiaries", "returnees", "women", "officials", "Participants"])
def test_every_people_indicator_accepts_the_same_words(common, unit):
    table = common_indicators()
    assert table.loc[common, "unit_class"] == "people"
    assert unit_accepted(unit, table.loc[common, "accepts"])


@pytest.mark.parametrize("unit", ["households", "families", "family", "seedlings"])
def test_people_indicators_refuse_other_units(unit):
    assert not unit_accepted(unit, common_indicators().loc["people-assisted", "accepts"])


def test_a_sources_own_unit_is_counted_not_dropped(tmp_path):
    # "residents" was not a word of people-assisted: the value left the fund figure
    p, _ = build(tmp_path, prog("a", [ind("a.r", "people-assisted", [120], unit="residents")]))
    r = rollup(p)
    figure = r.figures[r.figures["common"] == "people-assisted"]
    assert figure["value"].tolist() == [120]
    assert r.findings.empty


def test_a_refused_unit_is_named_with_the_accepted_ones(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.s", "people-assisted", [300], unit="seedlings")]))
    found = check_portfolio(p)
    row = found[found["code"] == "unit-mismatch"].iloc[0]
    assert row["severity"] == "warning" and row["column"] == "unit"
    assert "counts 'seedlings' (a word the unit vocabulary does not know)" in row["message"]
    assert "accepts people: people, person, persons, individuals" in row["message"]
    assert "residents" in row["message"]
    assert "indicators/units.yaml" in row["hint"]
    r = rollup(p)
    assert r.figures.empty
    assert r.contributions["rule"].tolist() == [
        "excluded: unit 'seedlings' is not what 'people-assisted' counts (people)"
    ]


def test_households_are_kept_apart_from_people_in_the_rollup(tmp_path):
    # 40 families assisted and 90 people assisted by one programme, 60 households by another: the fund has
    # 90 people assisted and 100 households assisted, never 190 people.
    p, _ = build(
        tmp_path,
        prog(
            "a",
            [
                ind("a.f", "households-assisted", [40], unit="families"),
                ind("a.p", "people-assisted", [90], unit="migrants"),
                ind("a.wrong", "people-assisted", [25], unit="households"),
            ],
        ),
        prog("b", [ind("b.h", "households-assisted", [60], unit="households")]),
    )
    r = rollup(p)
    figures = r.figures.set_index("common")["value"]
    assert figures["households-assisted"] == 100
    assert figures["people-assisted"] == 90
    assert r.findings["code"].tolist() == ["unit-mismatch"]
    assert "'a.wrong' counts 'households' (a households unit)" in r.findings["message"].iloc[0]

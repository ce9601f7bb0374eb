"""The embedded portfolio's fund figures, each checked against the seed figures it is made of."""

import pytest

from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.budget import budget_rollup
from mptf.engine.rollup.core import rollup


@pytest.fixture(scope="module")
def portfolio():
    return load_portfolio()


@pytest.fixture(scope="module")
def by_area(portfolio):
    return rollup(portfolio).figures.set_index(["thematic-area", "common"])


@pytest.mark.parametrize(
    ("area", "common", "shown", "why"),
    [
        # North Macedonia: "450,000 individuals ... This is home" + "555,000 individuals ... No to hate": two
        # campaigns of one programme may reach the same people, so the sum is an upper bound.
        ("1", "people-reached", "≤ 1,005,000", "450,000 + 555,000"),
        # Tajikistan: 125,750 (programme page) vs 125,800 (spotlight), same leaflet: the lowest as a lower bound.
        ("2", "people-reached", "≥ 125,750", "lowest of two conflicting claims"),
        # Tajikistan: "over 60 schools" is the total; 16 + 50 field schools are its parts.
        ("2", "mechanisms-established", "> 60", "'over 60' total wins over its parts"),
        # Guinea, Liberia, Sierra Leone: 665 officials, stated twice (counted once).
        ("3", "officials-trained", "665", "one figure repeated"),
        # "almost 1,900" individuals + 80,000 at the 2022 canoe race.
        ("3", "people-reached", "≈ 81,900", "almost 1,900 + 80,000"),
        # IGAD 7,100 + Philippines 1,913.
        ("4", "people-reached", "9,013", "7,100 + 1,913"),
        # South Africa: 940,000 + 1,940 community leaders + "over 500" tournament participants, one programme.
        ("5", "people-reached", "≈ 942,440", "940,000 + 1,940 + over 500"),
        # Trinidad and Tobago (no thematic area): 21 government actors (2024, superseding 219 of 2023) + 98 community.
        ("unknown", "officials-trained", "≥ 119", "21 + 98, parts of one dimension"),
        ("unknown", "people-reached", "3,900", "counter-trafficking awareness"),
    ],
)
def test_fund_figures_from_seed_figures(by_area, area, common, shown, why):
    assert by_area.loc[(area, common), "display"] == shown, why


def test_trinidad_and_tobagos_219_then_21_is_a_conflict_of_claims_not_added(portfolio):
    c = rollup(portfolio).contributions
    rows = c[(c["indicator"] == "tto.actors-trained")].set_index("vid")
    assert sorted(zip(rows["text"], rows["rule"], strict=True)) == [
        ("21", "summed: part of a group (no total reported)"),  # the lowest claim, as a lower bound
        ("219", "excluded: sources disagree; the lowest claim is kept as a lower bound"),
        ("98", "excluded: superseded by a later cumulative value"),  # the 98 community actors, stated twice
        ("98", "summed: part of a group (no total reported)"),
    ]
    counted = rows[rows["text"] == "21"].iloc[0]
    assert counted["counted_bound"] == "≥"


def test_budgets_funded_and_pipeline(portfolio):
    table, additive = budget_rollup(portfolio, "thematic-area")
    assert additive
    funded = [
        2_200_000,
        2_786_280,
        2_150_000,
        1_702_370,
        2_600_000,
        2_900_000,
        1_500_000,
        1_500_000,
        2_565_570,
        1_700_000,
        2_350_000,
    ]  # the annex's nine, plus Indonesia and The Gambia (funded by 2023)
    assert table["funded_cents"].sum() == sum(funded) * 100 == 2_395_422_000
    assert table["total_cents"].sum() == 8_588_172_000  # all 41 budget lines of the booklet


def test_budget_by_gcm_is_not_additive(portfolio):
    table, additive = budget_rollup(portfolio, "gcm")
    assert not additive
    assert set(table.loc[table["gcm"].isin(["8", "21"]), "total_cents"]) == {150_000_000}

"""The reference frameworks shipped as package data: counts and a few known entries."""

import pandas as pd

from mptf.frameworks import areas, gcm, sdg


def test_gcm_has_23_objectives_and_10_principles():
    objectives = gcm.objectives()
    assert list(objectives.index) == list(range(1, 24))
    assert objectives.loc[6, "title"] == (
        "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work"
    )
    assert objectives.loc[23, "label"] == "International cooperation"
    principles = gcm.principles()
    assert list(principles.index) == list(range(1, 11))
    assert principles.loc[7, "title"] == "Gender-responsive"
    assert principles.loc[10, "paragraph"] == "15 (j)"


def test_sdg_counts_match_the_2023_framework():
    assert len(sdg.goals()) == 17
    assert len(sdg.targets()) == 169
    indicators = sdg.indicators()
    assert len(indicators) == 248  # one row per (target, indicator); 11.c has none
    assert "11.c" in sdg.targets().index and "11.c" not in set(indicators["target"])
    assert set(indicators.loc[indicators["target"] == "10.7", "indicator"]) == {"10.7.1", "10.7.2", "10.7.3", "10.7.4"}
    assert indicators.set_index("indicator").loc["10.c.1", "unsd_code"] == "C100c01"


def test_sdg_matches_the_shared_reference(shared):
    raw = pd.read_csv(shared / "reference/sdg/sdg-goals-targets-indicators-2023.csv", dtype=str)
    assert raw["TargetsNumber"].nunique() == len(sdg.targets())
    assert set(raw["TargetsNumber"]) == set(sdg.targets().index)


def test_thematic_areas_and_their_unconfirmed_mapping():
    table = areas.areas()
    assert list(table.index) == [1, 2, 3, 4, 5]
    assert table.loc[2, "short"] == "Protecting Human Rights"
    assert areas.MAPPING_STATUS == "unconfirmed"
    covered = sorted(n for objs in table["gcm"] for n in objs)
    assert covered == list(range(1, 23))  # areas 1-5 partition objectives 1-22; 23 is cross-cutting
    assert areas.CROSS_CUTTING == (23,)


def test_area_number_accepts_the_leaflets_forms():
    assert areas.area_number("THEMATIC AREA 2 Protecting Human Rights") == 2
    assert areas.area_number("THEMATIC AREA (1) Promoting Use of Data") == 1
    assert areas.area_number("TA4") == 4
    assert areas.area_number("Improving Social Inclusion") == 5
    assert areas.area_number("nothing like an area") is None

"""Programme facts beyond the results: donors, scope and regions, and sourced context statistics."""

import openpyxl
from builders import build, ind, prog

from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.core import rollup
from mptf.engine.rules.checks import check_portfolio
from mptf.engine.trace.orphans import orphans
from mptf.reports.tree import programme_tree
from mptf.reports.workbook import write_workbook

CONTEXT = [
    {
        "statistic": "workforce abroad",
        "value": "10%",
        "unit": "percent of the working-age population",
        "year": 2021,
        "place": "TJK",
        "source": "booklet.txt",
        "quote": "Approximately 10% of the Tajik working age population have migrated",
    },
    {
        "statistic": "workforce abroad",
        "value": "around 10%",
        "unit": "percent of the 5.3 million workforce",
        "source": "leaflet.txt",
        "quote": "Out of Tajikistan's 5.3 million workforce, around 10% have migrated",
    },
    {"statistic": "remittances as a share of GDP", "value": "7-8 per cent", "year": "2019", "source": "booklet.txt"},
]


def sub(tmp_path, name):
    (tmp_path / name).mkdir()
    return tmp_path / name


def codes(found):
    return sorted(found.loc[found["severity"].isin(["error", "warning"]), "code"])


def test_donors_are_their_own_fact_never_partners(tmp_path):
    donor = {"value": ["Government of Atlantis"], "source": "agreement.pdf", "quote": "funded by Atlantis"}
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[5])], donors=[donor], partners=["Ministry of Labour"]))
    row = p.programme("a")
    assert row["donors"] == ("Government of Atlantis",)
    assert row["partners"] == ("Ministry of Labour",)
    claim = p.claims[p.claims["field"] == "donors"].iloc[0]
    assert (claim["source"], claim["quote"]) == ("agreement.pdf", "funded by Atlantis")
    text = programme_tree(p, "a")
    assert "donors: Government of Atlantis (agreement.pdf)" in text and "partners: Ministry of Labour" in text


def test_a_regional_programme_needs_no_single_country(tmp_path):
    regional = prog("r", [ind("r.i", values=[5])], countries=(), scope="regional", regions=["Eastern Africa", "IGAD"])
    worldwide = prog("w", [ind("w.i", values=[5])], countries=(), scope="global")
    p, _ = build(tmp_path, regional, worldwide)
    assert p.programme("r")["regions"] == ("014", "IGAD")
    assert p.programme("w")["scope"] == "global"
    assert codes(check_portfolio(p)) == []
    assert "regions: 014 Eastern Africa, IGAD" in programme_tree(p, "r")


def test_a_country_programme_without_countries_is_still_an_error(tmp_path):
    p, _ = build(tmp_path, prog("c", [ind("c.i", values=[5])], countries=()))
    found = check_portfolio(p)
    row = found[found["code"] == "missing-field"].iloc[0]
    assert (row["severity"], row["message"]) == ("error", "programme 'c' has no countries")
    assert "scope: regional" in row["hint"]
    p2, _ = build(sub(tmp_path, "x"), prog("c", [ind("c.i", values=[5])], countries=(), scope="country"))
    assert "missing-field" in codes(check_portfolio(p2))


def test_regions_must_be_known_and_a_regional_programme_names_one(tmp_path):
    p, _ = build(
        tmp_path,
        prog("r", [ind("r.i", values=[5])], countries=(), scope="regional", regions=["Atlantis"]),
        prog("s", [ind("s.i", values=[5])], countries=(), scope="regional"),
        prog("t", [ind("t.i", values=[5])], scope="Continental"),
    )
    found = check_portfolio(p)
    assert codes(found) == ["no-region", "unknown-region", "unknown-value"]
    assert "'Atlantis' is not a region code or name" in found["message"].tolist()


def test_context_statistics_are_shown_with_their_sources(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[5])], context=CONTEXT))
    c = p.context
    assert len(c) == 3  # two sources on the same statistic: both kept
    assert c["value"].tolist()[:2] == [10.0, 10.0] and c["bound"].tolist()[1] != "="
    assert c["text"].tolist()[2] == "7-8 per cent" and c["value"].isna().tolist()[2]  # a range, kept as written
    text = programme_tree(p, "a", width=300)
    assert "context (figures about the setting" in text
    assert (
        'workforce abroad: 10% (percent of the working-age population, TJK, 2021) (booklet.txt) "Approximately 10%'
        in text
    )
    assert "remittances as a share of GDP: 7-8 per cent (2019) (booklet.txt)" in text


def test_context_statistics_reach_no_rollup_figure(tmp_path):
    without, _ = build(sub(tmp_path, "a"), prog("a", [ind("a.i", values=[5])]))
    with_context, _ = build(sub(tmp_path, "b"), prog("a", [ind("a.i", values=[5])], context=CONTEXT))
    for by in (["thematic-area"], ["country"], ["gcm"]):
        got, want = rollup(with_context, by=by), rollup(without, by=by)
        assert got.figures.equals(want.figures)
        assert got.contributions.drop(columns=["file", "line"], errors="ignore").equals(
            want.contributions.drop(columns=["file", "line"], errors="ignore")
        )
    assert len(orphans(with_context)) == len(orphans(without))


def test_context_statistics_need_a_figure_and_a_source(tmp_path):
    p, _ = build(tmp_path, prog("a", [ind("a.i", values=[5])], context=[{"statistic": "diaspora", "value": 6}]))
    found = check_portfolio(p)
    assert p.context.empty
    row = found[found["code"] == "missing-field"].iloc[0]
    assert row["message"] == "a context statistic has no 'source'"


def test_context_statistics_round_trip_through_a_workbook(tmp_path):
    p, _ = build(sub(tmp_path, "y"), prog("a", [ind("a.i", values=[5])], context=CONTEXT, donors=["Atlantis"]))
    path = tmp_path / "a.xlsx"
    write_workbook(p, path)
    assert openpyxl.load_workbook(path)["context"].max_row == 4
    back = load_portfolio(path)
    cols = ["statistic", "text", "value", "unit", "year", "place", "source", "quote"]
    assert back.context[cols].equals(p.context[cols])
    assert back.programme("a")["donors"] == ("Atlantis",)

"""rollup: names beside codes, fund totals only where groups add up, budgets in JSON/CSV, the legend as a
Markdown note, and --period windows, on small hand-worked portfolios."""

import csv
import io
import json

import pytest
from builders import build, ind, prog
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.rollup.core import rollup
from mptf.engine.rollup.period import counts_in, parse_window, within
from mptf.engine.rollup.totals import fund_totals, groups_add_up
from mptf.reports.names import name, shorten


def _v(value, end, **extra):
    return {"value": value, "end": end, **extra}


def run(args):
    result = CliRunner().invoke(main, [*args, "--as-of", "2026-06-30"])
    assert result.exit_code in (0, 1), result.output
    return result


@pytest.fixture
def three(tmp_path):
    """Areas 1 and 2 (a: 100 + b: 40 reached; b also 7 trained) and c in area 1 with a survivor rate."""
    docs = [
        prog("a", [ind("a.reached", values=[_v(100, "2023-12-31")])], area=1, budget=1_000_000),
        prog(
            "b",
            [ind("b.reached", values=[_v(40, "2023-12-31")]), ind("b.trained", "people-trained", values=[7])],
            area=2,
            countries=("KEN", "UGA"),
            budget=500_000,
            status="pipeline",
        ),
        prog(
            "c",
            [ind("c.rate", "survivor-support-rate", measure="percentage", unit="percent", values=[80])],
            area=1,
            budget=250_000,
        ),
    ]
    build(tmp_path, *docs)
    return str(tmp_path)


def test_fund_totals_add_counts_only(three):
    data = json.loads(run(["rollup", three, "--format", "json"]).stdout)
    totals = {t["common"]: t for t in data["totals"]}
    assert set(totals) == {"people-reached", "people-trained"}  # the percentage is never summed
    assert totals["people-reached"]["value"] == 140 and totals["people-reached"]["groups"] == 2
    assert totals["people-trained"]["value"] == 7
    figures = {(f["thematic-area"], f["common"]): f["value"] for f in data["figures"]}
    assert figures[("1", "people-reached")] + figures[("2", "people-reached")] == 140


def test_no_totals_where_a_programme_sits_in_several_groups(three):
    data = json.loads(run(["rollup", three, "--by", "country", "--format", "json"]).stdout)
    assert data["totals"] == [] and not groups_add_up(["country"]) and not groups_add_up(["year"])
    assert data["budget"][0]["additive"] is False and data["budget"][0]["total"] is None
    table = run(["rollup", three, "--by", "country"]).output
    assert "Fund totals" not in table and "does not add up to a fund total" in table


def test_fund_totals_library_skips_max_policy(tmp_path):
    common = {
        "indicators": [
            {"id": "reach", "name": "People reached", "short": "Reached", "measure": "count", "unit": "people",
             "across": "max"},
        ]
    }  # fmt: skip
    docs = [
        prog("a", [ind("a.r", common="reach", values=[100])], area=1),
        prog("b", [ind("b.r", common="reach", values=[40])], area=2),
    ]
    portfolio, path = build(tmp_path, *docs, common=common)
    result = rollup(portfolio, ["thematic-area"], path)
    assert fund_totals(portfolio, result, path).empty  # the fund figure is 100, not 140: no total


def test_budget_in_json_and_long_csv(three):
    data = json.loads(run(["rollup", three, "--format", "json"]).stdout)
    (budget,) = data["budget"]
    assert budget["by"] == "thematic-area" and budget["additive"] is True
    assert budget["total"]["total_cents"] == 175_000_000 and budget["total"]["funded_cents"] == 125_000_000
    assert budget["rows"][0]["thematic-area_name"].startswith("Promoting fact-based")
    rows = list(csv.DictReader(io.StringIO(run(["rollup", three, "--format", "csv"]).stdout)))
    assert {r["table"] for r in rows} == {"figures", "totals", "budget"}
    assert [r["total_cents"] for r in rows if r["table"] == "budget"] == ["125000000", "50000000"]
    only = list(csv.DictReader(io.StringIO(run(["rollup", three, "--format", "csv", "--table", "budget"]).stdout)))
    assert {r["table"] for r in only} == {"budget"} and len(only) == 2
    totals = json.loads(run(["rollup", three, "--format", "json", "--table", "totals"]).stdout)
    assert [t["common"] for t in totals] == ["people-reached", "people-trained"]


def test_names_beside_codes(three):
    table = run(["rollup", three]).output
    assert "1 · Promoting Use of Data" in table and "People reached" in table  # short names in a terminal
    md = run(["rollup", three, "--format", "md"]).output
    assert "1 · Promoting fact-based and data-driven migration discourse" in md  # full titles in a report
    assert "People reached by awareness-raising, campaigns and outreach (people-reached)" in md
    assert (
        name("sdg", "10.7", full=False).startswith("Facilitate orderly, safe")
        and len(name("sdg", "10.7", full=False)) <= 48
    )
    assert name("country", "KEN") == "Kenya" and name("agency", "IOM") == ""
    assert shorten("one two three", 9) == "one two…"


def test_markdown_legend_is_a_note_not_a_row(three):
    md = run(["rollup", three, "--format", "md"]).output
    lines = md.splitlines()
    legend = next(i for i, line in enumerate(lines) if "lower bound" in line)
    assert lines[legend].startswith("*Note:* ") and lines[legend - 1] == ""  # a paragraph of its own
    assert not any(line.startswith("≥") for line in lines)


def test_window_parsing():
    w = parse_window("2023")
    assert (w.start.date().isoformat(), w.end.date().isoformat()) == ("2023-01-01", "2023-12-31")
    assert parse_window("2024-02:2024-02").end.date().isoformat() == "2024-02-29"
    assert parse_window("2024:").end is None
    for bad in ("x", "2025:2023", ":", "2023-13-01:2024"):
        with pytest.raises(ValueError):
            parse_window(bad)


def test_period_counts_per_period_values_in_the_window_and_cumulative_up_to_its_end(tmp_path):
    docs = [
        prog(
            "a",
            [
                ind(  # per-period: 10 in 2022, 20 in 2023, 40 in 2024
                    "a.flow",
                    cumulative=False,
                    values=[
                        _v(10, "2022-12-31", start="2022-01-01"),
                        _v(20, "2023-12-31", start="2023-01-01"),
                        _v(40, "2024-12-31", start="2024-01-01"),
                    ],
                ),
                ind(
                    "a.stock",
                    common="people-trained",
                    values=[_v(5, "2022-12-31"), _v(9, "2023-12-31"), _v(12, "2024-12-31")],
                ),
            ],
            area=1,
        )
    ]
    build(tmp_path, *docs)
    path = str(tmp_path)

    def figures(*args):
        data = json.loads(run(["rollup", path, "--format", "json", *args]).stdout)
        return {f["common"]: f["value"] for f in data["figures"]}, data

    assert figures()[0] == {"people-reached": 70, "people-trained": 12}
    got, data = figures("--period", "2023:2024")
    assert got == {"people-reached": 60, "people-trained": 12} and data["period"] == "2023-01-01:2024-12-31"
    assert figures("--period", "2022:2023")[0] == {"people-reached": 30, "people-trained": 9}
    assert figures("--period", ":2022")[0] == {"people-reached": 10, "people-trained": 5}
    by_year = json.loads(run(["rollup", path, "--by", "year", "--period", "2023:2024", "--format", "json"]).stdout)
    assert sorted({f["year"] for f in by_year["figures"]}) == ["2023", "2024"]  # the year a period ends
    progress = json.loads(run(["progress", path, "--period", ":2023", "--format", "json"]).stdout)
    assert {p["indicator"]: p["actual"] for p in progress} == {"a.flow": 30, "a.stock": 9}
    gcm = {
        r["gcm"]: r["results"] for r in json.loads(run(["gcm", path, "--period", ":2021", "--format", "json"]).stdout)
    }
    assert set(gcm.values()) == {""}  # nothing ended by 2021
    gcm = {
        r["gcm"]: r["results"] for r in json.loads(run(["gcm", path, "--period", "2030", "--format", "json"]).stdout)
    }
    # area 1 reaches objectives 1, 3 and 17 through its thematic area: no flow ends in 2030; the stock stays at
    # its latest, 12
    assert {g: r for g, r in gcm.items() if r} == {
        "1": "people-trained 12",
        "3": "people-trained 12",
        "17": "people-trained 12",
    }


def test_within_keeps_the_whole_portfolio_verdict(three):
    from mptf.engine.reading.load import load_portfolio

    portfolio = load_portfolio(three)
    before = len(portfolio.verdict.values)
    cut = within(portfolio, parse_window("2024"))  # the values are since-start: the 2023 ones still count
    assert before == 4 and len(cut.verdict.values) == 4
    cut = within(load_portfolio(three), parse_window(":2022"))
    assert cut.verdict.values.empty
    values = portfolio.values
    assert counts_in(values, values["indicator"].map(lambda _: "cumulative"), parse_window(":2023")).all()

"""Budget figures traced like results: a hand-worked portfolio, and the auditor's round trip over the embedded
portfolio (every budget and results figure of every dimension traced down and recomputed)."""

import json

import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.groupings import DIMENSIONS
from mptf.engine.trace import TraceError, trace_rollup
from mptf.engine.trace.budget import BUDGET_DIMENSIONS, budget_parts, trace_budget, trace_budget_rollup

# Three programmes: a (funded, USD 1,000,000.01, GCM 7 and 8 by declared shares 0.6 / 0.4), b (pipeline,
# USD 500,000, GCM 7 in full), c (funded, no budget, GCM 8).
A = """\
id: a
countries: [TJK, KGZ]
thematic_area: 2
status: funded
budget: 1000000.01
gcm:
  - {objective: 7, share: 0.6}
  - {objective: 8, share: 0.4}
results: []
"""
B = "id: b\ncountries: [TJK]\nthematic_area: 2\nstatus: concept note approved\nbudget: 500000\ngcm: [7]\nresults: []\n"
C = "id: c\ncountries: [KGZ]\nthematic_area: 3\nstatus: funded\ngcm: [8]\nresults: []\n"


@pytest.fixture
def small(tmp_path):
    for name, text in (("a", A), ("b", B), ("c", C)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_portfolio(tmp_path)


def test_a_budget_by_gcm_objective_is_its_programmes_shares(small):
    seven, parts = trace_budget(small, "gcm", "7")
    # a: 60% of 100,000,001 cents = 60,000,000.6, rounded to 60,000,001; b: 50,000,000 in full
    assert parts[["programme", "share", "cents", "funded"]].values.tolist() == [
        ["a", 0.6, 60_000_001, True],
        ["b", 1.0, 50_000_000, False],
    ]
    assert (seven["funded_cents"], seven["pipeline_cents"], seven["total_cents"]) == (
        60_000_001,
        50_000_000,
        110_000_001,
    )
    assert seven["matches"] and seven["id"] == "gcm=7/budget"
    eight, parts = trace_budget(small, "gcm", "8")
    # a: 40% = 40,000,000.4 -> 40,000,000; c has no budget
    assert parts["programme"].tolist() == ["a", "c"] and parts.loc[0, "cents"] == 40_000_000
    assert parts["cents"].isna().tolist() == [False, True]
    assert (eight["total_cents"], eight["recomputed_no_budget"], eight["matches"]) == (40_000_000, 1, True)
    assert parts.loc[0, "file"].endswith("a.yaml") and parts.loc[0, "line"] == "5"  # the budget's line


def test_a_budget_by_country_counts_a_programme_in_full_under_each(small):
    tjk, parts = trace_budget(small, "country", "TJK")
    assert sorted(parts["programme"]) == ["a", "b"] and tjk["total_cents"] == 150_000_001
    assert not tjk["additive"]  # a is counted under TJK and KGZ
    with pytest.raises(TraceError, match="did you mean 'TJK'"):
        trace_budget(small, "country", "TJJ")
    with pytest.raises(TraceError, match="not rolled up by year"):
        trace_budget(small, "year", "2024")


def test_a_wrong_share_in_a_part_would_not_match(small):
    audit = trace_budget_rollup(small, ["gcm"])
    assert audit.figures["matches"].all()
    parts = budget_parts(small, "gcm")
    assert int(parts["cents"].sum()) == 60_000_001 + 40_000_000 + 50_000_000


def test_the_cli_traces_a_budget_figure_and_the_export_holds_the_budgets(small, tmp_path):
    runner = CliRunner()
    folder = str(next(iter(small.files["file"])).rsplit("/", 1)[0])
    table = runner.invoke(main, ["trace", "down", "--figure", "gcm=7/budget", "--portfolio", folder])
    assert table.exit_code == 0, table.output
    assert table.output.rstrip().splitlines()[-1] == (
        "recomputed from 2 programme share(s): funded 600,000.01 + pipeline 500,000.00 = 1,100,000.01 USD "
        "(0 without a budget) — matches the figure (1,100,000.01)"
    )
    same = runner.invoke(
        main, ["trace", "down", "--by", "gcm", "--key", "7", "--indicator", "budget", "--portfolio", folder]
    )
    assert same.output == table.output
    out = tmp_path / "out" / "audit.xlsx"
    out.parent.mkdir()
    done = runner.invoke(main, ["trace", "export", "-o", str(out), "--portfolio", folder, "--by", "gcm"])
    assert done.exit_code == 0 and "2 of 2 budget figures match" in done.output, done.output
    budgets = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["budgets"]
    assert [(b["id"], b["total_cents"], len(b["parts"])) for b in budgets] == [
        ("gcm=7/budget", 110_000_001, 2),
        ("gcm=8/budget", 40_000_000, 2),
    ]


def test_the_auditors_round_trip_over_the_embedded_portfolio():
    """Every budget figure and every results figure, by every dimension, traced down and recomputed."""
    portfolio = load_portfolio()
    budgets = trace_budget_rollup(portfolio, BUDGET_DIMENSIONS)
    assert len(budgets.figures) > 60 and budgets.figures["matches"].all()
    for dim in BUDGET_DIMENSIONS:
        mine = budgets.figures[budgets.figures["dim"] == dim]
        if dim == "thematic-area":  # every programme once: the groups add up to the portfolio's budget
            assert int(mine["total_cents"].sum()) == int(portfolio.programmes["budget_cents"].sum())
        for fig in mine.itertuples():
            figure, parts = trace_budget(portfolio, dim, fig.group)
            assert figure["matches"] and int(parts["cents"].fillna(0).sum()) == fig.total_cents
    figures = 0
    for dim in DIMENSIONS:
        audit = trace_rollup(portfolio, [dim])
        assert audit.figures["matches"].all(), dim
        assert set(audit.parts["figure"]) <= set(audit.figures["id"])
        figures += len(audit.figures)
    assert figures > 100


def test_the_cli_traces_every_thematic_area_budget_of_the_embedded_portfolio():
    runner = CliRunner()
    areas = json.loads(runner.invoke(main, ["rollup", "--format", "json"]).output)
    assert areas  # the rollup runs; budgets by area come from the same portfolio
    for area in ("1", "2", "3", "4", "5", "unknown"):
        result = runner.invoke(main, ["trace", "down", "--figure", f"thematic-area={area}/budget", "--format", "json"])
        assert result.exit_code == 0, result.output
        traced = json.loads(result.output)
        assert traced["matches"] and sum(p["cents"] or 0 for p in traced["parts"]) == traced["total_cents"]

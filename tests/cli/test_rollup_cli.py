"""mptf rollup / progress / gcm on the embedded portfolio: exit codes and output equal to the library."""

import json

from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.core import rollup
from mptf.engine.rollup.gcm_view import gcm_view
from mptf.frameworks import gcm
from mptf.reports.render import to_json


def test_rollup_default_is_by_thematic_area_with_budget():
    result = CliRunner().invoke(main, ["rollup"])
    assert result.exit_code == 0, result.output
    assert "Migration MPTF results by thematic-area (41 programmes, as of " in result.output
    assert "≤ 1,005,000" in result.output  # North Macedonia's two campaigns: 450,000 + 555,000
    assert "85,881,720.00" in result.output  # the booklet's 41 budgets


def test_rollup_json_equals_the_library():
    result = CliRunner().invoke(main, ["rollup", "--by", "gcm", "--by", "year", "--format", "json"])
    assert result.exit_code == 0
    expected = rollup(load_portfolio(), ["gcm", "year"]).figures
    figures = json.loads(result.output)["figures"]
    assert [{k: v for k, v in f.items() if k != "gcm_name"} for f in figures] == json.loads(to_json(expected))
    assert figures[0]["gcm"] == "1:area" and figures[0]["gcm_ref"] == "1"
    assert figures[0]["gcm_name"] == gcm.objectives().loc[1, "title"]


def test_rollup_markdown_and_non_additive_note():
    result = CliRunner().invoke(main, ["rollup", "--by", "country", "--format", "md"])
    assert result.exit_code == 0
    assert "| country | common indicator | result |" in result.output
    assert "does not add up to a fund total" in result.output


def test_rollup_on_unusable_input_exits_2(tmp_path):
    (tmp_path / "bad.yaml").write_text("id: [x\n")
    result = CliRunner().invoke(main, ["rollup", str(tmp_path)])
    assert result.exit_code == 2 and "yaml-syntax" in result.output


def test_progress_and_gcm_views():
    runner = CliRunner()
    result = runner.invoke(main, ["progress", "--programme", "per-venezuelan-inclusion"])
    assert result.exit_code == 0 and "70,000" in result.output and "no data" in result.output
    assert runner.invoke(main, ["progress", "--programme", "nope"]).exit_code == 2
    gcm = runner.invoke(main, ["gcm", "--format", "json"])
    listed = json.loads(gcm.output)
    view = json.loads(to_json(gcm_view(load_portfolio())))
    assert [{k: v for k, v in r.items() if k != "title"} for r in listed] == view
    rows = {(r["gcm"], r["link"]): r for r in listed}
    assert rows[("10", "thematic area")]["title"].startswith("Prevent, combat and eradicate trafficking")
    assert rows[("21", "direct")]["programme_ids"] == "phl-bridge"
    unknown = [r["programme_ids"] for (g, _), r in rows.items() if g == "unknown"]
    assert unknown == ["afg-health-borders", "tto-trafficking-survivors"]  # the two with no thematic area

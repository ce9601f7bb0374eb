"""mptf trace on the embedded portfolio: JSON equal to the library, exit codes, did-you-mean on bad input."""

import hashlib
import json
import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.cli.trace import trace
from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.core import rollup
from mptf.engine.trace import orphans, recompute, select_figure, trace_down, trace_framework, trace_up
from mptf.frameworks._data import portfolio_path
from mptf.reports.render import to_json
from mptf.reports.trace import figure_trace_dict, framework_dict, indicator_trace_dict


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def portfolio():
    return load_portfolio()


def test_trace_down_table_ends_with_the_recomputation(runner):
    result = runner.invoke(
        main, ["trace", "down", "--by", "thematic-area", "--key", "2", "--indicator", "people-reached"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().splitlines()[-1] == (
        "recomputed from 1 counted part: ≥ 125,750 = ≥ 125,750 — matches the figure (≥ 125,750)"
    )
    md = runner.invoke(main, ["trace", "down", "--key", "2", "--indicator", "people-reached", "--format", "md"])
    assert "| 125,800 | — | excluded: sources disagree; the lowest claim is kept as a lower bound |" in md.output
    assert "embedded/tjk-families-left-behind.yaml:232 sha256:" in md.output


def test_trace_down_json_equals_the_library(runner, portfolio):
    args = ["--by", "thematic-area", "--key", "1", "--indicator", "people-reached"]
    result = runner.invoke(main, ["trace", "down", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    r = rollup(portfolio, ["thematic-area"])
    figure = select_figure(r, ["thematic-area"], ["1"], "people-reached")
    parts = trace_down(portfolio, ["thematic-area"], ["1"], "people-reached", result=r)
    again, ok = recompute(parts, figure)
    got = json.loads(result.output)
    assert got == json.loads(json.dumps(figure_trace_dict(figure, ["thematic-area"], parts, again, ok)))
    assert got["parts"] == json.loads(to_json(parts))
    assert got["matches"] and got["figure"]["display"] == got["recomputed"]["display"] == "≤ 1,005,000"
    assert {p["line"] for p in got["parts"]} == {174, 187}  # North Macedonia's two campaigns


def test_trace_down_by_figure_id_and_by_several_dimensions(runner):
    by_id = runner.invoke(
        main, ["trace", "down", "--figure", "gcm=21:inherited;year=2024/people-reached", "--format", "json"]
    )
    by_keys = runner.invoke(
        main,
        [
            "trace",
            "down",
            "--by",
            "gcm",
            "--key",
            "21:inherited",
            "--by",
            "year",
            "--key",
            "2024",
            "--indicator",
            "people-reached",
            "--format",
            "json",
        ],
    )
    assert by_id.exit_code == by_keys.exit_code == 0, by_id.output
    assert json.loads(by_id.output) == json.loads(by_keys.output)
    assert json.loads(by_id.output)["figure"]["id"] == "gcm=21:inherited;year=2024/people-reached"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--by", "gcm", "--key", "6", "--indicator", "people-reached"], "did you mean '6:area'?"),
        (["--by", "gcm", "--key", "9:direct", "--indicator", "people-reached"], "8:inherited:disputed, 8:area, 9:area"),
        (["--by", "thematic-area", "--key", "2", "--indicator", "people-reachd"], "did you mean 'people-reached'"),
        (["--by", "thematic-area", "--key", "2"], "common indicators with a figure under thematic-area 2"),
        (["--by", "gcm", "--indicator", "people-reached"], "one key per dimension"),
        (["--figure", "people-reached"], "not a figure id"),
        (["--figure", "region=1/people-reached"], "no dimension 'region'"),
    ],
)
def test_trace_down_bad_selection_exits_2_and_says_what_exists(runner, args, says):
    result = runner.invoke(main, ["trace", "down", *args])
    assert result.exit_code == 2 and says in result.output, result.output
    assert "Traceback" not in result.output


def test_trace_up_json_equals_the_library(runner, portfolio):
    result = runner.invoke(main, ["trace", "up", "phl.advocacy-reach", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == indicator_trace_dict(trace_up(portfolio, "phl.advocacy-reach"))
    table = runner.invoke(main, ["trace", "up", "tjk-flb.awareness-reached"])
    assert table.exit_code == 0 and "Protecting Human Rights" in table.output
    assert "feeds the common indicator people-reached" in table.output
    unknown = runner.invoke(main, ["trace", "up", "tjk-flb.awareness-reachd"])
    assert unknown.exit_code == 2 and "did you mean 'tjk-flb.awareness-reached'" in unknown.output


def test_trace_gcm_and_sdg(runner, portfolio):
    result = runner.invoke(main, ["trace", "gcm", "8", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == framework_dict(trace_framework(portfolio, "gcm", "8"))
    table = runner.invoke(main, ["trace", "gcm", "21"])
    assert table.exit_code == 0 and "phl-bridge" in table.output and "1,500,000.00" in table.output
    assert runner.invoke(main, ["trace", "gcm", "24"]).exit_code == 2
    bad = runner.invoke(main, ["trace", "sdg", "10.77"])
    assert bad.exit_code == 2 and "did you mean '10.7'" in bad.output
    empty = runner.invoke(main, ["trace", "sdg", "10.7"])
    assert empty.exit_code == 0 and "nothing in the portfolio links to it" in empty.output


def test_trace_orphans(runner, portfolio):
    result = runner.invoke(main, ["trace", "orphans", "--format", "json"])
    assert result.exit_code == 0
    got = json.loads(result.output)
    assert [{k: v for k, v in r.items() if k != "common_name"} for r in got] == json.loads(to_json(orphans(portfolio)))
    table = runner.invoke(main, ["trace", "orphans"])
    assert table.output.rstrip().splitlines()[-1].startswith(f"of {len(portfolio.values)} reported values: ")
    md = runner.invoke(main, ["trace", "orphans", "--format", "md"])
    assert "| 21 | only the 'unknown' area | programme with no thematic area |" in md.output


def test_trace_export_writes_both_files_and_never_the_input(runner, tmp_path):
    source = tmp_path / "portfolio"
    source.mkdir()
    shutil.copy(portfolio_path() / "tjk-families-left-behind.yaml", source)
    before = hashlib.sha256((source / "tjk-families-left-behind.yaml").read_bytes()).hexdigest()
    out = tmp_path / "out" / "audit.xlsx"
    out.parent.mkdir()
    result = runner.invoke(main, ["trace", "export", "-o", str(out), "--portfolio", str(source), "--by", "gcm"])
    assert result.exit_code == 0, result.output
    assert "figures match" in result.output and out.exists() and out.with_suffix(".json").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["audit.json", "audit.xlsx"]  # no temporary left
    sheets = ["figures", "contributions", "orphans", "budget figures", "budget parts", "files"]
    assert openpyxl.load_workbook(out).sheetnames == sheets
    inside = runner.invoke(main, ["trace", "export", "-o", str(source / "audit.xlsx"), "--portfolio", str(source)])
    assert inside.exit_code == 2 and "a file of the portfolio" in inside.output
    assert not (source / "audit.xlsx").exists()
    over = runner.invoke(main, ["trace", "export", "-o", str(tmp_path / "a.xlsx"), "--json", str(tmp_path / "a.xlsx")])
    assert over.exit_code == 2
    assert runner.invoke(main, ["trace", "export", "-o", str(tmp_path / "a.csv")]).exit_code == 2
    assert sorted(p.name for p in source.iterdir()) == ["tjk-families-left-behind.yaml"]
    assert hashlib.sha256((source / "tjk-families-left-behind.yaml").read_bytes()).hexdigest() == before


def test_trace_on_unusable_input_exits_2(runner, tmp_path):
    (tmp_path / "bad.yaml").write_text("id: [x\n")
    for args in (["down", "--key", "1", "--indicator", "people-reached"], ["up", "x"], ["orphans"], ["gcm", "8"]):
        result = runner.invoke(main, ["trace", *args, "--portfolio", str(tmp_path)])
        assert result.exit_code == 2 and "yaml-syntax" in result.output, args


@pytest.mark.parametrize("name", sorted(trace.commands))
def test_every_trace_command_has_help_with_an_example(runner, name):
    command = trace.commands[name]
    assert command.help and "Example:" in command.help
    assert runner.invoke(main, ["trace", name, "--help"]).exit_code == 0

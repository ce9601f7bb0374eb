"""The CLI: exit codes, JSON equal to the library's findings, and every command documented with an example."""

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.findings import RULES
from mptf.engine.reading.load import load_portfolio
from mptf.engine.rules.checks import check_portfolio
from mptf.reports.render import to_json

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def runner():
    return CliRunner()


def test_check_embedded_exits_0_and_json_equals_the_library(runner):
    result = runner.invoke(main, ["check", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(to_json(check_portfolio(load_portfolio())))


def test_check_table_ends_with_a_summary(runner):
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0
    # 13 integrity warnings and 8 on the values: 6 inexact figures, 4 conflicting claims (2 of them running
    # totals that go down between the 2023 and 2024 leaflets), less the 2 the integrity rules no longer repeat
    assert re.search(
        r"checked 41 programmes, \d+ indicators, \d+ values \(as of \d{4}-\d\d-\d\d\): 0 errors, 21 warnings",
        result.output,
    )


def test_check_csv_has_the_findings_columns(runner):
    result = runner.invoke(main, ["check", "--format", "csv"])
    assert result.output.splitlines()[0] == "severity,code,file,sheet,line,column,programme,item,message,hint"


def test_exit_1_on_errors_and_2_on_unusable_input(runner, write, minimal):
    assert runner.invoke(main, ["check", str(write(minimal))]).exit_code == 0
    assert runner.invoke(main, ["check", str(write(minimal.replace("gcm: [7]", "gcm: [24]")))]).exit_code == 1
    broken = runner.invoke(main, ["check", str(write("id: [unclosed\n"))])
    assert broken.exit_code == 2 and "yaml-syntax" in broken.output and "Traceback" not in broken.output
    missing = runner.invoke(main, ["check", "no/such/dir"])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_frameworks_lists(runner):
    gcm = runner.invoke(main, ["frameworks", "gcm", "--format", "json"])
    assert len(json.loads(gcm.output)) == 23
    sdg = runner.invoke(main, ["frameworks", "sdg", "--goal", "10", "--format", "csv"])
    assert "10.7," in sdg.output and sdg.output.count("\n") == 11  # header + 10 targets of goal 10
    areas = runner.invoke(main, ["frameworks", "areas"])
    assert "unconfirmed" in areas.output and "Protecting Human Rights" in areas.output
    assert len(json.loads(runner.invoke(main, ["frameworks", "principles", "--format", "json"]).output)) == 10


def test_show_prints_the_tree_with_sources(runner):
    result = runner.invoke(main, ["show", "tjk-families-left-behind"])
    assert result.exit_code == 0
    assert "125,750" in result.output and "125,800" in result.output
    assert "duration_months: 24 (migration-mptf-pipeline-2021.txt); 31 (migration-mptf-in-action-2023.txt)" in (
        result.output
    )
    unknown = runner.invoke(main, ["show", "tjk-families-left-behnd"])
    assert unknown.exit_code == 2 and "did you mean 'tjk-families-left-behind'" in unknown.output


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name):
    command = main.commands[name]
    assert command.help and "Example:" in command.help
    assert f"mptf {name}" in (DOCS.parent / "README.md").read_text()


def test_every_rule_is_documented_with_an_example():
    text = (DOCS / "rules.md").read_text()
    for code in RULES:
        assert re.search(rf"`{code}`", text), code


def _console(*args: str) -> "subprocess.CompletedProcess[str]":
    """The console script as installed (``mptf = mptf.engine.cli.main:run``), in a process of its own."""
    code = "import sys; from mptf.engine.cli.main import run; sys.argv[0] = 'mptf'; run()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)


def test_the_console_script_exits_with_the_command_code_and_all_its_output(tmp_path):
    validated = _console("validate", "--format", "csv")
    assert validated.returncode == 0  # the embedded portfolio's conflicting claims are warnings
    rows = list(csv.DictReader(io.StringIO(validated.stdout)))
    assert [r["code"] for r in rows].count("conflicting-values") == 4 and rows[-1]["severity"] == "warning"
    report = tmp_path / "report.csv"
    report.write_text(
        "programme,indicator,period_start,period_end,value\n"
        "tjk-families-left-behind,tjk-flb.financial-literacy-trained,2025-01-01,2025-12-31,-5\n"
    )
    refused = _console("validate", str(report), "--format", "csv")
    assert refused.returncode == 1 and "negative-count" in refused.stdout
    checked = _console("check", "--format", "json")
    assert checked.returncode == 0 and json.loads(checked.stdout)
    misused = _console("rollup", "--by", "nowhere")
    assert misused.returncode == 2 and "Invalid value for '--by'" in misused.stderr

"""``mptf validate`` and ``mptf template`` as an officer runs them: exit codes, formats, the annotated copy, and
never a traceback."""

import json
import re

import openpyxl
import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.rules.validate import validate
from mptf.reports.render import to_json

PROGRAMME = "tjk-families-left-behind"
ROWS = "programme,indicator,period_start,period_end,value\n"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def report(tmp_path):
    """report(lines) -> path of a CSV report on the embedded portfolio."""

    def _report(lines: str, name: str = "report.csv"):
        path = tmp_path / name
        path.write_text(ROWS + lines, encoding="utf-8")
        return path

    return _report


def test_the_embedded_values_exit_0_and_json_equals_the_library(runner):
    result = runner.invoke(main, ["validate", "--format", "json"])
    # the two running totals that go down between the 2023 and 2024 leaflets are conflicting claims: warnings
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(to_json(validate().findings))


def test_the_table_ends_with_a_summary_of_rows_errors_and_warnings(runner, report):
    path = report(f"{PROGRAMME},tjk-flb.financial-literacy-trained,2025-01-01,2025-12-31,approx. 900\n")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output  # a warning only
    assert re.search(
        r"validated .*report\.csv: 1 rows read \(1 values, 1 programme, as of [-0-9]+\): 0 errors, 1 warning",
        result.output,
    )
    assert "inexact-value" in result.output


def test_errors_exit_1_and_csv_has_the_findings_columns(runner, report):
    path = report(f"{PROGRAMME},tjk-flb.financial-literacy-trained,2025-01-01,2025-12-31,N/A\n")
    result = runner.invoke(main, ["validate", str(path), "--format", "csv"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "severity,code,file,sheet,line,column,programme,item,message,hint"
    assert lines[1].startswith("error,text-on-numeric,") and ",2,value," in lines[1]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["validate", "no/such/report.csv"], "does not exist"),
        (["validate", "README.md"], "not a table of reported values"),
        (["validate", "--portfolio", "no/such/dir"], "does not exist"),
    ],
)
def test_unusable_input_exits_2_with_a_message(runner, args, needle):
    result = runner.invoke(main, args)
    assert result.exit_code == 2 and needle in result.output and "Traceback" not in result.output


def test_a_missing_column_exits_2(runner, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("programme,indicator,value\np,i,5\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "missing-column" in result.output


def test_a_programme_file_as_the_framework(runner, tmp_path, minimal):
    (tmp_path / "demo.yaml").write_text(minimal, encoding="utf-8")
    path = tmp_path / "r.csv"  # one programme in the framework: the programme column may be left out
    path.write_text("indicator,period_end,value\ndemo.o1.trained,2024-09-30,150\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path), "--portfolio", str(tmp_path / "demo.yaml")])
    assert result.exit_code == 0, result.output
    path.write_text("indicator,period_end,value\ndemo.o1.trained,2024-09-30,50\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path), "--portfolio", str(tmp_path / "demo.yaml")])
    assert result.exit_code == 1 and "cumulative-decrease" in result.output  # 100 in the programme file first


def test_annotate_writes_a_marked_copy(runner, report, tmp_path):
    path = report(f"{PROGRAMME},tjk-flb.financial-literacy-trained,2025-01-01,2025-12-31,-1\n")
    out = tmp_path / "checked.xlsx"
    result = runner.invoke(main, ["validate", str(path), "--annotate", str(out)])
    assert result.exit_code == 1 and "annotated copy" in result.output
    cell = openpyxl.load_workbook(out)["values"]["E2"]
    assert cell.value == "-1" and "negative-count" in cell.comment.text


def test_annotate_needs_a_report_and_a_new_file(runner, report, tmp_path):
    assert runner.invoke(main, ["validate", "--annotate", str(tmp_path / "a.xlsx")]).exit_code == 2
    path = report(f"{PROGRAMME},tjk-flb.financial-literacy-trained,2025-01-01,2025-12-31,900\n")
    result = runner.invoke(main, ["validate", str(path), "--annotate", str(tmp_path / "a.csv")])
    assert result.exit_code == 2 and "should be an .xlsx file" in result.output and "Traceback" not in result.output


def test_template_then_validate(runner, tmp_path):
    out = tmp_path / "t.xlsx"
    result = runner.invoke(main, ["template", PROGRAMME, "-o", str(out), "--period", "2025"])
    assert result.exit_code == 0 and "wrote" in result.output
    checked = runner.invoke(main, ["validate", str(out), "--format", "json"])
    assert checked.exit_code == 0  # an empty template: only values that are due
    assert {f["code"] for f in json.loads(checked.output)} == {"value-due"}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["template", "tjk-families-left-behnd", "-o", "t.xlsx"], "did you mean 'tjk-families-left-behind'"),
        (["template", PROGRAMME, "-o", "t.xlsx", "--period", "last year"], "is not a period"),
        (["template", PROGRAMME], "Missing option"),
        (["template", PROGRAMME, "-o", "no/such/dir/t.xlsx"], "cannot write"),
    ],
)
def test_template_misuse_exits_2(runner, args, needle):
    result = runner.invoke(main, args)
    assert result.exit_code == 2 and needle in result.output and "Traceback" not in result.output

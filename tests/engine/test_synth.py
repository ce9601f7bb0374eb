"""`mptf synth`: a synthetic portfolio whose planted errors `mptf validate` finds, every one and nothing else, in
every format the report is written in; the same seed writes the same files."""

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.synth.framework import framework
from mptf.engine.synth.values import PLANTS, make_report


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "s"
    result = CliRunner().invoke(main, ["synth", "--programmes", "8", "--values", "6000", "--seed", "3",
                                       "--errors", "0.01", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def findings(portfolio, report: str) -> pd.DataFrame:
    as_of = json.loads((portfolio / "synth.json").read_text())["as_of"]
    args = ["validate", str(portfolio / report), "--portfolio", str(portfolio / "programmes"), "--as-of", as_of]
    result = CliRunner().invoke(main, [*args, "--format", "csv"])
    assert result.exit_code == 1, result.output  # the planted errors
    return pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)


@pytest.mark.parametrize("report, at", [("report.csv", "line"), ("report.parquet", "row"), ("report.xlsx", "line")])
def test_validate_finds_every_planted_error_and_nothing_else(portfolio, report, at):
    expected = pd.read_csv(portfolio / "expected_findings.csv", dtype=str, keep_default_na=False)
    assert set(expected["code"]) == {p.code for p in PLANTS}  # every kind planted at least once
    found = findings(portfolio, report)
    got = set(zip(found["code"], found["line"], found["column"], found["severity"], strict=True))
    want = set(zip(expected["code"], expected[at], expected["column"], expected["severity"], strict=True))
    assert want - got == set()
    assert got - want == set()
    assert (found["file"] == str(portfolio / report)).all()


def test_the_same_seed_writes_the_same_files(portfolio, tmp_path):
    again = tmp_path / "again"
    CliRunner().invoke(main, ["synth", "--programmes", "8", "--values", "6000", "--seed", "3", "--errors", "0.01",
                              "-o", str(again)])  # fmt: skip
    for name in ("report.csv", "expected_findings.csv", "programmes/syn-00003.yaml"):
        assert (again / name).read_bytes() == (portfolio / name).read_bytes()
    other = tmp_path / "other"
    CliRunner().invoke(main, ["synth", "--programmes", "8", "--values", "6000", "--seed", "4", "-o", str(other)])
    assert (other / "report.csv").read_bytes() != (portfolio / "report.csv").read_bytes()


def test_the_report_has_the_rows_asked_and_the_rollup_reads_the_portfolio(portfolio):
    info = json.loads((portfolio / "synth.json").read_text())
    assert info["values"] == 6000 == len(pd.read_parquet(portfolio / "report.parquet"))
    assert (portfolio / "portfolio" / "values.csv").read_bytes() == (portfolio / "report.csv").read_bytes()
    result = CliRunner().invoke(main, ["rollup", str(portfolio / "portfolio"), "--by", "thematic-area", "--as-of",
                                       info["as_of"], "--format", "csv", "--table", "figures"])  # fmt: skip
    figures = pd.read_csv(io.StringIO(result.stdout))
    assert set(figures["thematic-area"]) == {1, 2, 3, 4, 5}
    assert {"people-reached", "people-trained", "mechanisms-established", "people-assisted"} <= set(figures["common"])


def test_a_clean_report_gives_no_finding(tmp_path):
    out = tmp_path / "clean"
    result = CliRunner().invoke(
        main, ["synth", "--programmes", "4", "--values", "3000", "--errors", "0", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert pd.read_csv(out / "expected_findings.csv").empty
    as_of = json.loads((out / "synth.json").read_text())["as_of"]
    args = ["validate", str(out / "report.csv"), "--portfolio", str(out / "programmes"), "--as-of", as_of]
    result = CliRunner().invoke(main, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert pd.read_csv(io.StringIO(result.stdout)).empty


def test_at_least_one_of_each_kind_is_planted_in_a_small_report():
    _, indicators = framework(6, seed=9)  # one indicator takes one error: six programmes hold six money ones
    report = make_report(indicators, 6 * 12 * 8 * 4, share=0.0001, seed=9)
    assert set(report.expected["code"]) == {p.code for p in PLANTS}
    assert report.expected["row"].is_unique

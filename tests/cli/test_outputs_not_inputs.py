"""No command writes over one of its inputs: the report, the portfolio file, or a file of the portfolio directory,
named directly, through a symlink or through a hard link. Each is refused (exit 2) before any work."""

import hashlib
import os
import shutil

import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.frameworks._data import portfolio_path

PROGRAMME = "tjk-families-left-behind"


@pytest.fixture
def setup(tmp_path):
    source = tmp_path / "portfolio"
    source.mkdir()
    shutil.copy(portfolio_path() / f"{PROGRAMME}.yaml", source)
    report = tmp_path / "r.csv"
    report.write_text(
        f"programme,indicator,period_start,period_end,value\n{PROGRAMME},tjk-flb.financial-literacy-trained,"
        "2025-01-01,2025-12-31,-1\n",
        encoding="utf-8",
    )
    return tmp_path, source, source / f"{PROGRAMME}.yaml", report


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(args, *kept):
    before = {p: digest(p) for p in kept}
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output and "Traceback" not in result.output
    assert {p: digest(p) for p in kept} == before
    return result.output


def test_template_never_writes_over_the_portfolio(setup):
    tmp, source, yaml_file, _ = setup
    assert "the portfolio file read" in refused(
        ["template", PROGRAMME, "--portfolio", str(yaml_file), "-o", str(yaml_file)], yaml_file
    )
    assert "a file of the portfolio" in refused(
        ["template", PROGRAMME, "--portfolio", str(source), "-o", str(source / "t.xlsx")], yaml_file
    )
    assert sorted(p.name for p in source.iterdir()) == [yaml_file.name]
    link = tmp / "link.xlsx"
    link.symlink_to(yaml_file)
    refused(["template", PROGRAMME, "--portfolio", str(source), "-o", str(link)], yaml_file)
    hard = tmp / "hard.xlsx"
    os.link(yaml_file, hard)
    refused(["template", PROGRAMME, "--portfolio", str(yaml_file), "-o", str(hard)], yaml_file)
    ok = CliRunner().invoke(main, ["template", PROGRAMME, "--portfolio", str(source), "-o", str(tmp / "t.xlsx")])
    assert ok.exit_code == 0, ok.output


def test_validate_never_annotates_over_the_report_or_the_portfolio(setup, tmp_path):
    tmp, source, yaml_file, report = setup
    book = tmp / "p.xlsx"
    assert CliRunner().invoke(main, ["template", PROGRAMME, "--portfolio", str(source), "-o", str(book)]).exit_code == 0
    assert "portfolio file read" in refused(
        ["validate", str(report), "--portfolio", str(book), "--annotate", str(book)], book, report
    )
    copy = tmp / "r.xlsx"
    shutil.copy(book, copy)
    assert "the report read" in refused(["validate", str(copy), "--annotate", str(copy)], copy)
    hard = tmp / "hard.xlsx"
    os.link(copy, hard)
    refused(["validate", str(copy), "--annotate", str(hard)], copy)
    refused(["validate", str(report), "--portfolio", str(source), "--annotate", str(source / "a.xlsx")], yaml_file)
    assert not (source / "a.xlsx").exists()


def test_trace_export_never_writes_over_the_portfolio(setup):
    tmp, source, yaml_file, _ = setup
    refused(
        ["trace", "export", "--portfolio", str(yaml_file), "-o", str(tmp / "a.xlsx"), "--json", str(yaml_file)],
        yaml_file,
    )
    link = tmp / "audit.xlsx"
    link.symlink_to(yaml_file)
    refused(["trace", "export", "--portfolio", str(source), "-o", str(link)], yaml_file)

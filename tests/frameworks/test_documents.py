"""Provenance a user can follow: the embedded files where they are installed, and the documents behind each
source file name."""

from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.reading.load import load_portfolio
from mptf.frameworks._data import portfolio_path, read_data_yaml
from mptf.frameworks.documents import document, installed_file, provenance_lines


def test_every_source_of_the_embedded_portfolio_is_a_described_document():
    p = load_portfolio()
    sources = set(p.claims["source"]) | set(p.values["source"]) | set(p.indicators["source"])
    sources = {s for s in sources if isinstance(s, str) and s}
    described = read_data_yaml("documents.yaml")["documents"]
    assert sources and sources <= set(described)
    assert document("migration-mptf-in-action-2024.txt") == (
        "Migration MPTF in Action, 2nd edition (Migration Multi-Partner Trust Fund, 2024-01)"
    )
    assert document("report.csv") == "report.csv"


def test_an_embedded_label_is_an_installed_file():
    p = load_portfolio()
    for label in p.files["file"]:
        assert label.startswith("embedded/") and installed_file(label).is_file()
    assert installed_file("embedded/phl-bridge.yaml") == portfolio_path() / "phl-bridge.yaml"
    assert str(installed_file("my/report.csv")) == "my/report.csv"
    lines = provenance_lines(["embedded/phl-bridge.yaml"], ["migration-mptf-pipeline-2021.txt", "mine.txt"])
    assert str(portfolio_path()) in lines[0] and len(lines) == 2 and "Pipeline of Joint Programmes" in lines[1]


def test_show_source_prints_the_file_and_show_says_where_things_come_from():
    runner = CliRunner()
    printed = runner.invoke(main, ["show", "phl-bridge", "--source"])
    assert printed.exit_code == 0
    where = portfolio_path() / "phl-bridge.yaml"
    assert printed.output == f"# {where}\n" + where.read_text(encoding="utf-8")
    shown = runner.invoke(main, ["show", "phl-bridge"]).output
    assert str(portfolio_path()) in shown and "Migration MPTF in Action, 2nd edition" in shown
    traced = runner.invoke(main, ["trace", "down", "--figure", "thematic-area=2/people-reached"]).output
    assert "installed in" in traced and "the quote beside each figure is its passage" in traced

"""The JSON of rollup (every --by), progress, gcm and trace orphans, on the embedded portfolio and on a small
synthetic one, held to files saved before the engine's rules were moved into one home.

A change to any of these outputs must be on purpose: regenerate with ``MPTF_UPDATE_GOLDEN=1 pytest
tests/test_golden.py`` and name the change, with its reason, where the change is committed.
"""

import json
import os
from pathlib import Path

import pytest
from builders import build
from click.testing import CliRunner
from golden_portfolio import DOCS

from mptf.engine.cli.main import main

GOLDEN = Path(__file__).parent / "golden"
BY = ("thematic-area", "gcm", "sdg", "country", "agency", "year")
#: A fixed reference date, so the saved outputs do not change with the day they are compared on.
AS_OF = ["--as-of", "2026-06-30"]
COMMANDS = {
    **{f"rollup-{by}": ["rollup", "--by", by, "--format", "json", *AS_OF] for by in BY},
    "progress": ["progress", "--format", "json", *AS_OF],
    "gcm": ["gcm", "--format", "json", *AS_OF],
    "orphans": ["trace", "orphans", "--format", "json", *AS_OF],
}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic")
    build(path, *DOCS)
    return str(path)


def _with_portfolio(args, path):
    if args[0] == "trace":
        return [*args, "--portfolio", path]
    return [args[0], path, *args[1:]]


@pytest.mark.parametrize("portfolio", ["embedded", "synthetic"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_output_is_the_saved_one(name, portfolio, synthetic):
    args = COMMANDS[name] if portfolio == "embedded" else _with_portfolio(COMMANDS[name], synthetic)
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    got = {"exit": result.exit_code, "output": json.loads(result.stdout), "stderr": result.stderr}
    got = json.loads(json.dumps(got).replace(synthetic, "<synthetic>"))
    path = GOLDEN / f"{portfolio}-{name}.json"
    if os.environ.get("MPTF_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_report_markdown_is_the_saved_one():
    """The Markdown results report of the embedded portfolio (names, fund totals, the legend as a note)."""
    result = CliRunner().invoke(main, ["report", "--format", "md", *AS_OF])
    assert result.exit_code == 0, result.output
    path = GOLDEN / "embedded-report.md"
    if os.environ.get("MPTF_UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
    assert "\n*Note:* ≥ / > lower bound" in result.stdout and "### Fund totals" in result.stdout

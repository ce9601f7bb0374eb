"""The progress display: on stderr only when it is a terminal; the long commands show their steps; nothing in a
pipe or in captured output, and the command's output is the same with or without it."""

import io
import json

import pytest
from click.testing import CliRunner
from rich.console import Console

from mptf.engine.cli import progress as display
from mptf.engine.cli.main import main

AS_OF = ["--as-of", "2026-01-31"]


@pytest.fixture
def screen(monkeypatch):
    """A terminal that records what the progress bar draws."""
    buf = io.StringIO()
    monkeypatch.setattr(display, "_terminal", lambda: True)
    monkeypatch.setattr(display, "_console", lambda: Console(file=buf, force_terminal=True, width=100))
    return buf


@pytest.mark.parametrize(
    ("args", "steps"),
    [
        (["rollup", "--format", "json", *AS_OF], ["reading the portfolio", "rolling up"]),
        (["gcm", "--format", "json", *AS_OF], ["reading the portfolio", "GCM objectives"]),
        (["validate", "--format", "json", *AS_OF], ["reading and validating"]),
    ],
)
def test_long_commands_show_their_steps_on_a_terminal_only(screen, args, steps):
    on_screen = CliRunner().invoke(main, args)
    assert all(step in screen.getvalue() for step in steps), screen.getvalue()
    assert "━" not in on_screen.stdout
    json.loads(on_screen.stdout)  # the data stays parseable
    screen.truncate(0)
    display._terminal = lambda: False  # a pipe: no bar, the same output
    piped = CliRunner().invoke(main, args)
    assert screen.getvalue() == "" and piped.stdout == on_screen.stdout and piped.exit_code == on_screen.exit_code


@pytest.mark.parametrize(
    ("args", "step"),
    [
        (["check", *AS_OF], "checking"),
        (["progress", *AS_OF], "progress"),
        (["list"], "listing"),
        (["show", "mkd-migration-data"], "the results tree"),
        (["trace", "down", "--figure", "thematic-area=1/budget", *AS_OF], "tracing the figure"),
        (["trace", "up", "mkd.positive-narrative-events"], "tracing up"),
        (["trace", "gcm", "8", *AS_OF], "GCM objectives"),
    ],
)
def test_every_command_reading_a_portfolio_shows_a_bar(screen, args, step):
    on_screen = CliRunner().invoke(main, args)
    assert on_screen.exit_code in (0, 1), on_screen.output
    assert "reading the portfolio" in screen.getvalue() and step in screen.getvalue(), screen.getvalue()
    screen.truncate(0)
    display._terminal = lambda: False
    piped = CliRunner().invoke(main, args)
    assert screen.getvalue() == "" and piped.stdout == on_screen.stdout


def test_trace_export_shows_each_step(screen, tmp_path):
    result = CliRunner().invoke(main, ["trace", "export", "-o", str(tmp_path / "audit.xlsx")])
    assert result.exit_code in (0, 1), result.output
    for step in ("reading the portfolio", "tracing the figures", "tracing the budgets", "orphans", "writing"):
        assert step in screen.getvalue()


def test_no_bar_without_a_terminal_and_advance_is_harmless():
    display.advance()  # no bar on screen: nothing happens
    with display.progress("x", 2, ("a", "b")) as step:
        step("a")
        display.advance()
    result = CliRunner().invoke(main, ["rollup", "--format", "json", *AS_OF])
    assert "━" not in result.output and "rolling up" not in result.output

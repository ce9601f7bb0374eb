"""Options shared by every ``mptf`` command group (one definition, so all listings offer the same formats)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mptf.engine.rollup.groupings import DIMENSIONS
from mptf.indicators.formats import PORTFOLIO_SUFFIXES
from mptf.indicators.limits import LIMITS, Limits
from mptf.reports.formats import FORMATS

__all__ = [
    "as_of_option",
    "by_option",
    "common_option",
    "dated",
    "format_option",
    "given_limits",
    "internal_error",
    "given_window",
    "limit_option",
    "load",
    "not_an_input",
    "path_argument",
    "period_option",
    "portfolio_option",
]

_AS_OF = "mptf.as_of"


def _remember(ctx: click.Context, param: click.Parameter, value) -> None:
    if value is not None:
        ctx.meta[_AS_OF] = value.date()


as_of_option = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    callback=_remember,
    expose_value=False,
    metavar="DATE",
    help="The reference date (YYYY-MM-DD; default today): which periods are due, whether a programme has "
    "ended, which levels count and are stale. Shown in the output, so a past run can be repeated.",
)


def given_as_of():
    """The ``--as-of`` date of the running command (None: today)."""
    ctx = click.get_current_context(silent=True)
    return None if ctx is None else ctx.meta.get(_AS_OF)


def dated(portfolio):
    """The portfolio, with the reference date of the running command (``--as-of``) set on it."""
    import pandas as pd

    given = given_as_of()
    if given is not None:
        portfolio.as_of = pd.Timestamp(given)
    return portfolio


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output as a table for people, or JSON/CSV/Markdown for programs.",
)
path_argument = click.argument("path", required=False, type=click.Path(path_type=str))
portfolio_option = click.option(
    "--portfolio", "path", type=click.Path(path_type=str), help="Portfolio to read (default: embedded)."
)
common_option = click.option(
    "--common",
    "common_path",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="Common indicators file to use instead of the built-in one.",
)
by_option = click.option(
    "--by",
    "by",
    multiple=True,
    default=("thematic-area",),
    show_default=True,
    type=click.Choice(list(DIMENSIONS)),
    help="Group the fund's results by this dimension (repeatable).",
)


_WINDOW = "mptf.window"


def _window(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is None:
        return
    from mptf.engine.rollup.period import parse_window

    try:
        ctx.meta[_WINDOW] = parse_window(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


#: ``--period FROM:TO``, kept in the click context and applied by :func:`usable`.
period_option = click.option(
    "--period",
    callback=_window,
    expose_value=False,
    metavar="FROM:TO",
    help="Only the figures of this reporting window (YYYY, YYYY-MM or YYYY-MM-DD each side; either may be "
    "left open; one YYYY is that year): per-period values count when their period ends in it, cumulative and "
    "level values by their latest value at or before TO.",
)


def given_window():
    """The ``--period`` window of the running command (None: every period)."""
    ctx = click.get_current_context(silent=True)
    return None if ctx is None else ctx.meta.get(_WINDOW)


_LIMITS = "mptf.limits"


def _limits(ctx: click.Context, param: click.Parameter, settings: tuple[str, ...]) -> Limits:
    try:
        limits = Limits().with_values(settings)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    ctx.meta[_LIMITS] = limits
    return limits


def given_limits() -> Limits | None:
    """The ``--limit`` settings of the running command (None: the defaults)."""
    ctx = click.get_current_context(silent=True)
    return None if ctx is None else ctx.meta.get(_LIMITS)


_LIMIT_OPTION = dict(
    multiple=True,
    metavar="NAME=VALUE",
    callback=_limits,
    help="Change a limit on the input read (repeatable), e.g. --limit rows=50000000; the limits: "
    + ", ".join(f"{name} ({default:,})" for name, (default, _, _) in LIMITS.items())
    + " (docs/limits.md).",
)
#: ``--limit``, kept in the click context: commands read it through :func:`given_limits` (or :func:`load`).
limit_option = click.option("--limit", expose_value=False, **_LIMIT_OPTION)


def load(path: str | None):
    """The portfolio at PATH (default: the embedded one), read under the running command's ``--limit``."""
    from mptf.engine.cli.progress import advance
    from mptf.engine.reading.load import load_portfolio

    portfolio = load_portfolio(path, given_limits())
    advance()  # the portfolio is read: a progress bar on screen goes on to the command's work
    return portfolio


def left_out(count: int) -> int:
    """Say on stderr how many values validation errors left out of the figures; the exit code: 1 if any."""
    if count:
        click.echo(
            f"{count} value{'s' if count != 1 else ''} left out by validation errors; "
            "run `mptf validate` for the findings and their fixes",
            err=True,
        )
    return 1 if count else 0


def usable(portfolio):
    """The portfolio, or stop with exit code 2 and the located findings when it could not be loaded; its
    values cut to the ``--period`` window when one is given."""
    import sys

    from mptf.engine.findings import exit_code
    from mptf.engine.rollup.period import within
    from mptf.reports.findings import render_findings

    dated(portfolio)
    findings = portfolio.load_findings
    if findings is not None and exit_code(findings) == 2:
        text = render_findings(findings, "table", "the portfolio could not be loaded")
        click.echo(text, nl=not text.endswith("\n"))
        sys.exit(2)
    return within(portfolio, given_window())


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same resolved path, or (both existing) the same inode."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def not_an_input(option: str, output: str | Path, report: str | Path | None, portfolio: str | Path | None) -> None:
    """Stop with a usage error (exit 2) when ``output`` would overwrite an input of the command.

    An input is the ``report``, the ``portfolio`` file, or a file of the ``portfolio`` directory that loading it
    reads (any programme, workbook or CSV file there, existing or not: written there, it would be read next
    time). Paths are compared resolved (symlinks) and by inode (hard links).
    """
    from mptf.engine.reading.load import _files_in

    out = Path(output)
    if out.exists() and out.is_dir():
        raise click.BadParameter(f"{output} is a directory: name a file", param_hint=option)
    if report is not None and _same(out, Path(report)):
        raise click.BadParameter(f"{output} is the report read: write to a new file", param_hint=option)
    if portfolio is None:
        return
    root = Path(portfolio)
    if root.is_dir():
        inside = out.resolve().parent == root.resolve() and out.suffix.lower() in PORTFOLIO_SUFFIXES
        if inside or any(_same(out, f) for f in _files_in(root)):
            raise click.BadParameter(
                f"{output} is a file of the portfolio read from {portfolio}: write it elsewhere", param_hint=option
            )
    elif _same(out, root):
        raise click.BadParameter(f"{output} is the portfolio file read: write to a new file", param_hint=option)


def internal_error(err: BaseException, args: list[str]) -> None:
    """Say on stderr that the command failed on an error of its own, with the inputs it was given."""
    inputs = [a for a in args if not a.startswith("-") and os.path.exists(a)]
    lines = [
        f"internal error: {type(err).__name__}: {err}",
        f"while reading: {', '.join(inputs)}" if inputs else "with the embedded portfolio",
        f"command: mptf {' '.join(args)}",
        "this is a bug in mptf, not in your input: please report it with the command and the file(s) above "
        "(MPTF_DEBUG=1 shows the traceback)",
    ]
    click.echo("\n".join(lines), err=True)

"""``mptf trace``: where a fund figure comes from, and what an indicator contributes to (thin click commands
over :mod:`mptf.engine.trace`; renderers in :mod:`mptf.reports.trace` and :mod:`mptf.reports.audit`).

Bad selections (an unknown indicator, group, objective or figure) stop with a usage error, a did-you-mean and
exit code 2. ``down`` and ``export`` exit 1 if a figure could not be recomputed from its parts (a bug).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mptf.engine.cli.ledger import ledger_options
from mptf.engine.cli.options import as_of_option as _as_of
from mptf.engine.cli.options import by_option as _by
from mptf.engine.cli.options import common_option as _common
from mptf.engine.cli.options import format_option as _format
from mptf.engine.cli.options import left_out, load, not_an_input, usable
from mptf.engine.cli.options import limit_option as _limit
from mptf.engine.cli.options import portfolio_option as _portfolio
from mptf.engine.cli.progress import ProgressGroup, advance, shows_progress
from mptf.engine.rollup.groupings import DIMENSIONS

__all__ = ["trace"]


def _load(path: str | None):
    return usable(load(path))


def _out(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


class _Selection:
    """Turns the library's TraceError into a usage error (exit 2), never a traceback."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, err, tb) -> bool:
        from mptf.engine.trace import TraceError

        if isinstance(err, TraceError):
            raise click.UsageError(str(err)) from None
        return False


@click.group(cls=ProgressGroup, context_settings={"help_option_names": ["-h", "--help"]})
def trace() -> None:
    """Trace fund figures down to their source rows, and indicators up to GCM objectives and SDG targets.

    Example: mptf trace down --by thematic-area --key 2 --indicator people-reached
    """


@trace.command()
@_by
@click.option(
    "--key", "keys", multiple=True, help="The group of each --by, in the same order (--by gcm --key 21:inherited)."
)
@click.option("--indicator", "common", help="The common indicator of the figure (people-reached), or budget.")
@click.option("--figure", "figure_id", help="Or the figure's id, as the audit export names it.")
@_portfolio
@_common
@_as_of
@_limit
@_format
@ledger_options
def down(by, keys, common, figure_id, path, common_path, fmt) -> None:
    """Every reported value behind one fund figure, with the rule applied and its provenance; then the figure
    recomputed from the listed parts. A budget figure (--indicator budget, or a figure id ending in /budget)
    lists the programmes behind it, each with its budget, share and sources.

    Example: mptf trace down --by gcm --key 21:inherited --indicator people-reached
    """
    from mptf.engine.cli.ledger import ledger_replay
    from mptf.engine.cli.options import dated
    from mptf.engine.reading.fields import suggest
    from mptf.engine.rollup.core import rollup
    from mptf.engine.trace import parse_figure_id, recompute, select_figure, trace_down
    from mptf.engine.trace.budget import BUDGET
    from mptf.reports.trace import render_trace_down

    with _Selection():
        if figure_id:
            by, keys, common = parse_figure_id(figure_id)
        if common == BUDGET:
            _budget_down(list(by), list(keys), path, fmt)
            return
        if figure_id:
            for dim in by:
                if dim not in DIMENSIONS:
                    raise click.UsageError(
                        f"no dimension {dim!r} in figure id {figure_id!r}{suggest(dim, DIMENSIONS)}: use "
                        f"{', '.join(DIMENSIONS)}"
                    )
        by = list(dict.fromkeys(by))
        state = ledger_replay(path)  # with --ledger: each row's file names its ledger version
        portfolio = _load(path) if state is None else dated(state.portfolio)
        result = rollup(portfolio, by, common_path)
        figure = select_figure(result, by, keys, common, common_path)
        parts = trace_down(portfolio, by, keys, common, common_path, result)
    recomputed, matches = recompute(parts, figure)
    _out(render_trace_down(figure, by, parts, recomputed, matches, fmt))
    lost = left_out(int((parts["rule_code"] == "invalid").sum()))
    sys.exit(0 if matches and not lost else 1)


def _budget_down(by: list[str], keys: list[str], path, fmt: str) -> None:
    from mptf.engine.trace.budget import trace_budget
    from mptf.reports.budget_trace import render_budget_trace

    if len(by) != 1 or len(keys) != 1:
        raise click.UsageError("a budget figure has one dimension and one key: --by thematic-area --key 2")
    portfolio = _load(path)
    figure, parts = trace_budget(portfolio, by[0], keys[0])
    _out(render_budget_trace(figure, parts, fmt))
    sys.exit(0 if figure["matches"] else 1)


@trace.command()
@click.argument("indicator")
@_portfolio
@_common
@_as_of
@_limit
@_format
def up(indicator, path, common_path, fmt) -> None:
    """Where an indicator sits (output → outcome → programme → thematic area) and the GCM objectives and SDG
    targets it serves, each direct, inherited from a named parent, or through its thematic area (the mapping's
    status shown); a disputed link names both claims.

    Example: mptf trace up tjk-flb.awareness-reached
    """
    from mptf.engine.trace import trace_up
    from mptf.reports.trace import render_trace_up

    portfolio = _load(path)
    with _Selection():
        result = trace_up(portfolio, indicator, common_path)
    _out(render_trace_up(result, fmt))


def _framework(framework: str, ref: str, path, common_path, fmt) -> None:
    from mptf.engine.trace import trace_framework
    from mptf.reports.trace import render_framework

    portfolio = _load(path)
    with _Selection():
        result = trace_framework(portfolio, framework, ref, common_path)
    _out(render_framework(result, fmt))


@trace.command(name="gcm")
@click.argument("objective")
@_portfolio
@_common
@_as_of
@_limit
@_format
def gcm_command(objective, path, common_path, fmt) -> None:
    """Everything linked to one GCM objective (directly, inherited or through the thematic area), with budgets
    per kind of link (in full and split) and the fund figures, a disputed link apart.

    Example: mptf trace gcm 8
    """
    _framework("gcm", objective, path, common_path, fmt)


@trace.command(name="sdg")
@click.argument("target")
@_portfolio
@_common
@_as_of
@_limit
@_format
def sdg_command(target, path, common_path, fmt) -> None:
    """Everything linked to one SDG target (directly or inherited), with budgets and the fund figures.

    Example: mptf trace sdg 10.7
    """
    _framework("sdg", target, path, common_path, fmt)


@trace.command()
@_portfolio
@_common
@_as_of
@_limit
@_format
def orphans(path, common_path, fmt) -> None:
    """Every reported value that reaches no fund figure of the rollup by thematic area, or reaches one only
    through another row (a duplicate, a superseded claim, a part of a total), and why.

    Example: mptf trace orphans --format csv
    """
    from mptf.engine.trace import orphans as find_orphans
    from mptf.reports.trace import render_orphans

    portfolio = _load(path)
    _out(render_orphans(find_orphans(portfolio, common_path), len(portfolio.values), fmt))


@trace.command()
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="The audit workbook to write (.xlsx).",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=str),
    help="The JSON lineage file to write (default: the workbook's name with .json).",
)
@_by
@_portfolio
@_common
@_as_of
@_limit
@shows_progress("reading the portfolio", "tracing the figures", "tracing the budgets", "orphans", "writing the audit")
def export(output, json_path, by, path, common_path) -> None:
    """Write the audit of a rollup: every figure with its contributing rows (Excel and JSON lineage), every
    budget figure of the same dimensions with its programme shares, the orphans and the files read with their
    sha256 and installed path, to recheck the whole rollup offline.

    Example: mptf trace export -o audit.xlsx --by gcm
    """
    from mptf.engine.rollup.core import left_out as rollup_left_out
    from mptf.engine.trace import trace_rollup
    from mptf.engine.trace.budget import trace_budget_rollup
    from mptf.engine.trace.orphans import orphan_table
    from mptf.reports.audit import LongTable, write_audit

    xlsx = Path(output)
    lineage = Path(json_path) if json_path else xlsx.with_suffix(".json")
    if xlsx.suffix.lower() != ".xlsx":
        raise click.BadParameter("the audit workbook must be an .xlsx file", param_hint="--output")
    if lineage.resolve() == xlsx.resolve():
        raise click.BadParameter("the JSON lineage needs a path of its own", param_hint="--json")
    not_an_input("--output", xlsx, None, path)
    not_an_input("--json", lineage, None, path)
    portfolio = _load(path)
    try:
        with LongTable(xlsx) as parts:  # the contributions go to their file as they are traced
            audit = trace_rollup(portfolio, by, common_path, sink=parts)
            advance()
            budgets = trace_budget_rollup(portfolio, by)
            advance()
            lost = orphan_table(portfolio, common_path)  # positions: written a chunk at a time
            advance()
            write_audit(audit, xlsx, lineage, lost, portfolio.files, budgets, parts=parts)
    except OSError as err:
        raise click.UsageError(f"cannot write the audit: {err.strerror or err}") from None
    from mptf.reports.audit import SHEET_ROWS, beside

    tables = {"contributions": parts.rows, "orphans": len(lost), "budget parts": len(budgets.parts)}
    long = [beside(xlsx, name).name for name, rows in tables.items() if rows > SHEET_ROWS]
    ok = int(audit.figures["matches"].sum())
    money = int(budgets.figures["matches"].sum())
    click.echo(
        f"wrote {xlsx} and {lineage}: {len(audit.figures)} figures by {', '.join(audit.by)}, "
        f"{parts.rows} contribution rows, {len(lost)} orphans, {len(budgets.figures)} budget figures of "
        f"{len(budgets.parts)} programme shares; recomputed from their parts, {ok} of {len(audit.figures)} figures "
        f"match, and {money} of {len(budgets.figures)} budget figures match"
        + (f"; beside the workbook (over {SHEET_ROWS:,} rows): {', '.join(long)}" if long else "")
    )
    lost = left_out(rollup_left_out(portfolio, common_path))
    sys.exit(0 if ok == len(audit.figures) and money == len(budgets.figures) and not lost else 1)

"""The ``mptf`` command line: a thin shell over the library (parse options, call one function, render).

Exit codes: 0 ran with no error (warnings allowed), 1 errors found, 2 the input could not be used or the
command was misused.
"""

from __future__ import annotations

import os
import sys

import click

from mptf.engine.cli.distributed import engine_options
from mptf.engine.cli.ledger import ledger_options
from mptf.engine.cli.options import as_of_option as _as_of
from mptf.engine.cli.options import by_option as _by
from mptf.engine.cli.options import common_option as _common
from mptf.engine.cli.options import dated, internal_error, load, not_an_input
from mptf.engine.cli.options import format_option as _format
from mptf.engine.cli.options import left_out as _left_out
from mptf.engine.cli.options import limit_option as _limit
from mptf.engine.cli.options import path_argument as _path
from mptf.engine.cli.options import period_option as _period
from mptf.engine.cli.options import usable as _usable
from mptf.engine.cli.progress import ProgressGroup
from mptf.indicators.formats import EXCEL_SUFFIXES
from mptf.reports.formats import ROLLUP_TABLES

__all__ = ["internal_error", "main", "run"]


def _echo(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


@click.group(cls=ProgressGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mptf")
def main() -> None:
    """Results-framework engine of the Migration MPTF: check, validate, roll up and trace results.

    Every command runs on the embedded Migration MPTF portfolio unless given a PATH. Exit codes: 0 clean or
    warnings only, 1 errors found, 2 unusable input.
    """


@main.command()
@_path
@_as_of
@_format
@click.option("--verbose", "-v", is_flag=True, help="List info findings in the table too (JSON/CSV always do).")
@_limit
def check(path: str | None, fmt: str, verbose: bool) -> None:
    """Check a portfolio's results graph and programme facts.

    PATH is a directory of programme files, one programme file (.yaml) or a workbook (.xlsx); default: the
    embedded portfolio.

    Example: mptf check frameworks/portfolio --format csv
    """
    from mptf.engine.dates import as_of_text
    from mptf.engine.findings import exit_code
    from mptf.engine.rules.checks import check_portfolio
    from mptf.reports.findings import render_findings

    portfolio = dated(load(path))
    findings = check_portfolio(portfolio)
    what = (
        f"checked {len(portfolio.programmes)} programmes, {len(portfolio.indicators)} indicators, "
        f"{len(portfolio.values)} values (as of {as_of_text(portfolio)})"
    )
    _echo(render_findings(findings, fmt, what, verbose))
    sys.exit(exit_code(findings))


@main.command()
@click.argument("framework", type=click.Choice(["gcm", "principles", "sdg", "areas"]))
@click.option("--goal", type=int, help="With sdg: only this goal's targets.")
@_as_of
@_format
def frameworks(framework: str, goal: int | None, fmt: str) -> None:
    """List a reference framework: GCM objectives or principles, SDG targets, the fund's thematic areas.

    Example: mptf frameworks sdg --goal 10
    """
    from mptf.reports.frameworks import framework_table
    from mptf.reports.render import render_frame

    frame, title = framework_table(framework, goal, fmt)
    _echo(render_frame(frame, fmt, title))


@main.command()
@click.argument("programme")
@click.option("--portfolio", "path", type=click.Path(path_type=str), help="Portfolio to read (default: embedded).")
@click.option("--source", "source", is_flag=True, help="Print the programme's file as it is, with where it is.")
@_limit
def show(programme: str, path: str | None, source: bool) -> None:
    """Print one programme's results tree with its facts, links and reported values, and where they come from.

    Example: mptf show tjk-families-left-behind --source
    """
    from mptf.frameworks.documents import installed_file, provenance_lines
    from mptf.reports.tree import programme_tree

    portfolio = load(path)
    _known_programme(portfolio, programme)
    mine = portfolio.programmes[portfolio.programmes["programme"] == programme]
    if source:
        where = installed_file(mine["file"].iloc[0])
        if where is None or where.suffix.lower() not in (".yaml", ".yml") or not where.is_file():
            raise click.UsageError(f"{programme} was read from {where}, not from a programme file of its own")
        click.echo(f"# {where}")
        _echo(where.read_text(encoding="utf-8"))
        return
    _echo(programme_tree(portfolio, programme))
    files = mine["file"].tolist()
    sources = [*portfolio.claims.loc[portfolio.claims["programme"] == programme, "source"]]
    sources += [*portfolio.values.loc[portfolio.values["programme"] == programme, "source"]]
    for line in provenance_lines(files, sources):
        click.echo(line)


@main.command()
@_path
@_by
@click.option("--budget/--no-budget", default=True, show_default=True, help="Add the budget rollup.")
@click.option("--table", type=click.Choice(ROLLUP_TABLES), help="Only this table (JSON/CSV: one table, not all).")
@_period
@_common
@_as_of
@_format
@_limit
@ledger_options
@engine_options
def rollup(path: str | None, by: tuple[str, ...], budget: bool, table: str | None, common_path: str | None, fmt: str):
    """Roll reported values up to the fund's common indicators, with coverage, fund totals and budgets.

    Counts are summed (a cumulative indicator gives its latest value), percentages never summed, ordinal
    values distributed, yes/no counted as k of n; double counting is resolved in the open (see docs/rollup.md).
    Fund totals are given where the groups add up. JSON is one object (figures, totals, budget); CSV one long
    table with a `table` column.

    Example: mptf rollup --by gcm --by year --format md
    """
    from mptf.engine.cli.distributed import engine_rollup
    from mptf.engine.cli.ledger import ledger_replay
    from mptf.engine.dates import as_of_text
    from mptf.engine.rollup.totals import rollup_tables
    from mptf.reports.rollup import render_rollup

    state = ledger_replay(path)
    portfolio = _usable(load(path) if state is None else state.portfolio)
    given, fund = engine_rollup(state, portfolio, by, common_path)
    tables = rollup_tables(portfolio, by, common_path, budget, given, fund, contributions=False)
    result = tables.result
    window = f", period {tables.window}" if tables.window else ""
    title = (
        f"Migration MPTF results by {', '.join(by)} ({len(portfolio.programmes)} programmes, "
        f"as of {as_of_text(portfolio)}{window})"
    )
    empty = _no_figures(portfolio) if result.figures.empty else None
    _echo(render_rollup(tables, fmt, title, empty, table))
    if empty and fmt in ("json", "csv"):
        click.echo(empty, err=True)  # the data stays parseable; the reason goes to stderr
    links = result.findings
    if len(links):
        counts = ", ".join(f"{n} {code}" for code, n in links["code"].value_counts().sort_index().items())
        _note(
            f"{len(links)} indicator{'s' if len(links) != 1 else ''} left out of every figure by the link to a "
            f"common indicator ({counts}); mptf check says where",
            fmt,
        )
    sys.exit(_left_out(result.left_out))


def _no_figures(portfolio) -> str:
    """Why a portfolio gives no fund figure, in words: no indicators, no reported values, or none that counts."""
    programmes = len(portfolio.programmes)
    indicators = portfolio.indicators["indicator"].nunique()
    values = len(portfolio.values)
    if not indicators:
        return f"no fund figures: the portfolio's {programmes} programme(s) have no indicators yet"
    if not values:
        return f"no fund figures: none of the portfolio's {indicators} indicator(s) has a reported value yet"
    return (
        f"no fund figures: none of the portfolio's {values} reported value(s) counts towards a common indicator "
        "(mptf trace orphans says why)"
    )


def _note(text: str, fmt: str) -> None:
    """A closing remark: after a table, or on stderr when the output is data (JSON/CSV)."""
    click.echo(text, err=fmt in ("json", "csv"))


@main.command()
@_path
@click.option("--programme", help="Only this programme's indicators.")
@click.option(
    "--on-track",
    type=click.FloatRange(0, 1),
    default=0.85,
    show_default=True,
    help="On track when progress reaches this share of expected progress.",
)
@click.option(
    "--at-risk",
    type=click.FloatRange(0, 1),
    default=0.60,
    show_default=True,
    help="At risk (not off track) when progress reaches this share of expected progress.",
)
@_period
@_as_of
@_format
@_limit
def progress(path: str | None, programme: str | None, on_track: float, at_risk: float, fmt: str) -> None:
    """Progress of each indicator from baseline to target, expected progress and status.

    Statuses: achieved, on track, at risk, off track, no timeline (dates unknown), no data, no target.

    Example: mptf progress --programme tjk-families-left-behind
    """
    from mptf.engine.rollup.progress import Thresholds
    from mptf.engine.rollup.progress import progress as run_progress
    from mptf.reports.progress import render_progress

    portfolio = _usable(load(path))
    if programme is not None:
        _known_programme(portfolio, programme)
    table = run_progress(portfolio, programme, Thresholds(on_track, at_risk))
    _echo(render_progress(table, fmt))
    if table.empty:
        whose = f"programme {programme}" if programme is not None else "the portfolio"
        _note(f"no progress to show: {whose} has no indicators yet", fmt)
    judged = portfolio.verdict
    lost = judged.values["excluded"] != ""
    if programme is not None:
        lost &= judged.values["programme"] == programme
    sys.exit(_left_out(int(lost.sum())))


def _known_programme(portfolio, programme: str) -> None:
    known = portfolio.programmes["programme"].tolist()
    if programme not in known:
        from mptf.engine.reading.fields import unknown_id

        raise click.UsageError(unknown_id("programme", programme, known, "mptf list lists the programmes"))


@main.command(name="gcm")
@_path
@_period
@_as_of
@_format
@_limit
def gcm_command(path: str | None, fmt: str) -> None:
    """The GCM view: for each of the 23 objectives and each kind of link, the programmes, budget and results.

    A programme reaches an objective directly (a source states it for the programme or its results) or through
    its thematic area (the fund's area → objective mapping; its status is shown). Kinds are separate rows;
    budgets are given in full (never totalled) and split (reconciling with the fund total); a disputed link
    goes in its own column with both claims.

    Example: mptf gcm --format md
    """
    from mptf.engine.rollup.core import left_out
    from mptf.engine.rollup.gcm_view import gcm_view
    from mptf.reports.gcm import render_gcm

    portfolio = _usable(load(path))
    view = gcm_view(portfolio)
    _echo(render_gcm(view, fmt, int(portfolio.programmes["budget_cents"].dropna().sum())))
    if not view["results"].astype(bool).any():
        _note(_no_figures(portfolio).replace("no fund figures", "no results under any objective"), fmt)
    sys.exit(_left_out(left_out(portfolio)))


@main.command()
@click.argument("report", required=False, type=click.Path(path_type=str))
@click.option(
    "--portfolio",
    "path",
    type=click.Path(path_type=str),
    help="The framework: a portfolio directory, a programme file or a workbook (default: embedded).",
)
@_as_of
@_format
@click.option(
    "--annotate",
    "annotated",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write a copy of REPORT as OUT.xlsx with the bad cells highlighted and commented.",
)
@_limit
@engine_options
def validate(report: str | None, path: str | None, fmt: str, annotated: str | None) -> None:
    """Check a report of reported values (CSV or .xlsx) against its programmes' results frameworks.

    Every finding at once, each with its file, row and column and a hint. With no REPORT, the values held in
    the portfolio itself are checked. Exit codes as for check.

    Example: mptf validate report.xlsx --annotate checked.xlsx
    """
    from pathlib import Path

    from mptf.engine.cli.distributed import engine_validate
    from mptf.engine.findings import exit_code
    from mptf.engine.rules.validate import validate as run_validate
    from mptf.reports.validation import render_validation

    if annotated and not report:
        raise click.UsageError("--annotate needs a REPORT to copy")
    if annotated:
        if Path(annotated).suffix.lower() not in EXCEL_SUFFIXES:
            raise click.BadParameter(f"{annotated} should be an .xlsx file", param_hint="--annotate")
        not_an_input("--annotate", annotated, report, path)
    result = engine_validate(report, path, run_validate)
    _echo(render_validation(result.findings, fmt, result.summary))
    if annotated and result.report is not None and result.report.usable and Path(report).exists():
        _annotate(report, result.findings, annotated)
    sys.exit(exit_code(result.findings))


def _annotate(report: str, findings, out: str) -> None:
    from mptf.reports.annotate import annotate

    try:
        marked = annotate(report, findings, out)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds of error for a file it cannot rewrite
        click.echo(f"cannot write the annotated copy: {type(err).__name__}: {err}", err=True)
        sys.exit(2)
    click.echo(f"annotated copy: {out} ({marked} cells marked)", err=True)


@main.command()
@click.argument("programme")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="The workbook to write (.xlsx).",
)
@click.option("--portfolio", "path", type=click.Path(path_type=str), help="Portfolio to read (default: embedded).")
@click.option(
    "--period",
    "periods",
    multiple=True,
    metavar="YYYY|START:END",
    help="A reporting period (repeatable); default: the programme's own periods ended by --as-of (its calendar "
    "years cut to its dates), else the last calendar year.",
)
@_as_of
@_limit
def template(programme: str, output: str, path: str | None, periods: tuple[str, ...]) -> None:
    """Write the reporting template of a programme: one row per indicator, period and group, with validations.

    What template writes, validate reads: fill the value cells, then run mptf validate on the file.

    Example: mptf template tjk-families-left-behind -o tjk-2025.xlsx --period 2025
    """
    from mptf.engine.reading.template import parse_period, reporting_periods, template_rows
    from mptf.reports.template import write_template

    not_an_input("--output", output, None, path)
    portfolio = _usable(load(path))
    _known_programme(portfolio, programme)
    try:
        chosen = [parse_period(p) for p in periods]
        if not chosen:
            chosen, why = reporting_periods(portfolio, programme)
            click.echo(why, err=True)
        rows = template_rows(portfolio, programme, chosen)
        rows = write_template(portfolio, programme, output, rows)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--period") from None
    except OSError as err:
        raise click.UsageError(f"cannot write {output}: {err.strerror or err}") from None
    click.echo(f"wrote {output}: {len(rows)} rows, {rows['indicator'].nunique()} indicators of {programme}")
    if rows.empty:
        click.echo(f"{programme} has no indicators yet: the template has no rows to fill")


from mptf.engine.cli.ledger import diff, history, review, submit  # noqa: E402
from mptf.engine.cli.trace import trace  # noqa: E402

main.add_command(trace)
for _command in (submit, review, history, diff):
    main.add_command(_command)

from mptf.engine.cli.report import report  # noqa: E402

main.add_command(report)

from mptf.engine.cli.iati import export_iati, import_iati  # noqa: E402 - commands of their own module

main.add_command(export_iati)
main.add_command(import_iati)

from mptf.engine.cli.listing import list_command  # noqa: E402

main.add_command(list_command)

from mptf.engine.cli.synth import synth_command  # noqa: E402

main.add_command(synth_command)


def run() -> None:
    """The console script: :func:`main`, then a prompt exit with its code.

    After a large report the process holds hundreds of megabytes of arrays, and tearing the interpreter down
    frees them one by one (0.3 s after a million rows) just before the process ends anyway. So the output is
    flushed and the process leaves at once; every file a command writes is complete (and atomically renamed)
    before its command returns. An unexpected exception is a bug, never the user's: it is said in one
    paragraph on stderr (:func:`internal_error`, exit 2); ``MPTF_DEBUG=1`` shows its traceback instead.
    """
    try:
        main()
        code = 0
    except SystemExit as done:
        code = done.code
    except Exception as err:  # noqa: BLE001 - the whole-program guarantee: no traceback reaches the user
        if os.environ.get("MPTF_DEBUG"):
            raise
        internal_error(err, sys.argv[1:])
        code = 2
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader stopped early (| head): nothing more to say
        pass
    os._exit(code or 0)

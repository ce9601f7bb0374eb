"""The ledger's commands: ``mptf submit``, ``review``, ``history`` and ``diff``; and the options with which
``mptf rollup`` rebuilds the fund figures from the ledger (``--ledger``, ``--db``, ``--version``)."""

from __future__ import annotations

import sys

import click

from mptf.engine.cli.options import as_of_option, format_option, given_as_of, given_limits, limit_option, load
from mptf.engine.cli.options import by_option as _by

__all__ = ["diff", "history", "ledger_options", "ledger_replay", "review", "submit"]

_LEDGER = "mptf.ledger"


def _echo(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


def _keep(ctx: click.Context, param: click.Parameter, value) -> None:
    if value not in (None, False):
        ctx.meta.setdefault(_LEDGER, {})[param.name] = value


db_option = click.option(
    "--db",
    metavar="URL",
    help="The ledger's database: any SQLAlchemy URL (sqlite:///file, postgresql://user@host/db); default "
    "$MPTF_DB, else a SQLite file beside the portfolio PATH given, else in the user's data directory.",
)


def ledger_options(fn):
    """``--ledger``, ``--db URL``, ``--version N`` and ``--submitted``, kept in the click context for
    :func:`ledger_replay` (so a command body reads them in one call)."""
    options = [
        click.option("--ledger", is_flag=True, expose_value=False, callback=_keep, help="Roll up from the ledger."),
        click.option("--db", expose_value=False, callback=_keep, metavar="URL", help="The ledger's database (implies "
                     "--ledger); default as for mptf submit."),
        click.option("--version", "change", type=click.IntRange(1), expose_value=False, callback=_keep,
                     metavar="N", help="The ledger as it was after change N (mptf history lists them; implies "
                     "--ledger); default: its last change by the end of the --as-of date."),
        click.option("--submitted", is_flag=True, expose_value=False, callback=_keep,
                     help="With the ledger: versions still under review feed the figures too."),
    ]  # fmt: skip
    for option in reversed(options):
        fn = option(fn)
    return fn


def _open(db: str | None, path: str | None):
    from mptf.engine.ledger.store import LedgerError, default_url, open_ledger

    try:
        return open_ledger(db or default_url(path))
    except LedgerError as err:
        raise click.UsageError(str(err)) from None


def ledger_replay(path: str | None):
    """The ledger state the running command's ledger options ask for (None: none given); exit 2 with the
    reason when the ledger cannot give it. Says on stderr which change it is."""
    given = click.get_current_context().meta.get(_LEDGER)
    if not given:
        return None
    from mptf.engine.ledger.replay import replay
    from mptf.engine.ledger.store import LedgerError

    engine = _open(given.get("db"), path)
    try:
        state = replay(engine, given.get("change"), given_as_of(), bool(given.get("submitted")), given_limits())
    except LedgerError as err:
        raise click.UsageError(str(err)) from None
    feeding = ", ".join(f"{p} v{v}" for p, v in zip(state.feeding["programme"], state.feeding["version"], strict=True))
    click.echo(f"from the ledger after change {state.seq}: {feeding or 'no version accepted yet'}", err=True)
    if state.other_engine:
        click.echo(
            f"note: changes replayed were made by engine {', '.join(sorted(state.other_engine))}; this is "
            "a different engine, whose rules may give other figures",
            err=True,
        )
    return state


def _show_changes(shown, fmt: str, title: str) -> None:
    from mptf.reports.render import render_frame

    changes, moved = shown.changes, shown.moved
    if fmt in ("json",):
        import json

        _echo(json.dumps({"periods": shown.periods, "values": json.loads(render_frame(changes, "json")), "figures":
                          json.loads(render_frame(moved, "json"))}, ensure_ascii=False, indent=2) + "\n")  # fmt: skip
        return
    periods = ", ".join(shown.periods) or "none (no rows)"
    title = f"{title}, within the periods it replaces ({periods})"
    counts = changes["change"].value_counts()
    summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("added", "removed", "changed"))
    _echo(render_frame(changes, fmt, f"{title}: {summary}") if len(changes) else f"{title}: no value changes\n")
    _echo(render_frame(moved, fmt, "fund figures that move") if len(moved) else "no fund figure moves\n")


@click.command()
@click.argument("report", type=click.Path(path_type=str))
@click.option("--programme", required=True, help="The programme the report is of.")
@click.option("--portfolio", "path", type=click.Path(path_type=str), help="Portfolio to read (default: embedded).")
@db_option
@click.option("--by", "by_name", default="", help="Who submits (stored with the version).")
@click.option("--note", default="", help="A note stored with the version.")
@click.option("--accept-with-errors", is_flag=True, help="Store a report with errors (needs --reason).")
@click.option("--reason", default="", help="Why a report with errors is stored.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what would change in the periods the report covers against the last version; store nothing.",
)
@as_of_option
@format_option
@limit_option
def submit(report, programme, path, db, by_name, note, accept_with_errors, reason, dry_run, fmt) -> None:
    """Validate a programme's report and store it in the ledger as its next version (state: submitted).

    A report with errors is refused (exit 1, nothing stored) unless --accept-with-errors --reason TEXT. The same
    file twice stores nothing and says so. A version replaces, for the programme, exactly the periods it reports
    (each distinct period_start, period_end of its rows); values of other periods are kept.

    Example: mptf submit tjk-2025.xlsx --programme tjk-families-left-behind --by "M. Rahimova"
    """
    from mptf.engine.findings import exit_code
    from mptf.engine.ledger.submission import preview, store_report
    from mptf.engine.rules.validate import validate
    from mptf.reports.validation import render_validation

    if accept_with_errors and not reason.strip():
        raise click.UsageError("--accept-with-errors needs --reason TEXT: why a report with errors is stored")
    known = load(path).programmes["programme"].tolist()
    if programme not in known:
        from mptf.engine.reading.fields import suggest

        raise click.UsageError(f"no programme {programme!r} in the portfolio{suggest(programme, known)}")
    result = validate(report, path, given_limits(), as_of=given_as_of())
    errors = exit_code(result.findings)
    if errors == 2 or result.report is None:
        _echo(render_validation(result.findings, fmt, result.summary))
        sys.exit(2)
    values = result.report.values
    others = sorted(set(values["programme"].astype(object)) - {programme})
    if others:
        raise click.UsageError(f"{report} has rows of {', '.join(others)}: a submission is one programme's report")
    if errors and not accept_with_errors:
        _echo(render_validation(result.findings, fmt, result.summary))
        click.echo(
            "refused: the report has errors, nothing stored (fix them, or --accept-with-errors --reason TEXT)",
            err=True,
        )
        sys.exit(1)
    engine = _open(db, path)
    if dry_run:
        from mptf.engine.reading.load import load_portfolio

        shown = preview(engine, programme, values, load_portfolio(path, given_limits()), given_as_of(), given_limits())
        _show_changes(shown, fmt, f"{programme}: {report} against {shown.against}")
        click.echo("dry run: nothing stored", err=True)
        return
    forced = reason if errors else ""
    stored = store_report(engine, programme, report, result, path, by=by_name, note=note, forced_reason=forced)
    if not stored.new:
        click.echo(
            f"{programme} v{stored.version} holds this file already (sha256 {stored.sha256[:12]}): nothing stored"
        )
        return
    sev = result.findings["severity"].value_counts()
    click.echo(
        f"stored {programme} v{stored.version} (submitted, change {stored.seq}): {len(values)} rows, "
        f"{int(sev.get('error', 0))} errors, {int(sev.get('warning', 0))} warnings, sha256 {stored.sha256[:12]}"
    )


@click.command()
@click.argument("programme")
@click.option("--version", "version", type=click.IntRange(1), required=True, help="The version reviewed.")
@click.option("--return", "returned", metavar="REASON", help="Return the version to the programme, saying why.")
@click.option("--accept", is_flag=True, help="Accept the version: it feeds the fund figures.")
@click.option("--by", "by_name", default="", help="Who reviews (stored with the change).")
@click.option("--portfolio", "path", type=click.Path(path_type=str), help="Where the default ledger is.")
@db_option
def review(programme, version, returned, accept, by_name, path, db) -> None:
    """Accept a submitted version, or return it with a reason.

    Example: mptf review tjk-families-left-behind --version 2 --return "2024 figures double-count returnees"
    """
    from mptf.engine.ledger.store import LedgerError
    from mptf.engine.ledger.store import review as store_review

    if accept == (returned is not None):
        raise click.UsageError("give one of --accept or --return REASON")
    if returned is not None and not returned.strip():
        raise click.UsageError("--return needs a reason: what the programme should fix")
    try:
        seq = store_review(_open(db, path), programme, version, accept, returned or "", by_name)
    except LedgerError as err:
        raise click.UsageError(str(err)) from None
    state = "accepted" if accept else f"returned ({returned})"
    click.echo(f"{programme} v{version} {state} (change {seq})")


@click.command()
@click.option("--programme", help="Only this programme's versions.")
@click.option("--portfolio", "path", type=click.Path(path_type=str), help="Where the default ledger is.")
@db_option
@format_option
def history(programme, path, db, fmt) -> None:
    """The versions in the ledger: when and by whom submitted, content hash, rows, findings, state and reason.

    Example: mptf history --programme tjk-families-left-behind
    """
    from mptf.engine.ledger.query import history as versions
    from mptf.reports.render import render_frame

    table = versions(_open(db, path), programme)
    if fmt not in ("json", "csv"):  # for people: the short hash, times to the minute, who reviewed beside when
        when = table["submitted_at"].str[:16].str.replace("T", " ")
        reviewed = (table["reviewed_at"].str[:16].str.replace("T", " ") + " " + table["reviewed_by"]).str.strip()
        table = table.assign(sha256=table["sha256"].str[:12], submitted_at=when, reviewed_at=reviewed)
        table = table.drop(columns=["reviewed_by"]).rename(columns={"submitted_by": "by", "seq": "change"})
    if table.empty and fmt not in ("json", "csv"):
        click.echo("no versions in the ledger" + (f" for {programme}" if programme else ""))
        return
    _echo(render_frame(table, fmt, "Submission ledger" + (f": {programme}" if programme else "")))


@click.command(name="diff")
@click.argument("programme")
@click.option("--from", "v1", type=click.IntRange(1), required=True, help="The earlier version.")
@click.option("--to", "v2", type=click.IntRange(1), required=True, help="The later version.")
@click.option("--portfolio", "path", type=click.Path(path_type=str), help="Where the default ledger is.")
@db_option
@_by
@as_of_option
@format_option
def diff(programme, v1, v2, path, db, by, fmt) -> None:
    """Values added, removed and changed by version V2 within the periods it reports, and the fund figures that move.

    The old side is what stood for those periods after versions 1 to V1 (each period from the newest of them
    reporting it, else the portfolio's own values); periods V2 does not report are left out, as V2 leaves them
    as they are. The figures are computed over the ledger's current state, with either side in those periods.

    Example: mptf diff tjk-families-left-behind --from 1 --to 2
    """
    from mptf.engine.ledger.store import LedgerError
    from mptf.engine.ledger.submission import compare_versions

    try:
        shown = compare_versions(_open(db, path), programme, v1, v2, by, given_as_of(), given_limits())
    except LedgerError as err:
        raise click.UsageError(str(err)) from None
    _show_changes(shown, fmt, f"{programme} v{v1} → v{v2}")

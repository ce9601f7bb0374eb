"""``--engine dask``: the rollup and validation on a Dask cluster (:mod:`mptf.engine.distributed`), with
``--scheduler``, ``--values`` and ``--workers``; options kept in the click context, read by
:func:`engine_rollup` and :func:`engine_validate`."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from dataclasses import replace

import click

from mptf.engine.cli.options import given_as_of, given_limits, given_window, load

__all__ = ["engine_options", "engine_rollup", "engine_validate"]

_ENGINE = "mptf.engine"


def _keep(ctx: click.Context, param: click.Parameter, value) -> None:
    if value is not None:
        ctx.meta.setdefault(_ENGINE, {})[param.name] = value


def engine_options(fn):
    """``--engine memory|dask``, ``--scheduler ADDRESS``, ``--values DIR`` and ``--workers N``."""
    options = [
        click.option("--engine", type=click.Choice(["memory", "dask"]), expose_value=False, callback=_keep,
                     help="Where the rules run: in this process (default), or on a Dask cluster (docs/scaling.md)."),
        click.option("--scheduler", metavar="ADDRESS", expose_value=False, callback=_keep,
                     help="With --engine dask: a running Dask scheduler (tcp://host:8786); default: a cluster of "
                     "worker processes on this machine."),
        click.option("--values", "values_dir", type=click.Path(exists=True, file_okay=False, path_type=str),
                     expose_value=False, callback=_keep, help="With --engine dask: the reported values as "
                     "partitioned Parquet (DIR/bucket=N/*.parquet); default: the portfolio's own values."),
        click.option("--workers", type=click.IntRange(1), expose_value=False, callback=_keep,
                     help="With --engine dask and no --scheduler: worker processes to start (default: one a core)."),
    ]  # fmt: skip
    for option in reversed(options):
        fn = option(fn)
    return fn


@contextlib.contextmanager
def _values(portfolio, given: str | None, workers: int):
    if given:
        yield given
        return
    from mptf.engine.distributed.parquet import write_values

    with tempfile.TemporaryDirectory(prefix="mptf-values-") as directory:
        write_values(portfolio.values, directory, n_buckets=4 * workers)
        yield directory


def _stop(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


def _options() -> dict:
    options = click.get_current_context().meta.get(_ENGINE, {})
    if options.get("engine", "memory") == "memory" and set(options) - {"engine"}:
        raise click.UsageError("--scheduler, --values and --workers go with --engine dask")
    return options


def _on_dask(options: dict, portfolio, values: str | None, groupings: list, report: str | None = None):
    from mptf.engine.distributed.cluster import MissingExtra, client
    from mptf.engine.distributed.run import run

    try:
        with client(options.get("scheduler"), options.get("workers")) as c:
            workers = max(1, len(c.scheduler_info().get("workers", {})))
            with _values(portfolio, values, workers) as directory:
                return run(portfolio, directory, c, groupings, options.get("common_path"), report)
    except MissingExtra as err:
        _stop(str(err))
    except (OSError, ValueError) as err:  # no scheduler there, no buckets, a programme in two buckets
        _stop(f"--engine dask: {err}")


def engine_validate(report: str | None, path: str | None, validate):
    """What ``mptf validate`` found (:class:`~mptf.engine.rules.validate.Validation`): by ``validate`` in this
    process, or on Dask with ``--engine dask``: REPORT (partitioned Parquet) as a report against the portfolio,
    as ``validate`` reads one; or the values of ``--values`` (partitioned Parquet) or the portfolio's own."""
    options = _options()
    if options.get("engine", "memory") == "memory":
        return validate(report, path, given_limits(), as_of=given_as_of())
    import pandas as pd

    from mptf.engine.dates import as_of_text
    from mptf.engine.rules.validate import Validation

    portfolio = load(path)
    given = given_as_of()
    portfolio.as_of = None if given is None else pd.Timestamp(given)
    if portfolio.load_findings is not None and (portfolio.load_findings["severity"] == "fatal").any():
        return validate(None, path, given_limits(), as_of=given)  # the portfolio's fatal findings
    values = report or options.get("values_dir")
    done = _on_dask(options, portfolio, values, [], report)
    name = values or f"the values of {path or 'the embedded portfolio'}"
    known = len(set(done.scope) & set(portfolio.programmes["programme"])) if report else done.programmes
    return Validation(done.findings, done.values, done.texts, known, name, as_of=as_of_text(portfolio))


def engine_rollup(state, portfolio, by, common_path):
    """The rollup the running command's options ask for, and its fund-wide figures: (None, None) to roll up in
    this process; replayed from the ledger (``state``); or run on Dask. Exit 2 with the reason when Dask is
    missing, the scheduler cannot be reached or the values cannot be read."""
    options = _options()
    if options.get("engine", "memory") == "memory":
        if state is None:
            return None, None
        from mptf.engine.ledger.replay import ledger_rollup

        return ledger_rollup(replace(state, portfolio=portfolio), by, common_path), None
    if state is not None or given_window() is not None:
        raise click.UsageError("--engine dask rolls up the values as given: not with the ledger or --period")
    result = _on_dask({**options, "common_path": common_path}, portfolio, options.get("values_dir"), [list(by), []])
    return result.rollups[0], result.rollups[1]

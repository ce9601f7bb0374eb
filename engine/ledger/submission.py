"""A validated report into the ledger: what it would change (``--dry-run``) and storing it as a version.

The validation itself is :func:`mptf.engine.rules.validate.validate`; these functions take its result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from mptf.engine.ledger.diff import moved_figures, value_changes
from mptf.engine.ledger.query import rows_of, states
from mptf.engine.ledger.replay import replay, with_values
from mptf.engine.ledger.store import LedgerError, Stored, submit

__all__ = ["Preview", "framework_of", "preview", "store_report"]


def framework_of(path: str | Path | None) -> list[tuple[str, bytes]]:
    """The files (name, content) of the portfolio at ``path`` (default: the embedded one) that loading reads."""
    from mptf.engine.reading.load import _files_in
    from mptf.frameworks._data import portfolio_path

    root = portfolio_path() if path is None else Path(path)
    files = _files_in(root) if root.is_dir() else [root]
    return [(f.name, f.read_bytes()) for f in files]


@dataclass
class Preview:
    """What a submission would change: ``changes`` (:func:`~mptf.engine.ledger.diff.value_changes`), ``moved``
    (:func:`~mptf.engine.ledger.diff.moved_figures`) and what it is compared with (``against``)."""

    changes: pd.DataFrame
    moved: pd.DataFrame
    against: str


def preview(engine: sa.Engine, programme: str, values: pd.DataFrame, portfolio, as_of=None, limits=None) -> Preview:
    """Compare a report's ``values`` with the programme's last version (before its first: the ``portfolio``'s
    own values of the programme, which feed the figures until a version is accepted). The fund figures are
    those of the ledger's current state (``portfolio`` if the ledger is empty), at ``as_of``."""
    mine = states(engine)
    mine = mine[mine["programme"] == programme]
    try:
        base = replay(engine, limits=limits).portfolio
    except LedgerError:
        base = portfolio
    base.as_of = None if as_of is None else pd.Timestamp(as_of)
    if len(mine):
        old, against = rows_of(engine, mine["id"].tail(1).tolist(), label=False), f"v{mine['version'].iloc[-1]}"
    else:
        old, against = base.values[base.values["programme"] == programme], "the portfolio's own values"
    moved = moved_figures(with_values(base, [programme], old), with_values(base, [programme], values))
    return Preview(value_changes(old, values), moved, against)


def store_report(engine: sa.Engine, programme: str, report: str | Path, validation, portfolio_path, **fields) -> Stored:
    """Store a validated report (``validation``: the result of :func:`~mptf.engine.rules.validate.validate`)
    as the programme's next version, with the files of the portfolio at ``portfolio_path``; ``fields``: by,
    note, forced_reason (see :func:`mptf.engine.ledger.store.submit`). Rows and findings name the report by its
    file name, not where it lay on the submitter's disk."""
    report = Path(report)
    content = hashlib.sha256(report.read_bytes()).hexdigest()
    findings = validation.findings
    findings = findings.assign(file=findings["file"].replace(str(report), report.name))
    values = validation.report.values.assign(file=report.name)
    return submit(
        engine,
        programme,
        content,
        report.name,
        values,
        findings,
        framework_of(portfolio_path),
        reference_date=validation.as_of,
        **fields,
    )

"""A validated report into the ledger: what it would change (``--dry-run``) and storing it as a version.

The validation itself is :func:`mptf.engine.rules.validate.validate`; these functions take its result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from mptf.engine.ledger.diff import moved_figures, value_changes
from mptf.engine.ledger.periods import layered, periods_of, put, within
from mptf.engine.ledger.query import rows_of, states
from mptf.engine.ledger.replay import replay
from mptf.engine.ledger.store import LedgerError, Stored, submit

__all__ = ["Preview", "compare_versions", "framework_of", "preview", "store_report"]


def framework_of(path: str | Path | None) -> list[tuple[str, bytes]]:
    """The files (name, content) of the portfolio at ``path`` (default: the embedded one) that loading reads."""
    from mptf.engine.reading.load import _files_in
    from mptf.frameworks._data import portfolio_path

    root = portfolio_path() if path is None else Path(path)
    files = _files_in(root) if root.is_dir() else [root]
    return [(f.name, f.read_bytes()) for f in files]


@dataclass
class Preview:
    """What a submission would change: ``changes`` (:func:`~mptf.engine.ledger.diff.value_changes`, within
    ``periods``), ``moved`` (:func:`~mptf.engine.ledger.diff.moved_figures`), what it is compared with
    (``against``) and ``periods``: the periods the new version reports, which it replaces."""

    changes: pd.DataFrame
    moved: pd.DataFrame
    against: str
    periods: list[str]


def _current(engine: sa.Engine, portfolio, as_of, limits):
    """(the portfolio of the ledger's current state, else ``portfolio``; the values before any version)."""
    try:
        state = replay(engine, limits=limits)
        base, own = state.portfolio, state.own
    except LedgerError:
        base, own = portfolio, portfolio.values
    base.as_of = None if as_of is None else pd.Timestamp(as_of)
    return base, own


def _compared(base, own, programme: str, earlier: pd.DataFrame, new: pd.DataFrame, against: str, by) -> Preview:
    """``new`` (a version's rows) against the values that stood for its periods after the versions ``earlier``
    (rows with ``version_id``; applied in order over ``own``); the figures over ``base`` with either in those
    periods."""
    periods = periods_of(new)
    old = within(layered(own[own["programme"] == programme], earlier)[0], programme, periods)
    before, after = (replace(base, values=put(base.values, programme, periods, rows)) for rows in (old, new))
    return Preview(value_changes(old, new), moved_figures(before, after, by), against, periods)


def preview(engine: sa.Engine, programme: str, values: pd.DataFrame, portfolio, as_of=None, limits=None) -> Preview:
    """Compare a report's ``values`` with what stands for the periods it reports after the programme's last
    version (every version so far applied in order, whatever its state, over the portfolio's own values;
    before its first version: the portfolio's own values). Values of other periods are not compared: the
    report leaves them as they are. The fund figures are those of the ledger's current state (``portfolio``
    if the ledger is empty) with either side in those periods, at ``as_of``."""
    mine = states(engine)
    mine = mine[mine["programme"] == programme]
    base, own = _current(engine, portfolio, as_of, limits)
    earlier = rows_of(engine, mine["id"].tolist(), label=False) if len(mine) else _NONE
    against = f"v{mine['version'].iloc[-1]}" if len(mine) else "the portfolio's own values"
    return _compared(base, own, programme, earlier, values, against, ("thematic-area",))


def compare_versions(
    engine: sa.Engine, programme: str, v1: int, v2: int, by=("thematic-area",), as_of=None, limits=None
) -> Preview:
    """Version ``v2`` of ``programme`` against what stood for the periods it reports after versions 1 to ``v1``
    (applied in order over the portfolio's own values), as :func:`preview`; figures by ``by``. Raises
    :class:`LedgerError` when either version is not in the ledger."""
    mine = states(engine)
    mine = mine[mine["programme"] == programme]
    missing = [f"v{v}" for v in (v1, v2) if v not in set(mine["version"])]
    if missing:
        raise LedgerError(f"{programme} has no {' or '.join(missing)} in the ledger (mptf history lists them)")
    base, own = _current(engine, None, as_of, limits)
    earlier = rows_of(engine, mine.loc[mine["version"] <= v1, "id"].tolist(), label=False)
    new = rows_of(engine, mine.loc[mine["version"] == v2, "id"].tolist(), label=False)
    return _compared(base, own, programme, earlier, new.drop(columns="version_id"), f"v{v1}", by)


_NONE = pd.DataFrame(columns=["version_id"])


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

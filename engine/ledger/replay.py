"""Rebuild the portfolio the ledger held at any point of its history, and its rollup, exactly.

The state at change ``seq`` (or at the end of a reference date) is: each programme's newest version accepted by
then (with ``include_submitted``: or still under review), its rows as stored, over the framework files stored
with the newest submission by then, read by the same engine. Programmes with no such version keep the framework's own
values. Each figure names the ledger versions behind it (``versions``: ``PROGRAMME vN``).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from mptf.engine.ledger import store
from mptf.engine.ledger.query import framework_files, last_change, rows_of, states
from mptf.engine.ledger.store import LedgerError

__all__ = ["Replay", "end_of_day", "ledger_rollup", "replay", "with_values"]


@dataclass
class Replay:
    """A portfolio as the ledger held it: ``seq`` the last change counted, ``feeding`` the version of each
    programme whose rows replace its values (columns of :func:`~mptf.engine.ledger.query.states`)."""

    portfolio: object
    seq: int
    feeding: pd.DataFrame
    framework_id: int
    engine_versions: set[str] = field(default_factory=set)

    @property
    def other_engine(self) -> set[str]:
        """Engine versions of the changes replayed that are not the running engine's (results may differ)."""
        return self.engine_versions - {store.engine_version()}


def end_of_day(date) -> str:
    """The first instant after the reference date (UTC), as the ledger's change times are written."""
    return (pd.Timestamp(date).normalize() + pd.Timedelta(days=1)).tz_localize("UTC").isoformat(timespec="microseconds")


def load_framework(engine: sa.Engine, framework_id: int, limits=None):
    """The stored framework files, written to a temporary directory and loaded as a portfolio."""
    from mptf.engine.reading.load import load_portfolio

    with tempfile.TemporaryDirectory(prefix="mptf-ledger-") as tmp:
        for name, content in framework_files(engine, framework_id):
            (Path(tmp) / Path(name).name).write_bytes(content)
        return load_portfolio(tmp, limits)


def with_values(portfolio, programmes, rows: pd.DataFrame):
    """A copy of ``portfolio`` whose values of ``programmes`` are ``rows`` (the model's values columns)."""
    from dataclasses import replace

    values = portfolio.values
    kept = values[~values["programme"].isin(list(programmes))]
    rows = rows[list(values.columns)]
    merged = pd.concat([kept, rows], ignore_index=True) if len(rows) else kept.reset_index(drop=True)
    for col in values.columns:
        if str(values[col].dtype) != str(merged[col].dtype):
            merged[col] = merged[col].astype(values[col].dtype)
    return replace(portfolio, values=merged)


def replay(
    engine: sa.Engine, seq: int | None = None, as_of=None, include_submitted: bool = False, limits=None
) -> Replay:
    """The portfolio at change ``seq`` (default: the last change by the end of ``as_of``, else the last).

    ``as_of`` also becomes the portfolio's reference date. Raises :class:`LedgerError` when the ledger has no
    change by then, or ``seq`` is beyond its last change."""
    last = last_change(engine)
    if seq is None:
        seq = last_change(engine, end_of_day(as_of)) if as_of is not None else last
    elif seq > last or seq < 1:
        raise LedgerError(f"the ledger has changes 1 to {last}: there is no change {seq}")
    if not seq:
        when = f" by the end of {pd.Timestamp(as_of).date()}" if as_of is not None else ""
        raise LedgerError(f"the ledger has no submission{when}: mptf submit stores one")
    at = states(engine, seq)
    wanted = ("accepted", "submitted") if include_submitted else ("accepted",)
    feeding = at[at["state"].isin(wanted)].sort_values(["programme", "version"]).groupby("programme").tail(1)
    framework_id = int(at.loc[at["id"].idxmax(), "framework_id"])  # the newest submission's
    portfolio = load_framework(engine, framework_id, limits)
    if len(feeding):
        rows = rows_of(engine, feeding["id"].tolist())
        portfolio = with_values(portfolio, feeding["programme"].tolist(), rows)
    portfolio.as_of = None if as_of is None else pd.Timestamp(as_of)
    return Replay(portfolio, seq, feeding.reset_index(drop=True), framework_id, set(at["engine_version"]))


def ledger_rollup(state: Replay, by=("thematic-area",), common_path: str | None = None):
    """The rollup of a replayed portfolio (:func:`mptf.engine.rollup.core.rollup`), each figure with
    ``versions``: the ledger version of each contributing programme (``PROGRAMME vN``; ``PROGRAMME
    (framework)`` for values of the framework's own files)."""
    from mptf.engine.rollup.core import rollup

    result = rollup(state.portfolio, list(by), common_path)
    version = dict(zip(state.feeding["programme"], state.feeding["version"], strict=True))

    def named(contributors) -> str:
        if not isinstance(contributors, str) or not contributors:
            return ""
        return ",".join(f"{p} v{version[p]}" if p in version else f"{p} (framework)" for p in contributors.split(","))

    result.figures["versions"] = result.figures["contributors"].map(named).astype(object)
    return result

"""Rebuild the portfolio the ledger held at any point of its history, and its rollup, exactly.

The state at change ``seq`` (or at the end of a reference date) is: the versions accepted by then (with
``include_submitted``: or still under review), applied in version order over the framework files stored with the
newest submission by then, read by the same engine. Each version replaces, for its programme, the periods it
reports (:mod:`mptf.engine.ledger.periods`); the periods no version reports keep the framework's own values. Each
figure names the ledger versions behind it (``versions``: ``PROGRAMME vN``, one per version with a row in it).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from mptf.engine.ledger import store
from mptf.engine.ledger.periods import apply_version, layered
from mptf.engine.ledger.query import framework_files, last_change, rows_of, states
from mptf.engine.ledger.store import LedgerError

__all__ = ["Replay", "end_of_day", "ledger_rollup", "replay", "with_values"]


@dataclass
class Replay:
    """A portfolio as the ledger held it: ``seq`` the last change counted, ``feeding`` the versions with rows
    that stand (columns of :func:`~mptf.engine.ledger.query.states`, and ``periods``: the periods each feeds,
    ``; ``-separated), by programme and version."""

    portfolio: object
    seq: int
    feeding: pd.DataFrame
    framework_id: int
    engine_versions: set[str] = field(default_factory=set)
    own: pd.DataFrame | None = None  # the framework's own values, before any version

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


def with_values(portfolio, rows: pd.DataFrame):
    """A copy of ``portfolio`` with ``rows`` (the model's values columns; one version) put in: they replace, for
    their programme, the values of the periods they report (:func:`~mptf.engine.ledger.periods.apply_version`)."""
    return replace(portfolio, values=apply_version(portfolio.values, rows))


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
    counted = at[at["state"].isin(wanted)]
    framework_id = int(at.loc[at["id"].idxmax(), "framework_id"])  # the newest submission's
    portfolio = load_framework(engine, framework_id, limits)
    own = portfolio.values
    feeding = counted.assign(periods="").iloc[0:0]
    if len(counted):
        values, standing = layered(portfolio.values, rows_of(engine, counted["id"].tolist()))
        portfolio = replace(portfolio, values=values[list(portfolio.values.columns)])
        fed = standing.groupby("version_id")["period"].agg(lambda p: "; ".join(sorted(set(p))))
        feeding = counted[counted["id"].isin(fed.index)].assign(periods=lambda f: f["id"].map(fed))
    portfolio.as_of = None if as_of is None else pd.Timestamp(as_of)
    feeding = feeding.sort_values(["programme", "version"], kind="stable").reset_index(drop=True)
    return Replay(portfolio, seq, feeding, framework_id, set(at["engine_version"]), own)


def ledger_rollup(state: Replay, by=("thematic-area",), common_path: str | None = None):
    """The rollup of a replayed portfolio (:func:`mptf.engine.rollup.core.rollup`), each figure with
    ``versions``: the ledger version of each of its counted rows, once each, by programme and version
    (``PROGRAMME vN``; ``PROGRAMME (framework)`` for values of the framework's own files). A programme whose
    periods come from several versions is named once per version."""
    from mptf.engine.rollup.core import rollup
    from mptf.indicators.catalogue import COUNTED_CODES

    result = rollup(state.portfolio, list(by), common_path)
    figures, contrib = result.figures, result.contributions
    keys = [*by, "common"]
    if figures.empty or contrib.empty:
        result.figures["versions"] = pd.Series("", index=figures.index, dtype=object)
        return result
    contrib = contrib.rename(columns=dict(zip(_dimension_columns(by), by, strict=True)))
    counted = contrib[contrib["rule_code"].isin(COUNTED_CODES)]
    named = counted.assign(versions=[_version_of(p, f) for p, f in zip(counted["programme"], counted["file"],
                                                                          strict=True)])  # fmt: skip
    per = named.groupby(keys, dropna=False)["versions"].agg(_joined).reset_index()
    merged = figures[keys].astype(object).merge(per.astype(object), on=keys, how="left")
    result.figures["versions"] = merged["versions"].fillna("").astype(object).to_numpy()
    return result


_LEDGER_FILE = re.compile(r"^ledger (?P<programme>\S+) v(?P<version>\d+): ")


def _version_of(programme: str, file) -> str:
    """``PROGRAMME vN`` for a row from the ledger (its ``file`` as :func:`rows_of` labels it), else
    ``PROGRAMME (framework)``."""
    found = _LEDGER_FILE.match(str(file or ""))
    return f"{programme} v{found['version']}" if found else f"{programme} (framework)"


def _joined(names) -> str:
    def order(name: str):
        programme, _, version = name.partition(" ")
        return programme, version != "(framework)", int(version[1:]) if version.startswith("v") else 0

    return ",".join(sorted(set(names), key=order))


def _dimension_columns(by) -> list[str]:
    from mptf.engine.rollup.groupings import DIMENSIONS

    return [DIMENSIONS[d] for d in by]

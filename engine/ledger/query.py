"""Read the ledger: its versions with their states at any point of its history, their rows and findings, and the
framework files each was validated against. Pure reads; nothing here writes."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from mptf.engine.ledger import schema as t

__all__ = ["framework_files", "history", "last_change", "reported_periods", "rows_of", "states", "version_id"]

_STATE_COLUMNS = [
    "id",
    "programme",
    "version",
    "state",
    "submitted_at",
    "submitted_by",
    "sha256",
    "file",
    "rows",
    "errors",
    "warnings",
    "infos",
    "reason",
    "forced_reason",
    "note",
    "framework_id",
    "engine_version",
    "reviewed_at",
    "reviewed_by",
    "seq",
]


def last_change(engine: sa.Engine, until: str | None = None) -> int:
    """The sequence number of the ledger's last change (at or before the time ``until``, ISO text); 0: none."""
    q = sa.select(sa.func.max(t.changes.c.seq))
    if until is not None:
        q = q.where(t.changes.c.at < until)
    with engine.connect() as conn:
        return conn.execute(q).scalar() or 0


def states(engine: sa.Engine, seq: int | None = None) -> pd.DataFrame:
    """Every version stored up to change ``seq`` (default: all) with its state then (columns
    ``_STATE_COLUMNS``: ``state`` submitted, returned or accepted; ``reason`` the return's; ``seq`` the change
    that set the state), sorted by programme and version."""
    c, v = t.changes.c, t.versions.c
    q = sa.select(c.seq, c.at, c.kind, c.version_id, c.by, c.reason).order_by(c.seq)
    if seq is not None:
        q = q.where(c.seq <= seq)
    names = ["seq", "at", "kind", "version_id", "by", "reason"]
    with engine.connect() as conn:
        log = pd.DataFrame(conn.execute(q).mappings().all(), columns=names)
        stored = pd.DataFrame(conn.execute(sa.select(t.versions)).mappings().all(), columns=list(v.keys()))
    if log.empty:
        return pd.DataFrame(columns=_STATE_COLUMNS)
    latest = log.groupby("version_id").tail(1).set_index("version_id")
    out = stored[stored["id"].isin(latest.index)].copy()
    last = latest.reindex(out["id"])
    out["state"] = last["kind"].to_numpy()
    out["seq"] = last["seq"].to_numpy()
    reviewed = last["kind"] != "submitted"
    out["reason"] = last["reason"].where(reviewed, "").to_numpy()
    out["reviewed_at"] = last["at"].where(reviewed, "").to_numpy()
    out["reviewed_by"] = last["by"].where(reviewed, "").to_numpy()
    out = out.sort_values(["programme", "version"], kind="stable").reset_index(drop=True)
    return out[_STATE_COLUMNS]


def history(engine: sa.Engine, programme: str | None = None) -> pd.DataFrame:
    """The versions as ``mptf history`` lists them (columns: programme, version, state, submitted_at,
    submitted_by, sha256, periods, rows, errors, warnings, reason, note, reviewed_at, reviewed_by, seq;
    ``periods`` the periods the version reports, which it replaces, ``; ``-separated)."""
    out = states(engine)
    if programme is not None:
        out = out[out["programme"] == programme]
    out = out.assign(periods=out["id"].map(reported_periods(engine)).fillna("").astype(object))
    forced = out["forced_reason"].map(lambda r: f"stored with errors: {r}" if r else "")
    out = out.assign(reason=out["reason"].where(out["reason"] != "", forced))
    cols = ["programme", "version", "state", "submitted_at", "submitted_by", "sha256", "periods", "rows"]
    cols += ["errors", "warnings"]
    return out[[*cols, "reason", "note", "reviewed_at", "reviewed_by", "seq"]].reset_index(drop=True)


def reported_periods(engine: sa.Engine) -> dict[int, str]:
    """The periods each version reports (labels of :func:`~mptf.engine.ledger.periods.period_labels`,
    ``; ``-separated), by version id."""
    from mptf.engine.ledger.periods import period_labels

    r = t.ledger_rows.c
    q = sa.select(r.version_id, r.period_start, r.period_end).distinct()
    with engine.connect() as conn:
        found = pd.DataFrame(conn.execute(q).all(), columns=["version_id", "period_start", "period_end"])
    found = found.assign(period=period_labels(found))
    return {int(k): "; ".join(sorted(set(p))) for k, p in found.groupby("version_id")["period"]}


def version_id(engine: sa.Engine, programme: str, version: int) -> int | None:
    v = t.versions.c
    with engine.connect() as conn:
        return conn.execute(sa.select(v.id).where(v.programme == programme, v.version == version)).scalar()


def rows_of(engine: sa.Engine, ids: list[int], label: bool = True) -> pd.DataFrame:
    """The reported values of the versions ``ids`` as the model's ``values`` table (``file`` names the ledger
    version of each row: ``ledger PROGRAMME vN: FILE`` when ``label``); column ``version_id`` added."""
    from mptf.engine.model import _frame

    r, v = t.ledger_rows.c, t.versions.c
    q = (
        sa.select(t.ledger_rows, v.version)
        .join(t.versions, v.id == r.version_id)
        .where(r.version_id.in_([int(i) for i in ids]))
        .order_by(r.version_id, r.ordinal)
    )
    with engine.connect() as conn:
        raw = pd.DataFrame(conn.execute(q).mappings().all())
    records = raw.to_dict("records") if len(raw) else []
    for rec in records:
        if label:
            rec["file"] = f"ledger {rec['programme']} v{rec['version']}: {rec['file']}"
        for key in ("value", "numerator", "denominator"):
            rec[key] = float("nan") if rec[key] is None else rec[key]
    frame = _frame("values", records)
    frame["version_id"] = [rec["version_id"] for rec in records]
    return frame


def findings_of(engine: sa.Engine, vid: int) -> pd.DataFrame:
    f = t.ledger_findings.c
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.ledger_findings).where(f.version_id == vid).order_by(f.ordinal)).mappings()
        return pd.DataFrame(rows.all(), columns=["version_id", "ordinal", *t.FINDING_COLUMNS])


def framework_files(engine: sa.Engine, framework_id: int) -> list[tuple[str, bytes]]:
    """The files (name, content) of a stored framework, by name."""
    ff, b = t.framework_files.c, t.blobs.c
    q = (
        sa.select(ff.name, b.content)
        .join(t.blobs, b.sha256 == ff.sha256)
        .where(ff.framework_id == framework_id)
        .order_by(ff.name)
    )
    with engine.connect() as conn:
        return [(name, bytes(content)) for name, content in conn.execute(q)]

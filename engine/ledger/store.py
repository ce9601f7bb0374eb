"""Open the ledger and write to it: submissions and reviews, each in one transaction that writers take in turn.

:func:`open_ledger` creates the database on first use and migrates it to the newest schema (Alembic, run in
process). Every write begins by updating the one ``ledger_lock`` row, so two writers queue (SQLite: ``BEGIN
IMMEDIATE`` takes the write lock at once; PostgreSQL: the row lock is held until commit); a process that dies
mid-write leaves the ledger as it was (the transaction never commits).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version as _dist_version
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from mptf.engine.ledger import schema as t

__all__ = [
    "DB_ENV",
    "HEAD",
    "LedgerError",
    "Stored",
    "default_url",
    "engine_version",
    "now",
    "open_ledger",
    "review",
    "store_framework",
    "submit",
]

DB_ENV = "MPTF_DB"
LEDGER_FILE = "mptf-ledger.sqlite"
_MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest revision in ``migrations/versions`` (a test checks): a database already there is not migrated.
HEAD = "0001"


class LedgerError(ValueError):
    """A request the ledger refuses (unknown version, a review of a version already reviewed), in words."""


def engine_version() -> str:
    """The installed engine's version (stored with every version and change)."""
    try:
        return _dist_version("mptf")
    except Exception:  # noqa: BLE001 - run from a source tree without metadata
        return "unknown"


def now() -> str:
    """The current time in UTC, as the ledger stores it (ISO 8601, microseconds, sortable as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def default_url(portfolio: str | Path | None = None) -> str:
    """Where the ledger lives: ``$MPTF_DB`` if set; beside a portfolio PATH given (in its directory, or the
    directory of a portfolio file); else in the user's data directory (platformdirs). Never in the package."""
    given = os.environ.get(DB_ENV)
    if given:
        return given
    if portfolio is not None:
        root = Path(portfolio)
        folder = root if root.is_dir() else root.parent
    else:
        import platformdirs

        folder = Path(platformdirs.user_data_dir("mptf", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / LEDGER_FILE).resolve()}"


def _sqlite_events(engine: sa.Engine) -> None:
    """SQLite as a real transactional store: foreign keys on, and ``BEGIN IMMEDIATE`` so a writer holds the
    write lock from its first statement (the driver's own deferred transactions let two writers interleave)."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def open_ledger(url: str) -> sa.Engine:
    """An engine on the ledger at ``url`` (any SQLAlchemy URL), its schema migrated to the newest revision.

    Raises :class:`LedgerError` when the URL cannot be used (bad URL, no driver, server unreachable)."""
    from alembic import command
    from alembic.config import Config

    try:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        sqlite = url.startswith("sqlite")
        engine = sa.create_engine(url, connect_args={"timeout": 60} if sqlite else {})
        if sqlite:
            _sqlite_events(engine)
        if _revision(engine) == HEAD:
            return engine
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # two first uses at once: one migrates, the other waits
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(1804)")
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except (sa.exc.SQLAlchemyError, ImportError, OSError) as err:
        raise LedgerError(f"cannot open the ledger at {url}: {type(err).__name__}: {err}") from None
    return engine


def _revision(engine: sa.Engine) -> str | None:
    """The schema revision of the database (None: not created yet); read without Alembic, which is slow to load."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _lock(conn: sa.Connection) -> None:
    conn.execute(sa.update(t.ledger_lock).where(t.ledger_lock.c.id == 1).values(writes=t.ledger_lock.c.writes + 1))


def store_framework(conn: sa.Connection, files: list[tuple[str, bytes]]) -> int:
    """The id of the framework made of ``files`` (name, content), stored once (contents by their SHA-256)."""
    hashes = sorted((name, hashlib.sha256(content).hexdigest(), content) for name, content in files)
    manifest = hashlib.sha256("\n".join(f"{n}\t{h}" for n, h, _ in hashes).encode()).hexdigest()
    found = conn.execute(sa.select(t.frameworks.c.id).where(t.frameworks.c.sha256 == manifest)).scalar()
    if found is not None:
        return found
    known = set(conn.execute(sa.select(t.blobs.c.sha256)).scalars())
    new = {h: c for _, h, c in hashes if h not in known}
    if new:
        conn.execute(sa.insert(t.blobs), [{"sha256": h, "content": c} for h, c in new.items()])
    fid = conn.execute(sa.insert(t.frameworks).values(sha256=manifest)).inserted_primary_key[0]
    conn.execute(sa.insert(t.framework_files), [{"framework_id": fid, "name": n, "sha256": h} for n, h, _ in hashes])
    return fid


@dataclass
class Stored:
    """The outcome of a submission: the version stored (or already holding the same content: ``new`` False)."""

    programme: str
    version: int
    sha256: str
    new: bool
    seq: int | None = None


#: Text columns stored as "" when empty (NOT NULL in the schema).
_NOT_NULL_TEXT = ("disaggregation", "note", "source", "quote", "file", "sheet") + tuple(
    c for c in t.FINDING_COLUMNS if c != "line"
)


def _records(frame: pd.DataFrame, columns: tuple[str, ...], version_id: int) -> list[dict]:
    out = frame.reindex(columns=list(columns)).astype(object)
    out = out.where(out.notna(), None)
    records = out.to_dict("records")
    for i, r in enumerate(records):
        r["version_id"], r["ordinal"] = version_id, i
        for key in ("period_start", "period_end"):
            if key in r and r[key] is not None:
                r[key] = pd.Timestamp(r[key]).date().isoformat()
        for key in ("line",):
            if r.get(key) is not None:
                r[key] = int(r[key])
        if "percent" in r:
            r["percent"] = bool(r["percent"]) if r["percent"] is not None else False
        for key in _NOT_NULL_TEXT:
            if key in r and r[key] is None:
                r[key] = ""
    return records


def submit(
    engine: sa.Engine,
    programme: str,
    content_sha256: str,
    file: str,
    values: pd.DataFrame,
    findings: pd.DataFrame,
    framework: list[tuple[str, bytes]],
    *,
    by: str = "",
    note: str = "",
    forced_reason: str = "",
    reference_date: str = "",
    at: str | None = None,
) -> Stored:
    """Store a report as the programme's next version (state ``submitted``), in one transaction; the same
    content already stored for the programme is a no-op (``Stored.new`` False, naming the version that has it).

    ``values``: the report's rows (the model's ``values`` columns); ``findings``: its findings table;
    ``framework``: the portfolio files (name, content) it was validated against."""
    at = at or now()
    with engine.begin() as conn:
        _lock(conn)
        v = t.versions.c
        same = conn.execute(sa.select(v.version).where(v.programme == programme, v.sha256 == content_sha256)).scalar()
        if same is not None:
            return Stored(programme, same, content_sha256, False)
        last = conn.execute(sa.select(sa.func.max(v.version)).where(v.programme == programme)).scalar() or 0
        fid = store_framework(conn, framework)
        sev = findings["severity"].value_counts() if len(findings) else pd.Series(dtype=int)
        vid = conn.execute(
            sa.insert(t.versions).values(
                programme=programme,
                version=last + 1,
                sha256=content_sha256,
                file=file,
                submitted_at=at,
                submitted_by=by,
                note=note,
                rows=len(values),
                errors=int(sev.get("error", 0) + sev.get("fatal", 0)),
                warnings=int(sev.get("warning", 0)),
                infos=int(sev.get("info", 0)),
                forced_reason=forced_reason,
                reference_date=reference_date,
                engine_version=engine_version(),
                framework_id=fid,
            )
        ).inserted_primary_key[0]
        if len(values):
            conn.execute(sa.insert(t.ledger_rows), _records(values, t.ROW_COLUMNS, vid))
        if len(findings):
            conn.execute(sa.insert(t.ledger_findings), _records(findings, t.FINDING_COLUMNS, vid))
        seq = _change(conn, at, "submitted", vid, by, forced_reason)
    return Stored(programme, last + 1, content_sha256, True, seq)


def _change(conn: sa.Connection, at: str, kind: str, version_id: int, by: str, reason: str) -> int:
    row = dict(at=at, kind=kind, version_id=version_id, by=by, reason=reason, engine_version=engine_version())
    return conn.execute(sa.insert(t.changes).values(**row)).inserted_primary_key[0]


def review(
    engine: sa.Engine, programme: str, version: int, accept: bool, reason: str = "", by: str = "", at: str | None = None
) -> int:
    """Accept a submitted version, or return it with a reason; the change's sequence number.

    Raises :class:`LedgerError` for an unknown version or one no longer ``submitted``."""
    at = at or now()
    with engine.begin() as conn:
        _lock(conn)
        v = t.versions.c
        vid = conn.execute(sa.select(v.id).where(v.programme == programme, v.version == version)).scalar()
        if vid is None:
            known = conn.execute(sa.select(v.version).where(v.programme == programme).order_by(v.version)).scalars()
            listed = ", ".join(f"v{n}" for n in known) or "none"
            raise LedgerError(f"{programme} has no version {version} in the ledger (versions: {listed})")
        c = t.changes.c
        state = conn.execute(sa.select(c.kind).where(c.version_id == vid).order_by(c.seq.desc()).limit(1)).scalar()
        if state != "submitted":
            raise LedgerError(
                f"{programme} v{version} is {state} already: only a submitted version is reviewed "
                "(submit a corrected report as a new version)"
            )
        return _change(conn, at, "accepted" if accept else "returned", vid, by, reason)

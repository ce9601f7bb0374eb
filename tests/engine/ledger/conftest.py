"""Ledgers to test on: a fresh SQLite file, and a fresh database on a PostgreSQL server this set-up starts
(initdb in a temporary directory, a unix socket, stopped at the end of the session). The PostgreSQL tests skip,
saying why, only where no server can be started (no initdb, no user to run it as)."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

_counter = itertools.count()


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


def _as_user() -> list[str]:
    """The prefix running a server command as a non-root user (initdb refuses root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        made = subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], capture_output=True)
        if made.returncode:
            pytest.skip(f"running as root and no 'postgres' user to run PostgreSQL as: {made.stderr.decode()}")
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture(scope="session")
def postgres_server():
    """(socket directory, port) of a throw-away PostgreSQL server, user ``mptf``, trust authentication."""
    bindir = _bin_dir()
    if bindir is None:
        pytest.skip("no PostgreSQL server here (initdb not found): apt-get install postgresql")
    prefix = _as_user()
    base = Path(tempfile.mkdtemp(prefix="mptf-pg-"))
    if prefix:
        shutil.chown(base, "postgres")
    data, log = base / "data", base / "server.log"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)

    made = run(str(bindir / "initdb"), "-D", str(data), "-U", "mptf", "-A", "trust", "--no-sync", "-E", "UTF8")
    if made.returncode:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {made.stderr.strip()[-400:]}")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    options = f"-p {port} -k {base} -c listen_addresses='' -c fsync=off"
    started = run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    if started.returncode:
        text = log.read_text() if log.exists() else started.stderr
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"the PostgreSQL server did not start: {text.strip()[-400:]}")
    try:
        yield str(base), port
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


def fresh_postgres(server) -> str:
    """The URL of a new empty database on the test server."""
    import psycopg

    host, port = server
    name = f"ledger_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(host=host, port=port, user="mptf", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://mptf@/{name}?host={host}&port={port}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh ledger URL: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    return fresh_postgres(request.getfixturevalue("postgres_server"))


HEADER = "programme,indicator,period_start,period_end,value\n"


@pytest.fixture
def portfolio(tmp_path) -> Path:
    """Two programmes, each with one count indicator linked to people-reached: a.i (per period) 100 and b.i
    250, for 2023."""
    import yaml
    from builders import ind, prog

    folder = tmp_path / "portfolio"
    folder.mkdir()
    for doc in (prog("a", [ind("a.i", values=[100], cumulative=False)]), prog("b", [ind("b.i", values=[250])])):
        (folder / f"{doc['id']}.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return folder


@pytest.fixture
def report(tmp_path):
    """report(lines, name) -> a CSV report (the header is added)."""

    def _report(lines: str, name: str = "report.csv") -> Path:
        path = tmp_path / name
        path.write_text(HEADER + lines, encoding="utf-8")
        return path

    return _report

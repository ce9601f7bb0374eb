"""Faults and concurrency, with real processes: a submission killed (SIGKILL) inside its transaction leaves the
ledger as it was; two submissions at once queue, never interleave. Against SQLite and PostgreSQL."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import sqlalchemy as sa
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.ledger.query import history, rows_of, states
from mptf.engine.ledger.store import open_ledger

#: A child process running ``mptf ARGS``, whose submission stops inside its transaction (after its rows and
#: its change are written, before the commit), says so in MARKER, and holds for HOLD seconds.
CHILD = textwrap.dedent(
    """
    import pathlib, sys, time
    from mptf.engine.ledger import store
    marker, hold, args = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    real = store._change
    def held(conn, *a, **k):
        seq = real(conn, *a, **k)
        pathlib.Path(marker).write_text("inside")
        time.sleep(hold)
        return seq
    store._change = held
    from mptf.engine.cli.main import main
    main(args)
    """
)


def child(tmp_path, name, hold, *args):
    marker = tmp_path / f"{name}.inside"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), str(hold), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, marker


def wait_for(marker, proc, seconds=60):
    end = time.monotonic() + seconds
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < end, "the child never reached its transaction"
        time.sleep(0.05)


def submit_args(path, programme, portfolio, db_url):
    return ["submit", str(path), "--programme", programme, "--portfolio", str(portfolio), "--db", db_url]


def test_a_submission_killed_mid_transaction_leaves_the_ledger_as_before(tmp_path, db_url, portfolio, report):
    first = report("a,a.i,2023-01-01,2023-12-31,150\n")
    assert CliRunner().invoke(main, submit_args(first, "a", portfolio, db_url)).exit_code == 0
    engine = open_ledger(db_url)
    before = history(engine)
    second = report("".join(f"a,a.i,{y}-01-01,{y}-12-31,{y - 1900}\n" for y in range(1990, 2024)), "v2.csv")
    proc, marker = child(tmp_path, "killed", 120, *submit_args(second, "a", portfolio, db_url))
    wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    engine.dispose()
    engine = open_ledger(db_url)  # reopened: a hot journal is rolled back, an aborted transaction is gone
    assert history(engine).equals(before)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from ledger_rows")).scalar() == 1
        assert conn.execute(sa.text("select count(*) from changes")).scalar() == 1
        if conn.dialect.name == "sqlite":
            assert conn.execute(sa.text("pragma integrity_check")).scalar() == "ok"
    again = CliRunner().invoke(main, submit_args(second, "a", portfolio, db_url))
    assert again.exit_code == 0 and "stored a v2" in again.output, again.output


def test_two_submissions_at_once_queue_and_never_interleave(tmp_path, db_url, portfolio, report):
    open_ledger(db_url).dispose()  # created first, so both children find the schema
    one = report("a,a.i,2023-01-01,2023-12-31,111\na,a.i,2022-01-01,2022-12-31,11\n", "one.csv")
    two = report("a,a.i,2023-01-01,2023-12-31,222\n", "two.csv")
    first, first_marker = child(tmp_path, "one", 1.5, *submit_args(one, "a", portfolio, db_url))
    wait_for(first_marker, first)
    second, second_marker = child(tmp_path, "two", 0, *submit_args(two, "a", portfolio, db_url))
    time.sleep(0.5)
    assert not second_marker.exists()  # the second waits for the first's commit
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert "stored a v1" in outputs[0][0] and "stored a v2" in outputs[1][0]
    engine = open_ledger(db_url)
    at = states(engine)
    assert at["version"].tolist() == [1, 2] and at["seq"].tolist() == [1, 2]
    got = {v: sorted(rows_of(engine, [i])["value"].tolist()) for v, i in zip(at["version"], at["id"], strict=True)}
    assert got == {1: [11.0, 111.0], 2: [222.0]}
    assert json.loads(history(engine).to_json(orient="records"))[1]["rows"] == 1

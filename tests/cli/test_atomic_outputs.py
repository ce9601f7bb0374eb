"""A writer killed mid-write (SIGKILL) leaves the file it was replacing whole, and nothing under the target's
name; the hidden temporary file it leaves is removed by the next write to that target."""

import csv
import datetime as dt
import os
import signal
import subprocess
import sys
import time

from mptf.reports.cells import write_atomically

PROGRAMME = "chl-mex-local-integration"
INDICATOR = "chl-mex.regional-exchange-countries"


def big_report(path, rows: int) -> None:
    """A report whose every row is an error (words for a count)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["programme", "indicator", "period_start", "period_end", "value"])
        day = dt.date(1900, 1, 1)
        for i in range(rows):
            d = (day + dt.timedelta(days=i)).isoformat()
            out.writerow([PROGRAMME, INDICATOR, d, d, f"N/A {i}"])


def test_a_killed_annotate_leaves_the_old_copy_whole(tmp_path):
    report, out = tmp_path / "big.csv", tmp_path / "out.xlsx"
    big_report(report, 5_000)
    out.write_bytes(b"the previous annotated copy")
    before = out.read_bytes()
    cmd = [sys.executable, "-c", "from mptf.engine.cli.main import run; run()", "validate", str(report)]
    proc = subprocess.Popen([*cmd, "--annotate", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    temporary = []
    while proc.poll() is None and time.monotonic() - started < 600:
        temporary = [p for p in tmp_path.iterdir() if p.name.startswith(".out.xlsx.") and p.stat().st_size > 0]
        if temporary:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert temporary and proc.returncode == -signal.SIGKILL, "the writer was killed while writing"
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["big.csv", "out.xlsx"]
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert left and all(p.name.endswith(".tmp") for p in left)  # hidden, and removed by the next write:
    write_atomically(out, lambda handle: handle.write(b"new"))
    assert out.read_bytes() == b"new" and sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "out.xlsx"]


def test_a_failed_write_leaves_nothing(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old")

    def boom(handle):
        handle.write(b"half")
        raise OSError("disk full")

    try:
        write_atomically(target, boom)
    except OSError:
        pass
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["a.json"]

"""The benchmark harness runs end to end (not timed): benchmarks/run.py at 100k values, once, exits 0, which means mptf
and the DuckDB floor found every planted error and the same findings, and the rollup's count figures equal the
floor's and naive pandas'; its JSON has a row for every side of every command."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"
SIZE = "100k"  # the size CI runs the harness at; larger sizes are run by hand


@pytest.mark.skipif(not RUN.exists(), reason="the benchmarks are not in this checkout")
def test_the_benchmark_runs_and_its_checks_pass(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--sizes",
            SIZE,
            "--repeat",
            "1",
            "--json",
            str(out),
            "--work",
            str(tmp_path / "w"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["problems"] == []
    sides = {(r["size"], r["command"], r["side"]) for r in doc["rows"]}
    rollup = "rollup --by thematic-area --by gcm --by year"
    assert sides == {
        ("-", "mptf --help", "mptf"),
        ("-", "mptf --help", "python -c 'import click'"),
        (SIZE, "validate", "mptf"),
        (SIZE, "validate", "floor (DuckDB)"),
        (SIZE, rollup, "mptf"),
        (SIZE, rollup, "floor (DuckDB)"),
        (SIZE, rollup, "naive pandas"),
        (SIZE, "trace export", "mptf"),
        (SIZE, "trace export", "floor (DuckDB)"),
    }
    for row in doc["rows"]:
        assert row["median_s"] > 0 and row["peak_rss_mib"] > 0 and len(row["times_s"]) == 1
        assert (row["ratio"] is None) == (row["side"] == "mptf")
    findings = doc["checks"][SIZE]["findings"]
    assert {f["code"] for f in findings} >= {"negative-count", "parts-differ-from-total", "cumulative-decrease"}
    assert all(f["planted"] == f["mptf"] == f["floor"] for f in findings)
    assert doc["checks"][SIZE]["count_figures"] > 0

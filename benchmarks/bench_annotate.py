"""Benchmark ``mptf validate REPORT --annotate OUT.xlsx`` on a report whose every row is an error.

Run: python benchmarks/bench_annotate.py [--rows 150000 10000] [--keep DIR]

For each ``--rows`` it writes a CSV report against the embedded portfolio (one count indicator, a distinct
one-day period per row, the value ``N/A i``: every row is ``text-on-numeric``), then times, in a subprocess,
the whole command from the file: ``mptf validate big.csv --format csv`` (reading and validating, the findings
written to stdout) and ``mptf validate big.csv --annotate out.xlsx`` (the same, plus the annotated copy), and
prints a table with the time the copy adds per 1,000 findings.

Bound: 150,000 findings annotate (the whole command) within 3 minutes on a 2-core box, linear in the rows. The
copy streams the CSV into a write-only workbook and, past ``COMMENT_LIMIT`` marked cells, colours the cells and
lists the findings in the findings sheet instead of writing a comment per cell. (Before: ``ws.max_row`` once per
finding made the findings sheet quadratic and every cell had a comment; 10,000 rows took 3 min 43 s and
150,000 had not begun saving after 7 minutes.) Measured on a shared 2-core box under load:

    rows (all errors)  validate s  --annotate s
               10,000         7.7          23.1
              150,000        40.3         153.6

(``validate`` itself was 402 s at 150,000 distinct unreadable figures before ``parse_quantities`` stopped
setting its slow-path cells one at a time.)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROGRAMME = "chl-mex-local-integration"
INDICATOR = "chl-mex.regional-exchange-countries"
MPTF = [sys.executable, "-c", "from mptf.engine.cli.main import run; run()"]


def write_report(path: Path, rows: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["programme", "indicator", "period_start", "period_end", "value"])
        day = dt.date(1900, 1, 1)
        for i in range(rows):
            d = (day + dt.timedelta(days=i)).isoformat()
            out.writerow([PROGRAMME, INDICATOR, d, d, f"N/A {i}"])


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([*MPTF, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"mptf {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[150_000])
    parser.add_argument("--keep", type=Path, help="Write the reports and copies here (default: a temporary folder).")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        results = []
        for rows in args.rows:
            report, out = folder / f"report-{rows}.csv", folder / f"annotated-{rows}.xlsx"
            write_report(report, rows)
            plain = timed(["validate", str(report), "--format", "csv"])
            annotated = timed(["validate", str(report), "--annotate", str(out)])
            results.append((rows, plain, annotated, out.stat().st_size))
    print(f"{'rows (all errors)':>18}{'validate s':>12}{'--annotate s':>14}{'copy s/1k':>11}{'xlsx MB':>9}")
    for rows, plain, annotated, size in results:
        per = (annotated - plain) / rows * 1000
        print(f"{rows:>18,}{plain:>12.1f}{annotated:>14.1f}{per:>11.2f}{size / 1e6:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark of issue 19: whole ``mptf`` processes against the floor, frictionless and naive pandas, paired.

    python benchmarks/run.py                                   # 100k and 1M values
    python benchmarks/run.py --sizes 100k,1M,10M --repeat 5 --json bench.json
    python benchmarks/run.py --frictionless /path/to/venv/bin/frictionless     # also frictionless at 1M

For each size, one synthetic portfolio (``mptf synth``: programmes of twelve indicators, every measure and
series, with planted errors) is generated, then each command is timed as a user runs it, from the files, in a
fresh process, against its references on the same files:

- ``mptf validate report.csv --portfolio programmes`` against the **floor** (``floor.py validate``: DuckDB reads
  the CSV once, joins it to the framework once and runs every check as a column of one pass, plus one window
  pass per series rule), and, at 1M values when ``--frictionless`` is given, ``frictionless validate`` with the
  same Table Schema (ids required, dates real dates, the dimensions' allowed values);
- ``mptf rollup portfolio --by thematic-area --by gcm --by year`` (the values enter the rollup from the
  portfolio directory, which holds the programme files and the report as ``values.csv``) against the floor's
  same sums (``floor.py rollup``) and a naive pandas groupby (``naive_pandas.py``);
- ``mptf trace export`` against the floor's lineage (``floor.py lineage``: every counted row with its figure
  keys, written as Parquet);
- ``mptf --help`` against ``python -c "import click"``.

Every ``mptf`` run has the portfolio cache off (``MPTF_CACHE=off``): it parses the programme files from scratch, as
the floor reads them. Each pair runs ``--repeat`` times, alternating which side goes first; each run is a wrapper
process that starts the command and reads its peak RSS (``getrusage(RUSAGE_CHILDREN)``). The table gives each side's
median time, the median of the per-pair ratios (mptf / reference) and the peak RSS. The run fails (exit 1) when a
planted error is not found by mptf or the floor, when their findings differ (rows flagged, per code), or when a
count figure of the rollup differs between mptf, the floor and pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
WRAPPER = """
import json, resource, subprocess, sys, time
out, err, cwd, *command = sys.argv[1:]
with open(out, "wb") as stdout, open(err, "wb") as stderr:
    started = time.perf_counter()
    rc = subprocess.run(command, stdout=stdout, stderr=stderr, cwd=cwd or None).returncode
    seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "rc": rc}))
"""
#: What ``REPORT_SCHEMA`` checks of the report, as a Frictionless Table Schema.
FRICTIONLESS_SCHEMA = {
    "fields": [
        {"name": "programme", "type": "string", "constraints": {"required": True}},
        {"name": "indicator", "type": "string", "constraints": {"required": True}},
        {"name": "period_start", "type": "date"},
        {"name": "period_end", "type": "date", "constraints": {"required": True}},
        {"name": "value", "type": "string"},
        {"name": "sex", "type": "string", "constraints": {"enum": ["", "female", "male", "other", "unknown"]}},
        {"name": "age", "type": "string", "constraints": {"enum": ["", "child", "youth", "adult", "unknown"]}},
        {
            "name": "migratory_status",
            "type": "string",
            "constraints": {"enum": ["", "migrant", "returnee", "host", "refugee", "idp", "unknown"]},
        },  # fmt: skip
        {"name": "disability", "type": "string", "constraints": {"enum": ["", "yes", "no", "unknown"]}},
    ],
    "missingValues": [""],
}


@dataclass
class Side:
    name: str
    command: list[str]
    out: Path
    cwd: str = ""
    times: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    rcs: list[int] = field(default_factory=list)


def size_of(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1_000}k" if n % 1_000 == 0 else str(n)


def run_once(side: Side) -> None:
    command = [sys.executable, "-c", WRAPPER, str(side.out), str(side.out) + ".err", side.cwd, *side.command]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    got = json.loads(done.stdout)
    side.times.append(got["seconds"])
    side.rss.append(got["rss_kib"] / 1024)
    side.rcs.append(got["rc"])


def paired(sides: list[Side], repeat: int) -> None:
    """Run every side ``repeat`` times, the order rotating each round (mptf first, then second, ...)."""
    for r in range(repeat):
        shift = r % len(sides)
        for side in sides[shift:] + sides[:shift]:
            run_once(side)


def rows_of(size: str, command: str, sides: list[Side]) -> list[dict]:
    mine = sides[0]
    out = []
    for side in sides:
        ratios = [a / b for a, b in zip(mine.times, side.times, strict=True)] if side is not mine else []
        out.append(
            {
                "size": size,
                "command": command,
                "side": side.name,
                "median_s": statistics.median(side.times),
                "times_s": side.times,
                "ratio": statistics.median(ratios) if ratios else None,
                "pair_ratios": ratios,
                "peak_rss_mib": max(side.rss),
                "exit_codes": sorted(set(side.rcs)),
            }
        )
    return out


# -- checks --------------------------------------------------------------------------------------------------
def check_findings(folder: Path, mptf_out: Path, floor_out: Path) -> tuple[list[str], pd.DataFrame]:
    """Problems (planted errors missed, findings differing), and rows flagged per code by each side."""
    expected = pd.read_csv(folder / "expected_findings.csv", dtype=str, keep_default_na=False)
    mine = pd.read_csv(mptf_out, dtype=str, keep_default_na=False)
    floor = pd.read_csv(floor_out, dtype=str, keep_default_na=False).rename(columns={"col": "column"})
    want = set(zip(expected["code"], expected["line"], expected["column"], strict=True))
    sides = {name: set(zip(f["code"], f["line"], f["column"], strict=True)) for name, f in
             (("mptf", mine), ("floor", floor))}  # fmt: skip
    problems = [f"{name} misses {len(want - got)} planted errors: {sorted(want - got)[:5]}"
                for name, got in sides.items() if want - got]  # fmt: skip
    if sides["mptf"] != sides["floor"]:
        only = sorted(sides["mptf"] ^ sides["floor"])[:5]
        problems.append(f"mptf and the floor differ on {len(sides['mptf'] ^ sides['floor'])} findings: {only}")
    codes = sorted({c for c, _, _ in want | sides["mptf"] | sides["floor"]})
    table = pd.DataFrame(
        {
            "code": codes,
            "planted": [sum(c == code for c, _, _ in want) for code in codes],
            "mptf": [sum(c == code for c, _, _ in sides["mptf"]) for code in codes],
            "floor": [sum(c == code for c, _, _ in sides["floor"]) for code in codes],
        }
    )
    return problems, table


def check_figures(mptf_out: Path, others: dict[str, Path]) -> tuple[list[str], int]:
    """Problems where a count figure (value or programmes) differs from mptf's; the number of figures."""
    keys = ["thematic-area", "gcm", "year", "common"]
    mine = pd.read_csv(mptf_out, dtype={"year": str})
    mine = mine[(mine["table"] == "figures") & (mine["measure"] == "count")][[*keys, "value", "programmes"]]
    problems = []
    for name, path in others.items():
        theirs = pd.read_csv(path, dtype={"year": str})
        both = mine.merge(theirs, on=keys, how="outer", suffixes=("", "_ref"), indicator=True)
        differ = both[(both["_merge"] != "both") | (both["value"] != both["value_ref"])
                      | (both["programmes"] != both["programmes_ref"])]  # fmt: skip
        if len(differ) or not len(mine):
            problems.append(f"{len(differ)} of {len(mine)} figures differ from {name}: "
                            f"{differ.head(3).to_dict('records')}")  # fmt: skip
    return problems, len(mine)


# -- main ----------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M", help="values per report, e.g. 100k,1M,10M")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side of each pair (medians kept)")
    parser.add_argument("--json", metavar="OUT", help="write the rows and checks as JSON")
    parser.add_argument("--frictionless", metavar="EXE", help="the frictionless executable (its own venv)")
    parser.add_argument("--work", metavar="DIR", help="keep the generated data here (default: a temporary dir)")
    parser.add_argument("--per-programme", type=int, default=4000, help="values per programme (default 4,000)")
    parser.add_argument("--skip", default="", help="commands to leave out, e.g. trace")
    args = parser.parse_args(argv)
    # every mptf run reads the programme files from scratch, as the floor does: the portfolio cache is off
    os.environ["MPTF_CACHE"] = "off"

    sizes = [size_of(s) for s in args.sizes.split(",") if s.strip()]
    mptf = shutil.which("mptf", path=str(Path(sys.executable).parent)) or "mptf"
    python = sys.executable
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="mptf-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    rows: list[dict] = []
    checks: dict[str, dict] = {}
    problems: list[str] = []
    try:
        if "help" not in skip:
            sides = [Side("mptf", [mptf, "--help"], work / "help.out"),
                     Side("python -c 'import click'", [python, "-c", "import click"], work / "click.out")]  # fmt: skip
            paired(sides, args.repeat)
            rows += rows_of("-", "mptf --help", sides)
        for n in sizes:
            size = label(n)
            folder = work / size
            started = time.perf_counter()
            from mptf.engine.synth.write import synth

            info = synth(folder, max(6, n // args.per_programme), n, seed=1)
            print(f"{size}: {info['values']:,} values, {info['programmes']:,} programmes, "
                  f"{sum(info['planted'].values()):,} planted errors (generated in "
                  f"{time.perf_counter() - started:.0f} s)", flush=True)  # fmt: skip
            as_of, out = info["as_of"], folder / "out"
            out.mkdir(exist_ok=True)
            report, programmes, portfolio = folder / "report.csv", folder / "programmes", folder / "portfolio"
            checks[size] = {"values": info["values"], "programmes": info["programmes"], "planted": info["planted"]}

            if "validate" not in skip:
                sides = [
                    Side("mptf", [mptf, "validate", str(report), "--portfolio", str(programmes), "--as-of", as_of,
                                  "--format", "csv"], out / "validate.csv"),  # fmt: skip
                    Side("floor (DuckDB)", [python, str(HERE / "floor.py"), "validate", str(report), str(programmes),
                                            as_of, str(out / "floor-validate.csv")], out / "floor-validate.log"),
                ]  # fmt: skip
                if args.frictionless and n == 1_000_000:
                    (folder / "schema.json").write_text(json.dumps(FRICTIONLESS_SCHEMA), encoding="utf-8")
                    sides.append(Side("frictionless validate --schema", [args.frictionless, "validate",
                                      "report.csv", "--schema", "schema.json"], out / "frictionless.txt",
                                      cwd=str(folder)))  # fmt: skip
                elif n == 1_000_000:
                    print("  frictionless: not given (--frictionless EXE): skipped", flush=True)
                paired(sides, args.repeat)
                rows += rows_of(size, "validate", sides)
                found, table = check_findings(folder, out / "validate.csv", out / "floor-validate.csv")
                problems += [f"{size} validate: {p}" for p in found]
                checks[size]["findings"] = table.to_dict("records")
                print(table.to_string(index=False), flush=True)

            by = ["--by", "thematic-area", "--by", "gcm", "--by", "year"]
            if "rollup" not in skip:
                sides = [
                    Side(
                        "mptf",
                        [
                            mptf,
                            "rollup",
                            str(portfolio),
                            *by,
                            "--as-of",
                            as_of,
                            "--format",
                            "csv",
                            "--table",
                            "figures",
                            "--no-budget",
                        ],
                        out / "rollup.csv",
                    ),  # fmt: skip
                    Side(
                        "floor (DuckDB)",
                        [
                            python,
                            str(HERE / "floor.py"),
                            "rollup",
                            str(portfolio),
                            as_of,
                            str(out / "floor-rollup.csv"),
                        ],
                        out / "floor-rollup.log",
                    ),  # fmt: skip
                    Side(
                        "naive pandas",
                        [python, str(HERE / "naive_pandas.py"), str(portfolio), as_of, str(out / "pandas-rollup.csv")],
                        out / "pandas-rollup.log",
                    ),  # fmt: skip
                ]
                paired(sides, args.repeat)
                rows += rows_of(size, "rollup --by thematic-area --by gcm --by year", sides)
                found, figures = check_figures(out / "rollup.csv", {"the floor": out / "floor-rollup.csv",
                                                                    "pandas": out / "pandas-rollup.csv"})  # fmt: skip
                problems += [f"{size} rollup: {p}" for p in found]
                checks[size]["count_figures"] = figures

            if "trace" not in skip:
                sides = [
                    Side("mptf", [mptf, "trace", "export", "--portfolio", str(portfolio), *by, "--as-of", as_of,
                                  "-o", str(out / "audit.xlsx")], out / "trace.log"),  # fmt: skip
                    Side("floor (DuckDB)", [python, str(HERE / "floor.py"), "lineage", str(portfolio), as_of,
                                            str(out / "floor-lineage.parquet")], out / "floor-lineage.log"),
                ]  # fmt: skip
                paired(sides, args.repeat)
                rows += rows_of(size, "trace export", sides)
            failed = [f"{size} {r['command']} {r['side']}: exit {r['exit_codes']}" for r in rows
                      if r["size"] == size and set(r["exit_codes"]) - {0, 1}]  # fmt: skip
            problems += failed
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"{'size':>5}  {'command':46s} {'side':32s} {'median s':>9s} {'ratio':>7s} {'peak RSS MiB':>13s}")
    for r in rows:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
        print(f"{r['size']:>5}  {r['command']:46s} {r['side']:32s} {r['median_s']:9.2f} {ratio:>7s} "
              f"{r['peak_rss_mib']:13.0f}")  # fmt: skip
    print("ratio: median over the pairs of mptf's time / the reference's (mptf's row: none)")
    for p in problems:
        print("FAIL:", p)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "checks": checks, "problems": problems}, indent=2,
                                              default=str), encoding="utf-8")  # fmt: skip
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

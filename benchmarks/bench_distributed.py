"""Benchmark the distributed engine: the same validation and rollup in one process and on a Dask cluster of
worker processes on this machine, each timed as a whole process from the files.

    python benchmarks/bench_distributed.py                       # 100k and 1M values, 2 workers
    python benchmarks/bench_distributed.py --rows 100000 --workers 2 --buckets 16

For each size, the synthetic portfolio of ``bench_rollup.py`` (1,000 programmes of 10 count indicators,
values over weeks and sex groups) is written once: its framework tables as a pickle, its values as partitioned
Parquet (:func:`mptf.engine.distributed.parquet.write_values`). Then, in a fresh process each:

- **memory**: read every bucket, the one verdict on all the values, the rollup by thematic area (figures only);
- **dask**: start a ``LocalCluster`` of ``--workers`` processes (one thread each), then the same on it
  (:func:`mptf.engine.distributed.run.run`), and stop the cluster.

It prints wall time (whole process, imports and cluster start included) and peak memory (the sum of the RSS of
the process and its children, sampled every 0.1 s), and checks that both give the same findings and figures.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd


def _child(mode: str, where: Path, workers: int) -> None:
    from mptf.engine.distributed.parquet import buckets, read_values
    from mptf.engine.rollup.core import rollup

    framework = pickle.loads((where / "framework.pickle").read_bytes())
    if mode == "memory":
        parts = [read_values(b, framework.values.dtypes) for b in buckets(where / "values")]
        values = pd.concat(parts, ignore_index=True).sort_values("vid").drop(columns="vid")
        portfolio = replace(framework, values=values.reset_index(drop=True))
        findings, figures = portfolio.verdict.findings, rollup(portfolio, ["thematic-area"], contributions=False)
    else:
        from mptf.engine.distributed.cluster import client
        from mptf.engine.distributed.run import run

        with client(None, workers) as c:
            done = run(framework, where / "values", c, [["thematic-area"]])
        findings, figures = done.findings, done.rollups[0]
    figures.figures.to_pickle(where / f"figures-{mode}.pickle")
    findings.to_pickle(where / f"findings-{mode}.pickle")


def _complete(p):
    """``bench_rollup``'s portfolio with the columns the model has gained since (defaults of the loaders)."""
    ind = p.indicators.assign(
        series=p.indicators["cumulative"].map({True: "cumulative", False: "per-period"}), resets=1, direction_given=True
    )
    n = len(p.programmes)
    progs = p.programmes.assign(regions=[()] * n, donors=[()] * n, scope=None)
    return replace(p, indicators=ind, programmes=progs)


def _timed(args: list[str]) -> tuple[float, float]:
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(args)
    parent, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    if proc.returncode:
        raise SystemExit(f"{args} failed")
    return time.perf_counter() - start, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--buckets", type=int, default=16)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], Path(args.child[1]), args.workers)
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_rollup import synthetic

    from mptf.engine.distributed.parquet import write_values

    print(f"{'values':>10}{'engine':>8}{'seconds':>10}{'peak MiB':>10}{'same':>6}")
    for rows in args.rows:
        with tempfile.TemporaryDirectory(prefix="mptf-bench-") as tmp:
            where = Path(tmp)
            p = _complete(synthetic(rows))
            write_values(p.values, where / "values", args.buckets)
            (where / "framework.pickle").write_bytes(pickle.dumps(replace(p, values=p.values.iloc[0:0])))
            del p
            for mode in ("memory", "dask"):
                cmd = [sys.executable, __file__, "--workers", str(args.workers), "--child", mode, str(where)]
                secs, mib = _timed(cmd)
                same = ""
                if mode == "dask":
                    figs = [pd.read_pickle(where / f"figures-{m}.pickle") for m in ("memory", "dask")]
                    finds = [pd.read_pickle(where / f"findings-{m}.pickle") for m in ("memory", "dask")]
                    same = str(figs[0].equals(figs[1]) and len(finds[0]) == len(finds[1]))
                print(f"{rows:>10,}{mode:>8}{secs:>10.1f}{mib:>10.0f}{same:>6}", flush=True)


if __name__ == "__main__":
    main()

"""Benchmark ``mptf validate``: its library path against DuckDB SQL running the same checks, and the whole CLI.

    python benchmarks/bench_validate.py                        # 1M values: library, DuckDB and the CLI
    python benchmarks/bench_validate.py --rows 10000000 --no-cli
    python benchmarks/bench_validate.py --frictionless /path/to/frictionless   # also time frictionless validate

A synthetic portfolio is generated as programme files (programmes of 20 indicators: counts of people,
percentages, money, yes-no, ordinal and qualitative indicators, cumulative or not, disaggregated by sex, age and
migratory status, a target per count), with a report of ``--rows`` values: every indicator × 100 monthly periods
× 10 groups (the total and its parts, which add up to it), running totals that grow, and about one row in a
thousand made wrong in one of six ways. Then, each timed ``--repeat`` times (best kept):

- **library**: :func:`mptf.engine.rules.validate.validate_values` over the typed values table as the report reader
  makes it (categorical ids, periods as dates, parsed figures), against the loaded portfolio;
- **duckdb**: the same checks as SQL over the same table and the same framework tables (both loaded into
  DuckDB beforehand, not timed); each query returns the lines it flags. The rows flagged per check are printed
  next to the library's findings per check: the two sides do the same work and find the same rows;
- **cli**: ``mptf validate report.csv --portfolio DIR --format csv`` in a subprocess (reading the CSV and the
  programme files, validating, writing the findings), for ``--rows`` up to 2M;
- **frictionless**: when given its executable (``--frictionless``), ``frictionless validate report.csv`` with a
  Table Schema of the same checks as the report schema (ids required, dates real dates, the rest text), and
  with ``--field-type string`` (every cell read as text). (With its inferred types it stops at 1,000 type
  errors, the report's words and wrong cells; ``--limit-errors`` lifts that, and it then takes minutes.)

DuckDB is only needed here (``pip install duckdb``); without it the SQL side is skipped.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from mptf.engine.reading.load import load_portfolio
from mptf.engine.reading.report import figures, group_keys
from mptf.engine.rules.arrays import partition_of as _partition
from mptf.engine.rules.context import Framework as _Framework
from mptf.engine.rules.validate import validate_values
from mptf.indicators.measures import DIMENSIONS, FAR
from mptf.indicators.quantity import _FIGURE_RE

PERIODS = 100  # months, from 2015-01
PER_PROGRAMME = 20
GROUPS = (
    "",
    "sex=female",
    "sex=male",
    "sex=other",
    "sex=unknown",
    "age=child",
    "age=youth",
    "age=adult",
    "age=unknown",
    "migratory_status=migrant",
)
MEASURES = ["count"] * 14 + ["percentage"] * 2 + ["currency", "yes-no", "ordinal", "qualitative"]
WRONG = ["N/A", "-5", "1.234", "150", "approx. 2000", "12.5"]


# -- data ----------------------------------------------------------------------------------------------------
def write_framework(n_indicators: int, directory: Path) -> None:
    """Programme files of 20 indicators each (the last may have fewer)."""
    directory.mkdir(parents=True, exist_ok=True)
    final = _total(np.asarray([PERIODS - 1]), np.asarray([True]))[0]
    for p in range(-(-n_indicators // PER_PROGRAMME)):
        lines = [
            f"id: prog-{p}",
            "countries: [TJK]",
            "thematic_area: 2",
            "status: funded",
            "start: 2015-01-01",
            "end: 2023-12-31",
            "results:",
            f"  - id: prog-{p}.o",
            "    level: outcome",
            "    title: An outcome",
            "    gcm: [7]",
            "    indicators:",
        ]
        for k in range(min(PER_PROGRAMME, n_indicators - p * PER_PROGRAMME)):
            measure = MEASURES[k]
            fields = [f"id: prog-{p}.i{k}", f"name: Indicator {k}", f"measure: {measure}"]
            unit = {"count": "people", "percentage": "percent", "currency": "USD", "ordinal": "stage"}.get(measure)
            fields += [f"unit: {unit}"] if unit else []
            fields += ["scale: [none, draft, adopted]"] if measure == "ordinal" else []
            fields += ["cumulative: false"] if k % 5 == 4 else []
            fields += ["disaggregation: [sex, age, migratory_status]"]
            fields += [f"targets: [{{value: {int(final * 1.5)}, date: 2023-12-31}}]"] if measure == "count" else []
            lines.append("      - {" + ", ".join(fields) + "}")
        (directory / f"prog-{p}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _total(period: np.ndarray, cumulative: np.ndarray) -> np.ndarray:
    return np.where(cumulative, 1000 + 37 * (period + 1), 500 + 3 * (period % 7)).astype(float)


def make_report(n_rows: int, seed: int = 1) -> tuple[pd.DataFrame, int]:
    """The report's text cells (the CSV's columns), and the number of indicators it covers."""
    rng = np.random.default_rng(seed)
    n_ind = max(1, n_rows // (PERIODS * len(GROUPS)))
    ip = n_ind * PERIODS  # (indicator, period) pairs, in that order
    ind, period = np.repeat(np.arange(n_ind), PERIODS), np.tile(np.arange(PERIODS), n_ind)
    k = ind % PER_PROGRAMME
    total = _total(period, k % 5 != 4)
    female, male, other = np.floor(total * 0.5), np.floor(total * 0.3), np.floor(total * 0.1)
    child, adult = np.floor(total * 0.4), np.floor(total * 0.5)
    parts = [total, female, male, other, total - female - male - other, child, np.floor(total * 0.2), adult,
             total - child - adult, np.floor(total * 0.25)]  # fmt: skip
    value = np.stack(parts, axis=1).ravel()  # rows: indicator, period, group
    measure = np.repeat(np.asarray(MEASURES)[k], len(GROUPS))
    text = value.astype(np.int64).astype(str).astype(object)
    pct = measure == "percentage"
    text[pct] = rng.integers(2, 99, pct.sum()).astype(str)
    text[measure == "currency"] = (value[measure == "currency"] * 10).astype(np.int64).astype(str)
    text[measure == "yes-no"] = "yes"
    levels = np.asarray(["none", "draft", "adopted"], dtype=object)[np.minimum(np.repeat(period, len(GROUPS)) // 40, 2)]
    text[measure == "ordinal"] = levels[measure == "ordinal"]
    text[measure == "qualitative"] = "progress made"
    bad = np.flatnonzero(rng.random(len(text)) < 0.001)
    text[bad] = np.asarray(WRONG, dtype=object)[rng.integers(0, len(WRONG), len(bad))]
    months = pd.period_range("2015-01", periods=PERIODS, freq="M")
    starts = np.asarray(months.start_time.strftime("%Y-%m-%d"), dtype=object)
    ends = np.asarray(months.end_time.strftime("%Y-%m-%d"), dtype=object)
    row_period = np.repeat(period, len(GROUPS))
    row_ind = np.repeat(ind, len(GROUPS))
    group = np.tile(np.arange(len(GROUPS)), ip)
    frame = {
        "programme": np.char.add("prog-", (row_ind // PER_PROGRAMME).astype(str)).astype(object),
        "indicator": None,
        "period_start": starts[row_period],
        "period_end": ends[row_period],
        "value": text,
    }
    frame["indicator"] = np.char.add(
        np.char.add(frame["programme"].astype(str), ".i"), (row_ind % PER_PROGRAMME).astype(str)
    ).astype(object)
    for dim in ("sex", "age", "migratory_status"):
        cells = np.asarray([g.split("=", 1)[1] if g.startswith(dim + "=") else "" for g in GROUPS], dtype=object)
        frame[dim] = cells[group]
    frame["note"] = np.full(len(text), "", dtype=object)
    return pd.DataFrame(frame), n_ind


def typed(texts: pd.DataFrame) -> pd.DataFrame:
    """The table the report reader makes of the text cells (the same functions, minus the file)."""
    value, bound, qualifier, percent = figures(texts["value"])
    n = len(texts)

    def const(text: str) -> pd.Categorical:
        return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[text])

    def dates(column: str) -> np.ndarray:
        codes, uniques = pd.factorize(texts[column])
        return pd.to_datetime(pd.Series(uniques), format="%Y-%m-%d").to_numpy("datetime64[ns]")[codes]

    return pd.DataFrame(
        {
            "programme": pd.Categorical(texts["programme"]),
            "indicator": pd.Categorical(texts["indicator"]),
            "period_start": dates("period_start"),
            "period_end": dates("period_end"),
            "value": value,
            "bound": bound,
            "qualifier": qualifier,
            "percent": percent,
            "text": texts["value"].to_numpy(dtype=object),
            "disaggregation": group_keys(texts, ["age", "migratory_status", "sex"]),
            "note": const(""),
            "source": const(""),
            "quote": const(""),
            "file": const("report.csv"),
            "sheet": const(""),
            "line": np.arange(2, n + 2, dtype=np.int64),
        }
    )


# -- DuckDB: the same checks in SQL --------------------------------------------------------------------------
def duckdb_tables(con, values: pd.DataFrame, portfolio) -> None:
    """Load the values and the framework's tables into DuckDB (not timed)."""
    fw = _Framework(portfolio)
    ind = fw.indicators
    con.register("values_df", values.drop(columns=["qualifier"]))
    con.execute("CREATE TABLE v AS SELECT * FROM values_df")
    con.unregister("values_df")
    frames = {
        "ind": pd.DataFrame(
            {
                "indicator": ind["indicator"].astype(str),
                "programme": ind["programme"].astype(str),
                "measure": ind["measure"].astype(str),
                "cumulative": ind["cumulative"].astype(bool),
                "people": fw.people[:-1],
                "target": fw.target[:-1],
            }
        ),
        "prog": pd.DataFrame(
            {
                "programme": list(fw.programme_ids),
                "win_start": pd.to_datetime(fw.win_start[:-1], unit="D", errors="coerce"),
                "win_end": pd.to_datetime(fw.win_end[:-1], unit="D", errors="coerce"),
            }
        ),
        "scale": pd.DataFrame(
            [(i, level) for i, sc in zip(ind["indicator"], fw.scale, strict=False) for level in sc],
            columns=["indicator", "level"],
        ),
        "declared": pd.DataFrame(
            [(i, d) for i, dims in zip(ind["indicator"], fw.dims, strict=False) for d in dims],
            columns=["indicator", "dim"],
        ),
    }
    keys = [str(k) for k in values["disaggregation"].cat.categories]
    parts_rows, dims_rows = [], []
    for key in keys:
        parts = dict(p.split("=", 1) for p in key.split(";") if "=" in p)
        for dim, val in parts.items():
            dims_rows.append((key, dim, dim in DIMENSIONS and val not in DIMENSIONS[dim]))
            parent = ";".join(f"{d}={v}" for d, v in parts.items() if d != dim)
            partition = _partition(dim)
            if parent in keys and (partition is None or val in partition):
                parts_rows.append((key, parent, dim, len(partition or ())))
    frames["dis_dims"] = pd.DataFrame(dims_rows, columns=["dis", "dim", "unknown_value"])
    frames["parts"] = pd.DataFrame(parts_rows, columns=["dis", "parent", "dim", "size"])
    for name, frame in frames.items():
        con.register(f"{name}_df", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_df")
        con.unregister(f"{name}_df")
    con.execute(
        """
        CREATE VIEW j AS
        SELECT v.*, CAST(v.disaggregation AS VARCHAR) AS dis, i.measure, i.cumulative, i.people, i.target,
               i.programme AS owner, p.programme IS NOT NULL AS prog_known, i.indicator IS NOT NULL AS ind_known,
               CASE WHEN bound = '≈' THEN value * 0.9 WHEN bound IN ('≤', '<') THEN 0 ELSE value END AS lo,
               CASE WHEN bound = '≈' THEN value * 1.1 WHEN bound IN ('>', '≥') THEN 'inf'::DOUBLE ELSE value END AS hi,
               text <> '' AS has, p.win_start, p.win_end
        FROM v LEFT JOIN prog p ON CAST(v.programme AS VARCHAR) = p.programme
               LEFT JOIN ind i ON CAST(v.indicator AS VARCHAR) = i.indicator
        """
    )
    # the figure pattern in RE2's dialect: \uXXXX escapes become \x{XXXX}; quotes doubled for SQL
    figure = re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", _FIGURE_RE.pattern).replace("'", "''")
    ok = "prog_known AND ind_known AND owner = CAST(programme AS VARCHAR) AND period_end IS NOT NULL"
    ok += " AND NOT (period_start IS NOT NULL AND period_start > period_end)"
    numeric = "measure IN ('count', 'percentage', 'currency')"
    good = (
        f"{numeric} AND has AND value IS NOT NULL AND NOT (percent AND measure <> 'percentage')"
        " AND NOT (measure = 'percentage' AND (value < 0 OR value > 100))"
        " AND NOT (measure = 'count' AND (value < 0 OR value <> floor(value)))"
    )
    con.execute(f"CREATE MACRO ok_rows() AS TABLE SELECT * FROM j WHERE {ok}")
    con.execute(
        "CREATE MACRO good_rows() AS TABLE SELECT * FROM j "
        f"WHERE {ok} AND {good} AND dis NOT IN (SELECT d.dis FROM dis_dims d WHERE d.unknown_value)"
    )
    con.execute(f"SET VARIABLE figure = '(?i){figure}'")


SQL = {
    "unknown-programme": "SELECT line FROM j WHERE NOT prog_known",
    "unknown-indicator": "SELECT line FROM j WHERE prog_known "
    "AND (NOT ind_known OR owner <> CAST(programme AS VARCHAR))",
    "end-before-start": "SELECT line FROM j WHERE period_start > period_end",
    "period-outside-programme": "SELECT line FROM ok_rows() WHERE period_end > win_end "
    "OR coalesce(period_start, period_end) < win_start",
    "bad-number/text-on-numeric": "SELECT line FROM j WHERE prog_known AND ind_known AND has "
    "AND measure IN ('count', 'percentage', 'currency') AND value IS NULL",
    "inexact-value": "SELECT line FROM j WHERE prog_known AND ind_known AND has "
    "AND measure IN ('count', 'percentage', 'currency') AND value IS NOT NULL AND bound <> '='",
    "unexpected-percent": "SELECT line FROM j WHERE prog_known AND ind_known AND percent AND measure <> 'percentage' "
    "AND measure IN ('count', 'currency') AND value IS NOT NULL",
    "percentage-out-of-range": "SELECT line FROM j WHERE prog_known AND ind_known AND measure = 'percentage' "
    "AND has AND (value < 0 OR value > 100)",
    "fraction-or-percent": "SELECT line FROM j WHERE prog_known AND ind_known AND measure = 'percentage' AND has "
    "AND NOT percent AND value > 0 AND value < 1",
    "negative-count": "SELECT line FROM j WHERE prog_known AND ind_known AND measure = 'count' AND has AND value < 0",
    "non-integer-count": "SELECT line FROM j WHERE prog_known AND ind_known AND measure = 'count' AND has "
    "AND value >= 0 AND value <> floor(value)",
    "number-on-qualitative": "SELECT line FROM j WHERE prog_known AND ind_known AND measure = 'qualitative' AND has "
    "AND regexp_matches(text, getvariable('figure'))",
    "ordinal-outside-scale": "SELECT line FROM j WHERE prog_known AND ind_known AND measure = 'ordinal' AND has "
    "AND lower(trim(text)) NOT IN (SELECT level FROM scale s WHERE s.indicator = CAST(j.indicator AS VARCHAR))",
    "wrong-type": "SELECT line FROM j WHERE prog_known AND ind_known AND measure = 'yes-no' AND has "
    "AND lower(trim(text)) NOT IN ('yes', 'no', 'true', 'false')",
    "undeclared-dimension/unknown-value": "SELECT line FROM j JOIN dis_dims d ON d.dis = j.dis WHERE ind_known AND "
    "(d.unknown_value OR NOT EXISTS (SELECT 1 FROM declared c WHERE c.indicator = CAST(j.indicator AS VARCHAR) "
    "AND c.dim = d.dim))",
    "duplicate-period": "SELECT line FROM (SELECT line, row_number() OVER (PARTITION BY indicator, dis, period_start, "
    "period_end, source, quote ORDER BY line) AS n FROM ok_rows()) WHERE n > 1",
    "overlapping-periods": "SELECT line FROM (SELECT line, period_start, max(period_end) OVER (PARTITION BY indicator, "
    "dis ORDER BY period_start, period_end ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before "
    "FROM (SELECT DISTINCT ON (indicator, dis, period_start, period_end) * FROM ok_rows() "
    "WHERE NOT cumulative AND period_start IS NOT NULL ORDER BY indicator, dis, period_start, period_end, line)) "
    "WHERE period_start <= before",
    "parts-exceed-total/parts-differ-from-total": """
        WITH r AS (SELECT indicator, period_start, period_end, dis, min(lo) AS lo, max(hi) AS hi, min(line) AS line
                   FROM good_rows() WHERE measure IN ('count', 'currency') GROUP BY ALL),
             s AS (SELECT r.indicator, r.period_start, r.period_end, p.parent, p.dim, sum(r.lo) AS lo, sum(r.hi) AS hi,
                          count(*) AS n, any_value(p.size) AS size
                   FROM r JOIN parts p ON p.dis = r.dis GROUP BY ALL)
        SELECT t.line FROM s JOIN r t ON t.indicator = s.indicator AND t.period_start IS NOT DISTINCT FROM
               s.period_start AND t.period_end = s.period_end AND t.dis = s.parent
        WHERE s.lo > t.hi OR (s.size > 0 AND s.n = s.size AND s.hi < t.lo)""",
    "cumulative-decrease": """
        WITH c AS (SELECT indicator, dis, period_end, min(lo) AS lo, max(hi) AS hi, min(line) AS line
                   FROM good_rows() WHERE cumulative AND measure IN ('count', 'currency') GROUP BY ALL)
        SELECT line FROM (SELECT line, hi, lag(lo) OVER (PARTITION BY indicator, dis ORDER BY period_end) AS before
                          FROM c) WHERE hi < before""",
    "far-above-target": f"SELECT line FROM good_rows() WHERE dis = '' AND measure IN ('count', 'currency') "
    f"AND lo > {FAR} * target",
    "value-due": "SELECT min(line) FROM ok_rows() GROUP BY indicator, period_start, period_end HAVING NOT bool_or(has)",
}
#: Which library codes each query stands for.
CODES = {name: name.split("/") for name in SQL}


def time_duckdb(con) -> dict[str, tuple[float, int]]:
    out = {}
    for name, sql in SQL.items():
        started = time.perf_counter()
        lines = con.execute(sql).fetchnumpy()
        out[name] = (time.perf_counter() - started, len(next(iter(lines.values()))))
    return out


# -- the whole command ---------------------------------------------------------------------------------------
#: What REPORT_SCHEMA checks, as a Frictionless Table Schema: ids required, real dates, the rest text.
FRICTIONLESS_SCHEMA = {
    "fields": [
        {"name": "programme", "type": "string", "constraints": {"required": True}},
        {"name": "indicator", "type": "string", "constraints": {"required": True}},
        {"name": "period_start", "type": "date"},
        {"name": "period_end", "type": "date", "constraints": {"required": True}},
        *({"name": name, "type": "string"} for name in ("value", "sex", "age", "migratory_status", "note")),
    ]
}

_STAGES = """
import sys, time
t0 = time.perf_counter()
import mptf.engine.cli.main, mptf.engine.rules.validate, mptf.engine.reading.report
import mptf.engine.reading.load, mptf.reports.validation
from mptf.engine.findings import findings_frame
t1 = time.perf_counter()
fw = mptf.engine.reading.load.load_portfolio(sys.argv[2])
t2 = time.perf_counter()
rep = mptf.engine.reading.report.read_report(sys.argv[1])
t3 = time.perf_counter()
found = mptf.engine.rules.validate.validate_values(rep.values, fw, report_file=rep.file)
t4 = time.perf_counter()
mptf.reports.validation.render_validation(findings_frame(found), "csv", "")
t5 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)
"""


def cli_stages(csv: Path, portfolio: Path, repeat: int) -> list[tuple[str, float]]:
    """Where the command's time goes: each stage run as the command runs it, in a fresh interpreter."""
    runs = []
    for _ in range(repeat):
        command = [sys.executable, "-c", _STAGES, str(csv), str(portfolio)]
        done = subprocess.run(command, capture_output=True, check=True)
        runs.append([float(x) for x in done.stdout.split()])
    names = ["imports", "load the portfolio", "read the report", "validate", "render the findings"]
    return [(f"  of which {name}", min(r[i] for r in runs)) for i, name in enumerate(names)]


# -- main ----------------------------------------------------------------------------------------------------
def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="values in the report (default 1M)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing; the best is kept")
    parser.add_argument("--no-cli", action="store_true", help="skip the whole-CLI run")
    parser.add_argument("--frictionless", metavar="EXE", help="time `EXE validate report.csv` too")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="mptf-bench-"))
    try:
        started = time.perf_counter()
        texts, n_ind = make_report(args.rows)
        write_framework(n_ind, work / "portfolio")
        portfolio = load_portfolio(work / "portfolio")
        values = typed(texts)
        print(f"{len(values):,} values of {n_ind:,} indicators in {n_ind // PER_PROGRAMME + 1:,} programmes "
              f"(set up in {time.perf_counter() - started:.1f} s)")  # fmt: skip

        lib_time, findings = best(lambda: validate_values(values, portfolio), args.repeat)
        counts = findings["code"].value_counts()
        rows = [("library: validate_values", lib_time)]
        table = []
        try:
            import duckdb
        except ImportError:
            duckdb = None
            print("duckdb is not installed: pip install duckdb to compare with SQL")
        if duckdb is not None:
            con = duckdb.connect()
            duckdb_tables(con, values, portfolio)
            runs = [time_duckdb(con) for _ in range(args.repeat)]
            per_check = {name: min(r[name][0] for r in runs) for name in SQL}
            total = min(sum(t for t, _ in r.values()) for r in runs)
            rows.append(("duckdb: the same checks in SQL", total))
            for name in SQL:
                ours = int(sum(counts.get(code, 0) for code in CODES[name]))
                table.append((name, runs[0][name][1], ours, per_check[name]))
        if not args.no_cli and args.rows <= 2_000_000:
            csv = work / "report.csv"
            texts.to_csv(csv, index=False)
            mptf = shutil.which("mptf", path=str(Path(sys.executable).parent)) or "mptf"
            command = [mptf, "validate", str(csv), "--portfolio", str(work / "portfolio"), "--format", "csv"]
            cli_time, _ = best(lambda: subprocess.run(command, capture_output=True, check=False), args.repeat)
            rows.append(("cli: mptf validate report.csv", cli_time))
            rows += cli_stages(csv, work / "portfolio", args.repeat)
            if args.frictionless:  # relative paths (it refuses others)
                (work / "schema.json").write_text(json.dumps(FRICTIONLESS_SCHEMA), encoding="utf-8")
                runs = {
                    "frictionless validate --schema (same checks)": ["--schema", "schema.json"],
                    "frictionless validate --field-type string": ["--field-type", "string"],
                }
                for name, options in runs.items():
                    fl = [args.frictionless, "validate", csv.name, *options]
                    fl_time, done = best(lambda fl=fl: subprocess.run(fl, capture_output=True, cwd=work), 1)
                    valid = b"INVALID" not in done.stdout
                    rows.append((f"{name}{'' if valid else ' (stopped: invalid)'}", fl_time))
                    rows.append((f"  frictionless / cli: {fl_time / cli_time:.1f}x", None))
        print()
        print(f"{'run':48s} {'seconds':>9s}")
        for name, seconds in rows:
            print(f"{name:48s} {'' if seconds is None else f'{seconds:9.3f}'}")
        if duckdb is not None:
            print(f"{'library / duckdb':48s} {lib_time / rows[1][1]:9.2f}x")
        if table:
            print()
            print(f"{'check':45s} {'duckdb rows':>11s} {'library':>8s} {'sql s':>7s}")
            for name, sql_rows, ours, seconds in table:
                flag = "" if sql_rows == ours else "  (differs)"
                print(f"{name:45s} {sql_rows:11,d} {ours:8,d} {seconds:7.3f}{flag}")
        print()
        print("library findings:", ", ".join(f"{code} {n}" for code, n in counts.items()))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The floor of the benchmark: one process that reads the same files as ``mptf`` and does the same work as
efficient DuckDB SQL (one scan of the report, one join to the framework, every check a CASE column of one pass).

    python benchmarks/floor.py validate REPORT.csv PROGRAMMES_DIR AS_OF OUT.csv   # findings: code, line, col
    python benchmarks/floor.py rollup PORTFOLIO_DIR AS_OF OUT.csv                 # count figures by area, GCM, year
    python benchmarks/floor.py lineage PORTFOLIO_DIR AS_OF OUT.parquet            # the contributions, per figure

It stands apart from the engine on purpose (it imports nothing of ``mptf``): the programme files are parsed with
PyYAML's C loader, the report is read by DuckDB's CSV reader. The checks are the engine's rules in general form
(a figure grammar of plain numbers, words of approximation and percent signs; the series, parts and period
rules as window functions), not keyed to the planted texts. What it leaves out is what the synthetic portfolio
does not exercise: it relies on every period having a total (so parts never count) and sums count measures only.
``naive_pandas.py`` reads the same files with pandas for the rollup's sums.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader

DIMS = {
    "sex": ("female", "male", "other", "unknown"),
    "age": ("child", "youth", "adult", "unknown"),
    "migratory_status": ("migrant", "returnee", "host", "refugee", "idp", "unknown"),
    "disability": ("yes", "no", "unknown"),
}
FAR = 10
WORDS = r"(about|approx\.?|approximately|around|almost|nearly|over|more than|at least|up to|under|less than|some)"
AREAS = Path(__file__).resolve().parent.parent / "frameworks" / "data" / "thematic_areas.yaml"


def framework(folder: str) -> dict[str, list]:
    """The framework's tables as column lists: ``ind`` (one row per indicator), ``prog`` and ``keys`` (each
    indicator's GCM figure keys: ``N:inherited`` from its result and the results above it, ``N:area`` from its
    programme's thematic area, for the objectives it reaches by no link of its own)."""
    areas = yaml.load(AREAS.read_text(encoding="utf-8"), Loader=Loader)
    area_gcm = {a["number"]: a.get("gcm", []) for a in areas["areas"]}
    ind: dict[str, list] = {c: [] for c in ("indicator", "owner", "measure", "series", "common", "unit", "target",
                                            "scale", "dims")}  # fmt: skip
    prog: dict[str, list] = {c: [] for c in ("programme", "area", "start", "end")}
    keys: dict[str, list] = {"indicator": [], "gcm": []}
    for path in sorted(Path(folder).glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
        pid = doc["id"]
        prog["programme"].append(pid)
        prog["area"].append(doc.get("thematic_area"))
        prog["start"].append(doc.get("start"))
        prog["end"].append(doc.get("end"))
        stack = [(r, ()) for r in doc.get("results", [])]
        while stack:
            result, above = stack.pop()
            links = (*above, *result.get("gcm", []))
            stack.extend((r, links) for r in result.get("results", []))
            for i in result.get("indicators", []):
                ind["indicator"].append(i["id"])
                ind["owner"].append(pid)
                ind["measure"].append(i["measure"])
                ind["series"].append(i.get("series", "cumulative"))
                ind["common"].append(i.get("common"))
                ind["unit"].append(i.get("unit"))
                targets = [t["value"] for t in i.get("targets", []) if isinstance(t.get("value"), int | float)]
                ind["target"].append(max(targets) if targets else None)
                ind["scale"].append([str(s).lower() for s in i.get("scale", [])])
                ind["dims"].append(list(i.get("disaggregation", [])))
                area = [f"{g}:area" for g in area_gcm.get(doc.get("thematic_area"), []) if g not in links]
                for key in dict.fromkeys([f"{g}:inherited" for g in links] + area):  # a link wins over the area
                    keys["indicator"].append(i["id"])
                    keys["gcm"].append(key)
    return {"ind": ind, "prog": prog, "keys": keys}


def connect(tables: dict[str, dict[str, list]]):
    import duckdb
    import pyarrow as pa

    con = duckdb.connect()
    for name, columns in tables.items():
        con.register(name, pa.table(columns))
    return con


def report_sql(path: str) -> str:
    """The report read once, every cell as text, each row with its CSV line (the header is line 1)."""
    dims = ", ".join(f"coalesce({d}, '') AS {d}" for d in DIMS)
    return (
        f"SELECT programme, indicator, coalesce(period_start, '') AS ps, coalesce(period_end, '') AS pe, "
        f"coalesce(value, '') AS text, {dims}, (row_number() OVER () + 1)::BIGINT AS line "
        f"FROM read_csv('{path}', all_varchar = true, header = true, union_by_name = true)"
    )


def joined_sql(report: str) -> str:
    """Values joined to the framework once, with each row's figure, dates, group and the checks as columns."""
    number = r"^-?[0-9][0-9,]*(\.[0-9]+)?%?$"
    inexact = rf"^{WORDS}\s+[0-9][0-9,]*(\.[0-9]+)?%?$"
    dims_set = " + ".join(f"({d} <> '')::INT" for d in DIMS)
    dim_of = "CASE " + " ".join(f"WHEN {d} <> '' THEN '{d}'" for d in DIMS) + " ELSE '' END"
    part_of = "CASE " + " ".join(f"WHEN {d} <> '' THEN {d}" for d in DIMS) + " ELSE '' END"
    return f"""
    WITH v AS ({report}),
    j AS (
        SELECT v.*, i.indicator IS NOT NULL AS ind_known, p.programme IS NOT NULL AS prog_known,
               i.measure, i.series, i.common, i.unit, i.target, i.scale, i.dims, p.area,
               try_strptime(nullif(ps, ''), '%Y-%m-%d')::DATE AS sd,
               try_strptime(nullif(pe, ''), '%Y-%m-%d')::DATE AS ed,
               p.start AS p_start, p."end" AS p_end, {dims_set} AS n_dims, {dim_of} AS dim, {part_of} AS part,
               lower(trim(text)) AS word,
               regexp_matches(text, '[0-9]') AS ascii_digit, regexp_matches(text, '\\p{{Nd}}') AS any_digit,
               regexp_full_match(text, '[0-9]{{1,3}}\\.[0-9]{{3}}') AS ambiguous,
               regexp_matches(text, '{inexact}') AS inexact,
               regexp_matches(text, '{number}') OR regexp_matches(text, '{inexact}') AS is_number,
               TRY_CAST(replace(regexp_extract(text, '-?[0-9][0-9,]*(\\.[0-9]+)?'), ',', '') AS DOUBLE) AS num,
               text LIKE '%\\%%' ESCAPE '\\' AS pct
        FROM v LEFT JOIN ind i ON i.indicator = v.indicator AND i.owner = v.programme
               LEFT JOIN prog p ON p.programme = v.programme
    ),
    c AS (
        SELECT *,
          CASE WHEN NOT prog_known THEN 'unknown-programme' END AS c_prog,
          CASE WHEN prog_known AND NOT ind_known THEN 'unknown-indicator' END AS c_ind,
          CASE WHEN pe = '' THEN 'missing-field' WHEN ed IS NULL THEN 'bad-date' END AS c_end,
          CASE WHEN ps <> '' AND sd IS NULL THEN 'bad-date' END AS c_start,
          CASE WHEN ind_known AND text <> '' THEN CASE
            WHEN measure IN ('count', 'percentage', 'currency') THEN CASE
              WHEN any_digit AND NOT ascii_digit THEN 'non-ascii-digits'
              WHEN ambiguous THEN 'bad-number'
              WHEN NOT is_number THEN 'text-on-numeric'
              WHEN pct AND measure <> 'percentage' AND (measure = 'currency' OR n_dims = 0) THEN 'unexpected-percent'
              WHEN measure = 'count' AND num < 0 THEN 'negative-count'
              WHEN measure = 'count' AND num <> floor(num) THEN 'non-integer-count'
              WHEN measure = 'percentage' AND (num < 0 OR num > 100) THEN 'percentage-out-of-range'
              WHEN measure = 'percentage' AND NOT pct AND num > 0 AND num < 1 THEN 'fraction-or-percent'
              WHEN inexact THEN 'inexact-value' END
            WHEN measure = 'yes-no' AND word NOT IN ('yes', 'no', 'true', 'false') THEN 'wrong-type'
            WHEN measure = 'ordinal' AND NOT list_contains(scale, word) THEN 'ordinal-outside-scale'
            WHEN measure = 'qualitative' AND regexp_full_match(text, '\\s*-?[0-9][0-9,.]*\\s*%?\\s*') THEN
                 'number-on-qualitative' END END AS c_value,
          CASE WHEN ind_known AND ed IS NOT NULL AND (ed > p_end OR coalesce(sd, ed) < p_start)
               THEN 'period-outside-programme' END AS c_window,
          {" ".join(f"CASE WHEN {d} <> '' AND {d} NOT IN {DIMS[d]!r} THEN 'unknown-value' END AS u_{d}," for d in DIMS)}
          {
        " ".join(
            f"CASE WHEN ind_known AND {d} <> '' AND NOT list_contains(dims, '{d}') THEN 'undeclared-dimension'"
            f" END AS d_{d},"
            for d in DIMS
        )
    }
          CASE WHEN measure IN ('count', 'currency') THEN num END AS figure
        FROM j
    ),
    r AS (  -- a row with an error is left out of the series, parts and sums
        SELECT *, prog_known AND ind_known AND ed IS NOT NULL AND c_start IS NULL
                  AND coalesce(c_value, 'inexact-value') IN ('inexact-value', 'fraction-or-percent',
                                                               'number-on-qualitative', 'non-integer-count')
                  AND NOT coalesce(c_value = 'non-integer-count' AND unit = 'people', false)
                  AND {" AND ".join(f"u_{d} IS NULL" for d in DIMS)} AS ok
        FROM c
    )
    """


def validate(report: str, programmes: str, as_of: str, out: str) -> None:
    con = connect(framework(programmes))
    sql = joined_sql(report_sql(report))
    row_codes = ["c_prog", "c_ind", "c_end", "c_start", "c_value", "c_window",
                 *(f"u_{d}" for d in DIMS), *(f"d_{d}" for d in DIMS)]  # fmt: skip
    columns = ["'programme'", "'indicator'", "'period_end'", "'period_start'", "'value'", "'period_start'",
               *(f"'{d}'" for d in DIMS), *(f"'{d}'" for d in DIMS)]  # fmt: skip
    singles = " UNION ALL ".join(
        f"SELECT {code} AS code, line, {column} AS col FROM r WHERE {code} IS NOT NULL"
        for code, column in zip(row_codes, columns, strict=True)
    )
    con.execute(f"""
    CREATE TABLE found AS {sql},
    d AS (SELECT line FROM (SELECT line, row_number() OVER (PARTITION BY indicator, {", ".join(DIMS)}, ps, pe
                                                            ORDER BY line) AS n FROM r WHERE ok) WHERE n > 1),
    s AS (SELECT * FROM r WHERE ok AND line NOT IN (SELECT line FROM d)),
    o AS (SELECT line FROM (
            SELECT line, sd, max(ed) OVER (PARTITION BY indicator, {", ".join(DIMS)} ORDER BY sd, ed, line
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
            FROM s WHERE series IN ('per-period', 'level') AND sd IS NOT NULL) WHERE sd <= before),
    k AS (SELECT line FROM (
            SELECT line, figure, lag(figure) OVER (PARTITION BY indicator, {", ".join(DIMS)},
                   CASE WHEN series = 'year-to-date' THEN year(ed) END ORDER BY ed) AS before
            FROM s WHERE series IN ('cumulative', 'year-to-date') AND figure IS NOT NULL) WHERE figure < before),
    t AS (SELECT indicator, ps, pe, figure AS total, line FROM s WHERE n_dims = 0 AND figure IS NOT NULL),
    p AS (SELECT indicator, ps, pe, dim, sum(figure) AS parts, count(DISTINCT part) AS n FROM s
          WHERE n_dims = 1 AND figure IS NOT NULL GROUP BY ALL),
    pt AS (SELECT t.line, CASE WHEN p.parts > t.total THEN 'parts-exceed-total'
                              WHEN p.n = len(m.members) AND p.parts < t.total THEN 'parts-differ-from-total' END AS code
           FROM p JOIN t USING (indicator, ps, pe) JOIN dimsizes m USING (dim))
    {singles}
    UNION ALL SELECT 'duplicate-period', line, 'period_end' FROM d
    UNION ALL SELECT 'overlapping-periods', line, 'period_start' FROM o
    UNION ALL SELECT 'cumulative-decrease', line, 'value' FROM k
    UNION ALL SELECT code, line, 'value' FROM pt WHERE code IS NOT NULL
    UNION ALL SELECT 'far-above-target', line, 'value' FROM s WHERE n_dims = 0 AND figure > {FAR} * target
    """.replace("dimsizes m", "(SELECT * FROM (VALUES " + ", ".join(
        f"('{d}', {list(v)!r})" for d, v in DIMS.items()) + ") x(dim, members)) m"))  # fmt: skip
    con.execute(f"COPY (SELECT * FROM found ORDER BY line, code) TO '{out}' (HEADER, DELIMITER ',')")


def counted_sql(portfolio: str, as_of: str) -> str:
    """The rows that count (valid totals of count indicators linked to a common indicator), each with its figure
    keys and the rule that counts it: every period of a per-period series, the latest of each year otherwise
    (a level's latest at or before the reference date)."""
    values = next(p for p in Path(portfolio).glob("*.csv"))
    return (
        joined_sql(report_sql(str(values)))
        + f""",
    f AS (SELECT *, year(ed) AS year FROM r WHERE ok AND n_dims = 0 AND measure = 'count' AND common IS NOT NULL
          AND figure IS NOT NULL AND (series <> 'level' OR ed <= DATE '{as_of}')),
    w AS (SELECT *, series = 'per-period' OR ed = max(ed) OVER (PARTITION BY indicator, year) AS counts FROM f)
    """
    )


def rollup(portfolio: str, as_of: str, out: str) -> None:
    con = connect(framework(portfolio))
    con.execute(f"""
    COPY ({counted_sql(portfolio, as_of)}
    SELECT area AS "thematic-area", k.gcm, year, common, sum(figure) AS value, count(DISTINCT w.programme) AS programmes
    FROM w JOIN keys k USING (indicator) WHERE counts GROUP BY ALL ORDER BY ALL
    ) TO '{out}' (HEADER, DELIMITER ',')""")


def lineage(portfolio: str, as_of: str, out: str) -> None:
    con = connect(framework(portfolio))
    con.execute(f"""
    COPY ({counted_sql(portfolio, as_of)}
    SELECT area AS "thematic-area", k.gcm, year, common, w.programme, w.indicator, pe AS period_end, figure AS value,
           CASE WHEN counts THEN 'counted' ELSE 'superseded' END AS rule, line
    FROM w JOIN keys k USING (indicator)
    ) TO '{out}' (FORMAT parquet)""")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"validate": validate, "rollup": rollup, "lineage": lineage}[command](*args)

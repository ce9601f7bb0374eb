"""The one module that runs SQL: DuckDB over the model's pandas DataFrames (read in place through Arrow).

Why DuckDB: the rollup must handle millions of reported values as one vectorised pass, and its rules
(latest value, duplicates, totals over parts, double counting) are grouped aggregates joined back to the rows,
which SQL states plainly, so an auditor can read the rule where it runs. pandas stays the model and the
interface: frames go in, frames come out. Nothing else in the package imports duckdb.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from mptf.engine.dates import current_period_start, reference_date
from mptf.engine.rollup.classify_sql import classify_sql, partition
from mptf.engine.rollup.parts_sql import COUNTED as _COUNTED
from mptf.engine.rollup.parts_sql import FIGURE_INPUT, figures_sql, partial_sql, winners_sql
from mptf.indicators.codes import objects

__all__ = [
    "classify_contributions",
    "combine_partials",
    "max_winners",
    "partial_figures",
    "programme_totals",
    "rollup_batches",
    "rollup_pass",
    "run",
    "session",
    "sum_figures",
]

#: The memory a DuckDB session may hold (a DuckDB size, e.g. ``1GB``; ``MPTF_SQL_MEMORY`` sets it): beyond it,
#: joins, windows and aggregates spill to a private temporary directory, removed when the session ends. Measured
#: at 1M values by thematic area, GCM and year: the rollup's SQL peaks at 1.8 GiB in all with 1GB (9.4 s) where it
#: took 4.3 GiB unbounded (6.5 s).
SQL_MEMORY = "1GB"


@contextmanager
def session() -> Iterator[duckdb.DuckDBPyConnection]:
    """One in-memory DuckDB session, bounded in memory (:data:`SQL_MEMORY`), spilling to its own temporary
    directory (never the working directory), closed and cleaned up on exit."""
    spill = tempfile.mkdtemp(prefix="mptf-sql-")
    con = duckdb.connect()
    try:
        con.execute("set temp_directory = '{}'".format(spill.replace("'", "''")))
        con.execute("set memory_limit = ?", [os.environ.get("MPTF_SQL_MEMORY") or SQL_MEMORY])
        con.execute("set preserve_insertion_order = false")  # every result is sorted where its order matters
        con.execute("set enable_progress_bar = false")
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def run(sql: str, **tables: pd.DataFrame) -> pd.DataFrame:
    """Run one query over the given frames (each registered under its keyword name)."""
    with session() as con:
        for name, frame in tables.items():
            con.register(name, frame)
        return con.execute(sql).df()


def classify_contributions(
    values: pd.DataFrame,
    links: pd.DataFrame,
    keys: list[str],
    country_override: bool = False,
    as_of: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Every (reported value × group) row with its rule (see :func:`~mptf.engine.rollup.classify_sql.classify_sql`)."""
    return run(classify_sql(keys, country_override, as_of=as_of), v=values, l=_with_ids(links, as_of))


def _with_ids(links: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.DataFrame:
    """Integer ids for indicators and programmes: the windows partition on them instead of on text; a link
    without the series columns (an older caller) is a since-start cumulative or per-period series; each link's
    ``current_since``: the first day of the reporting period its levels must reach not to be stale."""
    links = links.assign(iid=pd.factorize(links["indicator"])[0], pid=pd.factorize(links["programme"])[0])
    if "series" not in links:
        links = links.assign(series=links["cumulative"].map({True: "cumulative", False: "per-period"}))
    if "resets" not in links:
        links = links.assign(resets=1)
    if "prog_end" not in links:
        links = links.assign(prog_end=pd.NaT)
    ended = pd.to_datetime(links["prog_end"]).astype("datetime64[ns]")
    day = pd.Timestamp(as_of) if as_of is not None else reference_date()
    return links.assign(
        resets=pd.to_numeric(links["resets"]).fillna(1).astype("int64"),
        prog_end=ended,
        current_since=current_period_start(day, ended).astype("datetime64[ns]"),
    )


def sum_figures(contrib: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Aggregate classified contributions per (group, common indicator) (:func:`figures_sql`)."""
    return run(figures_sql(keys), contrib=contrib)


def programme_totals(
    values: pd.DataFrame, links: pd.DataFrame, keys: list[str], country_override: bool, as_of: pd.Timestamp | None
) -> pd.DataFrame:
    """Each programme's total of counted rows per group and common indicator of ``max`` policy (columns
    ``keys``, ``common``, ``pid``, ``programme_total``): :func:`max_winners` combines those of every programme."""
    final = f"select distinct {partition(keys, 'common')}, pid, programme_total from l3 where across = 'max' and "
    sql = classify_sql(keys, country_override, True, as_of, final=final + "programme_total is not null")
    return run(sql, v=values, l=_with_ids(links, as_of))


def max_winners(totals: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The programme a ``max`` policy counts in each group, from :func:`programme_totals` of every programme."""
    return run(winners_sql(keys, "t"), t=totals)


def partial_figures(
    values: pd.DataFrame,
    links: pd.DataFrame,
    keys: list[str],
    country_override: bool,
    as_of: pd.Timestamp | None,
    winners: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Classify some programmes' values (all of each programme's) and reduce their counted rows to the parts
    of :func:`~mptf.engine.rollup.parts_sql.partial_sql`; ``links`` every indicator's (the ids must be those of
    every part), ``winners`` the :func:`max_winners` of every programme (None: no ``max`` policy)."""
    with session() as con:
        con.register("v", values)
        con.register("l", _with_ids(links, as_of))
        if winners is not None:
            con.register("w", winners)
        sql = classify_sql(keys, country_override, winners is not None, as_of, winners=True)
        con.execute(f"create temp table contrib as {sql}")
        return {name: con.execute(query).df() for name, query in partial_sql(keys).items()}


def combine_partials(parts: dict[str, pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """The figures as :func:`rollup_pass` gives them, from the :func:`partial_figures` of every programme."""
    return run(figures_sql(keys, None), **parts)


def rollup_pass(
    values: pd.DataFrame, links: pd.DataFrame, keys: list[str], country_override: bool, as_of: pd.Timestamp | None
) -> pd.DataFrame:
    """The figures of ``values`` through ``links`` by the group columns ``keys``: classified and aggregated in
    one DuckDB session, the contributions never leaving it (:func:`rollup_batches` gives them)."""
    with session() as con:
        _classified(con, values, links, keys, country_override, as_of, counted_only=True)
        return con.execute(figures_sql(keys)).df()


def rollup_batches(
    values: pd.DataFrame,
    links: pd.DataFrame,
    keys: list[str],
    country_override: bool,
    as_of: pd.Timestamp | None,
    details: pd.DataFrame,
    sentences: Callable[[pd.DataFrame], list],
    rows: int | None = None,
) -> Iterator[pd.DataFrame]:
    """The figures of :func:`rollup_pass`, then the contributions in batches of about ``rows`` rows, in their
    order (``None``: one batch, whatever its size). The SQL session holds the sorted contributions (spilling
    beyond :data:`SQL_MEMORY`) until the last batch is taken or the iterator is closed.

    The contributions come out with their rule's code (``rule_code``), each value's provenance (``source``,
    ``quote``, ``file``, ``sheet``, ``line`` of ``values``, whose ``vid`` is its position), its indicator's
    ``details`` (one row per ``indicator``, with the fields its rule's sentence may name, e.g. ``unit``) and the
    sentence (``rule``) that ``sentences`` gives for each distinct combination of ``rule_code``, ``common``,
    ``measure``, ``excluded`` and those fields (a frame of them, one sentence per row), sorted by group, common
    indicator, programme, indicator and value: joined and sorted in SQL, never in pandas.
    """
    with session() as con:
        _classified(con, values, links, keys, country_override, as_of, counted_only=False)
        yield con.execute(figures_sql(keys)).df()
        yield from _explained(con, keys, values, details, sentences, rows)


def _classified(
    con: duckdb.DuckDBPyConnection,
    values: pd.DataFrame,
    links: pd.DataFrame,
    keys: list[str],
    country_override: bool,
    as_of: pd.Timestamp | None,
    counted_only: bool,
) -> None:
    """Table ``contrib``: the contributions of ``values`` through ``links``; with ``counted_only``, only the
    counted rows and the columns the figures read (the classification runs once: the figures' four partial
    queries would each run it again from a subquery)."""
    links = _with_ids(links, as_of)
    con.register("v", values)
    con.register("l", links)
    sql = classify_sql(keys, country_override, bool((links["across"] == "max").any()), as_of)
    if counted_only:
        kept = ", ".join([*keys, *FIGURE_INPUT])
        con.execute(f"create temp table contrib as select {kept} from ({sql}) where {_COUNTED}")
    else:
        con.execute(f"create temp table contrib as {sql}")


#: The contribution's own columns that decide its rule's sentence (beside its indicator's ``details``).
_RULE_OWN = {"rule_code": "c.rule", "common": "c.common", "measure": "c.measure", "excluded": "c.excluded"}
_PROVENANCE = ("source", "quote", "file", "sheet", "line")
#: The value's own columns a contribution carries as they are: taken from the values by position, never
#: carried through the sort (a third of its width at 1M values, and a copy of every text).
_AS_READ = ("programme", "indicator", "period_start", "period_end", "value", "bound", "text", "disaggregation",
            "numerator", "denominator", "excluded")  # fmt: skip


def _explained(
    con: duckdb.DuckDBPyConnection,
    keys: list[str],
    values: pd.DataFrame,
    details: pd.DataFrame,
    sentences: Callable,
    rows: int | None = None,
) -> Iterator[pd.DataFrame]:
    """The ``contrib`` table with provenance, details and sentences, sorted (see :func:`rollup_batches`), in
    batches of about ``rows`` rows (``None``: one). The columns of ``values`` and ``details`` are taken from them
    by position, as they are (dtype and objects)."""
    columns = [row[0] for row in con.execute("select name from pragma_table_info('contrib')").fetchall()]
    told = [c for c in details.columns if c != "indicator"]
    con.register("d", details.assign(d_at=np.arange(len(details))))
    rule_key = {**_RULE_OWN, **{name: f"d.{name}" for name in told}}
    fields = ", ".join(f"{at} as {name}" for name, at in rule_key.items())
    con.execute(f"""create temp table s as select row_number() over () - 1 as s_at, * from (
                    select distinct {fields} from contrib c left join d using (indicator))""")  # fmt: skip
    said = np.asarray(sentences(con.execute("select * exclude (s_at) from s order by s_at").df()), dtype=object)
    same = " and ".join(f"{at} is not distinct from s.{name}" for name, at in rule_key.items())
    order_out = [*(c if c != "rule" else "rule_code" for c in columns), *_PROVENANCE, *told, "rule"]
    chosen = ", ".join(f"c.{c}" if c != "rule" else "c.rule as rule_code" for c in columns if c not in _AS_READ)
    order = ", ".join(f"c.{c} nulls first" for c in [*keys, "common", "programme", "indicator", "vid"])
    sorted_rows = f"""
        select {chosen}, d.d_at, s.s_at
        from contrib c
        left join d on d.indicator = c.indicator
        left join s on {same}
        order by {order}, c.rowid
    """
    if rows is None:
        table = con.sql(sorted_rows).to_arrow_table()
        con.execute("drop table contrib; drop table s")  # DuckDB's copy goes before pandas takes the rows
        yield _provenanced(table, values, details, told, said)[order_out]
        return
    for batch in con.sql(sorted_rows).to_arrow_reader(rows):  # sorted once, then streamed
        yield _provenanced(pa.Table.from_batches([batch]), values, details, told, said)[order_out]


def _provenanced(table, values: pd.DataFrame, details: pd.DataFrame, told: list[str], said: np.ndarray) -> pd.DataFrame:
    """Rows of the sorted contributions (an Arrow table or batch) as pandas, with the values' own columns and
    provenance, the details and the sentence each row's ``vid``, ``d_at`` and ``s_at`` point to."""
    # through Arrow: DuckDB's own conversion to pandas takes 3 times as long for millions of rows; text as
    # objects, one per distinct text, missing as NaN (Arrow-backed text makes every later sort, merge and
    # row loop slow)
    rows = table.to_pandas(split_blocks=True, self_destruct=True, strings_to_categorical=True)
    for column in rows.columns[[isinstance(t, pd.CategoricalDtype) for t in rows.dtypes]]:
        rows[column] = pd.Series(objects(rows[column], np.nan), index=rows.index, dtype=object)
    vid = rows["vid"].to_numpy()
    d_at = rows.pop("d_at").fillna(-1).to_numpy(dtype=np.int64)
    s_at = rows.pop("s_at").to_numpy(dtype=np.int64)
    taken = {name: values[name].array.take(vid) for name in (*_AS_READ, *_PROVENANCE)}
    taken |= {name: details[name].array.take(d_at, allow_fill=True) for name in told}
    taken["rule"] = said[s_at]
    for name, column in taken.items():  # as they are: pandas would infer its str dtype for object columns
        rows[name] = pd.Series(column, index=rows.index, dtype=column.dtype, copy=False)
    return rows

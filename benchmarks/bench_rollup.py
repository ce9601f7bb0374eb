"""Benchmark: the fund rollup of N reported values against DuckDB SQL computing the same sums.

Run: python benchmarks/bench_rollup.py [--rows 10000000] [--repeat 3]

It builds a synthetic portfolio in memory (1,000 programmes, 10 count indicators each, values spread over
weeks and sex groups), then times, best of --repeat:

- ``mptf figures``: ``rollup(..., contributions=False)``, the fund figures by thematic area;
- ``mptf with contributions``: the same, also materialising the per-row contributions table that trace uses;
- ``duckdb same sums``: one hand-written DuckDB query over the same frame computing the same figures (latest
  cumulative value per programme, indicator and group, parts left out where a total exists, summed per area
  and common indicator), checked to give the same numbers;
- ``pandas groupby``: a careful pandas version of that query, for reference.
"""

from __future__ import annotations

import argparse
import time

import duckdb
import numpy as np
import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.rollup.core import rollup
from mptf.indicators.schemas import SCHEMAS

COMMONS = ["people-reached", "people-trained", "officials-trained", "people-assisted", "awareness-campaigns"]


def synthetic(rows: int, programmes: int = 1000, per_programme: int = 10, seed: int = 7) -> Portfolio:
    rng = np.random.default_rng(seed)
    prog_ids = np.array([f"p{i:04d}" for i in range(programmes)], dtype=object)
    ind_prog = np.repeat(prog_ids, per_programme)
    ind_ids = np.array([f"{p}.i{j}" for p in prog_ids for j in range(per_programme)], dtype=object)
    n_ind = len(ind_ids)
    commons = np.array(COMMONS, dtype=object)[rng.integers(0, len(COMMONS), n_ind)]
    indicators = pd.DataFrame(
        {
            "indicator": ind_ids,
            "programme": ind_prog,
            "result": None,
            "name": ind_ids,
            "measure": "count",
            "measure_given": True,
            "unit": np.where(np.isin(commons, ["awareness-campaigns"]), "events", "people"),
            "scale": [()] * n_ind,
            "currency": None,
            "direction": "increase",
            "cumulative": rng.random(n_ind) < 0.7,
            "unique": False,
            "baseline_value": np.nan,
            "baseline_bound": None,
            "baseline_percent": False,
            "baseline_text": None,
            "baseline_date": pd.NaT,
            "disaggregation": [("sex",)] * n_ind,
            "common": commons,
            "source": "",
            "quote": "",
            "file": "bench",
            "sheet": "",
            "line": pd.array([None] * n_ind, dtype="Int64"),
        }
    )
    programmes_df = pd.DataFrame(
        {
            "programme": prog_ids,
            "title": prog_ids,
            "countries": [("KEN",)] * programmes,
            "thematic_area": pd.array(rng.integers(1, 6, programmes), dtype="Int64"),
            "status": "funded",
            "budget_cents": pd.array([100_000_000] * programmes, dtype="Int64"),
            "currency": "USD",
            "duration_months": pd.array([24] * programmes, dtype="Int64"),
            "start": pd.NaT,
            "end": pd.NaT,
            "organizations": [("IOM",)] * programmes,
            "partners": [()] * programmes,
            "source": "",
            "quote": "",
            "file": "bench",
            "sheet": "",
            "line": pd.array([None] * programmes, dtype="Int64"),
        }
    )
    # Every (indicator, group, week) at most once, so that no two rows are conflicting claims of one fact.
    order = rng.permutation(rows)
    which = order % n_ind
    group = np.array(["", "sex=female", "sex=male"], dtype=object)[(order // n_ind) % 3]
    week = order // (n_ind * 3)
    start = pd.Timestamp("2019-01-01") + pd.to_timedelta(week * 7, unit="D")
    # valid figures, so that every value counts: running totals grow week by week, and the two sexes add up to
    # the total (the verdict leaves out a value with an error, and the reference would still add it)
    figures = (week + 1) * (1 + which % 50) * np.where(group == "", 2, 1)
    codes, uniques = pd.factorize(figures)
    values = pd.DataFrame(
        {
            "programme": ind_prog[which],
            "indicator": ind_ids[which],
            "period_start": start,
            "period_end": start + pd.Timedelta(days=6),
            "value": figures.astype("float64"),
            "bound": "=",
            "qualifier": None,
            "percent": False,
            "text": pd.Categorical.from_codes(codes, [str(n) for n in uniques]),  # as written
            "numerator": np.nan,
            "denominator": np.nan,
            "disaggregation": group,
            "note": "",
            "source": "",
            "quote": "",
            "file": "bench",
            "sheet": "",
            "line": np.arange(rows) + 2,
        }
    )
    links = pd.DataFrame(
        columns=[
            "programme",
            "item",
            "kind",
            "framework",
            "ref",
            "cited_title",
            "share",
            "source",
            "quote",
            "file",
            "sheet",
            "line",
        ]
    )
    results = pd.DataFrame(
        columns=[
            "result",
            "programme",
            "level",
            "parent",
            "declared_parent",
            "title",
            "editorial",
            "source",
            "quote",
            "file",
            "sheet",
            "line",
        ]
    )
    claims, targets = (pd.DataFrame(columns=list(SCHEMAS[name].columns)) for name in ("claims", "targets"))
    return Portfolio(programmes_df, claims, results, indicators, targets, links, values)


REFERENCE_SQL = """
with j as (
    select v.*, i.common, i.cumulative, cast(p.thematic_area as varchar) as area
    from v join i using (indicator) join p using (programme)
),
kept as (
    select * from (
        select *, max(period_end) over (partition by area, programme, indicator, disaggregation) as last_end,
               bool_or(disaggregation = '') over (partition by area, programme, indicator,
                                                  case when cumulative then null else period_end end) as has_total
        from j
    ) where (not cumulative or period_end = last_end) and (disaggregation = '' or not has_total)
)
select area, common, sum(value) as value, count(distinct programme) as programmes
from kept group by area, common
"""


def reference_duckdb(p: Portfolio) -> pd.DataFrame:
    con = duckdb.connect()
    con.register("v", p.values)
    con.register("i", p.indicators[["indicator", "common", "cumulative"]])
    con.register("p", p.programmes[["programme", "thematic_area"]])
    return con.execute(REFERENCE_SQL).df()


def reference_pandas(p: Portfolio) -> pd.DataFrame:
    j = (
        p.values[["programme", "indicator", "period_end", "value", "disaggregation"]]
        .merge(p.indicators[["indicator", "common", "cumulative"]], on="indicator")
        .merge(p.programmes[["programme", "thematic_area"]], on="programme")
    )
    last = j.groupby(["programme", "indicator", "disaggregation"])["period_end"].transform("max")
    j = j[~j["cumulative"] | (j["period_end"] == last)]
    period = j["period_end"].where(~j["cumulative"])
    total = (j["disaggregation"] == "").groupby([j["programme"], j["indicator"], period], dropna=False).transform("any")
    j = j[(j["disaggregation"] == "") | ~total]
    return j.groupby(["thematic_area", "common"]).agg(value=("value", "sum"), programmes=("programme", "nunique"))


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    t = time.perf_counter()
    p = synthetic(args.rows)
    print(f"built {args.rows:,} values in {time.perf_counter() - t:.1f} s")
    t_fig, fig = best(lambda: rollup(p, contributions=False).figures, args.repeat)
    t_all, _ = best(lambda: rollup(p), 1)
    t_duck, ref = best(lambda: reference_duckdb(p), args.repeat)
    t_pd, _ = best(lambda: reference_pandas(p), 1)
    mine = fig.set_index(["thematic-area", "common"])["value"].sort_index()
    theirs = ref.set_index(["area", "common"])["value"].sort_index()
    theirs.index.names = mine.index.names
    same = np.allclose(mine.to_numpy(dtype=float), theirs.to_numpy(dtype=float)) and mine.index.equals(theirs.index)
    print(f"\n{'what':<28}{'seconds':>10}{'× duckdb':>10}")
    for name, secs in [
        ("mptf figures", t_fig),
        ("mptf with contributions", t_all),
        ("duckdb same sums", t_duck),
        ("pandas groupby", t_pd),
    ]:
        print(f"{name:<28}{secs:>10.2f}{secs / t_duck:>10.2f}")
    print(f"\nsame figures as the DuckDB reference: {same}  (target: mptf figures within 1.5× of duckdb)")


if __name__ == "__main__":
    main()

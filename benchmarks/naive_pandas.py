"""A naive pandas rollup, for reference: the same count sums as ``floor.py rollup``, as most analysts would write
them (``read_csv`` of every cell as text, merges, ``groupby``), with no checks (the synthetic portfolio's totals
carry no error, so the sums are the same).

    python benchmarks/naive_pandas.py PORTFOLIO_DIR AS_OF OUT.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import DIMS, framework  # noqa: E402


def rollup(portfolio: str, as_of: str, out: str) -> None:
    tables = framework(portfolio)
    ind = pd.DataFrame(tables["ind"])
    prog = pd.DataFrame(tables["prog"])
    keys = pd.DataFrame(tables["keys"])
    values = pd.read_csv(next(Path(portfolio).glob("*.csv")), dtype=str, keep_default_na=False)
    values = values[(values[list(DIMS)] == "").all(axis=1)]
    values = values.merge(ind, left_on=["indicator", "programme"], right_on=["indicator", "owner"])
    values = values[(values["measure"] == "count") & values["common"].notna()]
    values["figure"] = pd.to_numeric(values["value"], errors="coerce")
    values["end"] = pd.to_datetime(values["period_end"], format="%Y-%m-%d", errors="coerce")
    values = values.dropna(subset=["figure", "end"])
    values = values[(values["series"] != "level") | (values["end"] <= pd.Timestamp(as_of))]
    values["year"] = values["end"].dt.year
    latest = values["end"] == values.groupby(["indicator", "year"])["end"].transform("max")
    values = values[(values["series"] == "per-period") | latest]
    values = values.merge(prog[["programme", "area"]], on="programme").merge(keys, on="indicator")
    figures = values.groupby(["area", "gcm", "year", "common"]).agg(
        value=("figure", "sum"), programmes=("programme", "nunique")
    )
    figures.reset_index().rename(columns={"area": "thematic-area"}).to_csv(out, index=False)


if __name__ == "__main__":
    rollup(*sys.argv[1:])

"""The rollup's level 1 runs once per value and is then spread over the keys a link alone decides: every
row's rule and bound are those of the plain formulation, where every key takes part in every partition."""

import numpy as np
import pandas as pd
import pytest
from synthetic import synthetic_portfolio

from mptf.engine.dates import reference_date
from mptf.engine.rollup import sqlengine
from mptf.engine.rollup.classify_sql import classify_sql
from mptf.engine.rollup.core import DIMENSIONS, group_links, indicator_links
from mptf.engine.rollup.sqlengine import _with_ids

GROUPINGS = [
    ["thematic-area"],
    ["gcm", "sdg", "year"],
    ["thematic-area", "gcm", "agency", "year"],
    ["country"],
    ["country", "gcm"],
    ["year"],
    [],
]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    return synthetic_portfolio(tmp_path_factory.mktemp("spread"))


@pytest.mark.parametrize("by", GROUPINGS, ids=lambda by: "+".join(by) or "fund")
def test_spread_level_one_gives_every_row_the_plain_rule(portfolio, by):
    p, common_path = portfolio
    keys = [DIMENSIONS[d] for d in by]
    links, _ = indicator_links(p, common_path)
    values = p.verdict.values.assign(vid=lambda f: np.arange(len(f)))
    as_of = reference_date(p)
    grouped = _with_ids(group_links(links, keys), as_of)
    country = "k_country" in keys
    out = []
    for spread in (True, False):
        sql = classify_sql(keys, country, True, as_of, spread_keys=spread)
        rows = sqlengine.run(sql, v=values, l=grouped)
        out.append(rows.sort_values(["vid", *keys], kind="stable").reset_index(drop=True)[sorted(rows.columns)])
    if "gcm" in by:  # a value sits in several groups
        assert len(out[0]) > len(values)
    assert {"part-of-total", "unique-total", "superseded", "conflict", "summed-year"} <= set(out[0]["rule"])
    pd.testing.assert_frame_equal(out[0], out[1])

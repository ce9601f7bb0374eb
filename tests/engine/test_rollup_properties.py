"""Rollup invariants over random portfolios: every figure is the sum of its traced parts, row order and file
splits change nothing, and rolled-up percentages stay within 0–100."""

import dataclasses
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.core import rollup

SETTINGS = settings(max_examples=30, deadline=None)
DIMS = st.lists(st.sampled_from(["thematic-area", "country", "gcm", "year"]), min_size=1, max_size=2, unique=True)


@st.composite
def portfolios(draw):
    """Programmes with count and percentage indicators, and a values table with repeats, parts and bounds."""
    docs, rows = [], []
    for p in range(draw(st.integers(1, 4))):
        pid = f"p{p}"
        inds = []
        for i in range(draw(st.integers(1, 3))):
            iid = f"{pid}.i{i}"
            pct = draw(st.booleans())
            inds.append(
                {
                    "id": iid,
                    "name": iid,
                    "measure": "percentage" if pct else "count",
                    "unit": "percent" if pct else "people",
                    "common": "survivor-support-rate"
                    if pct
                    else draw(st.sampled_from(["people-reached", "people-trained"])),
                    "cumulative": draw(st.booleans()),
                    "disaggregation": ["sex", "country"],
                }
            )
            for _ in range(draw(st.integers(0, 4))):
                year = draw(st.integers(2021, 2024))
                number = draw(st.integers(0, 100)) if pct else draw(st.integers(0, 10_000))
                qual = draw(st.sampled_from(["", "", "over ", "at least ", "almost ", "up to "]))
                group = draw(st.sampled_from([{}, {}, {"sex": "female"}, {"sex": "male"}, {"country": "KEN"}]))
                row = {
                    "programme": pid,
                    "indicator": iid,
                    "period_start": f"{year}-01-01",
                    "period_end": f"{year}-12-31",
                    "value": f"{qual}{number}{'%' if pct else ''}",
                    "sex": group.get("sex", ""),
                    "country": group.get("country", ""),
                }
                rows.extend([row] * draw(st.sampled_from([1, 1, 2])))
        docs.append(
            {
                "id": pid,
                "countries": draw(st.sampled_from([["KEN"], ["KEN", "SOM"], ["TJK"]])),
                "thematic_area": draw(st.integers(1, 5)),
                "gcm": draw(st.lists(st.integers(1, 23), max_size=2)),
                "results": [{"id": f"{pid}.r", "level": "outcome", "title": "t", "indicators": inds}],
            }
        )
    values = pd.DataFrame(
        rows, columns=["programme", "indicator", "period_start", "period_end", "value", "sex", "country"]
    )
    return docs, values


def write(docs, parts):
    """Load a portfolio written to a fresh directory (hypothesis runs many examples in one test)."""
    tmp_path = Path(tempfile.mkdtemp(prefix="mptf-prop-"))
    for doc in docs:
        (tmp_path / f"{doc['id']}.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    for n, part in enumerate(parts):
        part.to_csv(tmp_path / f"values{n}.csv", index=False)
    return load_portfolio(tmp_path)


def comparable(figures):
    keys = [c for c in figures.columns if c not in ("rows",)]
    return figures[keys].sort_values(list(figures.columns[:2])).reset_index(drop=True)


@SETTINGS
@given(portfolios(), DIMS)
def test_every_figure_is_the_sum_of_its_traced_parts(case, by):
    docs, values = case
    r = rollup(write(docs, [values]), by)
    c = r.contributions
    keys = [*by, "common"]
    counted = c[c["rule"].str.startswith("summed")].rename(
        columns={f"k_{d}": d for d in ("year", "gcm", "sdg", "country", "agency")} | {"k_area": "thematic-area"}
    )
    sums = counted.groupby(keys)["value"].sum()
    counts = r.figures[r.figures["measure"] == "count"].set_index(keys)["value"]
    assert sorted(sums.index) == sorted(counts.index)
    for key, value in counts.items():
        assert value == sums[key]
    fast = rollup(write(docs, [values]), by, contributions=False)  # figures without the per-row table
    pd.testing.assert_frame_equal(comparable(fast.figures), comparable(r.figures))
    pct = r.figures.loc[r.figures["measure"] == "percentage", "value"]
    assert ((pct >= 0) & (pct <= 100)).all()


@SETTINGS
@given(portfolios(), DIMS, st.randoms())
def test_row_order_and_file_splits_change_nothing(case, by, rnd):
    docs, values = case
    one = write(docs, [values])
    base = rollup(one, by)
    order = list(range(len(one.values)))
    rnd.shuffle(order)
    shuffled = dataclasses.replace(one, values=one.values.iloc[order].reset_index(drop=True))
    pd.testing.assert_frame_equal(comparable(rollup(shuffled, by).figures), comparable(base.figures))
    cut = rnd.randint(0, len(values))
    two = write(docs, [values.iloc[:cut], values.iloc[cut:]])
    pd.testing.assert_frame_equal(comparable(rollup(two, by).figures), comparable(base.figures))

"""A small synthetic portfolio that exercises every rule that counts: the distributed engine and the rollup's
split of its rules (level 1 per value, then spread over the link keys) are checked on it."""

import numpy as np
import pandas as pd
from builders import build, ind, prog

AS_OF = pd.Timestamp("2024-06-30")
QUARTERS = [f"{y}-{m}" for y in (2021, 2022, 2023) for m in ("03-31", "06-30", "09-30", "12-31")]
COMMON = {
    "indicators": [
        {"id": "reached", "name": "Reached", "measure": "count", "unit": "people", "people": True, "across": "max"},
        {"id": "trained", "name": "Trained", "measure": "count", "unit": "people", "people": True, "across": "sum"},
        {"id": "households", "name": "Households", "measure": "count", "unit": "households", "across": "sum"},
        {"id": "policies", "name": "Policies", "measure": "count", "unit": "documents", "across": "once"},
        {"id": "assisted", "name": "Assisted", "measure": "count", "unit": "people", "across": "overlap"},
        {"id": "pooled", "name": "Pooled rate", "measure": "percentage", "unit": "percent"},
        {"id": "rate", "name": "Median rate", "measure": "percentage", "unit": "percent"},
        {"id": "funds", "name": "Funds", "measure": "currency", "unit": "USD", "accepts": ["usd"]},
        {"id": "in-place", "name": "In place", "measure": "yes-no"},
        {"id": "stage", "name": "Stage", "measure": "ordinal", "scale": ["draft", "adopted"]},
        {"id": "story", "name": "Story", "measure": "qualitative"},
    ],
    "overlaps": [{"common": "assisted", "programmes": ["p0", "p1"], "value": 25, "source": "joint report"}],
}


def _at(value, end, **more):
    return {"value": value, "end": end, **more}


def synthetic_portfolio(tmp_path, n_programmes=9, seed=3):
    """Programmes in three thematic areas, linked to GCM objectives (by programme and by indicator), with one
    indicator per common indicator: every measure, cumulative, per-period, level and year-to-date series,
    parts of totals, unique totals, and planted errors (words, negative counts, percentages over 100,
    duplicates, conflicting sources)."""
    rng = np.random.default_rng(seed)
    docs = []
    for k in range(n_programmes):
        p = f"p{k}"
        scale = int(rng.integers(1, 9))
        reached, trained, assisted, level, ytd = [], [], [], [], []
        for q, end in enumerate(QUARTERS):
            total = 100 * scale * (q + 1)
            reached.append(_at(total, end))
            if q % 4 == 3:  # the year's parts by sex: at the total's date
                reached += [_at(total // 2, end, disaggregation={"sex": "female"})]
                reached += [_at(total - total // 2, end, disaggregation={"sex": "male"})]
            trained.append(_at(int(rng.integers(5, 60)), end, start=end[:8] + "01"))
            assisted.append(_at(int(rng.integers(10, 90)), end, start=end[:8] + "01"))
            level.append(_at(int(rng.integers(1, 40)), end))
            ytd.append(_at(20 * scale * (q % 4 + 1), end))
        if k % 3 == 0:  # planted errors
            trained[2]["value"] = "N/A"
            reached[3]["value"] = -5
            trained.append(dict(trained[5]))  # the same row again
            assisted.append({**assisted[4], "value": assisted[4]["value"] + 7, "source": "another report"})
        n, d = int(rng.integers(10, 50)), 60
        indicators = [
            ind(f"{p}.reached", "reached", reached, disaggregation=["sex"], unique=k % 2 == 0, gcm=[10]),
            ind(f"{p}.reached2", "reached", [_at(50 * scale, "2023-12-31")]),
            ind(f"{p}.trained", "trained", trained, cumulative=False),
            ind(f"{p}.hh", "households", level, unit="households", series="level"),
            ind(f"{p}.ytd", "trained", ytd, series="year-to-date"),
            ind(f"{p}.policies", "policies", [_at(int(rng.integers(1, 5)), "2023-12-31")], unit="documents"),
            ind(f"{p}.assisted", "assisted", assisted, cumulative=False),
            ind(
                f"{p}.pooled",
                "pooled",
                [_at(f"{100 * n / d:.4g}%", "2023-12-31", numerator=n, denominator=d)],
                measure="percentage",
                unit="percent",
            ),
            ind(
                f"{p}.rate",
                "rate",
                [_at("150%" if k == 4 else f"{int(rng.integers(20, 95))}%", "2023-12-31")],
                measure="percentage",
                unit="percent",
            ),
            ind(f"{p}.funds", "funds", [_at(f"{scale * 1234.56:.2f}", "2023-12-31")], measure="currency", unit="USD"),
            ind(f"{p}.yes", "in-place", [_at("yes" if k % 2 else "no", "2023-12-31")], measure="yes-no", unit=None),
            ind(
                f"{p}.stage",
                "stage",
                [_at(["draft", "adopted"][k % 2], "2023-12-31")],
                measure="ordinal",
                unit=None,
                scale=["draft", "adopted"],
            ),
            ind(f"{p}.story", "story", [_at(f"story {k % 4}", "2023-12-31")], measure="qualitative", unit=None),
        ]
        countries = ("TJK",) if k % 2 else ("KEN", "SOM")
        docs.append(
            prog(
                p, indicators, area=k % 3 + 1, countries=countries, gcm=[7] if k % 2 == 0 else None, start="2021-01-01"
            )
        )
    portfolio, common_path = build(tmp_path, *docs, common=COMMON)
    portfolio.as_of = AS_OF
    return portfolio, common_path

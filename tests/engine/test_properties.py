"""Property tests: any valid programme written as YAML loads back to exactly what was written, checks clean,
and the order of its items changes nothing."""

import random

import pandas as pd
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mptf.engine.reading.load import load_portfolio
from mptf.engine.rules.checks import check_portfolio

QUALIFIERS = {"": "=", "over ": ">", "at least ": "≥", "almost ": "≈", "up to ": "≤"}


@st.composite
def programmes(draw):
    """A programme with nested results of random depth, indicators on any level, and qualified values."""
    counter = iter(range(10_000))
    expected = {"results": {}, "indicators": {}, "values": []}

    def result(parent, depth, prefix):
        rid = f"{prefix}.r{next(counter)}"
        level = draw(st.sampled_from(["outcome", "output"])) if depth else "outcome"
        if parent and expected["results"][parent][0] == "output":
            level = "output"
        expected["results"][rid] = (level, parent)
        item = {
            "id": rid,
            "level": level,
            "title": f"Result {rid}",
            "gcm": [draw(st.sampled_from([5, 6, 18, 19, 20, 22, 23]))],
        }
        inds = []
        for _ in range(draw(st.integers(0, 2))):
            iid = f"{rid}.i{next(counter)}"
            expected["indicators"][iid] = rid
            values = []
            for year in draw(st.lists(st.integers(2019, 2025), max_size=3, unique=True)):
                number = draw(st.integers(0, 5_000_000))
                qual = draw(st.sampled_from(sorted(QUALIFIERS)))
                values.append({"value": f"{qual}{number:,}", "end": f"{year}-12-31"})
                expected["values"].append((iid, f"{year}-12-31", float(number), QUALIFIERS[qual]))
            inds.append({"id": iid, "name": f"Indicator {iid}", "measure": "count", "unit": "people", "values": values})
        if inds:
            item["indicators"] = inds
        if depth < 3:
            children = [result(rid, depth + 1, rid) for _ in range(draw(st.integers(0, 2)))]
            if children:
                item["results"] = children
        return item

    doc = {
        "id": "prop",
        "countries": ["PHL"],
        "thematic_area": 4,
        "status": "funded",
        "budget": f"{draw(st.integers(1, 10**9)):,}.{draw(st.integers(0, 99)):02d}",
        "results": [result(None, 0, "prop") for _ in range(draw(st.integers(1, 3)))],
    }
    doc["results"][0].setdefault("indicators", []).append(
        {"id": "prop.anchor", "name": "Anchor", "measure": "count", "unit": "people"}
    )
    expected["indicators"]["prop.anchor"] = doc["results"][0]["id"]
    return doc, expected


def load(tmp_path, doc, name="p.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_portfolio(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programmes())
def test_yaml_loads_back_what_was_written(tmp_path, case):
    doc, expected = case
    p = load(tmp_path, doc)
    assert p.results.set_index("result")[["level", "parent"]].apply(tuple, axis=1).to_dict() == expected["results"]
    assert p.indicators.set_index("indicator")["result"].to_dict() == expected["indicators"]
    got = sorted(
        zip(
            p.values["indicator"],
            p.values["period_end"].dt.strftime("%Y-%m-%d"),
            p.values["value"],
            p.values["bound"],
            strict=True,
        )
    )
    assert got == sorted(expected["values"])
    cents = int(doc["budget"].replace(",", "").replace(".", ""))
    assert p.programmes.iloc[0]["budget_cents"] == cents
    # the file's structure is sound: every finding check makes beyond the verdict on the random values is info
    checked = check_portfolio(p)
    on_values = checked.merge(p.verdict.findings, how="left", indicator=True)["_merge"] == "both"
    serious = checked[~on_values.to_numpy()].query("severity in ['fatal', 'error', 'warning']")
    assert serious.empty, serious.to_string()
    assert on_values.sum() == len(p.verdict.findings)  # and check gives the verdict's findings, each once


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programmes(), st.randoms())
def test_item_order_changes_nothing(tmp_path, case, rnd: random.Random):
    doc, _ = case

    def shuffled(items):
        items = [dict(i) for i in items]
        rnd.shuffle(items)
        for item in items:
            if "results" in item:
                item["results"] = shuffled(item["results"])
            if "indicators" in item:
                item["indicators"] = [
                    dict(x, values=rnd.sample(x.get("values", []), len(x.get("values", []))))
                    for x in rnd.sample(item["indicators"], len(item["indicators"]))
                ]
        return items

    a = load(tmp_path, doc, "a.yaml")
    b = load(tmp_path, dict(doc, results=shuffled(doc["results"])), "b.yaml")
    for name, key in (
        ("results", ["result"]),
        ("indicators", ["indicator"]),
        ("values", ["indicator", "period_end", "value"]),
    ):
        left = getattr(a, name).drop(columns=["file", "line"]).sort_values(key).reset_index(drop=True)
        right = getattr(b, name).drop(columns=["file", "line"]).sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right)
    # where a value has no source, a message cites it by its line, which moves with the item
    fa = check_portfolio(a).drop(columns=["file", "line"]).replace(r"\bline \d+", "line N", regex=True)
    fb = check_portfolio(b).drop(columns=["file", "line"]).replace(r"\bline \d+", "line N", regex=True)
    assert sorted(map(tuple, fa.values.tolist())) == sorted(map(tuple, fb.values.tolist()))

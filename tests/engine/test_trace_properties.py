"""Trace invariants over random portfolios: every figure of every rollup is recomputed from its traced parts,
counted parts add up exactly, every counted contribution is a part of exactly one figure, and orphans plus
counted values account for every reported value."""

import math
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.core import rollup
from mptf.engine.trace import orphans, trace_rollup
from mptf.engine.trace.orphans import orphan_table

SETTINGS = settings(max_examples=40, deadline=None)
DIMS = st.lists(
    st.sampled_from(["thematic-area", "gcm", "sdg", "country", "agency", "year"]), min_size=1, max_size=2, unique=True
)

COMMON = {
    "indicators": [
        {
            "id": "reached",
            "name": "Reached",
            "measure": "count",
            "unit": "people",
            "accepts": ["people"],
            "people": True,
            "across": "sum",
        },
        {
            "id": "largest",
            "name": "Largest",
            "measure": "count",
            "unit": "people",
            "accepts": ["people"],
            "people": True,
            "across": "max",
        },
        {
            "id": "programmes",
            "name": "Programmes",
            "measure": "count",
            "unit": "documents",
            "accepts": ["documents"],
            "across": "once",
        },
        {
            "id": "assisted",
            "name": "Assisted",
            "measure": "count",
            "unit": "people",
            "accepts": ["people"],
            "people": True,
            "across": "overlap",
        },
        {"id": "funds", "name": "Funds", "measure": "currency", "unit": "USD", "accepts": ["usd"]},
        {"id": "rate", "name": "Rate", "measure": "percentage", "unit": "percent", "accepts": ["percent"]},
        {"id": "in-place", "name": "In place", "measure": "yes-no"},
        {
            "id": "stage",
            "name": "Stage",
            "measure": "ordinal",
            "unit": "stage",
            "accepts": ["stage"],
            "scale": ["none", "draft", "adopted"],
        },
        {"id": "story", "name": "Story", "measure": "qualitative"},
    ],
    "overlaps": [{"common": "assisted", "programmes": ["p0", "p1"], "value": 7, "source": "joint report"}],
}
#: measure, unit and a strategy of written values, per common indicator (None: linked to none)
KINDS = {
    "reached": ("count", "people"),
    "largest": ("count", "people"),
    "programmes": ("count", "documents"),
    "assisted": ("count", "people"),
    "funds": ("currency", "USD"),
    "rate": ("percentage", "percent"),
    "in-place": ("yes-no", None),
    "stage": ("ordinal", "stage"),
    "story": ("qualitative", None),
    "mismatch": ("count", "households"),
    None: ("count", "people"),
}


@st.composite
def written(draw, measure):
    if measure == "count":
        qual = draw(st.sampled_from(["", "", "", "over ", "at least ", "almost ", "up to "]))
        return f"{qual}{draw(st.integers(0, 10_000))}"
    if measure == "currency":
        return f"{draw(st.integers(0, 10_000_000)) / 100:.2f}"
    if measure == "percentage":
        return f"{draw(st.integers(0, 100))}%"
    if measure == "yes-no":
        return draw(st.sampled_from(["yes", "no"]))
    if measure == "ordinal":
        return draw(st.sampled_from(["none", "draft", "adopted"]))
    return draw(st.sampled_from(["Visits held", "A law passed", "Forum met"]))


@st.composite
def portfolios(draw):
    docs = []
    for p in range(draw(st.integers(1, 4))):
        pid = f"p{p}"
        inds = []
        for i in range(draw(st.integers(1, 4))):
            iid = f"{pid}.i{i}"
            common = draw(st.sampled_from(list(KINDS)))
            measure, unit = KINDS[common]
            item = {
                "id": iid,
                "name": iid,
                "measure": measure,
                "cumulative": draw(st.booleans()),
                "unique": draw(st.sampled_from([False, False, False, True])),
                "disaggregation": ["sex", "country"],
            }
            if common:
                item["common"] = "reached" if common == "mismatch" else common
            if unit:
                item["unit"] = unit
            if measure == "ordinal":
                item["scale"] = ["none", "draft", "adopted"]
            if draw(st.booleans()):
                item["gcm"] = draw(st.lists(st.integers(1, 23), max_size=2, unique=True))
            values = []
            for _ in range(draw(st.integers(0, 4))):
                year = draw(st.integers(2021, 2024))
                value = {"value": draw(written(measure)), "end": f"{year}-12-31"}
                group = draw(st.sampled_from([{}, {}, {"sex": "female"}, {"sex": "male"}, {"country": "KEN"}]))
                if group:
                    value["disaggregation"] = group
                if measure == "percentage" and draw(st.booleans()):
                    den = draw(st.integers(1, 500))
                    value |= {"numerator": draw(st.integers(0, den)), "denominator": den}
                values.extend([value] * draw(st.sampled_from([1, 1, 2])))
            item["values"] = values
            inds.append(item)
        doc = {
            "id": pid,
            "countries": draw(st.sampled_from([["KEN"], ["KEN", "SOM"], ["TJK"]])),
            "organizations": draw(st.sampled_from([["IOM"], ["IOM", "ILO"], []])),
            "gcm": draw(st.lists(st.integers(1, 23), max_size=2, unique=True)),
            "sdg": draw(st.lists(st.sampled_from(["10.7", "8.8", "5.2"]), max_size=2, unique=True)),
            "results": [{"id": f"{pid}.r", "level": "outcome", "title": "t", "indicators": inds}],
        }
        area = draw(st.sampled_from([1, 2, 3, 4, 5, None]))
        if area is not None:
            doc["thematic_area"] = area
        docs.append(doc)
    return docs


def write(docs):
    """Load a portfolio written to a fresh directory (hypothesis runs many examples in one test)."""
    root = Path(tempfile.mkdtemp(prefix="mptf-trace-prop-"))
    for doc in docs:
        (root / f"{doc['id']}.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    (root / "defs").mkdir()  # a sub-folder: load_portfolio reads only the files of the folder itself
    common = root / "defs" / "common.yaml"
    common.write_text(yaml.safe_dump(COMMON), encoding="utf-8")
    return load_portfolio(root), str(common)


def counted_rule(rule):
    return rule.str.startswith(("summed", "counted")) | (rule == "listed")


@SETTINGS
@given(portfolios(), DIMS)
def test_every_figure_is_recomputed_from_its_traced_parts(docs, by):
    portfolio, common = write(docs)
    audit = trace_rollup(portfolio, by, common)
    bad = audit.figures.loc[~audit.figures["matches"], ["id", "display", "recomputed_display"]]
    assert bad.empty, bad.to_dict("records")
    parts = audit.parts
    for fig in audit.figures.itertuples():
        mine = parts[(parts["figure"] == fig.id) & parts["counted"]]
        if fig.measure == "count" and fig.across != "once":
            assert math.fsum(mine["value"]) == fig.value  # the listed parts add up to the figure, exactly
    contributions = audit.parts[audit.parts["vid"].notna() & audit.parts["counted"]]
    per_figure = contributions.groupby("figure")["vid"].apply(sorted).to_dict()
    assert set(per_figure) <= set(audit.figures["id"])
    # a value counts at most once in each figure, and the groups of a single-valued dimension partition them
    assert all(len(v) == len(set(v)) for v in per_figure.values())
    if by == ["thematic-area"] or by == ["year"]:
        assert contributions["vid"].is_unique


@SETTINGS
@given(portfolios(), st.integers(1, 6), st.integers(1, 6))
def test_orphans_and_counted_values_account_for_every_value(docs, rows, chunk):
    """Each value is an orphan or simply counted, never both; each orphan is told what its contribution says;
    and the orphans are the same whether the rollup's contributions come at once or a few rows at a time (a
    value's reasons pooled across batches), and whether written whole or a few rows at a time."""
    portfolio, common = write(docs)
    result = rollup(portfolio, ["thematic-area"], common)
    lost = orphans(portfolio, common, result=result)
    c = result.contributions
    said = set(zip(c["vid"], c["common"].fillna(""), c["measure"].fillna(""), c["rule_code"], c["rule"], strict=True))
    told = lost[lost["rule_code"] != ""]  # the rest: values of indicators not in the portfolio, in no contribution
    assert (
        set(zip(told["vid"], *(told[k].fillna("") for k in ("common", "measure", "rule_code", "rule")), strict=True))
        <= said
    )
    assert set(lost.loc[lost["rule_code"] == "", "vid"]).isdisjoint(c["vid"])
    table = orphan_table(portfolio, common, rows=rows)
    pd.testing.assert_frame_equal(table.frame, lost)
    pd.testing.assert_frame_equal(pd.concat(list(table.chunks(chunk)), ignore_index=True), lost)
    assert all(len(piece) <= chunk for piece in table.chunks(chunk))
    audit = trace_rollup(portfolio, ["thematic-area"], common)
    parts = audit.parts
    counted = parts[parts["counted"] & parts["vid"].notna() & ~parts["figure"].str.startswith("thematic-area=unknown/")]
    plain = counted[
        ~((counted["measure"] == "percentage") & (counted["numerator"].isna() | counted["denominator"].isna()))
    ]
    assert set(lost["vid"]).isdisjoint(plain["vid"])
    assert len(lost) + len(plain) == len(portfolio.values)
    assert set(lost["reaches"]) <= {
        "no figure",
        "a figure, through another row",
        "only the 'unknown' area",
        "a figure, as a median only",
    }


@settings(max_examples=25, deadline=None)
@given(portfolios(), DIMS, st.integers(1, 6))
def test_an_audit_traced_in_batches_is_the_audit_traced_at_once(docs, by, rows):
    """Contributions taken out of SQL a few rows at a time (a figure's rows split between batches) give the
    same parts, in the same order, and the same recomputed figures, each part given to the sink once."""
    portfolio, common = write(docs)
    whole = trace_rollup(portfolio, by, common)
    chunks = []
    streamed = trace_rollup(portfolio, by, common, sink=chunks.append, rows=rows)
    assert streamed.parts.empty
    pd.testing.assert_frame_equal(streamed.figures, whole.figures)
    given_parts = pd.concat(chunks, ignore_index=True) if chunks else whole.parts.iloc[0:0]
    pd.testing.assert_frame_equal(given_parts, whole.parts, check_index_type=False)
    # every chunk holds every part of its figures
    seen = [set(c["figure"]) for c in chunks]
    assert all(a.isdisjoint(b) for n, a in enumerate(seen) for b in seen[n + 1 :])

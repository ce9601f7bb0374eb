"""The YAML loader: the model it builds, and one test per kind of bad input (a located finding, never a traceback)."""

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mptf.engine.reading.load import load_portfolio
from mptf.engine.reading.yamlio import load_yaml
from mptf.engine.rules.checks import check_portfolio
from mptf.indicators.limits import Limits, TooLarge


@pytest.fixture(autouse=True)
def _minimal(minimal):
    global MINIMAL
    MINIMAL = minimal


def findings_of(path):
    return check_portfolio(load_portfolio(path))


def only(findings, code):
    rows = findings[findings["code"] == code]
    assert len(rows) == 1, findings[["code", "line", "message"]].to_string()
    return rows.iloc[0]


def test_minimal_programme_loads_into_every_table(write):
    p = load_portfolio(write(MINIMAL))
    prog = p.programmes.iloc[0]
    assert (prog["programme"], prog["countries"], prog["thematic_area"], prog["status"]) == (
        "demo",
        ("TJK",),
        2,
        "funded",
    )
    assert prog["budget_cents"] == 100_000_000 and prog["duration_months"] == 24
    assert p.results[["result", "level", "parent"]].values.tolist() == [["demo.o1", "outcome", None]]
    ind = p.indicators.iloc[0]
    assert (ind["indicator"], ind["result"], ind["measure"], ind["unit"], ind["cumulative"]) == (
        "demo.o1.trained",
        "demo.o1",
        "count",
        "people",
        True,
    )
    assert p.links[["item", "framework", "ref"]].values.tolist() == [["demo.o1", "gcm", "7"]]
    value = p.values.iloc[0]
    assert (value["value"], value["bound"], value["period_end"]) == (100.0, "=", pd.Timestamp("2023-09-30"))
    assert value["line"] == 20 and value["file"].endswith("p.yaml")
    assert check_portfolio(p).query("severity in ['fatal', 'error', 'warning']").empty


def test_nesting_depth_is_data(write):
    p = load_portfolio(
        write("""
        id: deep
        countries: [PHL]
        results:
          - id: impact
            level: impact
            title: Safer migration
            results:
              - id: long-term
                level: outcome
                title: Long-term outcome
                results:
                  - id: short-term
                    level: outcome
                    title: Short-term outcome
                    results:
                      - id: out
                        level: output
                        title: Output
                        indicators: [{id: i, name: n, measure: count, unit: people}]
    """)
    )
    assert p.results.set_index("result")["parent"].to_dict() == {
        "impact": None,
        "long-term": "impact",
        "short-term": "long-term",
        "out": "short-term",
    }
    assert p.indicators.iloc[0]["result"] == "out"


def test_qualified_values_and_targets_keep_their_bound(write):
    p = load_portfolio(
        write("""
        id: q
        countries: [ZAF]
        results:
          - id: r
            level: outcome
            title: t
            indicators:
              - id: i
                name: n
                measure: count
                unit: people
                targets: [{value: "at least 10", date: 2024-12-31}]
                values: [{value: "Over 200,000", end: 2024-01-31}, {value: "almost 1,900", end: 2023-09-30}]
    """)
    )
    assert p.targets[["value", "bound", "qualifier"]].values.tolist() == [[10.0, "≥", "at least"]]
    assert p.values[["value", "bound", "text"]].values.tolist() == [
        [200000.0, ">", "Over 200,000"],
        [1900.0, "≈", "almost 1,900"],
    ]


def test_broken_yaml_is_fatal_with_its_line(write):
    row = only(findings_of(write("id: x\ncountries: [TJK\nresults: []\n")), "yaml-syntax")
    assert row["severity"] == "fatal" and row["line"] == 3


def test_unknown_key_suggests_the_nearest(write):
    row = only(findings_of(write(MINIMAL.replace("measure: count", "mesure: count"))), "unknown-key")
    assert "did you mean 'measure'" in row["message"] and row["line"] == 17 and row["column"] == "mesure"


def test_string_where_a_number_belongs(write):
    row = only(findings_of(write(MINIMAL.replace("duration_months: 24", "duration_months: two years"))), "wrong-type")
    assert row["column"] == "duration_months" and row["line"] == 8


def test_duplicated_id(write):
    text = MINIMAL + "  - id: demo.o1\n    level: outcome\n    title: Again\n"
    row = only(findings_of(write(text)), "duplicate-id")
    assert row["item"] == "demo.o1" and row["line"] == 21


def test_gcm_objective_24(write):
    row = only(findings_of(write(MINIMAL.replace("gcm: [7]", "gcm: [24]"))), "unknown-gcm-objective")
    assert row["severity"] == "error" and row["line"] == 13 and "1 to 23" in row["message"]


def test_sdg_target_10_99(write):
    row = only(findings_of(write(MINIMAL.replace("gcm: [7]", "sdg: [10.99]"))), "unknown-sdg-target")
    assert "'10.99'" in row["message"] and row["line"] == 13


def test_sdg_target_written_as_a_yaml_float_keeps_its_text(write):
    p = load_portfolio(write(MINIMAL.replace("gcm: [7]", "sdg: [10.10, 10.7]")))
    assert p.links["ref"].tolist() == ["10.10", "10.7"]  # 10.10 would become 10.1 as a float


def test_sdg_indicator_instead_of_target_gets_a_hint(write):
    row = only(findings_of(write(MINIMAL.replace("gcm: [7]", 'sdg: ["10.7.2"]'))), "unknown-sdg-target")
    assert "link its target 10.7" in row["hint"]


def test_impossible_date(write):
    row = only(findings_of(write(MINIMAL.replace("end: 2023-09-30", "end: 2021-02-31"))), "bad-date")
    assert row["line"] == 20 and "not a real date" in row["message"]


def test_date_in_day_month_form(write):
    row = only(findings_of(write(MINIMAL.replace("end: 2023-09-30", "end: 31/02/2021"))), "bad-date")
    assert "YYYY-MM-DD" in row["hint"]


def test_repeated_yaml_key(write):
    row = only(
        findings_of(write(MINIMAL.replace("status: funded", "status: funded\nstatus: completed"))), "duplicate-key"
    )
    assert row["line"] == 7 and row["column"] == "status"


def test_ambiguous_number_in_a_value(write):
    row = only(findings_of(write(MINIMAL.replace("value: 100", 'value: "1.234"'))), "bad-number")
    assert "ambiguous" in row["message"]


def test_not_a_programme(write):
    row = only(findings_of(write("- just\n- a list\n")), "wrong-structure")
    assert row["severity"] == "fatal"


def test_missing_path_is_fatal(tmp_path):
    row = only(findings_of(tmp_path / "nope"), "file-not-found")
    assert row["severity"] == "fatal"


def test_yes_and_no_stay_words(write):
    p = load_portfolio(
        write(
            MINIMAL.replace("countries: [TJK]", "countries: [NOR]")
            .replace("measure: count\n        unit: people", "measure: yes-no")
            .replace("value: 100", "value: yes")
        )
    )
    assert p.programmes.iloc[0]["countries"] == ("NOR",)
    assert p.values[["value", "text"]].values.tolist() == [[1.0, "yes"]]


def test_unique_totals_budget_shares_and_percentage_parts(write, tmp_path):
    p = load_portfolio(
        write("""
        id: s
        countries: [PHL]
        gcm: [{objective: 6, share: 0.75}, {objective: 21, share: 0.25}]
        results:
          - id: r
            level: outcome
            title: t
            indicators:
              - {id: total, name: Unique people reached, measure: count, unit: people, unique: true}
              - id: rate
                name: Share of survivors referred
                measure: percentage
                unit: survivors
                values: [{value: "40%", numerator: 40, denominator: "100", end: 2023-12-31}]
    """)
    )
    assert p.indicators.set_index("indicator")["unique"].to_dict() == {"total": True, "rate": False}
    assert p.links["share"].tolist() == [0.75, 0.25]
    assert p.values[["value", "numerator", "denominator"]].values.tolist() == [[40.0, 40.0, 100.0]]
    from mptf.reports.workbook import write_workbook

    write_workbook(p, tmp_path / "s.xlsx")
    back = load_portfolio(tmp_path / "s.xlsx")
    assert back.links["share"].tolist() == [0.75, 0.25]
    assert back.indicators["unique"].tolist() == [True, False]
    assert back.values[["numerator", "denominator"]].values.tolist() == [[40.0, 100.0]]


def test_a_share_must_be_a_fraction(write, minimal):
    row = only(findings_of(write(minimal.replace("gcm: [7]", "gcm: [{objective: 7, share: 1.5}]"))), "wrong-type")
    assert row["column"] == "share"


def _composed(text: str) -> tuple[int, int]:
    """The nodes of ``text`` (no aliases) and its longest scalar, as PyYAML composes them."""
    stack, nodes, longest = [yaml.compose(text)], 0, 0
    while stack:
        node = stack.pop()
        if node is None:
            continue
        nodes += 1
        if isinstance(node, yaml.ScalarNode):
            longest = max(longest, len(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        else:
            stack.extend(part for pair in node.value for part in pair)
    return nodes, longest


_TERSE = ["-", "- - - -", "-\n-\n-\n", "[[[[]]]]", "[a,b,c]", "{a: , b: , c: }", "? a\n? b\n",
          "{a: {b: {c: }}}", "{? : }", "- ? \n  :\n", "'a''b'", '"\\x41\\U0001F600"', "|+\n  a\n\n\n",
          ">\n  a\n  b\n", "[{}, [], {}]"]  # fmt: skip
_TREES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=25,
)


@pytest.mark.parametrize("text", _TERSE)
def test_terse_yaml_has_at_most_two_nodes_a_character(text):
    nodes, longest = _composed(text)
    assert nodes <= 2 * len(text) + 1 and longest <= len(text)


@settings(max_examples=200, deadline=None)
@given(_TREES, st.sampled_from([{"default_flow_style": True}, {"default_flow_style": False}, {"width": 2}]))
def test_yaml_without_aliases_is_bounded_by_its_text(tree, style):
    """What lets the loader skip its node walk (``_bounded_by_text``): with no alias, the nodes are at most
    two a character and no scalar is longer than the text."""
    text = yaml.safe_dump(tree, **style)
    nodes, longest = _composed(text)
    assert nodes <= 2 * len(text) + 1 and longest <= len(text)


def test_the_node_walk_still_runs_where_the_text_does_not_bound(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb + "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n", encoding="utf-8")
    with pytest.raises(TooLarge):
        load_yaml(path, Limits(yaml_nodes=1_000))
    path.write_text("a: [" + ", ".join(["x"] * 600) + "]\n", encoding="utf-8")
    with pytest.raises(TooLarge):
        load_yaml(path, Limits(yaml_nodes=500))
    path.write_text("a: " + "y" * 60 + "\n", encoding="utf-8")
    with pytest.raises(TooLarge):
        load_yaml(path, Limits(cell_chars=50))
    assert load_yaml(path, Limits(cell_chars=60)) == {"a": "y" * 60}

"""``mptf validate``'s rules: a failing and a passing example of each, small enough to check by eye; the reader's
schema checks; the embedded portfolio's exact findings; and tables written from IATI's own test files."""

import textwrap
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from mptf.engine.findings import exit_code
from mptf.engine.reading.report import read_report
from mptf.engine.rules.validate import validate

FRAMEWORK = """
id: demo
countries: [TJK]
thematic_area: 2
status: funded
start: 2022-01-01
end: 2024-12-31
results:
  - id: demo.o1
    level: outcome
    title: An outcome
    gcm: [7]
    indicators:
      - id: demo.trained
        name: People trained
        measure: count
        unit: people
        disaggregation: [sex, age]
        targets: [{value: 1000, date: 2023-12-31}]
      - {id: demo.events, name: Events held, measure: count, unit: events, cumulative: false}
      - {id: demo.share, name: Share satisfied, measure: percentage, unit: percent}
      - {id: demo.spent, name: Money spent, measure: currency, unit: USD}
      - {id: demo.stage, name: Policy stage, measure: ordinal, unit: stage, scale: [none, draft, adopted]}
      - {id: demo.story, name: Change observed, measure: qualitative}
      - {id: demo.law, name: Law passed, measure: yes-no}
"""
OTHER = """
id: other
countries: [PHL]
thematic_area: 4
status: funded
results:
  - id: other.o1
    level: outcome
    title: Another outcome
    gcm: [7]
    indicators:
      - {id: other.reached, name: People reached, measure: count, unit: people}
"""
HEADER = "programme,indicator,period_start,period_end,value,sex,age,note"


@pytest.fixture
def run(tmp_path):
    """run(rows, header=HEADER, framework=FRAMEWORK) -> findings of validating those CSV rows."""

    def _run(rows: str, header: str = HEADER, framework: str = FRAMEWORK, name: str = "report.csv"):
        portfolio = tmp_path / "portfolio"
        portfolio.mkdir(exist_ok=True)
        (portfolio / "demo.yaml").write_text(textwrap.dedent(framework), encoding="utf-8")
        (portfolio / "other.yaml").write_text(textwrap.dedent(OTHER), encoding="utf-8")
        report = tmp_path / name
        report.write_text(header + "\n" + textwrap.dedent(rows).strip() + "\n", encoding="utf-8")
        return validate(report, portfolio).findings

    return _run


def found(findings):
    """(code, line, column) of every finding, in the table's order."""
    return [(f.code, None if pd.isna(f.line) else int(f.line), f.column) for f in findings.itertuples()]


Y22 = "2022-01-01,2022-12-31"
Y23 = "2023-01-01,2023-12-31"  # demo.trained has a target dated 2023-12-31: reporting 2023 makes it due
H1, H2 = "2022-01-01,2022-06-30", "2022-07-01,2022-12-31"

# code: (failing rows, the finding (line, column), passing rows) -- each pair differs in the one thing the rule is about
CASES = {
    "unknown-programme": (f"nope,demo.events,{Y22},5,,,", (2, "programme"), f"demo,demo.events,{Y22},5,,,"),
    "unknown-indicator": (f"demo,demo.event,{Y22},5,,,", (2, "indicator"), f"demo,demo.events,{Y22},5,,,"),
    "end-before-start": (
        "demo,demo.events,2023-01-01,2022-12-31,5,,,",
        (2, "period_end"),
        "demo,demo.events,2022-01-01,2022-12-31,5,,,",
    ),
    "period-outside-programme": (
        f"demo,demo.events,{Y22.replace('2022', '2025')},5,,,",
        (2, "period_end"),
        f"demo,demo.events,{Y22},5,,,",
    ),  # fmt: skip
    "duplicate-period": (
        f"demo,demo.events,{Y22},5,,,\ndemo,demo.events,{Y22},5,,,",
        (3, "period_end"),
        f"demo,demo.events,{H1},5,,,\ndemo,demo.events,{H2},6,,,",
    ),
    "overlapping-periods": (
        f"demo,demo.events,{Y22},5,,,\ndemo,demo.events,2022-07-01,2023-06-30,6,,,",
        (3, "period_start"),
        f"demo,demo.events,{Y22},5,,,\ndemo,demo.events,2023-01-01,2023-06-30,6,,,",
    ),
    "percentage-out-of-range": (f"demo,demo.share,{Y22},150,,,", (2, "value"), f"demo,demo.share,{Y22},100,,,"),
    "fraction-or-percent": (f"demo,demo.share,{Y22},0.45,,,", (2, "value"), f"demo,demo.share,{Y22},0.45%,,,"),
    "unexpected-percent": (f"demo,demo.events,{Y22},45%,,,", (2, "value"), f"demo,demo.share,{Y22},45%,,,"),
    "negative-count": (f"demo,demo.events,{Y22},-5,,,", (2, "value"), f"demo,demo.events,{Y22},0,,,"),
    "non-integer-count": (f"demo,demo.trained,{Y22},12.5,,,", (2, "value"), f"demo,demo.spent,{Y22},12.5,,,"),
    "ordinal-outside-scale": (f"demo,demo.stage,{Y22},drafted,,,", (2, "value"), f"demo,demo.stage,{Y22},Draft,,,"),
    "number-on-qualitative": (
        f"demo,demo.story,{Y22},42,,,",
        (2, "value"),
        f"demo,demo.story,{Y22},42 communities adopted the plan,,,",
    ),
    "text-on-numeric": (f"demo,demo.events,{Y22},N/A,,,", (2, "value"), f"demo,demo.events,{Y22}, 12 ,,,"),
    "bad-number": (f"demo,demo.events,{Y22},1.234,,,", (2, "value"), f'demo,demo.events,{Y22},"1,234",,,'),
    "inexact-value": (f"demo,demo.events,{Y22},approx. 2000,,,", (2, "value"), f"demo,demo.events,{Y22},2000,,,"),
    "wrong-type": (f"demo,demo.law,{Y22},maybe,,,", (2, "value"), f"demo,demo.law,{Y22},Yes,,,"),
    "missing-value": (
        f"demo,demo.events,{Y22},,,,measured next year",
        (2, "value"),
        f"demo,demo.story,{Y22},,,,described in the narrative report",
    ),  # fmt: skip
    "unknown-value": (f"demo,demo.trained,{Y22},5,F,,", (2, "sex"), f"demo,demo.trained,{Y22},5,female,,"),
    "undeclared-dimension": (f"demo,demo.events,{Y22},5,female,,", (2, "sex"), f"demo,demo.trained,{Y22},5,female,,"),
    "parts-exceed-total": (
        f"demo,demo.trained,{Y22},100,,,\ndemo,demo.trained,{Y22},60,female,,\ndemo,demo.trained,{Y22},50,male,,",
        (2, "value"),
        f"demo,demo.trained,{Y22},100,,,\ndemo,demo.trained,{Y22},60,female,,\ndemo,demo.trained,{Y22},30,male,,",
    ),
    "parts-differ-from-total": (
        f"demo,demo.trained,{Y22},100,,,\ndemo,demo.trained,{Y22},60,female,,\ndemo,demo.trained,{Y22},30,male,,\n"
        f"demo,demo.trained,{Y22},0,other,,\ndemo,demo.trained,{Y22},0,unknown,,",
        (2, "value"),
        f"demo,demo.trained,{Y22},100,,,\ndemo,demo.trained,{Y22},60,female,,\ndemo,demo.trained,{Y22},30,male,,\n"
        f"demo,demo.trained,{Y22},0,other,,\ndemo,demo.trained,{Y22},10,unknown,,",
    ),
    "cumulative-decrease": (
        f"demo,demo.trained,{Y22},100,,,\ndemo,demo.trained,2022-01-01,2023-12-31,80,,,",  # since the start
        (3, "value"),
        f"demo,demo.events,{H1},100,,,\ndemo,demo.events,{H2},80,,,",  # not cumulative: each period on its own
    ),
    "far-above-target": (f"demo,demo.trained,{Y22},20000,,,", (2, "value"), f"demo,demo.trained,{Y22},5000,,,"),
    "value-due": (f"demo,demo.events,{Y22},,,,", (2, "value"), f"demo,demo.events,{Y22},0,,,"),
    "conflicting-values": (
        f"demo,demo.events,{Y22},5,,,,a.pdf,p. 3\ndemo,demo.events,{Y22},6,,,,b.pdf,p. 7",
        (3, "value"),
        f"demo,demo.events,{Y22},5,,,,a.pdf,p. 3\ndemo,demo.events,{Y22},5,,,,b.pdf,p. 7",
    ),
    # numerators and denominators (RATIO header): value, numerator, denominator
    "ratio-mismatch": (f"demo,demo.share,{Y22},35,1,3", (2, "value"), f"demo,demo.share,{Y22},33,1,3"),
    "numerator-exceeds-denominator": (
        f"demo,demo.share,{Y22},40,120,45",
        (2, "numerator"),
        f"demo,demo.share,{Y22},40,18,45",
    ),
    "denominator-not-positive": (f"demo,demo.share,{Y22},40,4,0", (2, "denominator"), f"demo,demo.share,{Y22},40,4,10"),
    "negative-numerator": (f"demo,demo.share,{Y22},0,-4,10", (2, "numerator"), f"demo,demo.share,{Y22},0,0,10"),
    "incomplete-ratio": (f"demo,demo.share,{Y22},40,4,", (2, "denominator"), f"demo,demo.share,{Y22},40,4,10"),
    "unexpected-ratio": (f"demo,demo.events,{Y22},5,5,10", (2, "numerator"), f"demo,demo.share,{Y22},50,5,10"),
}
RATIO = "programme,indicator,period_start,period_end,value,numerator,denominator"
HEADERS = {
    "conflicting-values": HEADER + ",source,quote",
    **dict.fromkeys(
        [
            "ratio-mismatch",
            "numerator-exceeds-denominator",
            "denominator-not-positive",
            "negative-numerator",
            "incomplete-ratio",
            "unexpected-ratio",
        ],
        RATIO,
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_fails_its_example_and_passes_the_corrected_one(run, code):
    bad, where, good = CASES[code]
    header = HEADERS.get(code, HEADER)
    assert found(run(bad, header)) == [(code, *where)]
    assert run(good, header).empty, run(good, header).to_string()


def test_severities_follow_the_catalogue_except_fractions_of_things(run):
    assert set(run(f"demo,demo.events,{Y22},N/A,,,")["severity"]) == {"error"}
    assert set(run(f"demo,demo.share,{Y22},0.45,,,")["severity"]) == {"warning"}
    # a fraction of a person is an error; a fraction of an event only a warning
    people = run(f"demo,demo.trained,{Y22},12.5,,,")
    events = run(f"demo,demo.events,{Y22},2.5,,,")
    assert found(people) == found(events) == [("non-integer-count", 2, "value")]
    assert people["severity"].tolist() == ["error"] and events["severity"].tolist() == ["warning"]


def test_one_source_giving_two_figures_for_one_period_rules_out_both_rows(run):
    findings = run(f"demo,demo.events,{Y22},5,,,\ndemo,demo.events,{Y22},6,,,")
    assert found(findings) == [("duplicate-period", 2, "period_end"), ("duplicate-period", 3, "period_end")]
    assert findings["message"].str.endswith(("(line 3, which gives '6')", "(line 2, which gives '5')")).all()


def test_wrong_programme_names_the_owner(run):
    findings = run(f"other,demo.events,{Y22},5,,,")
    assert found(findings) == [("unknown-indicator", 2, "programme")]
    assert "belongs to programme 'demo', not 'other'" in findings.loc[0, "message"]


def test_a_cumulative_decrease_names_both_values_and_where_they_come_from(run):
    findings = run(f"demo,demo.trained,{Y22},100,,,\ndemo,demo.trained,{Y23},80,,,")
    message = findings.loc[0, "message"]
    assert "100 (2022-12-31, line 2) then 80 (2023-12-31, line 3)" in message


def test_the_due_rule_also_reads_targets(run):
    # the target of demo.trained is dated 2023-12-31, inside the report's period 2023, which has no value for it
    findings = run(f"demo,demo.events,{Y23},4,,,")
    assert found(findings) == [("value-due", None, "value")]
    assert "target dated 2023-12-31" in findings.loc[0, "message"] and findings.loc[0, "item"] == "demo.trained"
    assert run(f"demo,demo.events,{Y23},4,,,\ndemo,demo.trained,{Y23},900,,,").empty


def test_cross_parts_with_empty_parents_are_bounded_by_the_total(run):
    # female x child and male x child, with no female, male or child row: together they are all children, so
    # they cannot be more than the 100 people of the total (but need not add up to it)
    crosses = (
        f"demo,demo.trained,{Y22},100,,,\ndemo,demo.trained,{Y22},80,female,child,\n"
        f"demo,demo.trained,{Y22},{{}},male,child,"
    )
    findings = run(crosses.format(80))
    assert found(findings) == [("parts-exceed-total", 2, "value")]
    message = findings.loc[0, "message"]
    assert "its parts of [age=child] (which has no value) by 'sex' add up to 160 (80 + 80; lines 3, 4)" in message
    assert message.endswith("more than the total 100")
    assert run(crosses.format(20)).empty
    # with the child row given, the crosses are held to it, not to the total
    with_child = crosses.format(20) + f"\ndemo,demo.trained,{Y22},90,,child,"
    assert found(run(with_child)) == [("parts-exceed-total", 5, "value")]


def test_youth_overlaps_child_and_adult_so_it_is_not_summed(run):
    rows = (
        f"demo,demo.trained,{Y22},100,,,\ndemo,demo.trained,{Y22},40,,child,\n"
        f"demo,demo.trained,{Y22},60,,adult,\ndemo,demo.trained,{Y22},30,,youth,"
    )
    assert run(rows).empty


def test_qualified_figures_are_compared_as_intervals(run):
    # "over 60" as a total allows parts of 66; "approx. 100" allows 105 parts (within 10%)
    assert run(f"demo,demo.trained,{Y22},over 60,,,\ndemo,demo.trained,{Y22},66,female,,")["code"].tolist() == [
        "inexact-value"
    ]
    assert run(f"demo,demo.trained,{Y22},approx. 100,,,\ndemo,demo.trained,{Y22},105,female,,")["code"].tolist() == [
        "inexact-value"
    ]


def test_one_bad_cell_makes_one_finding(run):
    # the negative part is reported, and left out of the sum (so the parts do not "differ" from the total),
    # and the text total is reported, and left out of the cumulative series
    rows = (
        f"demo,demo.trained,{Y22},100,,,\ndemo,demo.trained,{Y22},-60,female,,\n"
        f"demo,demo.trained,{Y22},30,male,,\ndemo,demo.trained,{Y22},0,other,,\n"
        f"demo,demo.trained,{Y22},10,unknown,,\ndemo,demo.trained,{Y23},lots,,,\n"
        f"demo,demo.trained,2024-01-01,2024-12-31,150,,,"
    )
    assert found(run(rows)) == [("negative-count", 3, "value"), ("text-on-numeric", 7, "value")]


# -- numerators and denominators ----------------------------------------------------------------------------
def test_a_percentage_may_be_rounded_to_the_decimals_it_is_written_with(run):
    # 100 × 1 / 3 = 33.33...: each figure may be off by half a unit of its last written decimal
    figures = ["33", "33.3", "33.33%", "33.3333", "35", "33.4", "33.30"]  # lines 2-5 pass, 6-8 do not
    rows = "\n".join(f"demo,demo.share,2022-{m + 1:02d}-01,2022-{m + 1:02d}-28,{t},1,3" for m, t in enumerate(figures))
    assert found(run(rows, RATIO)) == [("ratio-mismatch", line, "value") for line in (6, 7, 8)]
    # a half is within rounding both ways (1 / 8 = 12.5%, written 12 or 13); 1 / 400 = 0.25% may be written 0
    assert run(f"demo,demo.share,{H1},12,1,8\ndemo,demo.share,{H2},13,1,8", RATIO).empty
    assert run(f"demo,demo.share,{Y22},0,1,400", RATIO).empty


def test_a_qualified_percentage_is_checked_as_its_interval(run):
    # 100 × 1 / 3 = 33.33: "over 30" and "under 34" hold, "over 40" does not; "about 40" (36 to 44) holds for 37.5
    rows = (
        "demo,demo.share,2022-01-01,2022-03-31,over 30,1,3\ndemo,demo.share,2022-04-01,2022-06-30,under 34,1,3\n"
        "demo,demo.share,2022-07-01,2022-09-30,over 40,1,3\ndemo,demo.share,2022-10-01,2022-12-31,about 40,45,120"
    )
    findings = run(rows, RATIO)
    assert sorted(found(findings)) == [
        ("inexact-value", 2, "value"),
        ("inexact-value", 3, "value"),
        ("inexact-value", 4, "value"),
        ("inexact-value", 5, "value"),
        ("ratio-mismatch", 4, "value"),
    ]


def test_a_ratio_mismatch_says_which_number_to_fix_and_the_computed_percentage(run):
    findings = run(f"demo,demo.share,{Y22},35,1,3", RATIO)
    assert findings.loc[0, "message"] == "'35' for 'demo.share' does not match its counts: 100 × 1 / 3 = 33.33%"
    assert findings.loc[0, "hint"].startswith("write 33 (100 × 1 / 3), the percentage the rollup recomputes")
    assert findings.loc[0, "hint"].endswith("if 35 is right, correct the numerator or the denominator")
    assert findings.loc[0, "severity"] == "error"
    assert run(f"demo,demo.share,{Y22},33.4,1,3", RATIO).loc[0, "hint"].startswith("write 33.3 (")
    # 100 × 45 / 100 = 45, not 40; a numerator of 40 would give 40
    assert run(f"demo,demo.share,{Y22},40,45,100", RATIO).loc[0, "hint"].endswith("correct the numerator to 40")
    # 45 / 100 written as the fraction: both the fraction rule and the ratio rule say so
    fraction = run(f"demo,demo.share,{Y22},0.45,45,100", RATIO)
    assert found(fraction) == [("ratio-mismatch", 2, "value"), ("fraction-or-percent", 2, "value")]
    assert fraction.loc[0, "hint"] == "0.45 is the fraction 45 / 100 itself: write the percentage, 45"
    # the counts settle that 0.45% is under 1%, written with or without its percent sign
    assert run(f"demo,demo.share,{Y22},0.45%,45,10000", RATIO).empty
    assert run(f"demo,demo.share,{Y22},0.45,45,10000", RATIO).empty


def test_impossible_counts_are_reported_for_themselves_alone(run):
    rows = (
        "demo,demo.share,2022-01-01,2022-03-31,37.5,120,45\n"  # swapped: 45 / 120 = 37.5
        "demo,demo.share,2022-04-01,2022-06-30,50,-4,0\n"  # two bad counts: two findings, no ratio
        "demo,demo.share,2022-07-01,2022-09-30,150,45,120\n"  # a bad value: no ratio either
        "demo,demo.share,2022-10-01,2022-12-31,,4,"  # a count and no figure: refused, never dropped
    )
    findings = run(rows, RATIO)
    assert found(findings) == [
        ("numerator-exceeds-denominator", 2, "numerator"),
        ("denominator-not-positive", 3, "denominator"),
        ("negative-numerator", 3, "numerator"),
        ("percentage-out-of-range", 4, "value"),
        ("missing-value", 5, "value"),
        ("incomplete-ratio", 5, "denominator"),
    ]
    assert findings.loc[0, "message"].endswith("is greater than its denominator (45): 266.67%")
    assert findings.loc[0, "hint"] == "the two look swapped: numerator 45 and denominator 120 give 37.5"


def test_counts_come_in_pairs_and_only_on_percentages(run):
    rows = (
        f"demo,demo.share,{H1},40,,10\ndemo,demo.events,{Y22},5,,10\n"
        f"demo,demo.stage,{Y22},draft,1,3\ndemo,demo.law,{Y22},yes,1,"
    )
    findings = run(rows, RATIO)
    assert found(findings) == [
        ("incomplete-ratio", 2, "numerator"),
        ("unexpected-ratio", 3, "denominator"),
        ("unexpected-ratio", 4, "numerator"),
        ("unexpected-ratio", 5, "numerator"),
    ]
    assert set(findings["severity"]) == {"warning"}
    assert findings.loc[0, "message"] == "'demo.share' has a denominator (10) but no numerator"
    assert findings.loc[2, "message"] == (
        "'demo.stage' is an ordinal indicator: a numerator and denominator (1 / 3) mean nothing there"
    )


def test_the_portfolio_own_counts_are_checked_where_they_are_written(tmp_path):
    framework = FRAMEWORK.replace(
        "{id: demo.share, name: Share satisfied, measure: percentage, unit: percent}",
        "{id: demo.share, name: Share satisfied, measure: percentage, unit: percent, values: [\n"
        "          {value: 33.3, numerator: 1, denominator: 3, end: 2022-12-31},\n"
        "          {value: 35, numerator: 1, denominator: 3, end: 2023-12-31}]}",
    ).replace(
        "{id: demo.events, name: Events held, measure: count, unit: events, cumulative: false}",
        "{id: demo.events, name: Events held, measure: count, unit: events, cumulative: false, values: [\n"
        "          {value: 5, denominator: 10, end: 2022-12-31}]}",
    )
    path = tmp_path / "demo.yaml"
    path.write_text(textwrap.dedent(framework), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = {text: next(n for n, t in enumerate(lines, 1) if text in t) for text in ("value: 35", "denominator: 10")}
    findings = validate(portfolio=path).findings
    where = findings[["code", "file", "line", "column", "programme", "item"]].astype(object)
    assert [tuple(f) for f in where.itertuples(index=False)] == [
        ("ratio-mismatch", str(path), line["value: 35"], "value", "demo", "demo.share"),
        ("unexpected-ratio", str(path), line["denominator: 10"], "denominator", "demo", "demo.events"),
    ]


# -- reading -------------------------------------------------------------------------------------------------
def test_values_are_read_as_officers_type_them(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + '\np,i,,2023-09-30," 1,234 ",,,\np,i,,2023-09-30,45%,,,\np,i,,2023-09-30, 12 ,,,\n')
    values = read_report(path).values
    assert values["value"].tolist() == [1234.0, 45.0, 12.0]
    assert values["percent"].tolist() == [False, True, False]


def test_schema_findings_are_located(run):
    rows = f"demo,,{Y22},5,,,\ndemo,demo.events,2022-01-01,,5,,,\ndemo,demo.events,2022-02-30,2022-12-31,5,,,"
    assert found(run(rows)) == [
        ("missing-field", 2, "indicator"),
        ("missing-field", 3, "period_end"),
        ("bad-date", 4, "period_start"),
    ]


def test_a_missing_column_is_fatal(run):
    findings = run("demo,demo.events,2022-12-31", header="programme,indicator,period_end")
    assert found(findings) == [("missing-column", 1, "value")] and exit_code(findings) == 2


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("r.txt", b"anything", "unreadable-file"),
        ("r.csv", b"programme,value\n\xff\xfe,1\n", "unreadable-file"),
        ("r.xlsx", b"not a zip", "unreadable-file"),
        ("r.csv", b"", "unreadable-file"),
    ],
)
def test_unusable_reports_are_fatal_findings(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    result = validate(path, None)
    assert result.findings["code"].tolist() == [code] and exit_code(result.findings) == 2


def test_a_missing_report_is_fatal(tmp_path):
    findings = validate(tmp_path / "nowhere.csv").findings
    assert findings["code"].tolist() == ["file-not-found"]


def test_a_workbook_without_a_values_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "notes"
    book.create_sheet("other")
    book.save(tmp_path / "r.xlsx")
    assert validate(tmp_path / "r.xlsx").findings["code"].tolist() == ["missing-sheet"]


def test_a_percent_formatted_cell_reads_as_a_percentage(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "values"
    ws.append(["programme", "indicator", "period_end", "value"])
    ws.append(["p", "i", "2023-09-30", 0.45])
    ws["D2"].number_format = "0%"
    book.save(tmp_path / "r.xlsx")
    values = read_report(tmp_path / "r.xlsx").values
    assert values.loc[0, "text"] == "45%" and values.loc[0, "value"] == 45 and bool(values.loc[0, "percent"])


def test_the_framework_own_baselines_and_targets(run):
    framework = FRAMEWORK + textwrap.indent(
        textwrap.dedent("""
        - {id: demo.baseline, name: B, measure: count, unit: people, baseline: {date: 2021-01-01}}
        - {id: demo.words, name: W, measure: qualitative, baseline: {value: 3}, targets: [{value: 5}]}
        """),
        "      ",
    )
    findings = run(f"demo,demo.events,{Y22},5,,,", framework=framework)
    assert sorted(zip(findings["code"], findings["column"], strict=True)) == [
        ("baseline-without-value", "baseline"),  # IATI 8.8.1
        ("number-on-qualitative", "baseline"),  # IATI 8.8.3
        ("number-on-qualitative", "value"),  # IATI 8.9.3: the target
    ]


# -- the embedded portfolio ----------------------------------------------------------------------------------
def test_the_embedded_portfolio_has_exactly_its_real_findings():
    result = validate()
    assert result.rows == 127
    got = sorted(zip(result.findings["severity"], result.findings["code"], result.findings["item"], strict=True))
    assert got == sorted(
        [
            # The 2024 leaflet gives 21 "local government actors" trained where the 2023 leaflet gave 219
            # "government stakeholders" for the same result: a running total that went down between two
            # sources, a conflict of sourced claims, not an invalid series.
            ("warning", "conflicting-values", "tto.actors-trained"),
            # 15 agencies trained (2023 leaflet), then 8 (2024 leaflet, stated twice): the same.
            ("warning", "conflicting-values", "phl.reintegration-agencies-trained"),
            # Two figures for one result in the 2023 leaflet: 125,750 and 125,800 people reached.
            ("warning", "conflicting-values", "tjk-flb.awareness-reached"),
            # The 2023 leaflet says 1,200 in one place and "over 1,200" in another.
            ("warning", "conflicting-values", "chl-mex.labour-certification"),
            # Figures the leaflets give only approximately: over 1,200; almost 300; almost 1,900; over 60;
            # over 200,000; over 500.
            ("warning", "inexact-value", "chl-mex.labour-certification"),
            ("warning", "inexact-value", "chl-mex.entrepreneur-services"),
            ("warning", "inexact-value", "gls.community-events-reached"),
            ("warning", "inexact-value", "tjk-flb.farmer-field-schools"),
            ("warning", "inexact-value", "zaf.web-platform-support"),
            ("warning", "inexact-value", "zaf.tournament-participants"),
        ]
    )
    decrease = result.findings[result.findings["item"] == "tto.actors-trained"].iloc[0]
    assert decrease["file"] == "embedded/tto-trafficking-survivors.yaml"
    assert decrease["message"].startswith("sources disagree on the running total 'tto.actors-trained'")
    assert "[actor=government]" in decrease["message"]
    assert '219 (2023-09-30, migration-mptf-in-action-2023.txt: "219 government stakeholders' in decrease["message"]
    assert '21 (2024-01-31, migration-mptf-in-action-2024.txt: "21 local government actors' in decrease["message"]
    assert "the rollup counts the lowest as a lower bound" in decrease["hint"]
    phl = result.findings[result.findings["item"] == "phl.reintegration-agencies-trained"].iloc[0]["message"]
    assert "15 (2023-09-30, migration-mptf-in-action-2023.txt" in phl and "then 8 (2024-01-31" in phl


# -- IATI: tables written from the Standard's own example and schema tests --------------------------------
def iati_framework(indicators: list[str]) -> str:
    """A programme holding the given indicator lines (YAML flow mappings)."""
    lines = "\n".join(f"      - {line}" for line in indicators)
    return (
        "id: iati\ncountries: [AFG]\nstatus: funded\nresults:\n  - id: iati.r\n    level: output\n"
        f"    title: Result title\n    indicators:\n{lines}\n"
    )


def test_the_iati_example_activity_passes(shared, run):
    """The annotated example activity of IATI 2.03: baseline 10, target 10, actual 11 for women (adults)."""
    root = ET.parse(shared / "reference/iati/iati-extra-documentation/activity-standard-example-annotated.xml")
    indicator = root.find(".//result/indicator[@measure='1']")
    baseline, period = indicator.find("baseline"), indicator.find("period")
    start, end = period.find("period-start").get("iso-date"), period.find("period-end").get("iso-date")
    actual = period.find("actual")
    dims = {d.get("name"): d.get("value") for d in actual.findall("dimension")}
    assert (start, end, actual.get("value"), dims) == (
        "2013-01-01",
        "2013-03-31",
        "11",
        {"sex": "female", "age": "adult"},
    )
    framework = iati_framework(
        [
            "{id: iati.i, name: Indicator title, measure: count, unit: people, disaggregation: [sex, age], "
            f"baseline: {{value: {baseline.get('value')}, date: {baseline.get('iso-date')}}}, "
            f"targets: [{{value: {period.find('target').get('value')}, date: {end}}}]}}"
        ]
    )
    rows = f"iati,iati.i,{start},{end},{actual.get('value')},{dims['sex']},{dims['age']},"
    assert run(rows, framework=framework).empty


def test_iati_schema_tests_as_tables(shared, run):
    """24-results.xml is schema-valid; its 'N=41;P=56' actuals are what IATI rule 8.10.2 warns about, and are
    text-on-numeric here. The should-fail files with a missing or non-ISO period date are findings too."""
    tests = shared / "reference/iati/schema-tests/activity-tests"
    activity = ET.parse(tests / "should-pass/24-results.xml").getroot()
    indicators, rows = [], []
    for k, indicator in enumerate(activity.iter("indicator")):  # measures "Unit" and "NDP": IATI 1, a count
        indicators.append(f"{{id: iati.i{k}, name: Indicator {k}, measure: count, unit: cases, cumulative: false}}")
        for period in indicator.findall("period"):
            start, end = period.find("period-start").get("iso-date"), period.find("period-end").get("iso-date")
            if period.find("actual") is not None:
                rows.append(f"iati,iati.i{k},{start},{end},{period.find('actual').get('value')},,,")
    assert sorted({r.split(",")[4] for r in rows}) == ["111", "N=41;P=56", "N=43;P=58"]
    findings = run("\n".join(rows), framework=iati_framework(indicators))
    assert findings["code"].tolist() == ["text-on-numeric"] * 7  # every "N=..;P=.." actual, and only those
    assert all("IATI rule 8.10.2" in m for m in findings["message"])

    rows = []
    for name in ("17-missing-indicator-period-period-end.xml", "18-non-iso-date-period-period-start.xml",
                 "19-non-iso-date-period-period-end.xml"):  # fmt: skip
        period = ET.parse(tests / "should-fail/result" / name).getroot().find(".//period")
        start, end = (period.find(tag) for tag in ("period-start", "period-end"))
        cells = [e.get("iso-date") if e is not None else "" for e in (start, end)]
        rows.append(f"iati,iati.i0,{cells[0]},{cells[1]},5,,,")
    findings = run("\n".join(rows), framework=iati_framework(indicators[:1]))
    assert found(findings) == [
        ("missing-field", 2, "period_end"),  # 17: no period-end
        ("bad-date", 3, "period_start"),  # 18: "2009-01-"
        ("bad-date", 4, "period_end"),  # 19: "2009-12-"
    ]


def test_iati_rule_8_6_1_a_period_starts_before_it_ends(run):
    findings = run("demo,demo.events,2023-12-31,2023-01-01,5,,,")
    assert found(findings) == [("end-before-start", 2, "period_end")]
    assert "IATI rule 8.6.1" in findings.loc[0, "hint"]

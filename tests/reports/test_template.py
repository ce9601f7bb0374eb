"""The reporting template (what ``template`` writes, ``validate`` reads) and the annotated copy of a report."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from mptf.engine.reading.load import load_portfolio
from mptf.engine.reading.template import (
    default_periods,
    disaggregation_groups,
    parse_period,
    reporting_periods,
    template_rows,
)
from mptf.engine.rules.validate import validate
from mptf.indicators.formats import TEMPLATE_REFERENCE
from mptf.reports.annotate import FINDINGS_SHEET, annotate
from mptf.reports.template import write_template

PROGRAMME = "tjk-families-left-behind"
KEYS = ["programme", "indicator", "name", "unit", "measure", "baseline", "target", "last_reported", "period_start"]
KEYS += ["period_end"]
SHEET_KEYS = ["programme", "indicator", "period_start", "period_end"]  # sheet values: the keys, no reference
VALUE = "H"  # the value column of this programme's template (after its 4 keys and 3 dimensions)
SEX = ["female", "male", "other", "unknown"]
AGE = ["child", "youth", "adult", "unknown"]


@pytest.fixture(scope="module")
def portfolio():
    return load_portfolio()


def test_rows_are_indicator_by_period_by_group(portfolio):
    rows = template_rows(portfolio, PROGRAMME, [parse_period("2024"), parse_period("2025")])
    indicators = portfolio.indicators[portfolio.indicators["programme"] == PROGRAMME]
    assert rows["indicator"].unique().tolist() == indicators["indicator"].tolist()
    assert list(rows.columns) == [*KEYS, "sex", "age", "school_type", "value", "note"]
    land = rows[(rows["indicator"] == "tjk-flb.land-water-trained") & (rows["period_end"] == dt.date(2024, 12, 31))]
    # the total, each sex, each age group, then each sex × age group
    assert land[["sex", "age"]].fillna("").values.tolist()[:10] == [
        ["", ""],
        ["female", ""],
        ["male", ""],
        ["other", ""],
        ["unknown", ""],
        ["", "child"],
        ["", "youth"],
        ["", "adult"],
        ["", "unknown"],
        ["female", "child"],
    ]
    assert len(land) == 1 + 4 + 4 + 4 * 4
    # a dimension of the indicator's own (school type): the values the portfolio already uses, and no crosses
    schools = rows[
        (rows["indicator"] == "tjk-flb.farmer-field-schools") & (rows["period_end"] == dt.date(2024, 12, 31))
    ]
    assert schools[["sex", "age", "school_type"]].fillna("").values.tolist() == [
        ["", "", ""],
        ["", "", "farmer-field-school"],
        ["", "", "junior-farmer-field-school"],
    ]


def _programme(tmp_path, *disaggregations: str):
    """A portfolio of one programme, 2024, with one count indicator (people) per disaggregation given; its folder
    is ``tmp_path / "portfolio"``."""
    indicators = "".join(
        f"      - id: p.i{n}\n        name: Indicator {n}\n        measure: count\n        unit: people\n"
        f"        disaggregation: [{dims}]\n"
        for n, dims in enumerate(disaggregations, start=1)
    )
    folder = tmp_path / "portfolio"
    folder.mkdir()
    (folder / "p.yaml").write_text(
        "id: p\ncountries: [TJK]\nstart: 2024-01-01\nduration_months: 12\nresults:\n  - id: p.o1\n"
        f"    level: outcome\n    title: Trained\n    indicators:\n{indicators}",
        encoding="utf-8",
    )
    return load_portfolio(folder)


def test_an_indicator_by_two_dimensions_gets_their_crosses(tmp_path):
    portfolio = _programme(tmp_path, "sex, age", "sex")
    assert portfolio.load_findings is None or portfolio.load_findings.empty
    rows = template_rows(portfolio, "p", [parse_period("2024"), parse_period("2025")])
    for year in (2024, 2025):
        both = rows[(rows["indicator"] == "p.i1") & (rows["period_end"] == dt.date(year, 12, 31))]
        assert both[["sex", "age"]].fillna("").values.tolist() == (
            [["", ""]]  # the total
            + [[s, ""] for s in SEX]  # each sex
            + [["", a] for a in AGE]  # each age group
            + [[s, a] for s in SEX for a in AGE]  # female × child, female × youth, ..., unknown × unknown
        )
        assert len(both) == 1 + 4 + 4 + 16
        one = rows[(rows["indicator"] == "p.i2") & (rows["period_end"] == dt.date(year, 12, 31))]
        assert one[["sex", "age"]].fillna("").values.tolist() == [["", ""]] + [[s, ""] for s in SEX]


def test_crosses_come_by_level_and_stop_at_the_cap():
    dims = [("a", ["1", "2"]), ("b", ["x", "y", "z"]), ("c", ["p"])]
    groups = disaggregation_groups(dims)
    assert [";".join(f"{d}={v}" for d, v in g.items()) for g in groups] == [
        "",
        "a=1",
        "a=2",
        "b=x",
        "b=y",
        "b=z",
        "c=p",
        "a=1;b=x",
        "a=1;b=y",
        "a=1;b=z",
        "a=2;b=x",
        "a=2;b=y",
        "a=2;b=z",
        "a=1;c=p",
        "a=2;c=p",
        "b=x;c=p",
        "b=y;c=p",
        "b=z;c=p",
        "a=1;b=x;c=p",
        "a=1;b=y;c=p",
        "a=1;b=z;c=p",
        "a=2;b=x;c=p",
        "a=2;b=y;c=p",
        "a=2;b=z;c=p",
    ]
    assert len(disaggregation_groups(dims, max_groups=23)) == 18  # the triples do not fit: left out whole
    assert len(disaggregation_groups(dims, max_groups=2)) == 7  # the total and the values always stay
    assert disaggregation_groups([]) == [{}]


def test_a_template_of_many_dimensions_stays_fillable_and_says_so(tmp_path):
    portfolio = _programme(tmp_path, "sex, age, migratory_status, disability")
    path = tmp_path / "t.xlsx"
    rows = write_template(portfolio, "p", path, template_rows(portfolio, "p", [parse_period("2024")]))
    # 4 + 4 + 6 + 3 values and their 106 pairs; the 288 triples and 288 quadruples are left out
    assert len(rows) == 1 + 17 + 106
    assert rows[["sex", "age", "migratory_status", "disability"]].notna().sum(axis=1).max() == 2
    assert len(template_rows(portfolio, "p", [parse_period("2024")], max_groups=1000)) == 5 * 5 * 7 * 4
    guide = openpyxl.load_workbook(path)["guide"]
    row = next(r for r in guide.iter_rows(values_only=True) if r[0] == "p.i1")
    assert row[8].startswith("sex, age, migratory_status, disability (the rows cross at most 2 of them")


def _consistent(sex: str | None, age: str | None) -> int:
    """A value for each group such that every part adds up to its parent: the sums of the crosses below."""
    cross = {(s, a): 10 * (i + 1) + j + 1 for i, s in enumerate(SEX) for j, a in enumerate(AGE)}
    return sum(
        v
        for (s, a), v in cross.items()
        if sex in (None, s) and (a == age or (age is None and a != "youth"))  # youth overlaps: out of the sums
    )


def test_a_filled_template_with_crosses_validates_and_a_wrong_cross_is_found(tmp_path):
    portfolio = _programme(tmp_path, "sex, age")
    path = tmp_path / "t.xlsx"
    write_template(portfolio, "p", path, template_rows(portfolio, "p"))
    book = openpyxl.load_workbook(path)
    ws = book["values"]
    header = [c.value for c in ws[1]]
    value, sex, age = (header.index(c) + 1 for c in ("value", "sex", "age"))
    line = {}
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 2).value:
            key = (ws.cell(r, sex).value, ws.cell(r, age).value)
            ws.cell(r, value).value = _consistent(*key)
            line[key] = r
    assert len(line) == 25 and ws.cell(line[None, None], value).value == sum(_consistent(s, None) for s in SEX)
    book.save(path)
    assert validate(path, tmp_path / "portfolio").findings.empty

    ws.cell(line["female", "child"], value).value += 1000
    book.save(path)
    found = validate(path, tmp_path / "portfolio").findings
    # the cross is a part of both its parents: female (its parts by age) and child (its parts by sex)
    assert [(f.code, int(f.line), f.column) for f in found.itertuples()] == [
        ("parts-exceed-total", line["female", None], "value"),
        ("parts-exceed-total", line[None, "child"], "value"),
    ]
    assert all(str(line["female", "child"]) in message for message in found["message"])


def test_periods(portfolio):
    assert parse_period("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert parse_period("2024-01-01:2024-06-30") == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    for bad in ("24", "2024-06-30:2024-01-01", "2024-13-01:2024-12-31"):
        with pytest.raises(ValueError):
            parse_period(bad)
    # the embedded programmes' dates are unknown: last calendar year
    assert default_periods(portfolio, PROGRAMME, dt.date(2026, 3, 1)) == [(dt.date(2025, 1, 1), dt.date(2025, 12, 31))]


def test_a_programme_with_dates_gets_its_calendar_years_cut_to_them(tmp_path):
    (tmp_path / "p.yaml").write_text(
        "id: p\ncountries: [TJK]\nstart: 2022-03-15\nduration_months: 18\nresults: []\n", encoding="utf-8"
    )
    p = load_portfolio(tmp_path)
    assert default_periods(p, "p") == [
        (dt.date(2022, 3, 15), dt.date(2022, 12, 31)),
        (dt.date(2023, 1, 1), dt.date(2023, 9, 14)),
    ]


def test_unknown_programme(portfolio):
    with pytest.raises(ValueError, match="did you mean 'tjk-families-left-behind'"):
        template_rows(portfolio, "tjk-families-left-behnd")


def test_the_workbook_locks_the_header_and_validates_the_cells(portfolio, tmp_path):
    path = tmp_path / "t.xlsx"
    rows = write_template(portfolio, PROGRAMME, path, template_rows(portfolio, PROGRAMME, [parse_period("2025")]))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["values", "reference", "guide"]
    ws = book["values"]
    header = [c.value for c in ws[1]]
    assert header == [*SHEET_KEYS, "sex", "age", "school_type", "value", "note"]
    assert ws.max_row == len(rows) + 1 + 200  # the template's rows, and open rows to add more
    assert ws.protection.sheet and ws["A1"].protection.locked and not ws[f"{VALUE}2"].protection.locked
    assert ws.freeze_panes == "C2"
    assert ws["C2"].number_format == "yyyy-mm-dd" and ws[f"{VALUE}2"].number_format == "#,##0"
    validations = {(dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert ("whole", "0") in validations  # counts
    assert ("list", '"female,male,other,unknown"') in validations and (
        "list",
        '"child,youth,adult,unknown"',
    ) in validations
    guide = book["guide"]
    header_row = next(r for r in guide.iter_rows(values_only=True) if r[0] == "indicator")
    assert header_row[:6] == ("indicator", "name", "result", "measure", "unit", "scale")
    assert guide.protection.sheet


def test_what_template_writes_validate_reads(portfolio, tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(portfolio, PROGRAMME, path, template_rows(portfolio, PROGRAMME, [parse_period("2025")]))
    empty = validate(path)
    assert set(empty.findings["code"]) == {"value-due"}  # nothing filled yet: every indicator is due
    assert empty.rows == len(template_rows(portfolio, PROGRAMME, [parse_period("2025")]))

    book = openpyxl.load_workbook(path)
    ws = book["values"]
    lines = {ws.cell(r, 2).value: r for r in range(ws.max_row, 1, -1) if ws.cell(r, 2).value}  # the total rows
    for r in lines.values():
        ws.cell(r, 8).value = 200_000  # above every figure the leaflets gave: no running total goes down
    ws.cell(lines["tjk-flb.ffs-trainers-trained"], 8).value = "N/A"
    book.save(path)
    result = validate(path)
    assert [(f.code, int(f.line), f.column) for f in result.findings.itertuples()] == [
        ("text-on-numeric", lines["tjk-flb.ffs-trainers-trained"], "value")
    ]
    assert result.findings.loc[0, "sheet"] == "values"


def test_the_annotated_copy_marks_the_cells_and_leaves_the_report_alone(portfolio, tmp_path):
    path, out = tmp_path / "t.xlsx", tmp_path / "a.xlsx"
    write_template(portfolio, PROGRAMME, path, template_rows(portfolio, PROGRAMME, [parse_period("2025")]))
    book = openpyxl.load_workbook(path)
    ws = book["values"]
    ws[f"{VALUE}2"] = -5
    workers = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "tjk-flb.social-workers-trained")
    ws[f"{VALUE}{workers}"] = "approx. 2000"  # 80 in the 2023 leaflet, so no decrease
    book.save(path)
    before = path.read_bytes()
    findings = validate(path).findings
    marked = annotate(path, findings, out)
    assert path.read_bytes() == before
    copy = openpyxl.load_workbook(out)
    values = copy["values"]
    assert values[f"{VALUE}2"].fill.fgColor.rgb == "00FFC7CE" and "negative-count" in values[f"{VALUE}2"].comment.text
    assert values[f"{VALUE}{workers}"].fill.fgColor.rgb == "00FFEB9C"
    assert "inexact-value" in values[f"{VALUE}{workers}"].comment.text
    assert marked == findings["line"].notna().sum()  # every finding of this report names a row of it
    listed = list(copy[FINDINGS_SHEET].iter_rows(min_row=2, values_only=True))
    assert len(listed) == len(findings) and listed[0][2] == f"{VALUE}2"
    with pytest.raises(ValueError, match="never changed"):
        annotate(path, findings, path)


def test_a_csv_report_is_annotated_as_a_workbook(tmp_path):
    report = tmp_path / "r.csv"
    report.write_text(
        "programme,indicator,period_end,value,note\n"
        'tto-trafficking-survivors,tto.srh-life-skills,2024-12-31,"a note\nover two lines",\n'
        "tto-trafficking-survivors,tto.srh-life-skills,2025-12-31,-3,\n",
        encoding="utf-8",
    )
    findings = validate(report).findings
    assert [(f.code, int(f.line)) for f in findings.itertuples()] == [("text-on-numeric", 2), ("negative-count", 4)]
    annotate(report, findings, tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["values"]
    assert ws["D2"].value == "a note\nover two lines" and "text-on-numeric" in ws["D2"].comment.text
    assert ws["D3"].value == "-3" and "negative-count" in ws["D3"].comment.text  # line 4 is the third record


# -- what an officer meets ---------------------------------------------------------------------------------
ENDED = """\
id: p
countries: [TJK]
start: 2022-07-01
end: 2024-06-30
results:
  - id: p.o1
    level: outcome
    title: Served
    indicators:
      - id: p.served
        name: People served
        measure: count
        unit: people
        disaggregation: [sex]
        baseline: {value: 10, date: 2022-07-01}
        targets: [{value: 1000, date: 2024-06-30}]
        values:
          - {value: over 60, start: 2022-07-01, end: 2022-12-31}
          - {value: 25, end: 2022-12-31, disaggregation: {sex: female}}
      - {id: p.share, name: Share satisfied, measure: percentage, unit: percent}
"""


def test_the_periods_are_the_programmes_own_and_an_ended_programme_is_said(tmp_path):
    (tmp_path / "p.yaml").write_text(ENDED, encoding="utf-8")
    p = load_portfolio(tmp_path)
    own = [
        (dt.date(2022, 7, 1), dt.date(2022, 12, 31)),
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        (dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
    ]
    periods, why = reporting_periods(p, "p", dt.date(2026, 3, 1))
    assert periods == own and "p ended on 2024-06-30, before the reference date 2026-03-01" in why
    periods, why = reporting_periods(p, "p", dt.date(2024, 2, 1))  # running: the periods ended by then
    assert periods == own[:2] and "ended by 2024-02-01" in why
    periods, why = reporting_periods(p, "p", dt.date(2022, 8, 1))  # none ended yet: the first
    assert periods == own[:1] and "no reporting period of p" in why


def test_each_row_says_what_the_indicator_is_and_what_was_last_reported(tmp_path):
    (tmp_path / "p.yaml").write_text(ENDED, encoding="utf-8")
    p = load_portfolio(tmp_path)
    rows = template_rows(p, "p", [parse_period("2023")])
    assert list(rows.columns) == [*KEYS, "sex", "value", "numerator", "denominator", "note"]
    total = rows[(rows["indicator"] == "p.served") & rows["sex"].isna()].iloc[0]
    assert (total["name"], total["unit"], total["measure"]) == ("People served", "people", "count")
    assert total["baseline"] == "10 (2022-07-01)" and total["target"] == "1,000 by 2024-06-30"
    assert total["last_reported"] == "over 60 (2022-07-01 2022-12-31)"
    female = rows[(rows["indicator"] == "p.served") & (rows["sex"] == "female")].iloc[0]
    assert female["last_reported"] == "25 (to 2022-12-31)" and female["baseline"] == "" and female["target"] == ""


def test_the_table_is_open_to_sort_and_the_reference_is_locked(tmp_path):
    """Excel sorts no range that holds a locked cell on a protected sheet: every cell of the table (template rows
    and open rows) is unlocked, sorting, filtering and inserting rows are allowed, and what the indicator is sits
    in locked cells of sheet 'reference' and in a note on each row's indicator cell, never in locked cells of
    the table's rows."""
    (tmp_path / "p.yaml").write_text(ENDED, encoding="utf-8")
    p = load_portfolio(tmp_path)
    path = tmp_path / "t.xlsx"
    rows = write_template(p, "p", path, template_rows(p, "p", [parse_period("2023")]))
    book = openpyxl.load_workbook(path)
    ws = book["values"]
    header = [c.value for c in ws[1]]
    assert header == [*SHEET_KEYS, "sex", "value", "numerator", "denominator", "note"]
    assert not set(header) & set(TEMPLATE_REFERENCE)
    width, last = len(header), len(rows) + 1 + 200  # the template's rows and the open rows below them
    table = [ws.cell(r, c) for r in range(2, last + 1) for c in range(1, width + 1)]
    assert len(table) == (len(rows) + 200) * width and not [c.coordinate for c in table if c.protection.locked]
    assert all(ws.cell(1, c).protection.locked for c in range(1, width + 1))  # the header
    assert ws.cell(2, width + 1).protection.locked and ws.cell(last + 1, 1).protection.locked  # outside the table
    first, end = ws.auto_filter.ref.split(":")
    assert (first, end) == ("A1", f"{get_column_letter(width)}{last}")  # the filter's sort range: open cells only
    protection = ws.protection
    assert protection.sheet and not protection.password
    assert not protection.sort and not protection.autoFilter and not protection.insertRows  # False: allowed
    # the look says which cells to fill: green with a border; keys light blue; white where a row has no use
    value, numerator = header.index("value") + 1, header.index("numerator") + 1
    for r, measure in enumerate(rows["measure"], start=2):
        assert ws.cell(r, value).fill.fgColor.rgb == "00E2EFDA" and ws.cell(r, value).border.left.style == "thin"
        assert ws.cell(r, 2).fill.fgColor.rgb == "00DDEBF7"  # a key
        assert (ws.cell(r, numerator).fill.fgColor.rgb == "00E2EFDA") == (measure == "percentage")
    # what the indicator is: in a note on each row's indicator cell, which moves with the cell in a sort
    for r, record in enumerate(rows.itertuples(index=False), start=2):
        note = ws.cell(r, 2).comment.text
        assert note.startswith(f"{record.name} ({record.unit}, {record.measure})")
        assert f"last reported: {record.last_reported or 'none'}" in note
    female = next(r for r in range(2, len(rows) + 2) if ws.cell(r, header.index("sex") + 1).value == "female")
    assert "last reported: 25 (to 2022-12-31)" in ws.cell(female, 2).comment.text
    # ... and on sheet 'reference': one locked row per indicator and group, in grey italics
    reference = book["reference"]
    got = list(reference.iter_rows(values_only=True))
    assert list(got[0]) == ["indicator", "sex", *TEMPLATE_REFERENCE]
    expected = rows[["indicator", "sex", *TEMPLATE_REFERENCE]].drop_duplicates(subset=["indicator", "sex"])
    assert [tuple(r) for r in got[1:]] == [
        tuple(None if pd.isna(v) or v == "" else v for v in r) for r in expected.values
    ]
    assert ("p.served", "female", "People served", "people", "count", None, None, "25 (to 2022-12-31)") in got
    cells = [c for r in reference.iter_rows() for c in r]
    assert cells and all(c.protection.locked for c in cells)
    assert all(c.font.i and c.fill.fgColor.rgb == "00EDEDED" for c in cells if c.row > 1)
    assert reference.protection.sheet and not reference.protection.password and not reference.protection.autoFilter
    validations = ws.data_validations.dataValidation
    assert validations and all(dv.errorStyle == "warning" and dv.showInputMessage and dv.prompt for dv in validations)
    counts = next(
        dv for dv in validations if dv.type == "whole" and "value" not in str(dv.sqref) and "over 60" in dv.prompt
    )
    assert counts.prompt
    keys = next(dv for dv in validations if str(dv.sqref) == f"B2:B{last}")
    assert "sheet 'reference'" in keys.prompt and "keep it as written" in keys.prompt
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    guide = book["guide"]
    assert guide["A4"].alignment.wrap_text and guide.sheet_properties.pageSetUpPr.fitToPage
    assert "A4:M4" in {str(r) for r in guide.merged_cells.ranges}
    assert "can be sorted" in guide["A4"].value and "locked sheet 'reference'" in guide["A5"].value


def test_a_sorted_template_reads_back_the_same(tmp_path):
    """The rows sorted as a spreadsheet sorts them (each row's cells and note together): validate reads the same
    values and finds the same findings, on the rows' new lines."""
    (tmp_path / "p.yaml").write_text(ENDED, encoding="utf-8")
    p = load_portfolio(tmp_path)
    path, shuffled = tmp_path / "t.xlsx", tmp_path / "sorted.xlsx"
    rows = write_template(p, "p", path, template_rows(p, "p", [parse_period("2023")]))
    book = openpyxl.load_workbook(path)
    ws = book["values"]
    header = [c.value for c in ws[1]]
    value, sex = header.index("value") + 1, header.index("sex") + 1
    for r in range(2, len(rows) + 2):
        ws.cell(r, value).value = 100 + r * 7 % 11 if ws.cell(r, 2).value == "p.served" else 40
    book.save(path)
    before = validate(path, tmp_path / "p.yaml")
    table = [[ws.cell(r, c).value for c in range(1, len(header) + 1)] for r in range(2, len(rows) + 2)]
    notes = [ws.cell(r, 2).comment for r in range(2, len(rows) + 2)]
    order = sorted(range(len(table)), key=lambda i: table[i][value - 1], reverse=True)
    for r, i in enumerate(order, start=2):
        for c, cell_value in enumerate(table[i], start=1):
            ws.cell(r, c).value = cell_value
        ws.cell(r, 2).comment = notes[i]
    book.save(shuffled)
    after = validate(shuffled, tmp_path / "p.yaml")
    assert after.rows == before.rows == len(rows)
    assert [ws.cell(r, sex).value for r in range(2, 4)] != [table[i][sex - 1] for i in range(2)]  # rows moved
    assert sorted(before.findings["code"]) == sorted(after.findings["code"]) and not before.findings.empty
    moved = {i + 2: r for r, i in enumerate(order, start=2)}
    assert sorted(moved[int(line)] for line in before.findings["line"].dropna()) == sorted(
        int(line) for line in after.findings["line"].dropna()
    )


def test_figures_with_words_in_a_template_are_read_back(tmp_path):
    (tmp_path / "p.yaml").write_text(ENDED, encoding="utf-8")
    p = load_portfolio(tmp_path)
    path = tmp_path / "t.xlsx"
    rows = write_template(p, "p", path, template_rows(p, "p", [parse_period("2023")]))
    book = openpyxl.load_workbook(path)
    ws = book["values"]
    header = [c.value for c in ws[1]]
    value, sex = header.index("value") + 1, header.index("sex") + 1
    served = [r for r in range(2, len(rows) + 2) if ws.cell(r, 2).value == "p.served"]
    total, female, male = served[0], served[1], served[2]
    assert ws.cell(female, sex).value == "female" and ws.cell(male, sex).value == "male"
    ws.cell(total, value).value = "approx. 5,000"
    ws.cell(female, value).value = "over 60"
    ws.cell(male, value).value = "3 mln"  # read, and far above the total: an error about the figures, not the text
    book.save(path)
    found = validate(path, tmp_path / "p.yaml").findings
    codes = set(found["code"])
    assert not codes & {"text-on-numeric", "bad-number", "unreadable-value"}, found[["code", "message"]]
    assert "parts-exceed-total" in codes

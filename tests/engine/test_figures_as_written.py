"""Figures and dates as people write them (issue 13): scale words ("1.2 million", "3 mln"), scientific notation
("1.5E+03"), month and quarter periods ("2019-07", "2022-Q1"), Excel serial numbers (44562) and merged cells,
read the same way in YAML fields, workbook cells and reports, each reading named by an info finding."""

import datetime as dt
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from mptf.engine.reading.load import load_portfolio
from mptf.engine.reading.report import read_report
from mptf.indicators.quantity import FigureError, parse_money, parse_period, parse_quantities, parse_quantity


# -- the readers in quantity.py ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "bound", "note"),
    [
        ("3 mln", 3_000_000, "=", "read '3 mln' as 3,000,000"),
        ("1.2 million", 1_200_000, "=", "read '1.2 million' as 1,200,000"),
        ("2.5 thousand", 2_500, "=", "read '2.5 thousand' as 2,500"),
        ("3 bn", 3_000_000_000, "=", "read '3 bn' as 3,000,000,000"),
        ("3 billion", 3_000_000_000, "=", "read '3 billion' as 3,000,000,000"),
        ("approx. 5,000", 5_000, "≈", None),
        ("about 1.2 million", 1_200_000, "≈", "read '1.2 million' as 1,200,000"),
        ("over 3 million", 3_000_000, ">", "read '3 million' as 3,000,000"),
        ("1.5E+03", 1_500, "=", "read '1.5E+03' as 1,500"),
        ("1.5e3", 1_500, "=", "read '1.5e3' as 1,500"),
    ],
)
def test_scale_words_and_exponents_are_read_with_their_qualifier(text, value, bound, note):
    q = parse_quantity(text)
    assert (q.value, q.bound, q.note) == (Decimal(value), bound, note)
    frame = parse_quantities(pd.Series([text]))  # the vectorised reader agrees
    assert frame.loc[0, "value"] == value and frame.loc[0, "bound"] == bound and pd.isna(frame.loc[0, "error"])


@pytest.mark.parametrize("text", ["3 million%", "1e400", "1,5 million", "two million", "1.234 million"])
def test_what_has_no_single_reading_is_still_refused(text):
    with pytest.raises(FigureError):
        parse_quantity(text)


def test_figures_read_before_are_read_as_before():
    for text, value in [("1,234", 1234), ("over 200,000", 200000), ("45%", 45), ("12 000", 12000)]:
        q = parse_quantity(text)
        assert q.value == value and q.note is None


def test_an_amount_in_millions_keeps_its_note():
    money = parse_money("USD 2.2 million")
    assert money.cents == 220_000_000 and money.note == "read '2.2 million' as 2,200,000"


@pytest.mark.parametrize(
    ("text", "end", "day"),
    [
        ("2019-07", False, dt.date(2019, 7, 1)),
        ("2021-06", True, dt.date(2021, 6, 30)),
        ("2024-02", True, dt.date(2024, 2, 29)),
        ("2022-Q1", False, dt.date(2022, 1, 1)),
        ("2022-Q1", True, dt.date(2022, 3, 31)),
        ("Q4 2022", True, dt.date(2022, 12, 31)),
        ("q3-2023", False, dt.date(2023, 7, 1)),
    ],
)
def test_months_and_quarters_are_their_first_and_last_day(text, end, day):
    read, note = parse_period(text, end=end)
    assert read == day and note.startswith(f"read {text!r} as {day.isoformat()}")


def test_an_excel_serial_number_is_refused_with_the_date_it_means():
    with pytest.raises(FigureError) as err:
        parse_period("44562", end=False)
    assert err.value.hint == "44562 is Excel's serial number for 2022-01-01: write 2022-01-01"


# -- YAML ----------------------------------------------------------------------------------------------------
PROGRAMME = """
id: demo
title: Demo programme
countries: [TJK]
thematic_area: 2
status: funded
budget: USD 1.2 million
start: 2019-07
end: 2021-06
results:
  - id: demo.o1
    level: outcome
    title: Families are more resilient
    gcm: [7]
    indicators:
      - id: demo.o1.trained
        name: People trained
        measure: count
        unit: people
        baseline: about 3 mln
        values:
          - {value: over 3 million, start: 2020-Q1, end: 2020-Q4}
          - {value: "1e3", start: 2021-01-01, end: 2021-06-30}
"""


def infos(findings: pd.DataFrame, code: str) -> list[tuple[str, str]]:
    rows = findings[findings["code"] == code]
    assert (rows["severity"] == "info").all()
    return list(zip(rows["column"], rows["message"], strict=True))


def test_a_yaml_programme_reads_millions_months_and_quarters(write):
    p = load_portfolio(write(PROGRAMME))
    loaded = p.load_findings
    assert not (loaded["severity"].isin(["error", "fatal"])).any(), loaded.to_string()
    assert p.programmes.loc[0, "budget_cents"] == 120_000_000
    assert infos(loaded, "figure-read") == [
        ("budget", "'budget': read '1.2 million' as 1,200,000"),
        ("baseline", "'baseline': read '3 mln' as 3,000,000"),
    ]
    assert ("start", "'start': read '2019-07' as 2019-07-01, the first day of the month") in infos(
        loaded, "period-read"
    )
    assert ("end", "'end': read '2021-06' as 2021-06-30, the last day of the month") in infos(loaded, "period-read")
    values = p.values
    assert values["period_start"].tolist()[0] == pd.Timestamp("2020-01-01")
    assert values["period_end"].tolist()[0] == pd.Timestamp("2020-12-31")
    assert values["value"].tolist() == [3_000_000.0, 1000.0] and values["bound"].tolist() == [">", "="]
    read = infos(p.verdict.findings, "figure-read")
    assert read == [("value", "'value': read '3 million' as 3,000,000"), ("value", "'value': read '1e3' as 1,000")]


# -- CSV reports ---------------------------------------------------------------------------------------------
DEMO = """\
id: demo
countries: [TJK]
thematic_area: 2
status: funded
start: 2019-01-01
end: 2024-12-31
results:
  - id: demo.o1
    level: outcome
    title: An outcome
    indicators:
      - {id: demo.events, name: Events held, measure: count, unit: events, cumulative: false}
"""


def report_findings(tmp_path, text: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    from click.testing import CliRunner

    from mptf.engine.cli.main import main

    (tmp_path / "demo.yaml").write_text(DEMO, encoding="utf-8")
    path = tmp_path / "report.csv"
    path.write_text(text, encoding="utf-8")
    args = ["validate", str(path), "--portfolio", str(tmp_path / "demo.yaml"), "--format", "json"]
    ran = CliRunner().invoke(main, args)
    return read_report(path, programme="demo").values, pd.read_json(__import__("io").StringIO(ran.output))


CSV = """\
indicator,period_start,period_end,value
demo.events,2019-07,2021-06,about 1.2 million
demo.events,2022-Q1,2022-Q1,1.5E+03
demo.events,2022-Q2,2022-Q2,3 mln
demo.events,44562,2023-12-31,5
"""


def test_a_csv_report_reads_millions_exponents_months_and_quarters(tmp_path):
    values, findings = report_findings(tmp_path, CSV)
    assert values["period_start"].dt.strftime("%Y-%m-%d").tolist()[:3] == ["2019-07-01", "2022-01-01", "2022-04-01"]
    assert values["period_end"].dt.strftime("%Y-%m-%d").tolist() == [
        "2021-06-30",
        "2022-03-31",
        "2022-06-30",
        "2023-12-31",
    ]
    assert values["value"].tolist() == [1_200_000.0, 1500.0, 3_000_000.0, 5.0]
    figure = findings[findings["code"] == "figure-read"]
    assert figure["line"].tolist() == [2, 3, 4] and (figure["severity"] == "info").all()
    assert figure["message"].tolist()[1] == "'value': read '1.5E+03' as 1,500"
    period = findings[findings["code"] == "period-read"]
    assert "'period_end': read '2022-Q1' as 2022-03-31, the last day of the quarter" in period["message"].tolist()
    serial = findings[findings["code"] == "bad-date"].iloc[0]
    assert (serial["severity"], serial["line"], serial["column"]) == ("error", 5, "period_start")
    assert serial["hint"] == "44562 is Excel's serial number for 2022-01-01: write 2022-01-01"


# -- workbooks -----------------------------------------------------------------------------------------------
def test_a_date_cell_is_a_date_whatever_its_display_format(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "values"
    sheet.append(["indicator", "period_start", "period_end", "value"])
    for fmt in ("mmm yyyy", "dd/mm/yyyy", "[$-409]mmmm d, yyyy;@", '"Q"q yyyy'):
        sheet.append(["demo.events", dt.datetime(2022, 1, 1), dt.datetime(2022, 12, 31), "2.5 thousand"])
        sheet.cell(sheet.max_row, 2).number_format = fmt
        sheet.cell(sheet.max_row, 3).number_format = fmt
    sheet.append(["demo.events", 44562, "2023-Q4", 7])  # a number where a date belongs: a serial number
    path = tmp_path / "report.xlsx"
    book.save(path)
    report = read_report(path, programme="demo")
    values = report.values
    assert values["period_start"].dt.strftime("%Y-%m-%d").tolist()[:4] == ["2022-01-01"] * 4
    assert values["period_end"].dt.strftime("%Y-%m-%d").tolist() == ["2022-12-31"] * 4 + ["2023-12-31"]
    assert values["value"].tolist()[:4] == [2500.0] * 4
    codes = [(f["code"], f["line"]) for f in report.findings.rows]
    assert ("bad-date", 6) in codes and ("period-read", 6) in codes
    serial = next(f for f in report.findings.rows if f["code"] == "bad-date")
    assert serial["hint"] == "44,562 is Excel's serial number for 2022-01-01: write 2022-01-01"  # a number cell


def test_a_programme_workbook_reads_millions_and_quarters(tmp_path):
    sheets = {
        "programme": [
            ["field", "value"],
            ["id", "demo"],
            ["title", "Demo programme"],
            ["countries", "TJK"],
            ["thematic_area", 2],
            ["status", "funded"],
            ["budget", "USD 3 mln"],
        ],
        "results": [["id", "level", "parent", "title", "gcm"], ["demo.o1", "outcome", None, "Families", 7]],
        "indicators": [
            ["id", "result", "name", "measure", "unit"],
            ["demo.o1.trained", "demo.o1", "People trained", "count", "people"],
        ],
        "values": [
            ["programme", "indicator", "period_start", "period_end", "value"],
            ["demo", "demo.o1.trained", "2023-Q1", "2023-Q3", "1.5E+03"],
        ],
    }
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(tmp_path / "w.xlsx")
    p = load_portfolio(tmp_path / "w.xlsx")
    assert p.programmes.loc[0, "budget_cents"] == 300_000_000
    loaded = p.load_findings
    assert ("budget", "'budget': read '3 mln' as 3,000,000") in infos(loaded, "figure-read")
    assert ("period_end", "'period_end': read '2023-Q3' as 2023-09-30, the last day of the quarter") in infos(
        loaded, "period-read"
    )
    assert p.values["period_start"].tolist()[0] == pd.Timestamp("2023-01-01")
    assert p.values["value"].tolist() == [1500.0]
    assert infos(p.verdict.findings, "figure-read") == [("value", "'value': read '1.5E+03' as 1,500")]


def test_merged_cells_are_named(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "values"
    sheet.append(["Report for 2022"])
    sheet.merge_cells("A1:D1")
    path = tmp_path / "title.xlsx"
    sheet.append(["indicator", "period_start", "period_end", "value"])
    book.save(path)
    report = read_report(path)
    merged = [f for f in report.findings.rows if f["code"] == "merged-cells"]
    assert [(f["severity"], f["line"]) for f in merged] == [("warning", 1)]
    assert "cells A1:D1 are merged: a title above the header" in merged[0]["message"]
    missing = [f for f in report.findings.rows if f["code"] == "missing-column"]
    assert missing and all("row 1 is the merged cells A1:D1, a title" in f["hint"] for f in missing)

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "values"
    sheet.append(["indicator", "period_start", "period_end", "value"])
    sheet.append(["demo.events", "2022-01-01", "2022-12-31", 5])
    sheet.append([None, "2023-01-01", "2023-12-31", 6])
    sheet.merge_cells("A2:A3")
    path = tmp_path / "values.xlsx"
    book.save(path)
    merged = [f for f in read_report(path).findings.rows if f["code"] == "merged-cells"]
    assert [(f["line"], f["message"]) for f in merged] == [
        (2, "cells A2:A3 are merged: only A2 holds a value; the other cells of the range read as empty")
    ]

"""Excel cells (engine/reading/cells.py): one cell-to-text for a report's values sheet and a programme workbook's, and
formulas: read as their stored result (``formula-read``), or reported when a program saved none
(``formula-without-value``) without the row vanishing."""

import datetime as dt

import openpyxl
import pytest
from builders import store_result
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.reading.cells import cell_text
from mptf.engine.reading.load import load_portfolio
from mptf.engine.reading.report import read_report
from mptf.engine.rules.validate import validate
from mptf.reports.workbook import write_workbook

CASE = "cases/02-formula-without-cached-value"
HEADER = ["programme", "indicator", "period_start", "period_end", "value", "sex"]


def codes(rows) -> list[str]:
    return [row["code"] for row in rows]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (0.45, "0%", "45%"),
        (0.125, "0.0%", "12.5%"),
        (0.45, "General", "0.45"),
        (0.45, '0.00"%"', "0.45"),  # a quoted % is text in the format, not a percentage
        (True, "General", "yes"),
        (False, "General", "no"),
        (120.0, "#,##0", "120"),
        (1500, "General", "1,500"),  # as format_number writes it, which the figure parser reads
        (dt.datetime(2023, 9, 30), "yyyy-mm-dd", "2023-09-30"),
        (dt.date(2023, 9, 30), "yyyy-mm-dd", "2023-09-30"),
        ("  over 500 ", "General", "over 500"),
        (None, "General", ""),
        ("   ", "General", ""),
    ],
)
def test_cell_text(value, number_format, text):
    assert cell_text(value, number_format) == text


def _report_book(path, value_cell: object, number_format: str = "General") -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "values"
    ws.append(HEADER)
    ws.append(["demo", "demo.trained", "2022-01-01", "2022-12-31", 120, "female"])
    ws.append(["demo", "demo.trained", "2022-01-01", "2022-12-31", 80, "male"])
    ws.append(["demo", "demo.trained", "2022-01-01", "2022-12-31", value_cell, None])
    ws["E4"].number_format = number_format
    wb.save(path)


def test_the_case_formula_without_a_value_is_an_error_at_its_cell(shared):
    case = shared / CASE
    if not case.exists():
        pytest.skip(f"{CASE} is not in ../shared")
    result = CliRunner().invoke(
        main,
        ["validate", str(case / "values.xlsx"), "--portfolio", str(case / "demo.yaml"), "--format", "csv"],
    )
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "formula-without-value" in line]
    assert len(lines) == 1 and ",values,4,value," in lines[0] and "=E2+E3" in lines[0]
    assert "bad-number" not in result.output and "text-on-numeric" not in result.output


def test_a_report_formula_without_a_value_is_kept_as_its_text_with_one_finding(tmp_path, shared):
    path = tmp_path / "report.xlsx"
    _report_book(path, "=E2+E3")
    report = read_report(path)
    [finding] = report.findings.rows
    assert (finding["code"], finding["severity"], finding["sheet"], finding["line"], finding["column"]) == (
        "formula-without-value",
        "error",
        "values",
        4,
        "value",
    )
    assert "=E2+E3" in finding["message"] and "LibreOffice" in finding["hint"]
    assert finding["programme"] == "demo" and finding["item"] == "demo.trained"
    row = report.values[report.values["line"] == 4].iloc[0]
    assert row["text"] == "=E2+E3" and row["value"] != row["value"]  # NaN
    demo = shared / CASE / "demo.yaml"
    if demo.exists():  # the validator adds nothing for the same cell
        found = validate(path, demo).findings
        assert codes(found.to_dict("records")).count("formula-without-value") == 1
        assert not found["code"].isin(["bad-number", "text-on-numeric"]).any()


def test_a_formula_with_a_stored_result_reads_as_the_result_with_an_info_finding(tmp_path):
    path = tmp_path / "report.xlsx"
    _report_book(path, "=E2+E3")
    store_result(path, "E4", "200")
    report = read_report(path)
    [finding] = report.findings.rows
    assert (finding["code"], finding["severity"], finding["line"], finding["column"]) == (
        "formula-read",
        "info",
        4,
        "value",
    )
    assert "=E2+E3" in finding["message"]
    row = report.values[report.values["line"] == 4].iloc[0]
    assert row["text"] == "200" and row["value"] == 200.0


def test_a_percent_formatted_cell_reads_as_the_percentage_shown_in_a_report(tmp_path):
    path = tmp_path / "report.xlsx"
    _report_book(path, 0.45, "0%")
    report = read_report(path)
    row = report.values[report.values["line"] == 4].iloc[0]
    assert (row["text"], row["value"], bool(row["percent"])) == ("45%", 45.0, True)


DEMO = """
id: demo
title: Demo programme
countries: [TJK]
thematic_area: 2
status: funded
start: 2022-01-01
end: 2024-12-31
results:
  - id: demo.o1
    level: outcome
    title: Families are more resilient
    indicators:
      - id: demo.trained
        name: People trained
        measure: count
        unit: people
        values:
          - {value: 100, end: 2022-12-31}
      - id: demo.share
        name: Share referred
        measure: percentage
        unit: percent
        values:
          - {value: 45%, end: 2022-12-31}
      - id: demo.law
        name: Law adopted
        measure: yes-no
        values:
          - {value: "yes", end: 2022-12-31}
"""


@pytest.fixture
def programme_book(tmp_path, write):
    """A programme workbook (written by mptf) and its values sheet's cell for each indicator's value."""
    portfolio = load_portfolio(write(DEMO))
    path = tmp_path / "demo.xlsx"
    write_workbook(portfolio, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["values"]
    header = [c.value for c in ws[1]]
    column = openpyxl.utils.get_column_letter(header.index("value") + 1)
    cells = {ws.cell(row=r, column=2).value: f"{column}{r}" for r in range(2, ws.max_row + 1)}
    return path, wb, cells


def test_a_programme_workbook_formula_without_a_value_is_an_error_and_the_row_stays(programme_book):
    path, wb, cells = programme_book
    wb["values"][cells["demo.trained"]] = "=40+60"
    wb.save(path)
    portfolio = load_portfolio(path)
    found = portfolio.load_findings
    mine = found[found["code"] == "formula-without-value"]
    assert len(mine) == 1 and mine.iloc[0]["sheet"] == "values" and mine.iloc[0]["column"] == "value"
    assert mine.iloc[0]["line"] == int(cells["demo.trained"][1:]) and "=40+60" in mine.iloc[0]["message"]
    row = portfolio.values[portfolio.values["indicator"] == "demo.trained"].iloc[0]
    assert row["text"] == "=40+60" and row["value"] != row["value"]
    checked = CliRunner().invoke(main, ["check", str(path), "--format", "csv"])
    assert checked.exit_code == 1 and checked.output.count("formula-without-value") == 1, checked.output
    assert not validate(None, path).findings["code"].isin(["bad-number", "text-on-numeric"]).any()


def test_a_programme_workbook_reads_cells_as_a_report_does(programme_book):
    path, wb, cells = programme_book
    ws = wb["values"]
    ws[cells["demo.share"]] = 0.45
    ws[cells["demo.share"]].number_format = "0%"
    ws[cells["demo.law"]] = True
    wb.save(path)
    portfolio = load_portfolio(path)
    values = portfolio.values.set_index("indicator")
    assert (values.at["demo.share", "text"], values.at["demo.share", "value"]) == ("45%", 45.0)
    assert bool(values.at["demo.share", "percent"])
    assert (values.at["demo.law", "text"], values.at["demo.law", "value"]) == ("yes", 1.0)
    assert not (portfolio.load_findings["severity"] == "error").any()


def test_a_programme_workbook_formula_with_a_stored_result_is_read(programme_book):
    path, wb, cells = programme_book
    ws = wb["values"]
    wb.move_sheet(ws, offset=-wb.index(ws))  # first, so that it is sheet1.xml
    ws[cells["demo.trained"]] = "=40+60"
    wb.save(path)
    store_result(path, cells["demo.trained"], "100")
    portfolio = load_portfolio(path)
    found = portfolio.load_findings
    assert codes(found.to_dict("records")) == ["formula-read"]
    row = portfolio.values[portfolio.values["indicator"] == "demo.trained"].iloc[0]
    assert (row["text"], row["value"]) == ("100", 100.0)


def test_a_csv_text_that_starts_with_equals_is_still_text_on_a_numeric_indicator(tmp_path, write):
    """Only a workbook's formula cell is spared text-on-numeric: CSV reading is unchanged."""
    report = tmp_path / "report.csv"
    report.write_text(",".join(HEADER) + "\ndemo,demo.trained,2022-01-01,2022-12-31,=E2+E3,\n", encoding="utf-8")
    found = validate(report, write(DEMO)).findings
    assert list(found.loc[found["severity"] == "error", "code"]) == ["text-on-numeric"]
    assert "formula-without-value" not in set(found["code"])


def test_other_sheets_read_a_formulas_result_and_keep_text_that_starts_with_equals(programme_book):
    """The programme, results and indicators sheets read a formula's stored result (none: empty, with the
    error formula-without-value at its cell, as on the values sheet), and a text cell that starts with '=' as
    that text."""
    path, wb, _ = programme_book
    ws = wb["results"]
    header = [c.value for c in ws[1]]
    title = ws.cell(row=2, column=header.index("title") + 1)
    title.value, title.data_type = "=not a formula", "s"
    source = ws.cell(row=2, column=header.index("source") + 1)
    source.value = '="a"&"b"'  # a formula with no stored result: no source, as openpyxl's data_only gives it
    wb.save(path)
    portfolio = load_portfolio(path)
    result = portfolio.results.set_index("result").loc["demo.o1"]
    assert result["title"] == "=not a formula" and result["source"] == ""
    found = portfolio.load_findings
    formulas = found[found["code"] == "formula-without-value"]
    assert list(zip(formulas["sheet"], formulas["line"], formulas["column"], strict=True)) == [("results", 2, "source")]

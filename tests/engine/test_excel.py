"""Programme workbooks: the writer and the loader round-trip the embedded portfolio exactly, and every kind of
bad input is one located finding (sheet, Excel row, column), never a traceback."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from pandas.testing import assert_frame_equal

from mptf.engine.cli.main import main
from mptf.engine.model import TABLES
from mptf.engine.reading.load import load_portfolio
from mptf.engine.rules.checks import check_portfolio
from mptf.reports.workbook import write_workbook

PROVENANCE = ["file", "sheet", "line"]
#: Sort keys of each table; the sort is stable, so rows with the same key keep the order they were read in.
IDS = {
    "programmes": ["programme"],
    "claims": ["programme", "field"],
    "results": ["programme", "result"],
    "indicators": ["programme", "indicator"],
    "targets": ["programme", "indicator"],
    "links": ["programme", "item", "framework", "ref"],
    "values": ["programme", "indicator"],
    "context": ["programme", "statistic", "source"],
}
TJK = "tjk-families-left-behind"


@pytest.fixture(scope="module")
def embedded():
    return load_portfolio()


def comparable(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    return frame.drop(columns=PROVENANCE).sort_values(IDS[table], kind="stable").reset_index(drop=True)


def assert_same_tables(got, expected, programmes=None):
    for table in TABLES:
        want = getattr(expected, table)
        if programmes is not None:
            want = want[want["programme"].isin(programmes)]
        assert_frame_equal(comparable(getattr(got, table), table), comparable(want, table), obj=table)


# -- round trip ----------------------------------------------------------------------------------------------
def test_round_trip_of_the_embedded_portfolio(embedded, tmp_path):
    path = tmp_path / "portfolio.xlsx"
    write_workbook(embedded, path)
    back = load_portfolio(path)
    assert back.load_findings.empty, back.load_findings.to_string()
    assert len(back.programmes) == len(embedded.programmes) == 41
    assert_same_tables(back, embedded)
    # provenance now points into the workbook
    assert set(back.values["file"]) == {str(path)} and set(back.values["sheet"]) == {"values"}
    assert back.values["line"].min() == 2 and set(back.claims["sheet"]) == {"programme"}


def test_round_trip_gives_the_same_check_findings(embedded, tmp_path):
    path = tmp_path / "portfolio.xlsx"
    write_workbook(embedded, path)
    key = ["severity", "code", "programme", "item", "column"]

    def findings(p):
        return check_portfolio(p)[key].sort_values(key).reset_index(drop=True)

    assert_frame_equal(findings(load_portfolio(path)), findings(embedded))


def test_round_trip_of_one_programme(embedded, tmp_path):
    path = tmp_path / f"{TJK}.xlsx"
    write_workbook(embedded, path, [TJK])
    back = load_portfolio(path)
    assert back.load_findings.empty, back.load_findings.to_string()
    assert back.programmes["programme"].tolist() == [TJK]
    assert len(back.values) == 20
    assert_same_tables(back, embedded, [TJK])


def test_writer_rejects_an_unknown_programme(embedded, tmp_path):
    with pytest.raises(ValueError, match="did you mean 'tjk-families-left-behind'"):
        write_workbook(embedded, tmp_path / "x.xlsx", ["tjk-families-left-behnd"])
    assert list(tmp_path.iterdir()) == []


def test_written_workbook_shape(embedded, tmp_path):
    path = tmp_path / "tjk.xlsx"
    write_workbook(embedded, path, [TJK])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["programme", "results", "indicators", "targets", "links", "context", "values"]
    ws = wb["programme"]
    assert [c.value for c in ws[1]] == ["programme", "field", "value", "currency", "source", "quote", "as_of"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert rows[0][:3] == [TJK, "id", TJK]
    budget = [r for r in rows if r[1] == "budget"][0]
    assert budget[2:4] == [2200000, "USD"] and budget[6] == dt.datetime(2021, 6, 30)
    values = wb["values"]
    assert [c.value for c in values[1]] == [
        "programme",
        "indicator",
        "period_start",
        "period_end",
        "value",
        "age",
        "school_type",
        "sex",
        "numerator",
        "denominator",
        "note",
        "source",
        "quote",
    ]
    cells = [[c.value for c in row] for row in values.iter_rows(min_row=2)]
    # numbers where the number says it all ("2,263" reads back as 2,263), the source's text otherwise
    assert ["over 60", 125750, 2263] == [
        next(r[4] for r in cells if r[1] == ind)
        for ind in (
            "tjk-flb.farmer-field-schools",
            "tjk-flb.awareness-reached",
            "tjk-flb.legal-social-protection-support",
        )
    ]


def test_the_write_is_atomic_and_replaces_the_file(embedded, tmp_path):
    path = tmp_path / "tjk.xlsx"
    path.write_text("old")
    write_workbook(embedded, path, [TJK])
    assert [p.name for p in tmp_path.iterdir()] == ["tjk.xlsx"]  # no temporary file left
    assert openpyxl.load_workbook(path).sheetnames[0] == "programme"


def test_budget_is_exact_to_the_cent(tmp_path):
    sheets = minimal_sheets()
    sheets["programme"][6] = ["budget", "USD 2,200,000.07"]
    p = load_portfolio(book(tmp_path / "in.xlsx", sheets))
    write_workbook(p, tmp_path / "out.xlsx")
    back = load_portfolio(tmp_path / "out.xlsx")
    assert back.programmes.loc[0, "budget_cents"] == p.programmes.loc[0, "budget_cents"] == 220_000_007


# -- hand-written workbooks ----------------------------------------------------------------------------------
def book(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def minimal_sheets():
    """The conftest's minimal programme as a workbook (in sheet programme, the budget is in row 7)."""
    return {
        "programme": [
            ["field", "value", "currency", "source", "quote", "as_of"],
            ["id", "demo"],
            ["title", "Demo programme"],
            ["countries", "TJK"],
            ["thematic_area", 2],
            ["status", "funded"],
            ["budget", 1000000],
            ["duration_months", 24],
        ],
        "results": [
            ["id", "level", "parent", "title", "gcm"],
            ["demo.o1", "outcome", None, "Families are more resilient", 7],
        ],
        "indicators": [
            ["id", "result", "name", "measure", "unit"],
            ["demo.o1.trained", "demo.o1", "People trained", "count", "people"],
        ],
        "values": [
            ["programme", "indicator", "period_end", "value"],
            ["demo", "demo.o1.trained", dt.date(2023, 9, 30), 100],
        ],
    }


def load_findings(path):
    return load_portfolio(path).load_findings


def only(findings, code):
    rows = findings[findings["code"] == code]
    assert len(rows) == 1, findings[["code", "sheet", "line", "column", "message"]].to_string()
    return rows.iloc[0]


def where(finding):
    return finding["sheet"], (None if pd.isna(finding["line"]) else int(finding["line"])), finding["column"]


def test_a_hand_written_workbook_reads_as_its_yaml(tmp_path, write, minimal):
    from_yaml = load_portfolio(write(minimal))
    from_book = load_portfolio(book(tmp_path / "demo.xlsx", minimal_sheets()))
    assert from_book.load_findings.empty, from_book.load_findings.to_string()
    assert_same_tables(from_book, from_yaml)
    assert from_book.results.loc[0, "declared_parent"] is None and from_book.results.loc[0, "parent"] is None
    assert from_book.values.loc[0, "line"] == 2 and from_book.results.loc[0, "sheet"] == "results"


def test_missing_sheet(tmp_path):
    sheets = minimal_sheets()
    del sheets["indicators"]
    p = load_portfolio(book(tmp_path / "w.xlsx", sheets))
    finding = only(p.load_findings, "missing-sheet")
    assert finding["severity"] == "fatal" and where(finding) == ("indicators", None, "")
    assert "add a sheet named 'indicators'" in finding["hint"]
    assert p.programmes.empty  # an unusable workbook yields nothing but the finding


def test_missing_column(tmp_path):
    sheets = minimal_sheets()
    sheets["indicators"] = [row[:3] + row[4:] for row in sheets["indicators"]]
    assert sheets["indicators"][0] == ["id", "result", "name", "unit"]
    finding = only(load_findings(book(tmp_path / "w.xlsx", sheets)), "missing-column")
    assert finding["severity"] == "fatal" and where(finding) == ("indicators", 1, "measure")


def test_unknown_column_with_did_you_mean(tmp_path):
    sheets = minimal_sheets()
    sheets["indicators"][0][4] = "unti"
    findings = load_findings(book(tmp_path / "w.xlsx", sheets))
    finding = only(findings, "unknown-key")
    assert where(finding) == ("indicators", 1, "unti")
    assert "did you mean 'unit'?" in finding["message"]
    assert finding["severity"] == "error"


def test_a_column_with_values_and_no_header_is_named(tmp_path):
    sheets = minimal_sheets()
    sheets["indicators"][0].append(None)
    sheets["indicators"][1].append("kept aside")
    finding = only(load_findings(book(tmp_path / "w.xlsx", sheets)), "unnamed-column")
    assert where(finding) == ("indicators", 1, "#6") and finding["severity"] == "error"
    assert finding["message"] == "column 6 of sheet 'indicators' holds values but has no header"


def test_text_where_a_number_belongs(tmp_path):
    sheets = minimal_sheets()
    sheets["programme"][6] = ["budget", "two million"]
    p = load_portfolio(book(tmp_path / "w.xlsx", sheets))
    finding = only(p.load_findings, "bad-number")
    # the row is the budget row; the column names the field (the cell is in the 'value' column)
    assert where(finding) == ("programme", 7, "budget")
    assert finding["programme"] == "demo" and "two million" in finding["message"]
    assert pd.isna(p.programmes.loc[0, "budget_cents"])


def test_impossible_date(tmp_path):
    sheets = minimal_sheets()
    sheets["targets"] = [["indicator", "value", "date"], ["demo.o1.trained", "at least 500", "31/02/2021"]]
    p = load_portfolio(book(tmp_path / "w.xlsx", sheets))
    finding = only(p.load_findings, "bad-date")
    assert where(finding) == ("targets", 2, "date")
    assert finding["item"] == "demo.o1.trained" and "day/month or month/day" in finding["hint"]
    target = p.targets.iloc[0]
    assert (target["value"], target["bound"], target["text"]) == (500.0, "≥", "at least 500")
    assert pd.isna(target["date"])


def test_gcm_objective_24(tmp_path):
    sheets = minimal_sheets()
    sheets["results"][1][4] = 24
    findings = check_portfolio(load_portfolio(book(tmp_path / "w.xlsx", sheets)))
    finding = only(findings, "unknown-gcm-objective")
    assert where(finding) == ("results", 2, "gcm") and finding["item"] == "demo.o1"


def test_not_an_xlsx_file(tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_text("programme,indicator\nthis is a CSV file\n")
    p = load_portfolio(path)
    finding = only(p.load_findings, "unreadable-file")
    assert finding["severity"] == "fatal" and where(finding) == ("", None, "")
    assert finding["file"] == str(path) and "not an Excel workbook" in finding["message"]


def test_values_sheet_reads_figures_by_the_indicators_measure(tmp_path):
    sheets = minimal_sheets()
    sheets["indicators"].append(["demo.o1.law", "demo.o1", "Law adopted", "yes-no", None])
    sheets["indicators"].append(["demo.o1.story", "demo.o1", "Change story", "qualitative", None])
    sheets["values"] += [
        ["demo", "demo.o1.law", dt.date(2023, 9, 30), "yes"],
        ["demo", "demo.o1.story", dt.date(2023, 9, 30), "families report fewer debts"],
        ["demo", "demo.o1.trained", dt.date(2023, 9, 30), "many"],  # a count: text, judged by the verdict
    ]
    p = load_portfolio(book(tmp_path / "w.xlsx", sheets))
    assert p.values["value"].tolist()[:2] == [100.0, 1.0] and p.values["value"].iloc[2:].isna().all()
    assert p.values["bound"].tolist() == ["=", "=", None, None]
    assert p.values["text"].tolist() == ["100", "yes", "families report fewer debts", "many"]
    assert "bad-number" not in set(p.load_findings["code"])  # read, not judged, as a report's cells are
    assert where(only(p.verdict.findings, "text-on-numeric")) == ("values", 5, "value")


def test_several_programmes_need_the_programme_column(tmp_path):
    sheets = minimal_sheets()
    sheets["programme"] += [["id", "other"], ["countries", "PHL"]]
    findings = load_findings(book(tmp_path / "w.xlsx", sheets))
    assert findings["code"].tolist() == ["missing-column", "missing-column"]
    assert [where(f) for _, f in findings.iterrows()] == [("results", 1, "programme"), ("indicators", 1, "programme")]


# -- the CLI -------------------------------------------------------------------------------------------------
def test_check_a_workbook_exits_0_1_2(tmp_path):
    runner = CliRunner()
    clean = book(tmp_path / "clean.xlsx", minimal_sheets())
    assert runner.invoke(main, ["check", str(clean)]).exit_code == 0

    sheets = minimal_sheets()
    sheets["results"][1][4] = 24
    errors = runner.invoke(main, ["check", str(book(tmp_path / "errors.xlsx", sheets)), "--format", "csv"])
    assert errors.exit_code == 1 and "unknown-gcm-objective" in errors.output

    del sheets["results"]
    unusable = runner.invoke(main, ["check", str(book(tmp_path / "unusable.xlsx", sheets))])
    assert unusable.exit_code == 2 and "missing-sheet" in unusable.output and "Traceback" not in unusable.output


def test_merged_cells_in_a_programme_workbook_are_named(tmp_path):
    sheets = minimal_sheets()
    sheets["results"].insert(0, ["Results of the demo programme"])
    path = book(tmp_path / "w.xlsx", sheets)
    wb = openpyxl.load_workbook(path)
    wb["results"].merge_cells("A1:E1")
    wb["indicators"].merge_cells("B2:B3")
    wb.save(path)
    findings = load_findings(path)
    merged = findings[findings["code"] == "merged-cells"]
    assert sorted(zip(merged["sheet"], merged["line"], strict=True)) == [("indicators", 2), ("results", 1)]
    title = merged[merged["sheet"] == "results"].iloc[0]
    assert "A1:E1" in title["message"] and "a title above the header" in title["message"]
    assert (findings["severity"] == "fatal").any()  # the title row hides the header: nothing else is read

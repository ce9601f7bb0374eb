"""Past ``COMMENT_LIMIT`` marked cells the annotated copy has no comments: the cells are coloured and the findings
sheet names and links each one (a comment per cell made a 150,000-finding copy take hours)."""

import openpyxl
import pytest

import mptf.reports.annotate as annotate_module
from mptf.engine.rules.validate import validate
from mptf.reports.annotate import FINDINGS_SHEET, annotate

ROWS = "programme,indicator,period_start,period_end,value\n"
ROW = "chl-mex-local-integration,chl-mex.regional-exchange-countries,{d},{d},N/A {i}\n"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_many_findings_are_listed_not_commented(tmp_path, monkeypatch, kind):
    report = tmp_path / "r.csv"
    report.write_text(ROWS + "".join(ROW.format(d=f"2020-01-{i + 1:02d}", i=i) for i in range(5)), encoding="utf-8")
    if kind == "xlsx":
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "values"
        for r, line in enumerate(report.read_text().splitlines(), start=1):
            for c, text in enumerate(line.split(","), start=1):
                ws.cell(row=r, column=c).value = text
        report = tmp_path / "r.xlsx"
        book.save(report)
    findings = validate(report).findings
    assert list(findings["code"]) == ["text-on-numeric"] * 5
    monkeypatch.setattr(annotate_module, "COMMENT_LIMIT", 4)
    assert annotate(report, findings, tmp_path / "many.xlsx") == 5
    copy = openpyxl.load_workbook(tmp_path / "many.xlsx")
    values = copy["values"]
    cells = [values[f"E{r}"] for r in range(2, 7)]
    assert all(c.comment is None and c.fill.fgColor.rgb == "00FFC7CE" for c in cells)
    listed = list(copy[FINDINGS_SHEET].iter_rows(min_row=2))
    assert [row[2].value for row in listed] == [f"E{r}" for r in range(2, 7)]
    assert all(row[2].hyperlink is not None and row[2].hyperlink.location.endswith(row[2].value) for row in listed)
    monkeypatch.setattr(annotate_module, "COMMENT_LIMIT", 5)
    annotate(report, findings, tmp_path / "few.xlsx")
    few = openpyxl.load_workbook(tmp_path / "few.xlsx")["values"]
    assert all("text-on-numeric" in few[f"E{r}"].comment.text for r in range(2, 7))

"""The report reader and its CSV cells (engine/reading/csv_cells.py): every line of a CSV keeps its number, whichever
of the two readers reads it.

pyarrow reads most files; a file it would number wrongly (blank lines, cells spanning lines) or cannot read
goes to pandas' C reader. Both must give the same cells, and findings must point at the right line.
"""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from mptf.engine.reading.csv_cells import _arrow_csv
from mptf.engine.reading.report import read_report

HEADER = "programme,indicator,period_start,period_end,value,sex,note"


def read(tmp_path, text: str | bytes):
    path = tmp_path / "report.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_report(path)


def row(value: str, line_note: str = "") -> str:
    return f"p,p.i,2022-01-01,2022-12-31,{value},,{line_note}"


def lines_and_values(report) -> list[tuple[int, str]]:
    return list(zip(report.values["line"].tolist(), report.values["text"].astype(str).tolist(), strict=True))


def test_a_plain_file_keeps_each_rows_line(tmp_path):
    report = read(tmp_path, "\n".join([HEADER, row("5"), row(" 12 "), row("7")]) + "\n")
    assert lines_and_values(report) == [(2, "5"), (3, "12"), (4, "7")]
    assert report.values["value"].tolist() == [5.0, 12.0, 7.0] and report.rows == 3


def test_blank_lines_and_rows_of_empty_cells_are_skipped_without_shifting_lines(tmp_path):
    report = read(tmp_path, "\n".join([HEADER, row("5"), "", row("6"), ",,,,,,", row("7")]))
    assert lines_and_values(report) == [(2, "5"), (4, "6"), (6, "7")]


def test_windows_line_ends_and_a_byte_order_mark(tmp_path):
    text = "\ufeff" + "\r\n".join([HEADER, row("5"), row("6")]) + "\r\n"
    report = read(tmp_path, text)
    assert lines_and_values(report) == [(2, "5"), (3, "6")] and report.findings.rows == []


def test_a_cell_spanning_two_lines_moves_the_next_rows_line(tmp_path):
    report = read(tmp_path, "\n".join([HEADER, row("5", '"first\nsecond"'), row("N/A")]) + "\n")
    assert lines_and_values(report) == [(2, "5"), (4, "N/A")]
    assert report.values["note"].tolist() == ["first\nsecond", ""]


def test_a_line_with_more_cells_than_the_header_is_named(tmp_path):
    report = read(tmp_path, "\n".join([HEADER, row("5"), row("6") + ",extra"]) + "\n")
    assert [(f["code"], f["line"]) for f in report.findings.rows] == [("unreadable-file", 3)]
    assert not report.usable


def test_a_file_that_is_not_utf8_is_refused_with_the_fix(tmp_path):
    report = read(tmp_path, ("\n".join([HEADER, row("5", "Bogotá")]) + "\n").encode("latin-1"))
    assert [f["code"] for f in report.findings.rows] == ["unreadable-file"]
    assert "CSV UTF-8" in report.findings.rows[0]["hint"]


def test_a_semicolon_or_tab_separated_file_is_refused_with_the_fix(tmp_path):
    for separator, word in ((";", "semicolons"), ("\t", "tabs")):
        report = read(tmp_path, "\n".join([HEADER.replace(",", separator), row("1,5").replace(",", separator)]))
        assert [(f["code"], f["line"]) for f in report.findings.rows] == [("unreadable-file", 1)]
        assert word in report.findings.rows[0]["message"]
        assert "CSV UTF-8 (comma delimited)" in report.findings.rows[0]["hint"]


CELL = st.lists(st.sampled_from(list('ab 1,."\n;é') + ["\r\n"]), max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=6))
def test_pyarrow_reads_the_same_cells_as_the_c_reader(tmp_path_factory, records):
    body = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in r) for r in [["a", "b", "c"], *records])
    data = (body + "\n").encode("utf-8")
    arrow = _arrow_csv(data)
    path = tmp_path_factory.mktemp("csv") / "r.csv"
    path.write_bytes(data)
    c = pd.read_csv(path, header=None, dtype=str, keep_default_na=False, skip_blank_lines=False).fillna("")
    assert arrow is not None
    assert [[str(x) for x in r] for r in arrow.itertuples(index=False)] == c.values.tolist()


def test_a_csv_renamed_xlsx_is_refused_as_the_portfolio_loader_refuses_it(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_text(HEADER + "\n" + row("5") + "\n", encoding="utf-8")
    report = read_report(path)
    assert [(f["code"], f["file"]) for f in report.findings.rows] == [("unreadable-file", str(path))]
    assert report.findings.rows[0]["message"].startswith("not an Excel workbook (.xlsx): BadZipFile")
    assert "renamed .xlsx cannot be read" in report.findings.rows[0]["hint"]


def test_a_column_with_values_and_no_header_is_named(tmp_path):
    report = read(tmp_path, HEADER + ",\n" + row("5") + ",female\n")
    found = report.findings.frame()
    assert found[["code", "line", "column"]].values.tolist() == [["unnamed-column", 1, "#8"]]
    assert found["message"].iloc[0] == "column 8 of the table holds values but has no header"
    assert lines_and_values(report) == [(2, "5")]

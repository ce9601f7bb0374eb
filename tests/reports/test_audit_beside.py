"""An audit with more contributions than a sheet should hold writes them as Parquet beside the workbook: the
same rows, the sheet naming the file, and the JSON lineage naming it with each figure's number of parts."""

import json

import openpyxl
import pandas as pd

from mptf.engine.reading.load import load_portfolio
from mptf.engine.trace import orphans, trace_rollup
from mptf.reports.audit import beside, write_audit


def test_long_tables_go_beside_the_workbook_with_the_same_rows(tmp_path):
    portfolio = load_portfolio()
    audit, lost = trace_rollup(portfolio, ["thematic-area"]), orphans(portfolio)
    limit = min(len(audit.parts), len(lost)) - 1
    xlsx, lineage = write_audit(audit, tmp_path / "audit.xlsx", None, lost, portfolio.files, sheet_rows=limit)
    parts_file, orphans_file = beside(xlsx, "contributions"), beside(xlsx, "orphans")
    assert parts_file.name == "audit.contributions.parquet" and orphans_file.name == "audit.orphans.parquet"
    parts = pd.read_parquet(parts_file)
    assert len(parts) == len(audit.parts) and list(parts.columns) == [str(c) for c in audit.parts.columns]
    assert parts["line"].tolist() == audit.parts["line"].tolist()
    pd.testing.assert_series_equal(parts["value"], audit.parts["value"].reset_index(drop=True), check_dtype=False)
    assert len(pd.read_parquet(orphans_file)) == len(lost)
    book = openpyxl.load_workbook(xlsx, read_only=True)
    rows = list(book["contributions"].iter_rows(values_only=True))
    assert rows == [("rows", "file", "note"), (len(audit.parts), parts_file.name, "more rows than a sheet should hold")]
    doc = json.loads(lineage.read_text(encoding="utf-8"))
    assert all("parts" not in f and f["parts_file"] == parts_file.name for f in doc["figures"])
    assert sum(f["parts_rows"] for f in doc["figures"]) == len(audit.parts)
    per_figure = parts.groupby("figure").size()
    assert all(per_figure.get(f["id"], 0) == f["parts_rows"] for f in doc["figures"])


def test_short_tables_stay_in_the_workbook(tmp_path):
    portfolio = load_portfolio()
    audit = trace_rollup(portfolio, ["thematic-area"])
    xlsx, lineage = write_audit(audit, tmp_path / "audit.xlsx", None, orphans(portfolio), portfolio.files)
    assert not beside(xlsx, "contributions").exists()
    rows = list(openpyxl.load_workbook(xlsx, read_only=True)["contributions"].iter_rows(values_only=True))
    assert len(rows) == len(audit.parts) + 1
    assert all("parts" in f for f in json.loads(lineage.read_text(encoding="utf-8"))["figures"])

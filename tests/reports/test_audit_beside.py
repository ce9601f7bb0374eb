"""An audit with more contributions than a sheet should hold writes them as Parquet beside the workbook: the
same rows, the sheet naming the file, and the JSON lineage naming it with each figure's number of parts."""

import json

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from mptf.engine.reading.load import load_portfolio
from mptf.engine.trace import orphans, trace_rollup
from mptf.engine.trace.orphans import Orphans, orphan_table
from mptf.reports.audit import LongTable, beside, write_audit


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


def test_contributions_traced_chunk_by_chunk_are_written_as_they_come(tmp_path):
    """The export's path: the parts go to the Parquet file as they are traced, in row groups, and the files
    are those of the audit held whole."""
    portfolio = load_portfolio()
    whole, lost = trace_rollup(portfolio, ["gcm", "year"]), orphans(portfolio)
    limit = len(whole.parts) // 3
    held = write_audit(whole, tmp_path / "held.xlsx", None, lost, portfolio.files, sheet_rows=limit)
    with LongTable(tmp_path / "streamed.xlsx", sheet_rows=limit, group_rows=limit) as sink:
        streamed = trace_rollup(portfolio, ["gcm", "year"], sink=sink, rows=40)
        assert sink.written and not beside(tmp_path / "streamed.xlsx", "contributions").exists()  # not before the end
        written = write_audit(streamed, tmp_path / "streamed.xlsx", None, lost, portfolio.files, parts=sink)
    table = pq.ParquetFile(beside(written[0], "contributions"))
    assert table.metadata.num_row_groups > 1
    pd.testing.assert_frame_equal(table.read().to_pandas(), pd.read_parquet(beside(held[0], "contributions")))
    doc = json.loads(written[1].read_text(encoding="utf-8"))
    assert doc["figures"] == [
        {**f, "parts_file": "streamed.contributions.parquet"}
        for f in json.loads(held[1].read_text(encoding="utf-8"))["figures"]
    ]
    sheets = openpyxl.load_workbook(written[0], read_only=True)
    assert table.metadata.num_rows == len(whole.parts)
    assert list(sheets["contributions"].iter_rows(values_only=True))[1][:2] == (
        len(whole.parts),
        "streamed.contributions.parquet",
    )


def test_a_failed_export_leaves_no_contributions_file(tmp_path):
    portfolio = load_portfolio()
    with pytest.raises(RuntimeError), LongTable(tmp_path / "audit.xlsx", sheet_rows=10) as sink:
        trace_rollup(portfolio, ["thematic-area"], sink=sink)
        raise RuntimeError("the workbook could not be written")
    assert list(tmp_path.iterdir()) == []


def test_few_contributions_traced_chunk_by_chunk_stay_in_the_workbook(tmp_path):
    portfolio = load_portfolio()
    with LongTable(tmp_path / "audit.xlsx") as sink:
        audit = trace_rollup(portfolio, ["thematic-area"], sink=sink, rows=10)
        xlsx, lineage = write_audit(audit, tmp_path / "audit.xlsx", None, None, portfolio.files, parts=sink)
    assert not sink.written and not beside(xlsx, "contributions").exists()
    rows = list(openpyxl.load_workbook(xlsx, read_only=True)["contributions"].iter_rows(values_only=True))
    assert len(rows) == sink.rows + 1 == len(trace_rollup(portfolio, ["thematic-area"]).parts) + 1
    assert sum(len(f["parts"]) for f in json.loads(lineage.read_text(encoding="utf-8"))["figures"]) == sink.rows


def test_orphans_held_as_positions_write_what_the_table_writes(tmp_path):
    """The export keeps the orphans as positions and writes them a chunk at a time: the same sheet, or the
    same file beside the workbook, as the orphans table; none gives the sheet's header alone."""
    portfolio = load_portfolio()
    audit, frame, table = trace_rollup(portfolio, ["thematic-area"]), orphans(portfolio), orphan_table(portfolio)
    none = Orphans(table.values, table.files, table.vid[:0], table.told[:0], table.said)
    for name, limit, lost, other in (
        ("file", len(frame) - 1, table, frame),
        ("sheet", len(frame), table, frame),
        ("none", 10, none, frame.iloc[0:0]),
    ):
        mine = write_audit(audit, tmp_path / f"{name}.xlsx", None, lost, portfolio.files, sheet_rows=limit)[0]
        theirs = write_audit(audit, tmp_path / f"{name}-frame.xlsx", None, other, portfolio.files, sheet_rows=limit)[0]
        sheets = [
            list(openpyxl.load_workbook(x, read_only=True)["orphans"].iter_rows(values_only=True))
            for x in (mine, theirs)
        ]
        files = [beside(x, "orphans").name for x in (mine, theirs)]
        assert [[files[0] if c == files[1] else c for c in row] for row in sheets[1]] == [list(r) for r in sheets[0]]
        assert beside(mine, "orphans").exists() == (name == "file")
        if name == "file":
            pd.testing.assert_frame_equal(
                pd.read_parquet(beside(mine, "orphans")), pd.read_parquet(beside(theirs, "orphans"))
            )
            assert sheets[0][1][0] == len(frame)
        if name == "none":
            assert sheets[0] == [tuple(frame.columns)]

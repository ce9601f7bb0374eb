"""Write a synthetic portfolio to a directory, in the normal input formats and as Parquet.

Layout of ``DIR`` (``docs/benchmarks.md``):

- ``programmes/``: one programme file (YAML) per programme: the framework alone;
- ``report.csv``, ``report.parquet`` (and ``report.xlsx``, a ``values`` sheet, up to :data:`XLSX_ROWS` rows):
  the report, for ``mptf validate REPORT --portfolio DIR/programmes``;
- ``portfolio/``: the programme files and the report as ``values.csv`` (hard links where the file system
  allows), for the commands that read values from a portfolio: ``mptf rollup DIR/portfolio``, ``mptf trace
  export --portfolio DIR/portfolio``;
- ``framework/``: the framework's tables as Parquet (``programmes``, ``indicators``);
- ``expected_findings.csv``: the planted errors (``code, severity, row, line, column, programme, indicator``;
  ``row`` counts the report's rows from 1, as in Parquet; ``line`` is the CSV line, the header being line 1);
- ``synth.json``: the parameters, the counts and the reference date to run the commands with (``as_of``).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd

from mptf.engine.synth.framework import FIRST_YEAR, framework, programme_yaml
from mptf.engine.synth.values import DIMENSIONS, Report, make_report, targets

__all__ = ["XLSX_ROWS", "arrow_table", "synth"]

#: A report is also written as a workbook up to this many rows (openpyxl writes some 20,000 rows a second).
XLSX_ROWS = 50_000
COLUMNS = ("programme", "indicator", "period_start", "period_end", "value", *DIMENSIONS)


def arrow_table(report: Report):
    """The report as a pyarrow table of dictionary-encoded text columns (:data:`COLUMNS`)."""
    import pyarrow as pa

    arrays = [
        pa.DictionaryArray.from_arrays(pa.array(report.codes[c], pa.int32()), pa.array(report.texts[c], pa.string()))
        for c in COLUMNS
    ]
    return pa.table(arrays, names=list(COLUMNS))


def synth(out: Path, n_programmes: int, n_values: int, seed: int = 1, share: float = 0.001) -> dict:
    """Generate and write a portfolio of ``n_programmes`` programmes and a report of ``n_values`` values into
    ``out`` (created; files already there are replaced); returns what ``synth.json`` holds."""
    from mptf.reports.cells import csv_text, dangerous, save_text, write_atomically

    programmes, indicators = framework(n_programmes, seed)
    report = make_report(indicators, n_values, share, seed)
    unsafe = [t for c in COLUMNS for t in report.texts[c] if dangerous(t)]
    if unsafe:  # the report is written as it is, not through the cell writer: it must hold no formula
        raise ValueError(f"synthetic cells a spreadsheet would run: {unsafe[:3]}")
    periods = report.periods
    last = pd.Period(f"{FIRST_YEAR}-01", freq="M") + (periods - 1)
    end = f"{max(last.year + 1, FIRST_YEAR + 9)}-12-31"
    as_of = f"{last.year + 1}-01-01"
    goals = targets(indicators, periods)

    out.mkdir(parents=True, exist_ok=True)
    folder = out / "programmes"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    mine = indicators.groupby("programme", sort=False)
    for row in programmes.itertuples(index=False):
        text = programme_yaml(pd.Series(row._asdict()), mine.get_group(row.programme), goals, end)
        save_text(text, folder / f"{row.programme}.yaml")

    table = arrow_table(report)
    _write_csv(table, out / "report.csv", write_atomically)
    _write_parquet(table, out / "report.parquet", write_atomically)
    if report.rows <= XLSX_ROWS:
        _write_xlsx(report, out / "report.xlsx")
    _link_portfolio(out)
    (out / "framework").mkdir(exist_ok=True)
    import pyarrow as pa

    facts = programmes.assign(countries=programmes["countries"].map(" ".join))
    _write_parquet(pa.Table.from_pandas(facts, preserve_index=False), out / "framework/programmes.parquet",
                   write_atomically)  # fmt: skip
    _write_parquet(pa.Table.from_pandas(indicators, preserve_index=False), out / "framework/indicators.parquet",
                   write_atomically)  # fmt: skip
    expected = report.expected
    save_text(csv_text(expected), out / "expected_findings.csv")
    info = {
        "programmes": n_programmes,
        "indicators": len(indicators),
        "values": report.rows,
        "periods": periods,
        "seed": seed,
        "share": share,
        "as_of": as_of,
        "planted": {k: int(v) for k, v in expected["code"].value_counts().sort_index().items()},
    }
    save_text(json.dumps(info, indent=2) + "\n", out / "synth.json")
    return info


def _write_csv(table, path: Path, write_atomically) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    plain = pa.schema([(name, pa.string()) for name in table.schema.names])

    def write(handle) -> None:
        options = pacsv.WriteOptions(quoting_style="needed")
        with pacsv.CSVWriter(handle, plain, write_options=options) as sink:
            for batch in table.to_batches(max_chunksize=500_000):
                sink.write_batch(pa.record_batch([c.dictionary_decode() for c in batch.columns], schema=plain))

    write_atomically(path, write)


def _write_parquet(table, path: Path, write_atomically) -> None:
    import pyarrow.parquet as pq

    write_atomically(path, lambda handle: pq.write_table(table, handle))


def _write_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook

    from mptf.reports.cells import append_cells, save_workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("values")
    append_cells(sheet, list(COLUMNS))
    columns = [report.column(c) for c in COLUMNS]
    for i in range(report.rows):
        append_cells(sheet, [str(col[i]) if col[i] != "" else None for col in columns])
    save_workbook(book, path)


def _link_portfolio(out: Path) -> None:
    """``out/portfolio``: the programme files and the report as ``values.csv``, hard-linked (copied if not)."""
    folder = out / "portfolio"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    pairs = [(p, folder / p.name) for p in sorted((out / "programmes").glob("*.yaml"))]
    pairs.append((out / "report.csv", folder / "values.csv"))
    for source, target in pairs:
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)

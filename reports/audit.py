"""The audit export (``mptf trace export``): every figure of a rollup with the rows it is made of, as a workbook
and as a JSON lineage file, so that an auditor can recheck the whole rollup offline.

The workbook has a ``figures`` sheet (one row per figure: its id, group, value, bound, rule, and its
recomputation from its parts), a ``contributions`` sheet (one row per reported value and figure, naming the
figure by id, with the rule applied and its provenance: file, sheet, line, the file's sha256, source, quote),
an ``orphans`` sheet (values that reach no figure, and why) and a ``files`` sheet (every file read, with its
sha256). The JSON file holds the same lineage as ``{figures: [{id, group, common, value, bound, display, rule,
..., parts: [...]}]}``. Both are written to a temporary file next to the target and moved into place; the
portfolio read is never written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from mptf.frameworks.documents import installed_file

from .cells import atomic_file, save_text, save_workbook
from .names import with_names
from .workbook import _sheet

__all__ = [
    "BUDGET_FIGURE_COLUMNS",
    "FIGURE_COLUMNS",
    "SHEET_ROWS",
    "beside",
    "budget_lineage",
    "lineage",
    "LongTable",
    "write_audit",
]

#: A table of more rows than this (contributions, orphans, budget parts) is written as Parquet beside the workbook
#: (:func:`beside`), its sheet saying where: a sheet holds at most 1,048,576 rows, and a workbook is held in
#: memory while it is written (some hundreds of bytes a cell), so a million contributions would take gigabytes.
SHEET_ROWS = 100_000
_LONG = "more rows than a sheet should hold"


def beside(xlsx: str | Path, sheet: str) -> Path:
    """The Parquet file holding sheet ``sheet`` of workbook ``xlsx`` when it is too long for the workbook:
    ``audit.xlsx``'s contributions are ``audit.contributions.parquet``."""
    xlsx = Path(xlsx)
    return xlsx.with_name(f"{xlsx.stem}.{sheet.replace(' ', '-')}.parquet")


class LongTable:
    """A table of the audit written as it comes, chunk by chunk (the contributions are the ``sink`` of
    :func:`~mptf.engine.trace.trace_rollup`): held in memory up to ``sheet_rows`` rows, then written to the
    Parquet file beside the workbook (:func:`beside`) in row groups of about ``group_rows`` rows, under a
    temporary name that replaces the file when the ``with`` block ends without error. ``rows``: how many came;
    ``counts``: how many per ``figure`` (when the rows name one); ``frame``: those held (all of them unless
    ``written``; ``None`` when none came)."""

    def __init__(
        self, xlsx: str | Path, name: str = "contributions", sheet_rows: int = SHEET_ROWS, group_rows: int = 1_000_000
    ) -> None:
        self.name, self.path, self.sheet_rows, self.group_rows = name, beside(xlsx, name), sheet_rows, group_rows
        self.rows, self.counts, self.held = 0, {}, []
        self._stack = contextlib.ExitStack()
        self._writer, self._tables = None, []

    def __enter__(self) -> LongTable:
        return self

    def __exit__(self, kind, err, tb) -> None:
        try:
            if self._writer is not None:
                if kind is None:
                    self._write()
                self._writer.close()
        except BaseException as failed:
            self._stack.__exit__(type(failed), failed, failed.__traceback__)
            raise
        self._stack.__exit__(kind, err, tb)  # the file replaces its target only when nothing failed

    @property
    def written(self) -> bool:
        return self._writer is not None

    @property
    def frame(self) -> pd.DataFrame | None:
        if len(self.held) > 1:  # joined once, whoever asks
            self.held = [pd.concat(self.held, ignore_index=True)]
        return self.held[0] if self.held else None

    def __call__(self, rows: pd.DataFrame) -> None:
        self.rows += len(rows)
        if "figure" in rows:
            self.counts.update(rows.groupby("figure", sort=False).size().to_dict())
        if self._writer is None:
            self.held.append(rows)
            if self.rows > self.sheet_rows:
                self._open()
        else:
            self._tables.append(_arrow(rows).cast(self._writer.schema))
        if self._writer is not None and sum(len(t) for t in self._tables) >= self.group_rows:
            self._write()

    def _open(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        first = _arrow(self.held[0]).schema  # a column with no value in the first chunk is text
        schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in first])
        self._writer = pq.ParquetWriter(self._stack.enter_context(atomic_file(self.path)), schema)
        self._tables = [_arrow(frame).cast(schema) for frame in self.held]
        self.held = []

    def _write(self) -> None:
        import pyarrow as pa

        if self._tables:  # chunks as they came, written in row groups of ``group_rows`` (no copy of the rows)
            self._writer.write_table(pa.concat_tables(self._tables), row_group_size=self.group_rows)
        self._tables = []

    def sheet(self, book: Workbook, empty: pd.DataFrame | None = None) -> str | None:
        """Sheet ``name`` of ``book``: the rows held (``empty``'s columns when none came), or, once they went
        to the file, a row naming it; returns the file's name, or ``None``."""
        if self.written:
            _sheet(book, self.name, ["rows", "file", "note"], [[self.rows, self.path.name, _LONG]])
            return self.path.name
        frame = self.frame if self.held else empty
        _sheet(book, self.name, list(frame.columns), _rows(frame, list(frame.columns)))
        return None


#: Columns of the figures sheet after the group columns.
FIGURE_COLUMNS: tuple[str, ...] = (
    "common",
    "name",
    "measure",
    "across",
    "display",
    "value",
    "bound",
    "rule",
    "programmes",
    "in_scope",
    "not_reporting",
    "rows",
    "contributors",
    "recomputed_display",
    "matches",
)


def _cell(value: object) -> object:
    """A DataFrame value as a workbook cell or JSON value (None for missing, dates as dates, numbers plain)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if hasattr(value, "item"):
        return value.item()
    return value


def _json_value(value: object) -> object:
    value = _cell(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def _link_columns(by: list[str], figures: pd.DataFrame) -> list[str]:
    """The link kind, dispute and area-mapping columns of the GCM/SDG groups (see docs/rollup.md)."""
    return [f"{d}_{c}" for d in by for c in ("link", "disputed", "mapping") if f"{d}_{c}" in figures.columns]


def _figure_header(by: list[str], figures: pd.DataFrame | None = None) -> list[str]:
    links = _link_columns(by, figures) if figures is not None else []
    groups = [c for d in by for c in (d, f"{d}_name") if c == d or (figures is not None and c in figures.columns)]
    return ["id", *groups, *links, *FIGURE_COLUMNS]


def lineage(audit, files: pd.DataFrame, parts_file: str | None = None, counts: dict | None = None) -> dict:
    """The JSON lineage of an :class:`~mptf.engine.trace.Audit`: each figure with its parts; with ``parts_file``
    (the parts written beside it), each figure names that file and its number of rows there (``parts_rows``,
    from ``counts`` when given: figure id → rows) instead of listing them."""
    parts = {} if parts_file else {fid: frame for fid, frame in audit.parts.groupby("figure", sort=False)}
    if parts_file and counts is None:
        counts = audit.parts.groupby("figure", sort=False).size().to_dict()
    figures = []
    for fig in audit.figures.to_dict("records"):
        mine = parts.get(fig["id"], audit.parts.iloc[0:0])
        figures.append(
            {
                "id": fig["id"],
                "group": {d: str(fig[d]) for d in audit.by},
                **{c: fig[c] for c in _link_columns(list(audit.by), audit.figures)},
                **{c: _json_value(fig[c]) for c in FIGURE_COLUMNS if c not in ("recomputed_display", "matches")},
                "recomputed": {
                    "value": _json_value(fig["recomputed_value"]),
                    "bound": _json_value(fig["recomputed_bound"]),
                    "display": fig["recomputed_display"],
                },
                "matches": bool(fig["matches"]),
                **(
                    {"parts_file": parts_file, "parts_rows": int((counts or {}).get(fig["id"], 0))}
                    if parts_file
                    else {
                        "parts": [
                            {k: _json_value(v) for k, v in row.items() if k != "figure"}
                            for row in mine.to_dict("records")
                        ]
                    }
                ),
            }
        )
    all_files = [*_records(files), audit.common_file] if audit.common_file else _records(files)
    return {"by": list(audit.by), "files": all_files, "figures": figures}


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return [[_cell(v) for v in row] for row in frame.reindex(columns=columns).itertuples(index=False)]


#: Columns of the budget figures sheet.
BUDGET_FIGURE_COLUMNS: tuple[str, ...] = (
    "id",
    "dim",
    "group",
    "programmes",
    "funded_programmes",
    "funded_cents",
    "pipeline_cents",
    "total_cents",
    "no_budget",
    "basis",
    "additive",
    "recomputed_funded_cents",
    "recomputed_pipeline_cents",
    "recomputed_total_cents",
    "recomputed_no_budget",
    "matches",
)


def budget_lineage(budgets) -> list[dict]:
    """The JSON lineage of a :class:`~mptf.engine.trace.budget.BudgetAudit`: each budget figure with its parts."""
    parts = {fid: frame for fid, frame in budgets.parts.groupby("figure", sort=False)}
    out = []
    for fig in budgets.figures.to_dict("records"):
        mine = parts.get(fig["id"], budgets.parts.iloc[0:0])
        record = {c: _json_value(fig[c]) for c in BUDGET_FIGURE_COLUMNS if c in fig}
        record["parts"] = [
            {k: _json_value(v) for k, v in row.items() if k not in ("figure", "group")}
            for row in mine.to_dict("records")
        ]
        out.append(record)
    return out


def write_audit(
    audit,
    xlsx: str | Path,
    json_path: str | Path | None = None,
    orphans=None,
    files: pd.DataFrame | None = None,
    budgets=None,
    sheet_rows: int = SHEET_ROWS,
    parts: LongTable | None = None,
) -> tuple[Path, Path]:
    """Write the audit workbook ``xlsx`` and its JSON lineage (default: ``xlsx`` with ``.json``), atomically.

    ``orphans``: a frame, or the :class:`~mptf.engine.trace.orphans.Orphans` a chunk at a time. With
    ``budgets`` (a :class:`~mptf.engine.trace.budget.BudgetAudit`), the budget figures and their parts
    too: sheets ``budget figures`` and ``budget parts``, and ``budgets`` in the JSON. The ``files`` sheet gives
    each file's installed path beside its label (the embedded portfolio's ``embedded/...`` files). A table of
    more than ``sheet_rows`` rows is written as Parquet beside the workbook (:func:`beside`), its sheet naming
    the file; with the contributions there, the JSON names the file instead of listing each figure's parts.
    With ``parts`` (the :class:`LongTable` of an audit traced chunk by chunk), the contributions are those it
    holds, or the file it wrote.

    Returns the workbook's and the JSON file's paths.
    """
    xlsx = Path(xlsx)
    json_path = Path(json_path) if json_path is not None else xlsx.with_suffix(".json")
    files = files if files is not None else pd.DataFrame(columns=["file", "sha256"])
    book = Workbook(write_only=True)
    figures = with_names(audit.figures, list(audit.by))  # each group's name beside its code
    header = _figure_header(list(audit.by), figures)
    _sheet(book, "figures", header, _rows(figures, header))
    if parts is None:
        parts_file = _table(book, "contributions", audit.parts, xlsx, sheet_rows)
    else:
        parts_file = parts.sheet(book, audit.parts)
    if orphans is not None:
        _table(book, "orphans", orphans, xlsx, sheet_rows)
    if budgets is not None:
        columns = list(BUDGET_FIGURE_COLUMNS)
        _sheet(book, "budget figures", columns, _rows(budgets.figures, columns))
        _table(book, "budget parts", budgets.parts, xlsx, sheet_rows)
    file_rows = [[*row, _installed(row[0])] for row in _rows(files, ["file", "sha256"])]
    if audit.common_file:
        file_rows.append([audit.common_file["file"], audit.common_file["sha256"], ""])
    _sheet(book, "files", ["file", "sha256", "path"], file_rows)
    held = None if parts is None else parts.frame
    tree = lineage(audit if held is None else replace(audit, parts=held), files, parts_file,
                   parts.counts if parts is not None else None)  # fmt: skip
    if budgets is not None:
        tree["budgets"] = budget_lineage(budgets)
    text = json.dumps(tree, ensure_ascii=False, indent=2)
    save_workbook(book, xlsx)
    save_text(text, json_path)
    return xlsx, json_path


def _table(book: Workbook, name: str, table, xlsx: Path, sheet_rows: int) -> str | None:
    """Sheet ``name`` of ``table`` (a frame, or what gives one in chunks, ``chunks(rows)``, the first even when
    empty: the orphans' :class:`~mptf.engine.trace.orphans.Orphans`), or, beyond ``sheet_rows`` rows, a Parquet
    file beside the workbook (written a row group at a time) and a sheet naming it; returns that file's name
    (``None`` when the rows are in the sheet)."""
    chunks = table.chunks if hasattr(table, "chunks") else partial(_slices, table)
    with LongTable(xlsx, name, sheet_rows) as long:
        for chunk in chunks(long.group_rows):
            long(chunk)
    return long.sheet(book)


def _slices(frame: pd.DataFrame, rows: int) -> Iterator[pd.DataFrame]:
    for start in range(0, max(len(frame), 1), rows):
        yield frame.iloc[start : start + rows]


def _arrow(frame: pd.DataFrame):
    """``frame`` as a pyarrow table; a column of mixed values (tuples, dates, numbers and text) as text."""
    import pyarrow as pa

    columns = {}
    for name in frame.columns:
        column = frame[name]
        try:
            columns[str(name)] = pa.array(column, from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError):
            columns[str(name)] = pa.array(column.map(_text), pa.string())
    return pa.table(columns)


def _text(value: object) -> str | None:
    value = _json_value(value)
    return None if value is None else str(value)


def _installed(label: object) -> str:
    where = installed_file(label) if isinstance(label, str) else None
    return "" if where is None or str(where) == label else str(where)

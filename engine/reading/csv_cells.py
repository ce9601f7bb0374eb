"""Read a CSV file as text cells, each record with the line it starts on.

pyarrow's multi-threaded reader reads most files, straight into dictionary-encoded (categorical) columns; a
file it would number wrongly (blank lines, cells that span lines) or cannot read goes to pandas' C reader,
which counts lines exactly and has well-known messages. Every problem is a located ``unreadable-file``
finding with its fix, never an exception.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mptf.engine.findings import Findings, Loc
from mptf.indicators.formats import VALUE_REQUIRED as REQUIRED
from mptf.indicators.limits import Limits, TooLarge

__all__ = ["first_long_record", "read_csv_cells"]


def read_csv_cells(
    path: Path, loc: Loc, findings: Findings, limits: Limits | None = None
) -> tuple[list, pd.DataFrame, np.ndarray] | None:
    """Header, text cells (columns by position) and the first line of each record of a CSV file; ``None``, with
    a located finding, when the file cannot be read as a comma-separated UTF-8 table or is beyond ``limits``
    (its size before it is read, its lines before they are parsed, then its columns and its longest cell)."""
    limits = limits or Limits()
    try:
        limits.check_size(path.stat().st_size, "file-mb")
        data = path.read_bytes()
        newlines = data.count(b"\n")
        if newlines - 1 > limits.rows:
            raise TooLarge("the file", f"has {newlines - 1:,} rows", "rows", limits.rows)
    except OSError as err:
        findings.add("unreadable-file", loc, what=f"cannot read the file: {err.strerror}", fix="check the path")
        return None
    except TooLarge as err:
        findings.add("too-large", loc, **err.fields)
        return None
    nul = data.find(b"\x00")
    if nul >= 0:  # UTF-16 without a BOM, a binary file, or a stray NUL that would cut a cell short
        findings.add(
            "unreadable-file",
            loc.at(line=data.count(b"\n", 0, nul) + 1),
            what="the file holds NUL bytes: binary, not UTF-8 text",
            fix="save the table as 'CSV UTF-8 (comma delimited)'",
        )
        return None
    width = _header_width(data)
    if width > limits.columns:  # before parsing: a reader makes a column for each, which is slow for 20,000
        findings.add("too-large", loc.at(line=1), **TooLarge("the file", f"has {width:,} columns", "columns",
                                                             limits.columns, 1).fields)  # fmt: skip
        return None
    shape = _Shape(
        newlines=newlines,
        empty=len(data) <= 3 * data.startswith(b"\xef\xbb\xbf"),
        last_ended=data.endswith(b"\n"),
        quoted=b'"' in data,
    )
    del data  # the reader reads the file itself: the bytes of a large report need not stay in memory beside it
    raw = _parse_csv(path, shape, loc, findings)
    if raw is None:
        return None
    too_large = _beyond(raw, limits)
    if too_large is not None:
        findings.add("too-large", loc.at(line=too_large.line), **too_large.fields)
        return None
    if len(raw) == 0:
        findings.add("unreadable-file", loc, what="the file is empty", fix="write a header line: " + ",".join(REQUIRED))
        return None
    first_line = 1 + np.arange(len(raw), dtype=np.int64)
    if newlines > len(raw):  # a quoted cell spans lines: count them, record by record
        breaks = np.zeros(len(raw), dtype=np.int64)
        for column in raw.columns:
            breaks += raw[column].str.count("\n").to_numpy(dtype=np.int64)
        first_line += np.concatenate([[0], np.cumsum(breaks)[:-1]])
    header = raw.iloc[0].tolist()
    separator = next((s for s in (";", "\t") if len(header) == 1 and s in str(header[0])), None)
    if separator:
        findings.add(
            "unreadable-file",
            loc.at(line=1),
            what=f"the columns are separated by {'semicolons' if separator == ';' else 'tabs'}, not commas",
            fix="save the sheet as 'CSV UTF-8 (comma delimited)', or give the .xlsx workbook itself"
            + (" (a semicolon CSV writes decimal commas: 1,5 would be misread)" if separator == ";" else ""),
        )
        return None
    return header, raw.iloc[1:].reset_index(drop=True), first_line[1:]


def _header_width(data: bytes) -> int:
    """The cells of the first line (0 when it cannot be read as UTF-8 CSV: the parser reports it)."""
    end = data.find(b"\n")
    try:
        return len(next(csv.reader([(data if end < 0 else data[:end]).decode("utf-8-sig")])))
    except (UnicodeDecodeError, StopIteration, csv.Error):
        return 0


def _beyond(raw: pd.DataFrame, limits: Limits) -> TooLarge | None:
    """The first limit the parsed table passes (columns, then the longest cell, by column), or ``None``."""
    if raw.shape[1] > limits.columns:
        return TooLarge("the file", f"has {raw.shape[1]:,} columns", "columns", limits.columns, 1)
    for position in raw.columns:  # a loop over columns; lengths are measured once per distinct text
        column = raw[position]
        texts = column.cat.categories if isinstance(column.dtype, pd.CategoricalDtype) else column
        if not len(texts) or pd.Series(texts).astype(str).str.len().max() <= limits.cell_chars:
            continue
        lengths = column.astype(str).str.len().to_numpy()
        record = int(np.argmax(lengths))
        return TooLarge(
            f"the cell in column {int(position) + 1}",
            f"is {int(lengths[record]):,} characters long",
            "cell-chars",
            limits.cell_chars,
            record + 1,
        )
    return None


@dataclass(frozen=True)
class _Shape:
    """What is known of a CSV file from its bytes before it is parsed."""

    newlines: int
    empty: bool
    last_ended: bool
    quoted: bool


def _parse_csv(path: Path, shape: _Shape, loc: Loc, findings: Findings) -> pd.DataFrame | None:
    """Every cell of the file as text, columns by position, the header as row 0."""
    # pyarrow's reader is several times faster, but skips blank lines, which would shift line numbers: its
    # table is kept only when it has a record for every line. Any other case, and every problem, is left to
    # the C reader, which counts lines exactly and has well-known messages.
    cells = None if shape.empty else _arrow_csv(path, shape.quoted)
    if cells is not None and len(cells) == shape.newlines + (not shape.last_ended):
        return cells
    options = {"header": None, "dtype": str, "keep_default_na": False, "encoding": "utf-8-sig"}
    try:
        return pd.read_csv(path, skip_blank_lines=False, **options).fillna("")
    except UnicodeDecodeError:
        findings.add(
            "unreadable-file",
            loc,
            what="the file is not UTF-8 text",
            fix="save the table as 'CSV UTF-8 (comma delimited)'",
        )
    except pd.errors.EmptyDataError:
        findings.add("unreadable-file", loc, what="the file is empty", fix="write a header line: " + ",".join(REQUIRED))
    except pd.errors.ParserError as err:
        line = first_long_record(path)
        findings.add(
            "unreadable-file",
            loc.at(line=line),
            what=f"not a CSV table: {'this line has more cells than the header' if line else str(err).strip()}",
            fix="give every line as many cells as the header; quote cells that contain commas",
        )
    return None


def _arrow_csv(source: bytes | Path, quoted: bool | None = None) -> pd.DataFrame | None:
    """The cells of a CSV file (its path or its bytes) as categoricals, read by pyarrow's multi-threaded reader;
    ``None`` at any doubt. ``quoted``: whether the text holds a ``"`` (a quoted cell may span lines).

    Every column is read as dictionary-encoded text, so each distinct text is held (and later stripped, parsed
    and checked) once, however many rows repeat it. Arrow's buffers are released column by column as pandas
    takes them over, so the two copies never coexist whole.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        if isinstance(source, bytes):
            first = source[: source.find(b"\n")] if b"\n" in source else source
            quoted = b'"' in source if quoted is None else quoted
            stream = pa.BufferReader(source)
        else:
            with open(source, "rb") as handle:
                first = handle.readline().rstrip(b"\n")
            stream = str(source)
        width = len(next(csv.reader([first.decode("utf-8-sig")])))
    except (UnicodeDecodeError, StopIteration, csv.Error, OSError):
        return None
    names = [str(i) for i in range(width)]
    text = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pacsv.read_csv(
            stream,
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(newlines_in_values=bool(quoted)),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, text), strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        ).unify_dictionaries()
        cells = table.to_pandas(split_blocks=True, self_destruct=True)
        del table
    except (pa.ArrowException, ValueError):  # ragged lines, bad UTF-8 ...: the C reader reports them
        return None
    cells.columns = range(width)
    return cells


def first_long_record(path: Path) -> int | None:
    """The line where the first record with more cells than the header starts (pandas counts records)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        width, start = None, 1
        for record in reader:
            if width is None:
                width = len(record)
            elif len(record) > width:
                return start
            start = reader.line_num + 1
    return None

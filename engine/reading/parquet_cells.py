"""Read a Parquet table of reported values as text cells, each row with its row number.

The table is read by pyarrow; every column becomes dictionary-encoded text, as a CSV file's cells are: text as
it is, numbers as their shortest text (``12``, ``12.5``), dates as ``YYYY-MM-DD`` (a timestamp at midnight as its
date), booleans as ``true``/``false``, nulls empty. A row's location is its row number (the first row is 1; the
column names are not a row), so findings say ``line`` = row number and the column by name. Problems are located
``unreadable-file`` or ``too-large`` findings, never an exception.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mptf.engine.findings import Findings, Loc
from mptf.engine.reading.csv_cells import _beyond
from mptf.indicators.limits import Limits, TooLarge

__all__ = ["read_parquet_cells"]


def read_parquet_cells(
    path: Path, loc: Loc, findings: Findings, limits: Limits | None = None
) -> tuple[list, pd.DataFrame, np.ndarray] | None:
    """Header (the column names), text cells (columns by position) and each row's number (from 1) of a Parquet
    file; ``None``, with a located finding, when it cannot be read or is beyond ``limits`` (its size on disk, its
    rows and columns from the file's metadata before the data is read, then its longest cell)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    limits = limits or Limits()
    try:
        limits.check_size(path.stat().st_size, "file-mb")
        meta = pq.read_metadata(path)
        if meta.num_rows > limits.rows:
            raise TooLarge("the file", f"has {meta.num_rows:,} rows", "rows", limits.rows)
        if meta.num_columns > limits.columns:
            raise TooLarge("the file", f"has {meta.num_columns:,} columns", "columns", limits.columns)
        table = pq.read_table(path)
    except OSError as err:
        what = err.strerror or str(err)
        findings.add("unreadable-file", loc, what=f"cannot read the file as Parquet: {what}",
                     fix="give a Parquet file, or the report as CSV (UTF-8) or .xlsx")  # fmt: skip
        return None
    except TooLarge as err:
        findings.add("too-large", loc, **err.fields)
        return None
    except (pa.ArrowException, ValueError) as err:
        findings.add("unreadable-file", loc, what=f"cannot read the file as Parquet: {err}",
                     fix="give a Parquet file, or the report as CSV (UTF-8) or .xlsx")  # fmt: skip
        return None
    header = [str(name) for name in table.column_names]
    try:
        columns = [_as_text(table.column(i)) for i in range(table.num_columns)]
    except (pa.ArrowException, ValueError) as err:
        findings.add("unreadable-file", loc, what=f"a column cannot be read as text: {err}",
                     fix="write the report's columns as text, numbers or dates")  # fmt: skip
        return None
    cells = pd.DataFrame(dict(enumerate(columns)), columns=range(len(columns)))
    too_large = _beyond(cells, limits)
    if too_large is not None:
        findings.add("too-large", loc.at(line=too_large.line), **too_large.fields)
        return None
    return header, cells, np.arange(1, table.num_rows + 1, dtype=np.int64)


def _as_text(column) -> pd.Categorical:
    """One column as categorical text (nulls empty)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    kind = column.type
    if pa.types.is_timestamp(kind):
        midnight = pc.all(pc.equal(pc.cast(column, pa.date32()).cast(kind), column)).as_py()
        column = pc.strftime(column, "%Y-%m-%d" if midnight in (True, None) else "%Y-%m-%dT%H:%M:%S")
    elif not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        column = pc.cast(column, pa.string())
    column = pc.fill_null(column, "")
    encoded = column.dictionary_encode()
    return pd.Categorical.from_codes(
        encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32), encoded.dictionary.to_pylist()
    )

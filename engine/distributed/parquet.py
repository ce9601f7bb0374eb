"""Reported values as partitioned Parquet: ``DIR/bucket=NNNNN/part-0.parquet``, each bucket holding every value
of the programmes whose id hashes to it (CRC-32 of the id modulo the number of buckets), so that the rules
that compare values (within an indicator, within a programme) see all the values they compare."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["bucket_of", "buckets", "read_values", "write_values"]

#: The column a values table written here carries besides the model's: each value's row position in the table
#: written (the rollup's tie-breaks and contributions name values by it).
ROW = "vid"


def bucket_of(programmes: pd.Series, n: int) -> np.ndarray:
    """The bucket (0 .. ``n`` - 1) of each programme id: CRC-32 of its UTF-8 text, modulo ``n``."""
    codes, names = pd.factorize(programmes.astype(object).fillna(""))
    per_name = np.asarray([zlib.crc32(str(name).encode("utf-8")) % n for name in names], dtype=np.int64)
    return per_name[codes] if len(codes) else np.zeros(0, dtype=np.int64)


def write_values(values: pd.DataFrame, directory: str | Path, n_buckets: int = 16) -> list[Path]:
    """Write ``values`` (the model's ``values`` columns) under ``directory`` in ``n_buckets`` buckets by
    programme, with the row position of each value in column ``vid``; returns the bucket directories written
    (empty buckets are not). Raises ``FileExistsError`` if ``directory`` holds buckets already."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(directory)
    if any(root.glob("bucket=*")):
        raise FileExistsError(f"{root} already holds partitioned values; write them to a new directory")
    frame = values.reset_index(drop=True).assign(**{ROW: np.arange(len(values), dtype=np.int64)})
    written = []
    for bucket, part in frame.groupby(bucket_of(frame["programme"], n_buckets), sort=True):
        where = root / f"bucket={int(bucket):05d}"
        where.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pandas(part, preserve_index=False), where / "part-0.parquet")
        written.append(where)
    return written


def buckets(directory: str | Path) -> list[Path]:
    """The bucket directories under ``directory``, in order. Raises ``FileNotFoundError`` when there are none."""
    found = sorted(p for p in Path(directory).glob("bucket=*") if p.is_dir())
    if not found:
        raise FileNotFoundError(f"{directory}: no partitioned values (bucket=... directories of Parquet files)")
    return found


def read_values(bucket: str | Path, like: pd.Series) -> pd.DataFrame:
    """The values of one bucket directory (all its ``*.parquet`` files), with the column types ``like`` (the
    dtypes of the model's ``values`` table): text columns as Python strings and None, as the loaders give."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = sorted(Path(bucket).glob("*.parquet"))
    table = pa.concat_tables([pq.read_table(f) for f in files]) if files else None
    frame = table.to_pandas() if table is not None else pd.DataFrame(columns=[*like.index, ROW])
    frame = frame.drop(columns=[c for c in ("bucket",) if c in frame])
    for column, dtype in like.items():
        if column not in frame:
            raise ValueError(f"{bucket}: the values have no column {column!r}")
        series = frame[column]
        if pd.api.types.is_object_dtype(dtype):
            frame[column] = series.astype(object).where(series.notna(), None)
        elif series.dtype != dtype:
            frame[column] = series.astype(dtype)
    frame[ROW] = frame[ROW].astype(np.int64) if ROW in frame else np.arange(len(frame), dtype=np.int64)
    return frame

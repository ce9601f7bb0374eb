"""Columns as integer codes over their distinct values, so that each distinct text is parsed, stripped or
checked once, however many rows repeat it.

>>> codes, values = factorize(pd.Series(["b", "a", None, "b"]))
>>> codes.tolist(), values.tolist()
([0, 1, -1, 0], ['b', 'a'])
>>> codes, values = factorize(pd.Series(["b", "a", "b"], dtype="category"))
>>> codes.tolist(), values.tolist()
([1, 0, 1], ['a', 'b'])
>>> filled(pd.Series(["x", "", None], dtype="category")).tolist()
[True, False, False]
>>> len({id(text) for text in repeated("values.csv", 3)})
1
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["factorize", "filled", "joined", "objects", "recoded", "repeated"]


def factorize(values: pd.Series | pd.Categorical) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (-1: missing) and the distinct values (an object array) of a column.

    A categorical column gives its own codes and categories (unused ones included) without hashing a row;
    any other column is hashed once.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        cat = values.cat if isinstance(values, pd.Series) else values
        return np.asarray(cat.codes, dtype=np.int64), np.asarray(cat.categories, dtype=object)
    codes, uniques = pd.factorize(values)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)


def filled(values: pd.Series) -> np.ndarray:
    """Cells that hold text: not missing, not empty (a categorical is judged once per category)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        texts = np.append(np.asarray(values.cat.categories, dtype=object) != "", False)  # code -1: missing
        return texts[values.cat.codes.to_numpy(dtype=np.int64)]
    if not pd.api.types.is_object_dtype(values.dtype):
        return values.fillna("").astype(str).ne("").to_numpy(dtype=bool)
    return (values.notna() & values.ne("")).to_numpy(dtype=bool)


def recoded(series: pd.Series | pd.Categorical, fn=None) -> pd.Categorical:
    """A column of text cells as a categorical (object categories; a missing cell is ``""``), with ``fn``
    applied once per distinct text rather than once per cell. Texts that ``fn`` makes equal merge."""
    codes, uniques = factorize(series)
    texts = pd.Series(np.append(uniques, ""), dtype=object)
    if fn is not None:
        texts = fn(texts)
    merged_codes, merged = pd.factorize(texts)
    rows = merged_codes[codes]  # a missing cell (code -1) takes the last text, ""
    used = np.bincount(rows, minlength=len(merged)) > 0
    if not used.all():
        rows, merged = (np.cumsum(used) - 1)[rows], np.asarray(merged, dtype=object)[used]
    return pd.Categorical.from_codes(rows, categories=pd.Index(np.asarray(merged, dtype=object), dtype=object))


def objects(values: pd.Series | pd.Categorical, missing: object = None) -> np.ndarray:
    """A column as an object array of its values (a categorical's taken from its categories), ``missing``
    where a value is missing."""
    codes, uniques = factorize(values)
    return np.append(uniques, np.array([missing], dtype=object))[codes]


def repeated(value: object, n: int) -> np.ndarray:
    """An object array of ``n`` references to one value. (``np.full(n, text, dtype=object)`` makes a copy of
    the text for every row: 85 bytes a row for a file's path, 850 MB at 10M rows.)"""
    column = np.empty(n, dtype=object)
    column.fill(value)
    return column


def joined(columns: dict[str, object]) -> pd.DataFrame:
    """A table of the given arrays (numpy or pandas), each column as it is: an object column stays object
    (pandas would infer its str dtype, and None would become NaN), no array is copied or stacked with the
    others into one block (5 s at 1M rows of the values table)."""
    return pd.concat({name: pd.Series(a, dtype=a.dtype, copy=False) for name, a in columns.items()}, axis=1)

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
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["factorize", "filled"]


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

"""The Global Compact for Safe, Orderly and Regular Migration: 23 objectives and 10 guiding principles.

>>> objectives().loc[10, "label"]
'Eradicate trafficking'
>>> len(principles())
10
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from ._data import read_data_yaml

__all__ = ["SOURCE", "objectives", "principles"]

SOURCE: str = read_data_yaml("gcm.yaml")["source"]


@cache
def objectives() -> pd.DataFrame:
    """The 23 objectives indexed by number, with ``title`` and ``label``."""
    return pd.DataFrame(read_data_yaml("gcm.yaml")["objectives"]).set_index("number")


@cache
def principles() -> pd.DataFrame:
    """The 10 guiding principles indexed by number, with ``paragraph``, ``title`` and ``summary``."""
    return pd.DataFrame(read_data_yaml("gcm.yaml")["principles"]).set_index("number")

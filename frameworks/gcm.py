"""The Global Compact for Safe, Orderly and Regular Migration: 23 objectives and 10 guiding principles.

>>> objectives().loc[10, "label"]
'Eradicate trafficking'
>>> len(principles())
10
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import cache

import pandas as pd

from ._data import read_data_yaml

__all__ = ["SOURCE", "closest_objective", "objectives", "principles"]

SOURCE: str = read_data_yaml("gcm.yaml")["source"]


@cache
def objectives() -> pd.DataFrame:
    """The 23 objectives indexed by number, with ``title`` and ``label``."""
    return pd.DataFrame(read_data_yaml("gcm.yaml")["objectives"]).set_index("number")


@cache
def principles() -> pd.DataFrame:
    """The 10 guiding principles indexed by number, with ``paragraph``, ``title`` and ``summary``."""
    return pd.DataFrame(read_data_yaml("gcm.yaml")["principles"]).set_index("number")


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def closest_objective(title: str) -> tuple[int, float]:
    """The objective whose official title is nearest ``title``, and how near (0 to 1)."""
    scores = objectives()["title"].map(lambda t: _similarity(title, t))
    number = int(scores.idxmax())
    return number, float(scores[number])

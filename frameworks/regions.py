"""Regions a regional or global programme names (``frameworks/data/regions.csv``).

Two kinds of code: the UN M49 geographic regions and sub-regions (three digits, written as text: ``"014"``
Eastern Africa, ``"009"`` Oceania; ``"001"`` is the world) and the regional bodies whose member states a
programme serves as one region (``IGAD``, ``ECOWAS``, ``SADC``). A region may be written by its code or its
name; :func:`region_code` gives the code.

>>> region_code("eastern africa"), region_code("14"), region_code("IGAD"), region_code("Atlantis")
('014', '014', 'IGAD', None)
>>> region_name("009")
'Oceania'
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from mptf.frameworks._data import data_path

__all__ = ["region_code", "region_name", "regions"]


@cache
def regions() -> pd.DataFrame:
    """The region vocabulary, indexed by code: name, kind (``m49`` or ``regional body``), parent code."""
    with data_path("regions.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False).set_index("code")


@cache
def _by_key() -> dict[str, str]:
    table = regions()
    keys = {code.casefold(): code for code in table.index}
    keys.update({name.casefold(): code for code, name in table["name"].items()})
    return keys


def region_code(text: object) -> str | None:
    """The code of a region written as a code (``"014"``, ``14``) or a name, case-insensitive; None if unknown."""
    word = str(text).strip()
    if word.isdigit():
        word = word.zfill(3)
    return _by_key().get(word.casefold())


def region_name(code: str) -> str:
    return regions()["name"].get(code, code)

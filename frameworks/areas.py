"""The Migration MPTF's five thematic areas and the GCM objectives each clusters.

The area → objective mapping is **unconfirmed** (no consulted source lists it); :data:`MAPPING_STATUS` says so
and every finding that relies on it repeats it.

>>> areas().loc[3, "short"]
'Addressing Irregular Migration'
>>> area_number("THEMATIC AREA (1) Promoting Use of Data")
1
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from ._data import read_data_yaml

__all__ = ["MAPPING_SOURCE", "MAPPING_STATUS", "area_gcm", "area_number", "areas"]

_DATA = read_data_yaml("thematic_areas.yaml")
MAPPING_STATUS: str = _DATA["gcm_mapping"]["status"]
MAPPING_SOURCE: str = _DATA["gcm_mapping"]["source"]
CROSS_CUTTING: tuple[int, ...] = tuple(_DATA["gcm_mapping"]["cross_cutting"])


@cache
def areas() -> pd.DataFrame:
    """Areas indexed by number, with ``title``, ``short`` (the leaflets' name) and ``gcm`` (a tuple)."""
    frame = pd.DataFrame(_DATA["areas"]).set_index("number")
    frame["gcm"] = frame["gcm"].map(tuple)
    return frame


@cache
def area_gcm() -> pd.DataFrame:
    """One row per (area, GCM objective) of the unconfirmed mapping."""
    return areas()["gcm"].explode().astype(int).rename("gcm").reset_index().rename(columns={"number": "area"})


def area_number(text: object) -> int | None:
    """An area number from ``2``, ``"TA2"``, ``"THEMATIC AREA (1) ..."`` or a title / short name; else None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text
    s = str(text).strip()
    m = re.fullmatch(r"(?:thematic\s+area|ta)?\s*\(?\s*(\d+)\s*\)?(?:\s+.*)?", s, re.IGNORECASE | re.DOTALL)
    if m:
        return int(m[1])
    folded = s.casefold()
    for number, row in areas().iterrows():
        if folded in (row["title"].casefold(), row["short"].casefold()):
            return int(number)
    return None

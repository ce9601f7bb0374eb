"""Fund-level common indicators: what programme indicators feed, the units each accepts, and its policy
across contributions (see ``indicators/common.yaml`` and ``docs/rollup.md``).

>>> table = common_indicators()
>>> table.loc["people-reached", "measure"], table.loc["people-reached", "across"]
('count', 'sum')
>>> unit_accepted("Individuals", ("people", "individuals"))
True
>>> unit_accepted("households", ("people", "persons"))
False
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from .measures import MEASURES

__all__ = ["ACROSS", "common_indicators", "declared_overlaps", "load_common", "unit_accepted"]

#: Policies across programmes for count indicators.
ACROSS: tuple[str, ...] = ("sum", "max", "once", "overlap")


def _default_path() -> Path:
    return Path(str(resources.files("mptf.indicators") / "common.yaml"))


def load_common(path: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The common indicators (indexed by id) and the declared overlaps of a definitions file (default: the
    built-in one, read once).

    Raises
    ------
    ValueError
        When the file defines a measure or policy this engine does not know (a misuse, not bad data).
    """
    return _builtin() if path is None else _parse(Path(path))


@cache
def _builtin() -> tuple[pd.DataFrame, pd.DataFrame]:
    return _parse(_default_path())


def _parse(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    with path.open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    rows = []
    for item in doc["indicators"]:
        measure = item["measure"]
        across = item.get("across", "sum")
        if measure not in MEASURES or across not in ACROSS:
            raise ValueError(f"common indicator {item['id']!r}: unknown measure {measure!r} or policy {across!r}")
        unit = item.get("unit")
        rows.append(
            {
                "common": item["id"],
                "name": item["name"],
                "measure": measure,
                "unit": unit,
                "accepts": tuple(str(a).casefold() for a in item.get("accepts", [unit] if unit else [])),
                "people": bool(item.get("people", False)),
                "across": across,
                "scale": tuple(str(s) for s in item.get("scale", [])),
            }
        )
    overlaps = pd.DataFrame(
        [
            {
                "common": o["common"],
                "programmes": tuple(o["programmes"]),
                "value": float(o["value"]),
                "source": o.get("source", ""),
                "quote": o.get("quote", ""),
            }
            for o in doc.get("overlaps") or []
        ],
        columns=["common", "programmes", "value", "source", "quote"],
    )
    return pd.DataFrame(rows).set_index("common"), overlaps


def common_indicators(path: str | None = None) -> pd.DataFrame:
    return load_common(path)[0]


def declared_overlaps(path: str | None = None) -> pd.DataFrame:
    return load_common(path)[1]


def unit_accepted(unit: str | None, accepts: tuple[str, ...]) -> bool:
    """A programme unit fits when it, its first word ("percent of survivors") or its last ("joint actions") is
    accepted."""
    if not accepts:
        return True
    if not unit:
        return False
    words = unit.strip().casefold().split()
    return " ".join(words) in accepts or words[0] in accepts or words[-1] in accepts

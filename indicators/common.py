"""Fund-level common indicators: what programme indicators feed, the units each accepts, and its policy
across contributions (see ``indicators/common.yaml`` and ``docs/rollup.md``).

>>> table = common_indicators()
>>> table.loc["people-reached", "measure"], table.loc["people-reached", "across"]
('count', 'sum')
>>> table.loc["people-assisted", "unit_class"], "residents" in table.loc["people-assisted", "accepts"]
('people', True)
>>> unit_accepted("Residents", table.loc["people-reached", "accepts"])
True
>>> unit_accepted("families", table.loc["people-reached", "accepts"])
False
>>> unit_accepted("families", table.loc["households-assisted", "accepts"])
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from .measures import MEASURES
from .units import class_words, fold_unit, unit_classes, unit_vocabulary

__all__ = ["ACROSS", "accepted_text", "common_indicators", "declared_overlaps", "load_common", "unit_accepted"]

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
        accepts, classes = _accepted(item.get("accepts", [unit] if unit else []))
        unit_class = unit if unit in unit_vocabulary() else next(iter(unit_classes(unit)), None)
        people = unit_vocabulary()[unit_class].people if unit_class else False
        rows.append(
            {
                "common": item["id"],
                "name": item["name"],
                "short": item.get("short") or item["name"],
                "measure": measure,
                "unit": unit,
                "unit_class": unit_class,
                "accepts": accepts,
                "accepted_classes": classes,
                "people": bool(item.get("people", people)),
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


def _accepted(entries: list) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words a common indicator accepts (each unit class named in ``entries`` with all its words, any
    other entry as itself), and the unit classes named."""
    words: list[str] = []
    classes: list[str] = []
    for entry in entries:
        folded = fold_unit(entry)
        if folded in unit_vocabulary():
            classes.append(folded)
            words.extend((folded, *class_words(folded)))
        else:
            words.append(folded)
    return tuple(dict.fromkeys(words)), tuple(classes)


def accepted_text(row: pd.Series) -> str:
    """What a common indicator accepts, for a message: its classes and their words, then any other word."""
    parts = [f"{c}: {', '.join(class_words(c))}" for c in row["accepted_classes"]]
    named = {w for c in row["accepted_classes"] for w in (c, *class_words(c))}
    others = [w for w in row["accepts"] if w not in named]
    return "; ".join([*parts, *([", ".join(others)] if others else [])])


def common_indicators(path: str | None = None) -> pd.DataFrame:
    return load_common(path)[0]


def declared_overlaps(path: str | None = None) -> pd.DataFrame:
    return load_common(path)[1]


def unit_accepted(unit: str | None, accepts: tuple[str, ...]) -> bool:
    """A programme unit fits when the whole phrase is an accepted word, or its class in the unit vocabulary
    (:func:`~mptf.indicators.units.unit_classes`: the phrase's, else its first and last words') is accepted;
    a phrase the vocabulary does not know fits when its first or last word is accepted."""
    if not accepts:
        return True
    if not unit or not unit.strip():
        return False
    phrase = fold_unit(unit)
    if phrase in accepts:
        return True
    classes = unit_classes(phrase)
    if classes:
        return any(c in accepts for c in classes)
    words = phrase.split()
    return words[0] in accepts or words[-1] in accepts

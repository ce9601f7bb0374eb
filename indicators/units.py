"""The unit vocabulary (``indicators/units.yaml``): unit classes and the words results frameworks write for them.

A unit phrase is read as a whole first ("local government units", "household members"); when the whole phrase
is not a known word, its first word ("percent of survivors") and its last ("women left behind" → no,
"female returnees" → returnees) give its classes. A word not found is tried without a final "s" ("officer"
for "officers") and with "ies" read as "y".

>>> unit_classes("Residents")
('people',)
>>> unit_classes("families left behind")
('households',)
>>> unit_classes("percent of survivors")
('percent', 'people')
>>> unit_classes("seedlings")
()
>>> class_words("households")
('households', 'household', 'families', 'family')
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import NamedTuple

import yaml

__all__ = ["UnitClass", "class_words", "fold_unit", "unit_class_names", "unit_classes", "unit_vocabulary"]


class UnitClass(NamedTuple):
    """One class of the vocabulary: its name, what it counts, its words, and whether it counts people."""

    name: str
    label: str
    words: tuple[str, ...]
    people: bool


def fold_unit(word: str) -> str:
    """A unit word as compared: case-folded, spaces collapsed."""
    return " ".join(str(word).casefold().split())


@cache
def unit_vocabulary() -> dict[str, UnitClass]:
    """Every unit class of ``units.yaml`` by name (read once)."""
    path = resources.files("mptf.indicators") / "units.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, UnitClass] = {}
    for name, spec in doc["classes"].items():
        words = tuple(dict.fromkeys(fold_unit(w) for w in spec["words"]))
        out[name] = UnitClass(name, spec.get("name", name), words, bool(spec.get("people", False)))
    return out


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for cls in unit_vocabulary().values():
        for word in (cls.name, *cls.words):
            if index.setdefault(word, cls.name) != cls.name:
                raise ValueError(f"unit word {word!r} is in two classes: {index[word]} and {cls.name}")
    return index


def unit_class_names() -> tuple[str, ...]:
    return tuple(unit_vocabulary())


def class_words(name: str) -> tuple[str, ...]:
    """The words of class ``name`` (empty for a name that is no class)."""
    cls = unit_vocabulary().get(name)
    return cls.words if cls else ()


def _lookup(word: str) -> str | None:
    index = _index()
    for form in (word, word[:-1] if word.endswith("s") else "", word[:-3] + "y" if word.endswith("ies") else ""):
        if form and form in index:
            return index[form]
    return None


@cache
def unit_classes(unit: str | None) -> tuple[str, ...]:
    """The classes a unit phrase belongs to: the whole phrase's, else those of its first and last words."""
    if not unit or not unit.strip():
        return ()
    phrase = fold_unit(unit)
    whole = _lookup(phrase)
    if whole:
        return (whole,)
    words = phrase.split()
    found = (_lookup(words[0]), _lookup(words[-1]))
    return tuple(dict.fromkeys(c for c in found if c))

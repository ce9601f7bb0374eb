"""The vocabulary of a results framework: measures, levels, directions, statuses, bounds, disaggregation.

One place for every closed list the loaders accept, so that a message can say what is allowed and suggest the
nearest allowed word.
"""

from __future__ import annotations

__all__ = [
    "BOUNDS",
    "DIMENSIONS",
    "DIRECTIONS",
    "IATI_MEASURE",
    "LEVELS",
    "LEVEL_RANK",
    "MEASURES",
    "NUMERIC_MEASURES",
    "STATUSES",
    "STATUS_ALIASES",
    "FUNDED_STATUSES",
]

#: Measures an indicator can have, with the IATI indicator measure code each corresponds to.
MEASURES: tuple[str, ...] = ("count", "percentage", "currency", "ordinal", "qualitative", "yes-no")
IATI_MEASURE: dict[str, str] = {
    "count": "1",
    "percentage": "2",
    "yes-no": "3",
    "ordinal": "4",
    "qualitative": "5",
    "currency": "1",
}
NUMERIC_MEASURES: frozenset[str] = frozenset({"count", "percentage", "currency"})

#: Result levels from the top down. An item may hold items of its own level or lower, never higher.
LEVELS: tuple[str, ...] = ("impact", "outcome", "output")
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}

DIRECTIONS: tuple[str, ...] = ("increase", "decrease")

#: Programme statuses in the order a programme moves through them.
STATUSES: tuple[str, ...] = (
    "concept note approved",
    "document solicited",
    "document submitted",
    "funded",
    "completed",
)
FUNDED_STATUSES: frozenset[str] = frozenset({"funded", "completed"})
STATUS_ALIASES: dict[str, str] = {
    "pipeline": "concept note approved",
    "concept note": "concept note approved",
    "joint programme funded": "funded",
    "active": "funded",
    "closed": "completed",
}

#: Bounds a figure may carry: exact, strictly above, at least, at most, strictly below, approximately.
BOUNDS: tuple[str, ...] = ("=", ">", "≥", "≤", "<", "≈")

#: Standard disaggregation dimensions and their allowed values. Other dimensions may be declared per indicator.
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "sex": ("female", "male", "other", "unknown"),
    "age": ("child", "youth", "adult", "unknown"),
    "migratory_status": ("migrant", "returnee", "host", "refugee", "idp", "unknown"),
    "disability": ("yes", "no", "unknown"),
}

"""The vocabulary of a results framework: measures, levels, directions, statuses, bounds, disaggregation.

One place for every closed list the loaders accept, so that a message can say what is allowed and suggest the
nearest allowed word.
"""

from __future__ import annotations

__all__ = [
    "SCOPES",
    "SCOPE_ALIASES",
    "ADDITIVE",
    "APPROX",
    "BOUNDS",
    "COUNT",
    "CURRENCY",
    "FAR",
    "MEASURE_CODES",
    "MEASURE_NAMES",
    "MISSING_WORDS",
    "ORDINAL",
    "OVERLAPPING",
    "PEOPLE_UNITS",
    "PERCENTAGE",
    "QUALITATIVE",
    "YES_NO",
    "YES_NO_WORDS",
    "DIMENSIONS",
    "DIRECTIONS",
    "MONTHS",
    "SERIES",
    "SERIES_ALIASES",
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

DIRECTIONS: tuple[str, ...] = ("increase", "decrease", "maintain")

#: How an indicator's values make a series (docs/format.md): a running total since the programme started, a
#: figure of its own period, a level at the period's end, or a running total since the last reset (1 January,
#: or the month ``resets`` says).
SERIES: tuple[str, ...] = ("cumulative", "per-period", "level", "year-to-date")
SERIES_ALIASES: dict[str, str] = {
    "since-start": "cumulative",
    "running total": "cumulative",
    "per period": "per-period",
    "periodic": "per-period",
    "stock": "level",
    "ytd": "year-to-date",
    "year to date": "year-to-date",
}
#: Month names (and their three-letter forms) for ``resets``.
MONTHS: tuple[str, ...] = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

#: Programme statuses in the order a programme moves through them.
STATUSES: tuple[str, ...] = (
    "concept note approved",
    "document solicited",
    "document submitted",
    "funded",
    "completed",
)
#: The reach of a programme: one or more named countries, a region (``regions``), or the whole world.
SCOPES: tuple[str, ...] = ("country", "regional", "global")
SCOPE_ALIASES: dict[str, str] = {"national": "country", "multi-country": "country", "region": "regional"}
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

# -- what the value rules read -----------------------------------------------------------------------------
#: Measures as small integer codes (0: no measure), for the vectorised rules.
MEASURE_CODES: dict[str, int] = {m: code for code, m in enumerate(MEASURES, start=1)}
COUNT, PERCENTAGE, CURRENCY, ORDINAL, QUALITATIVE, YES_NO = (MEASURE_CODES[m] for m in MEASURES)
MEASURE_NAMES: dict[int, str] = {code: name for name, code in MEASURE_CODES.items()}
#: Measures whose parts add up to their total.
ADDITIVE: tuple[int, ...] = (COUNT, CURRENCY)
#: "≈ v" is read as somewhere in v ± 10 % when rows are compared with each other.
APPROX = 0.10
#: A total more than FAR times the indicator's largest target is a warning (a unit or a decimal point slipped).
FAR = 10
#: Units whose counts are whole people (a fraction is an error); other counts with a fraction are a warning.
PEOPLE_UNITS: frozenset[str] = frozenset(
    "people persons individuals officials households families children women men girls boys migrants "
    "returnees survivors participants students trainees beneficiaries staff refugees youth workers farmers "
    "actors stakeholders journalists teachers parents".split()
)
#: Values of a standard dimension that overlap the others (youth is 15-24: partly child, partly adult): they are
#: left out of the sums of parts, and a dimension is complete without them.
OVERLAPPING: dict[str, frozenset[str]] = {"age": frozenset({"youth"})}
YES_NO_WORDS: frozenset[str] = frozenset({"yes", "no", "true", "false"})
#: Words that say "no value" where a number belongs.
MISSING_WORDS: frozenset[str] = frozenset(
    {"n/a", "na", "n.a.", "-", "—", "–", "none", "nil", "null", "tbd", "unknown", "?"}
)

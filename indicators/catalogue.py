"""The rule catalogue: every finding code and every contribution rule, each with one entry.

A **finding** rule (:data:`RULES`) has a stable code, a severity, a title, one sentence on why it matters, and the
templates its message and hint are rendered from. A **contribution** rule (:data:`CONTRIBUTIONS`) says what
becomes of one reported value in one fund figure: counted (and how), excluded but represented by another row
(a duplicate, a superseded value, a part of a reported total, ...), excluded with no figure to reach (no common
indicator, a unit or measure that does not fit, no number), or excluded by a validation error. The rollup's SQL
emits contribution codes; the sentences people read are rendered from here, and nothing parses them back.
``docs/rules.md`` is generated from this module (``python -m mptf.indicators.catalogue``) and a test keeps the
two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter

__all__ = [
    "CONTRIBUTIONS",
    "COUNTED",
    "COUNTED_CODES",
    "NO_FIGURE",
    "REPRESENTED",
    "RULES",
    "SEVERITIES",
    "VALIDATION",
    "Contribution",
    "Rule",
    "render",
]

#: fatal: the input cannot be used (exit 2); error: exit 1; warning and info: exit 0.
SEVERITIES: tuple[str, ...] = ("fatal", "error", "warning", "info")


def render(template: str, fields: dict[str, object]) -> str:
    """``template`` with its ``{names}`` filled from ``fields``; KeyError names a field the caller left out."""
    return template.format_map(fields)


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@dataclass(frozen=True)
class Rule:
    """A finding type: its code, default severity, title, why it matters, and its message and hint templates."""

    code: str
    severity: str
    title: str
    why: str = ""
    message: str = ""
    hint: str = ""

    @property
    def fields(self) -> set[str]:
        """The names the message and hint templates need."""
        return _names(self.message) | _names(self.hint)


_RULES = [
    # input that cannot be used
    Rule("file-not-found", "fatal", "The path does not exist"),
    Rule("unreadable-file", "fatal", "The file is not YAML, an Excel workbook or CSV, or cannot be read"),
    Rule("yaml-syntax", "fatal", "The YAML file does not parse"),
    Rule("wrong-structure", "fatal", "The file parses but is not a programme (or a workbook lacks a sheet)"),
    Rule("missing-sheet", "fatal", "A workbook lacks a required sheet"),
    Rule("missing-column", "fatal", "A table lacks a required column"),
    # fields
    Rule("unknown-key", "error", "A key the format does not define (often a typo)"),
    Rule("duplicate-key", "error", "The same key twice in one YAML mapping: one would silently win"),
    Rule("missing-field", "error", "A required field is absent or empty"),
    Rule("wrong-type", "error", "A value of the wrong kind: text where a number, list or date belongs"),
    Rule("bad-number", "error", "A figure that cannot be read without guessing"),
    Rule("bad-date", "error", "A date that is not a real YYYY-MM-DD date"),
    Rule("unknown-value", "error", "A word outside the allowed list (measure, level, status, ...)"),
    Rule("formula-without-value", "error", "A workbook cell holds a formula with no stored result"),
    Rule("formula-read", "info", "A workbook cell holds a formula: its stored result is read"),
    # references
    Rule("duplicate-id", "error", "Two items of the same kind share an id"),
    Rule("unknown-gcm-objective", "error", "A GCM objective number outside 1-23"),
    Rule("unknown-sdg-target", "error", "An SDG target that does not exist"),
    Rule("unknown-thematic-area", "error", "A thematic area number outside 1-5"),
    Rule("unknown-country", "error", "Not an ISO 3166-1 alpha-3 country code"),
    Rule("unknown-parent", "error", "A parent (result, programme or indicator) that does not exist"),
    Rule("unknown-indicator", "error", "A reported value for an indicator the framework does not have"),
    # graph integrity
    Rule("cycle", "error", "Results that contain each other"),
    Rule("orphan", "error", "An item that no path from the fund reaches"),
    Rule("wrong-nesting", "error", "An item placed under a parent that its declared parent, id or level contradicts"),
    Rule("no-indicators", "warning", "A programme with no indicator"),
    Rule("no-unit", "error", "An indicator without a unit"),
    Rule("no-measure", "error", "An indicator without a measure"),
    Rule("no-thematic-area", "warning", "No source gives the programme's thematic area"),
    Rule("no-gcm-link", "info", "No source links the programme or its results to a GCM objective"),
    Rule("area-gcm-mismatch", "warning", "A GCM objective outside the programme's thematic area (mapping unconfirmed)"),
    Rule("gcm-title-mismatch", "warning", "A GCM objective number cited with another objective's title"),
    Rule("end-before-start", "error", "A period or programme that ends before it starts"),
    Rule("budget-not-positive", "error", "A budget of zero or less"),
    Rule("conflicting-claims", "warning", "Sources give different values for the same programme fact"),
    Rule("conflicting-values", "warning", "Sources give different values for the same indicator, period and group"),
    Rule("status-history", "info", "The programme's status moved on between sources"),
    # rollup
    Rule("unknown-common-indicator", "error", "An indicator feeds a common indicator that is not defined"),
    Rule("measure-mismatch", "error", "An indicator feeds a common indicator of another measure"),
    Rule("unit-mismatch", "warning", "An indicator's unit is not what its common indicator counts: left out"),
    # reported values (mptf validate)
    Rule("unknown-programme", "error", "A reported value for a programme the portfolio does not have"),
    Rule("value-from-counts", "info", "A percentage with no value, computed from its numerator and denominator"),
    Rule("text-on-numeric", "error", "Text where the indicator's measure needs a number (IATI 8.10.2)"),
    Rule("inexact-value", "warning", "A figure with a qualifier (approx., over, ...) where a report gives the number"),
    Rule("number-on-qualitative", "warning", "A number for a qualitative indicator (IATI 8.8.3, 8.9.3, 8.10.3)"),
    Rule("missing-value", "error", "A row with a note or source but no value, on a measured indicator (IATI 8.10.1)"),
    Rule("baseline-without-value", "error", "A dated baseline without a value, on a measured indicator (IATI 8.8.1)"),
    Rule("period-outside-programme", "warning", "A reporting period outside the programme's dates"),
    Rule("duplicate-period", "error", "Two rows for the same indicator, group and period"),
    Rule("overlapping-periods", "error", "Overlapping periods of a non-cumulative indicator for the same group"),
    Rule("percentage-out-of-range", "error", "A percentage below 0 or above 100"),
    Rule("fraction-or-percent", "warning", "A percentage between 0 and 1: a fraction, or really under 1%?"),
    Rule("unexpected-percent", "error", "A value written with % for an indicator that is not a percentage"),
    Rule("ratio-mismatch", "error", "A percentage that is not 100 × numerator / denominator, within its rounding"),
    Rule("numerator-exceeds-denominator", "error", "A numerator greater than its denominator"),
    Rule("denominator-not-positive", "error", "A denominator of zero or less"),
    Rule("negative-numerator", "error", "A numerator below zero"),
    Rule("incomplete-ratio", "warning", "A numerator without a denominator, or a denominator without a numerator"),
    Rule("unexpected-ratio", "warning", "A numerator or denominator for an indicator that is not a percentage"),
    Rule("negative-count", "error", "A count below zero"),
    Rule("non-integer-count", "error", "A count with a fraction (an error for people, a warning for other units)"),
    Rule("ordinal-outside-scale", "error", "An ordinal value that is not a level of the indicator's scale"),
    Rule("undeclared-dimension", "warning", "A value broken down by a dimension the indicator does not declare"),
    Rule("parts-exceed-total", "error", "Disaggregated parts whose sum exceeds the total"),
    Rule("parts-differ-from-total", "error", "The parts of a complete disaggregation do not add up to the total"),
    Rule("cumulative-decrease", "error", "A cumulative indicator whose value decreases between periods"),
    Rule("far-above-target", "warning", "A value over 10 times the indicator's target: check the unit"),
    Rule("value-due", "warning", "An indicator due in a period has no value for it"),
]
RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}

#: What becomes of a value in a figure: counted in it, represented there by another row, reaching no figure,
#: or left out because validation found an error in it.
COUNTED, REPRESENTED, NO_FIGURE, VALIDATION = "counted", "represented", "no figure", "validation"


@dataclass(frozen=True)
class Contribution:
    """A contribution rule: its code, its kind (:data:`COUNTED`, ...), the sentence a traced row shows
    (``rule``, a template over the row's fields) and, for a row that is not simply counted, why (``reason``)."""

    code: str
    kind: str
    rule: str
    reason: str = ""
    why: str = ""
    fields: tuple[str, ...] = field(default=())

    @property
    def counted(self) -> bool:
        return self.kind == COUNTED


_CONTRIBUTIONS = [
    # counted
    Contribution("summed-period", COUNTED, "summed: value of its period", why="A per-period count adds up."),
    Contribution(
        "summed-latest",
        COUNTED,
        "summed: latest cumulative value",
        why="A running total is read at its latest date, never added to its earlier values.",
    ),
    Contribution(
        "summed-part",
        COUNTED,
        "summed: part of a group (no total reported)",
        why="Parts with no total reported are summed, and the sum is only a lower bound of the total.",
    ),
    Contribution(
        "counted-once",
        COUNTED,
        "counted once for the programme",
        why="A common indicator counted per programme takes each contributing programme once.",
    ),
    Contribution(
        "counted-percentage",
        COUNTED,
        "counted: percentage (never summed)",
        why="Percentages are recomputed from their counts, or summarised by median and range.",
    ),
    Contribution(
        "counted-level",
        COUNTED,
        "counted: level in the distribution",
        why="Ordinal levels are distributed over the scale, never added or averaged.",
    ),
    Contribution(
        "counted-yes-no", COUNTED, "counted: yes/no of the programme", why="Yes/no answers give k of n programmes."
    ),
    Contribution("listed", COUNTED, "listed", why="Qualitative results are listed, never counted."),
    Contribution(
        "subtracted-overlap",
        COUNTED,
        "subtracted: declared overlap between {programmes}",
        why="A declared overlap between programmes is subtracted once.",
        fields=("programmes",),
    ),
    # excluded, represented in the figure by another row
    Contribution(
        "duplicate",
        REPRESENTED,
        "excluded: the same claim again (duplicate)",
        "excluded as a duplicate: the same claim is counted once",
        why="The same figure stated twice is one fact.",
    ),
    Contribution(
        "conflict",
        REPRESENTED,
        "excluded: sources disagree; the lowest claim is kept as a lower bound",
        "sources disagree: the lowest claim is counted, as a lower bound",
        why="Where sources disagree, the figure keeps only what every claim supports.",
    ),
    Contribution(
        "superseded",
        REPRESENTED,
        "excluded: superseded by a later cumulative value",
        "superseded by a later cumulative value of the same indicator",
        why="A running total's earlier values are contained in its latest one.",
    ),
    Contribution(
        "country-figure",
        REPRESENTED,
        "excluded: the programme reports a figure of this country",
        "the country's own figure is counted instead",
        why="By country, a programme's own country figure replaces its programme-wide one.",
    ),
    Contribution(
        "part-of-total",
        REPRESENTED,
        "excluded: part of a reported total",
        "part of a reported total, which is counted instead",
        why="Adding a total and its parts counts the same people twice.",
    ),
    Contribution(
        "unique-total",
        REPRESENTED,
        "excluded: the programme reports a unique total for this common indicator",
        "the programme's unique total is counted instead",
        why="A programme's count of unique people replaces the sum of its overlapping indicators.",
    ),
    Contribution(
        "overlapping-max",
        REPRESENTED,
        "excluded: overlapping figures; the largest programme figure is taken",
        "overlaps a larger programme figure, which is counted instead",
        why="Where programmes reach the same people, only the largest figure is defensible.",
    ),
    # excluded: no figure to reach
    Contribution(
        "no-common",
        NO_FIGURE,
        "excluded: indicator linked to no common indicator",
        "indicator linked to no common indicator",
        why="Only indicators linked to a common indicator reach a fund figure.",
    ),
    Contribution(
        "unknown-common",
        NO_FIGURE,
        "excluded: unknown common indicator {common!r}",
        "unknown common indicator {common!r}",
        why="A link to nothing cannot be counted.",
        fields=("common",),
    ),
    Contribution(
        "measure-mismatch",
        NO_FIGURE,
        "excluded: {measure} indicator linked to a {common_measure} common indicator",
        "measure mismatch: {measure} indicator linked to a {common_measure} common indicator",
        why="A count added to percentages (or the reverse) gives a number that means nothing.",
        fields=("measure", "common_measure"),
    ),
    Contribution(
        "unit-mismatch",
        NO_FIGURE,
        "excluded: unit {unit!r} is not what {common!r} counts ({common_unit})",
        "unit mismatch: unit {unit!r} is not what {common!r} counts ({common_unit})",
        why="Kilometres are never added to people.",
        fields=("unit", "common", "common_unit"),
    ),
    Contribution(
        "no-figure",
        NO_FIGURE,
        "excluded: no figure to add",
        "no figure to add (the value is not a number)",
        why="A text where a number belongs has nothing to add.",
    ),
    # excluded by validation
    Contribution(
        "invalid",
        VALIDATION,
        "excluded: {codes} (mptf validate says why)",
        "validation error: {codes}; run mptf validate for the finding and its fix",
        why="A value with an error never counts silently: validate and the rollup give one verdict.",
        fields=("codes",),
    ),
]
CONTRIBUTIONS: dict[str, Contribution] = {c.code: c for c in _CONTRIBUTIONS}
#: The contribution rules that count their row into a figure.
COUNTED_CODES: frozenset[str] = frozenset(c.code for c in _CONTRIBUTIONS if c.counted)

"""Findings: one table shape for every check, and the catalogue of stable rule codes.

Every check returns rows of the same shape: ``severity, code, file, sheet, line, column, programme, item,
message, hint``. Severities: ``fatal`` (the input cannot be used: exit 2), ``error`` (exit 1), ``warning`` and
``info`` (exit 0). Codes are stable; each has a one-line title and is documented with an example in
``docs/rules.md`` (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

__all__ = [
    "COLUMNS",
    "RULES",
    "SEVERITIES",
    "Findings",
    "Loc",
    "Rule",
    "SCHEMA",
    "exit_code",
    "findings_frame",
]

SEVERITIES: tuple[str, ...] = ("fatal", "error", "warning", "info")
COLUMNS: tuple[str, ...] = (
    "severity",
    "code",
    "file",
    "sheet",
    "line",
    "column",
    "programme",
    "item",
    "message",
    "hint",
)


@dataclass(frozen=True)
class Rule:
    """A finding type: its code, default severity and what it means."""

    code: str
    severity: str
    title: str


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


@dataclass(frozen=True)
class Loc:
    """Where something was read: file, sheet (workbooks), line or row, column, programme and item ids."""

    file: str = ""
    sheet: str = ""
    line: int | None = None
    column: str = ""
    programme: str = ""
    item: str = ""

    def at(self, **changes: object) -> Loc:
        return Loc(**{**self.__dict__, **changes})


@dataclass
class Findings:
    """A collector of findings; ``frame()`` gives the table."""

    rows: list[dict] = field(default_factory=list)

    def add(self, code: str, loc: Loc, message: str, hint: str = "", severity: str | None = None) -> None:
        rule = RULES[code]
        self.rows.append(
            {
                "severity": severity or rule.severity,
                "code": code,
                "file": loc.file,
                "sheet": loc.sheet,
                "line": loc.line,
                "column": loc.column,
                "programme": loc.programme,
                "item": loc.item,
                "message": message,
                "hint": hint,
            }
        )

    def extend(self, other: Findings | pd.DataFrame) -> None:
        if isinstance(other, Findings):
            self.rows.extend(other.rows)
        else:
            self.rows.extend(other.to_dict("records"))

    def frame(self) -> pd.DataFrame:
        return findings_frame(self.rows)


#: The findings table's contract: every check's output validates against it.
SCHEMA = pa.DataFrameSchema(
    {
        "severity": pa.Column(str, pa.Check.isin(SEVERITIES)),
        "code": pa.Column(str, pa.Check.isin(list(RULES))),
        "file": pa.Column(str),
        "sheet": pa.Column(str),
        "line": pa.Column("Int64", nullable=True),
        "column": pa.Column(str),
        "programme": pa.Column(str),
        "item": pa.Column(str),
        "message": pa.Column(str, pa.Check.str_length(min_value=1)),
        "hint": pa.Column(str),
    },
    strict=True,
    ordered=True,
    coerce=True,
)


def findings_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Findings as a table in canonical column order, sorted by severity, then location."""
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["line"] = pd.array(frame["line"], dtype="Int64")
    for col in COLUMNS:
        if col != "line":
            frame[col] = frame[col].fillna("").astype(str)
    order = frame["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    frame = frame.assign(_o=order).sort_values(
        ["_o", "file", "line", "code", "item"], kind="stable", na_position="first"
    )
    return SCHEMA.validate(frame.drop(columns="_o").drop_duplicates().reset_index(drop=True))


def exit_code(findings: pd.DataFrame) -> int:
    """2 when the input could not be used, 1 when errors were found, else 0."""
    severities = set(findings["severity"])
    if "fatal" in severities:
        return 2
    return 1 if "error" in severities else 0

"""Findings: one table shape for every check.

Every check returns rows of the same shape: ``severity, code, file, sheet, line, column, programme, item,
message, hint``. Severities: ``fatal`` (the input cannot be used: exit 2), ``error`` (exit 1), ``warning`` and
``info`` (exit 0). Each code has one entry in :mod:`mptf.indicators.catalogue`, whose templates the message and
hint are rendered from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from mptf.indicators.catalogue import RULES, SEVERITIES, Rule, render

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

    def add(self, code: str, loc: Loc, *, severity: str | None = None, **fields: object) -> None:
        """Add a finding; its message and hint are rendered from the catalogue's templates with ``fields``.

        Raises
        ------
        KeyError
            When ``code`` is not in the catalogue, or a template names a field not given.
        """
        rule = RULES[code]
        message = render(rule.message, fields)
        hint = render(rule.hint, fields)
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

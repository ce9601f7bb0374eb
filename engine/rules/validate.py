"""Validate reported values against their results framework (``mptf validate``): read the report or the
portfolio's own values, then give them the one verdict every command uses (:mod:`mptf.engine.rules`).

The rules and the order they run in are in :mod:`mptf.engine.rules.verdict`; their definitions (due periods,
complete dimensions, approximate figures) in ``docs/rules.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mptf.engine.dates import as_of_text
from mptf.engine.findings import findings_frame
from mptf.engine.rules import batches
from mptf.engine.rules.verdict import Verdict, framework_verdict, verdict
from mptf.indicators.codes import filled as _text_mask
from mptf.indicators.limits import Limits

__all__ = ["Validation", "validate", "validate_values"]


def validate_values(
    values: pd.DataFrame,
    portfolio,
    history: pd.DataFrame | None = None,
    report_file: str | None = None,
    programmes: set[str] | None = None,
) -> pd.DataFrame:
    """The findings of :func:`~mptf.engine.rules.verdict.verdict` (the findings table)."""
    return verdict(values, portfolio, history, report_file, programmes).findings


@dataclass
class Validation:
    """What ``mptf validate`` found, and what it read."""

    findings: pd.DataFrame
    rows: int
    values: int
    programmes: int
    source: str
    report: object | None = None
    verdict: Verdict | None = None
    as_of: str = ""

    @property
    def summary(self) -> str:
        plural = "s" if self.programmes != 1 else ""
        dated = f", as of {self.as_of}" if self.as_of else ""
        return (
            f"validated {self.source}: {self.rows} rows read "
            f"({self.values} values, {self.programmes} programme{plural}{dated})"
        )


def validate(
    report: str | Path | None = None,
    portfolio: str | Path | None = None,
    limits: Limits | None = None,
    as_of=None,
) -> Validation:
    """Validate a report of reported values; with no report, the values held in the portfolio itself.

    ``portfolio`` is a directory of programme files, one programme file or a workbook (default: the embedded
    portfolio). Nothing raises for bad input: an unusable report or portfolio gives fatal findings. ``as_of``:
    the reference date (default today).
    """
    from mptf.engine.reading.load import load_portfolio

    fw = load_portfolio(portfolio, limits)
    fw.as_of = None if as_of is None else pd.Timestamp(as_of)
    loaded = fw.load_findings if fw.load_findings is not None else findings_frame([])
    name = str(portfolio) if portfolio else "the embedded portfolio"
    if (loaded["severity"] == "fatal").any():
        return Validation(findings_frame(loaded), 0, 0, 0, name)
    if report is None:
        values = fw.values
        judged = fw.verdict
        return Validation(
            findings_frame(pd.concat([_on_values(loaded, values), judged.findings], ignore_index=True)),
            len(values),
            int(_text_mask(judged.values["text"]).sum()),
            values["programme"].nunique(),
            f"the values of {name}",
            verdict=judged,
            as_of=as_of_text(fw),
        )
    from mptf.engine.reading.report import read_report

    only = str(fw.programmes["programme"].iloc[0]) if len(fw.programmes) == 1 else None
    rep = read_report(report, programme=only, limits=limits)
    if not rep.usable:
        return Validation(findings_frame(rep.findings.rows), rep.rows, 0, 0, str(report), rep)
    values = rep.values
    scope = set(values["programme"].astype(object).unique())
    found, read, judged = _judged(values, fw, scope, rep.file)
    findings = findings_frame(pd.concat([rep.findings.frame(), found], ignore_index=True))
    known = len(scope & set(fw.programmes["programme"]))
    return Validation(findings, rep.rows, read, known, str(report), rep, judged, as_of_text(fw))


def _judged(values: pd.DataFrame, fw, scope: set, report_file: str) -> tuple[pd.DataFrame, int, Verdict | None]:
    """The verdict's findings on a report's ``values``, how many values it read, and the verdict itself when
    judged in one batch (a larger report's judged values are not kept: only its findings are asked for)."""
    history = fw.values[fw.values["programme"].isin(scope)]
    if len(values) <= batches.BATCH_ROWS:
        judged = verdict(values, fw, history=history, report_file=report_file, programmes=scope)
        return judged.findings, int(_text_mask(judged.values["text"]).sum()), judged
    found, read = [], 0
    for judged in batches.verdicts(values, fw, history, report_file):
        found.append(judged.findings)
        read += int(_text_mask(judged.values["text"]).sum())
    on_framework, _ = framework_verdict(fw, scope)
    return findings_frame(pd.concat([*found, findings_frame(on_framework)], ignore_index=True)), read, None


def _on_values(loaded: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """The load findings made on the lines of reported values (a period end that is not a date: the verdict
    rules the value out, the finding is made where it was read); those on the framework are check's."""
    lines = values[["file", "line"]].astype({"file": str}).dropna().drop_duplicates()
    keyed = loaded.assign(_line=pd.to_numeric(loaded["line"], errors="coerce"))
    return keyed.merge(lines, left_on=["file", "_line"], right_on=["file", "line"], suffixes=("", "_v"))[
        list(loaded.columns)
    ]

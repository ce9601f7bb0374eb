"""Validate reported values against their results framework (``mptf validate``): read the report or the
portfolio's own values, then give them the one verdict every command uses (:mod:`mptf.engine.rules`).

The rules and the order they run in are in :mod:`mptf.engine.rules.verdict`; their definitions (due periods,
complete dimensions, approximate figures) in ``docs/rules.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mptf.engine.dates import as_of_text
from mptf.engine.findings import findings_frame
from mptf.engine.rules.verdict import Verdict, framework_verdict, verdict
from mptf.indicators.codes import filled as _text_mask
from mptf.indicators.limits import Limits

__all__ = ["BATCH_ROWS", "Validation", "programme_batches", "validate", "validate_values"]

#: A report of more rows is judged in batches of whole programmes of about this many rows: every rule compares
#: values of one programme (a series, its parts, its duplicates), so the findings are the same, and the
#: verdict's working memory is that of one batch, whatever the report's size.
BATCH_ROWS = 1_000_000


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
            judged.findings,
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


def programme_batches(programmes: pd.Series, rows: int) -> np.ndarray:
    """The batch of each row: whole programmes (a missing id is one more), in order of first appearance, packed
    until a batch holds ``rows`` rows (a programme larger than that is a batch of its own)."""
    codes, _ = pd.factorize(programmes, use_na_sentinel=False)
    counts = np.bincount(codes)
    return ((np.cumsum(counts) - counts) // max(rows, 1))[codes]


def _judged(values: pd.DataFrame, fw, scope: set, report_file: str) -> tuple[pd.DataFrame, int, Verdict | None]:
    """The verdict's findings on a report's ``values``, how many values it read, and the verdict itself when
    judged in one batch."""
    history = fw.values[fw.values["programme"].isin(scope)]
    if len(values) <= BATCH_ROWS:
        judged = verdict(values, fw, history=history, report_file=report_file, programmes=scope)
        return judged.findings, int(_text_mask(judged.values["text"]).sum()), judged
    batch = programme_batches(values["programme"], BATCH_ROWS)
    found, read = [], 0
    for b in np.unique(batch):
        part = values[batch == b]
        mine = set(part["programme"].astype(object).unique())
        judged = verdict(part, fw, history=history[history["programme"].isin(mine)], report_file=report_file,
                         framework=False)  # fmt: skip
        found.append(judged.findings)
        read += int(_text_mask(judged.values["text"]).sum())
    on_framework, _ = framework_verdict(fw, scope)
    return findings_frame(pd.concat([*found, findings_frame(on_framework)], ignore_index=True)), read, None

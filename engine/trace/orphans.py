"""Orphans: every reported value that reaches no fund figure, or reaches one only through another row, and why."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.rollup.core import UNKNOWN, Rollup, rollup
from mptf.indicators.catalogue import CONTRIBUTIONS, NO_FIGURE, REPRESENTED, VALIDATION, render

#: How a reported value reaches the fund figures of the by-area rollup (the ``reaches`` column of orphans).
NO_FIGURE_REACHED = "no figure"
THROUGH_ANOTHER_ROW = "a figure, through another row"
UNKNOWN_GROUP = "only the 'unknown' area"
MEDIAN_ONLY = "a figure, as a median only"


ORPHAN_COLUMNS: tuple[str, ...] = (
    "vid",
    "programme",
    "indicator",
    "period_end",
    "disaggregation",
    "text",
    "measure",
    "common",
    "reaches",
    "reason",
    "rule_code",
    "rule",
    "file",
    "sheet",
    "line",
    "sha256",
    "source",
    "quote",
)


def _reason(r) -> tuple[str, str] | None:
    """``(reaches, reason)`` of a contribution of the by-area rollup that is not simply counted; None for one
    that is."""
    rule = CONTRIBUTIONS[r.rule_code]
    if rule.kind == REPRESENTED:
        return THROUGH_ANOTHER_ROW, rule.reason
    if rule.kind == VALIDATION:
        return NO_FIGURE_REACHED, render(rule.reason, {"codes": r.excluded})
    if rule.kind != NO_FIGURE:
        return None
    if rule.code == "no-common" and r.measure == "qualitative":
        return NO_FIGURE_REACHED, "qualitative, and linked to no common indicator (text is listed, never counted)"
    if rule.code == "no-figure" and r.measure == "percentage":
        return NO_FIGURE_REACHED, "percentage with no figure and no numerator or denominator"
    return NO_FIGURE_REACHED, render(rule.reason, r._asdict())


def orphans(portfolio: Portfolio, common_path: str | None = None, result: Rollup | None = None) -> pd.DataFrame:
    """Every reported value that does not simply count in a figure of the rollup by thematic area, and why.

    ``reaches`` says what becomes of it: ``no figure`` (linked to no common indicator, unknown common
    indicator, measure or unit mismatch, no figure to add, qualitative text, an indicator not in the
    portfolio); ``a figure, through another row`` (a duplicate, a superseded or conflicting claim, a part of
    a reported total, ...: another row stands for it); ``only the 'unknown' area`` (its programme has no
    thematic area); ``a figure, as a median only`` (a percentage without numerator and denominator: it can
    enter a median, never a recomputed ratio).
    """
    if result is None or result.by != ["thematic-area"]:
        result = rollup(portfolio, ["thematic-area"], common_path)
    c = result.contributions
    files = portfolio.files[["file", "sha256"]].drop_duplicates("file")
    rows = []
    if len(c):
        for r in c.itertuples():
            found = _reason(r)
            unknown_area = r.k_area == UNKNOWN
            if found is None:
                if unknown_area:
                    found = (UNKNOWN_GROUP, "programme with no thematic area")
                elif r.measure == "percentage" and (pd.isna(r.numerator) or pd.isna(r.denominator)):
                    found = (
                        MEDIAN_ONLY,
                        "percentage without numerator and denominator: it enters a median, never a recomputed ratio",
                    )
                else:
                    continue
            elif unknown_area:
                found = (found[0], found[1] + "; and the programme has no thematic area")
            rows.append(
                {**_row_of(r), "reaches": found[0], "reason": found[1], "rule_code": r.rule_code, "rule": r.rule}
            )
    values = portfolio.values.reset_index(drop=True)
    traced = set(c["vid"]) if len(c) else set()
    missing = values[~np.isin(np.arange(len(values)), list(traced))]
    for vid, r in zip(missing.index, missing.itertuples(), strict=True):
        rows.append(
            {
                **_row_of(r),
                "vid": int(vid),
                "measure": None,
                "common": None,
                "reaches": NO_FIGURE_REACHED,
                "reason": "indicator not in the portfolio (mptf check reports it)",
                "rule_code": "",
                "rule": "",
            }
        )
    out = pd.DataFrame(rows, columns=[c for c in ORPHAN_COLUMNS if c != "sha256"])
    out = out.merge(files, on="file", how="left")[list(ORPHAN_COLUMNS)]
    rank = {NO_FIGURE_REACHED: 0, UNKNOWN_GROUP: 1, MEDIAN_ONLY: 2, THROUGH_ANOTHER_ROW: 3}
    out = out.assign(_r=out["reaches"].map(rank)).sort_values(["_r", "programme", "indicator", "vid"], kind="stable")
    out = out.drop(columns="_r").reset_index(drop=True)
    out["vid"] = pd.array(out["vid"], dtype="Int64")
    out["line"] = pd.array(out["line"], dtype="Int64")
    return out


def _row_of(r) -> dict:
    return {
        "vid": getattr(r, "vid", None),
        "programme": r.programme,
        "indicator": r.indicator,
        "period_end": r.period_end,
        "disaggregation": r.disaggregation,
        "text": r.text,
        "measure": getattr(r, "measure", None),
        "common": getattr(r, "common", None),
        "file": r.file,
        "sheet": r.sheet,
        "line": r.line,
        "source": r.source,
        "quote": r.quote,
    }

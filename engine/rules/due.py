"""Rules against the framework's targets: totals far above them, and indicators due in a period with no value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mptf.engine.findings import Loc
from mptf.engine.rules.arrays import (
    NAT,
    combine,
    day_numbers,
    day_text,
    first_of,
    first_positions,
    period_text,
    periods,
)
from mptf.engine.rules.context import Context, Ruling
from mptf.indicators.measures import ADDITIVE, FAR
from mptf.indicators.quantity import format_number

__all__ = ["FAR_AHEAD_DAYS", "due", "far_above_target", "not_ended"]


def far_above_target(ctx: Context, rows: np.ndarray) -> Ruling:
    """A total far above the indicator's largest target: a unit (thousands, percent) or a decimal slipped."""
    r = Ruling(ctx)
    keys = list(ctx.dis_keys)
    total = ctx.dis == keys.index("") if "" in keys else np.zeros(ctx.n, dtype=bool)
    target = ctx.fw.target[ctx.fwi]
    far = rows & total & np.isin(ctx.measure, ADDITIVE) & (ctx.lo > FAR * target)
    r.emit(
        "far-above-target",
        far,
        "value",
        lambda i: {"value": ctx.text(i), "factor": FAR, "indicator": ctx.ind(i), "target": format_number(target[i])},
    )
    return r


#: A period ending more than this many days after the reference date is not a forecast but a typo (a year).
FAR_AHEAD_DAYS = 366


def not_ended(ctx: Context, rows: np.ndarray) -> Ruling:
    """A value for a period that ends after the reference date (``--as-of``, default today): not yet a result
    (``period-not-ended``); ending more than ``FAR_AHEAD_DAYS`` after it, most likely a typo in the year
    (``period-far-ahead``). One of the two, never both; warnings, since a run repeated at an earlier date
    (``--as-of``) meets the values reported since, and such a value counts in no figure before its period
    ends."""
    r = Ruling(ctx)
    later = rows & (ctx.end != NAT) & (ctx.end > ctx.fw.as_of)
    far = later & (ctx.end > ctx.fw.as_of + FAR_AHEAD_DAYS)

    r.emit(
        "period-not-ended",
        later & ~far,
        "period_end",
        lambda i: {
            "indicator": ctx.ind(i),
            "period": period_text(ctx.start[i], ctx.end[i]),
            "as_of": day_text(ctx.fw.as_of),
        },
    )
    r.emit(
        "period-far-ahead",
        far,
        "period_end",
        lambda i: {
            "indicator": ctx.ind(i),
            "period": period_text(ctx.start[i], ctx.end[i]),
            "years": _years(int(ctx.end[i]) - int(ctx.fw.as_of)),
            "as_of": day_text(ctx.fw.as_of),
        },
    )
    return r


def _years(days: int) -> str:
    years = days / 365.25
    return f"{years:,.0f} years" if years >= 2 else "over a year"


def due(ctx: Context, rows: np.ndarray) -> Ruling:
    """Indicators due in a period with no value: empty slots of the report, and targets inside a period."""
    r = Ruling(ctx)
    at = np.flatnonzero(rows)
    if not len(at):
        return r
    key = combine(ctx.fwi[at], periods(ctx.start[at], ctx.end[at]))
    valued = np.bincount(key, weights=ctx.has[at].astype(float)) > 0
    said = ctx.annotated[at] | ~np.isnan(ctx.num[at]) | ~np.isnan(ctx.den[at])
    empty = ~valued[key] & ~said  # a row with a note or counts and no value is missing-value already
    if empty.any():
        mask = np.zeros(ctx.n, dtype=bool)
        mask[first_of(key[empty], at[empty])] = True
        r.emit(
            "value-due",
            mask,
            "value",
            lambda i: {
                "indicator": ctx.ind(i),
                "what": f"no value for the period {period_text(ctx.start[i], ctx.end[i])}",
                "fix": "write the value (in the total row, or in its parts); if it cannot be measured yet, say why "
                "in the note",
            },
        )
    _targets_due(ctx, r, at[first_positions(key)])
    return r


def _targets_due(ctx: Context, r: Ruling, at: np.ndarray) -> None:
    """``at``: one row per indicator and period of the report."""
    t = ctx.fw.targets
    t = t[(t["fwi"] >= 0) & t["date"].notna()]
    if t.empty:
        return
    spans = pd.DataFrame({"pfw": ctx.pfw[at], "start": ctx.start[at], "end": ctx.end[at]})
    spans = spans[spans["start"] != NAT].drop_duplicates()
    if spans.empty:
        return
    t = t.assign(pfw=ctx.fw.prog[t["fwi"].to_numpy()], day=day_numbers(t["date"]))
    due = t.merge(spans, on="pfw")
    due = due[(due["start"] <= due["day"]) & (due["day"] <= due["end"])].drop_duplicates(["fwi", "start", "end"])
    reported = pd.DataFrame({"fwi": ctx.fwi[at], "start": ctx.start[at], "end": ctx.end[at], "seen": True})
    due = due.merge(reported, on=["fwi", "start", "end"], how="left")
    for row in due[due["seen"].isna()].itertuples(index=False):
        ident, programme = ctx.fw.ids[int(row.fwi)], ctx.fw.programme_ids[int(row.pfw)]
        if ctx.report_file is not None:
            loc = Loc(file=ctx.report_file, column="value", programme=programme, item=ident)
        else:
            line = None if pd.isna(row.line) else int(row.line)
            loc = Loc(file=row.file, sheet=row.sheet, line=line, column="date", programme=programme, item=ident)
        r.findings.add(
            "value-due",
            loc,
            indicator=ident,
            what=f"a target dated {day_text(int(row.day))} ({row.text}), in the period "
            f"{period_text(int(row.start), int(row.end))}, but no value for that period",
            fix="add a row with the value for that period",
        )

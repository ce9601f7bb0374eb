"""Which programme and indicator a value belongs to, and its period."""

from __future__ import annotations

import numpy as np

from mptf.engine.reading.fields import suggest
from mptf.engine.rules.arrays import NAT, day_text, period_text
from mptf.engine.rules.context import Context, Ruling

__all__ = ["ids", "periods"]


def ids(ctx: Context) -> Ruling:
    """Programme and indicator known, and the indicator the programme's own; every other row is ruled out."""
    r, fw = Ruling(ctx), ctx.fw
    unknown_programme = ctx.pfw < 0
    r.emit(
        "unknown-programme",
        unknown_programme,
        "programme",
        lambda i: {"programme": ctx.prog(i), "suggestion": suggest(ctx.prog(i), fw.programme_ids)},
    )
    r.emit(
        "unknown-indicator",
        ~unknown_programme & (ctx.fwi < 0),
        "indicator",
        lambda i: {
            "indicator": ctx.ind(i),
            "problem": f"is not in the results framework of {ctx.prog(i)!r}"
            f"{suggest(ctx.ind(i), fw.by_programme.get(int(ctx.pfw[i]), []))}",
            "fix": "correct the indicator id (mptf show PROGRAMME lists them), or add the indicator to the framework",
        },
    )
    owner = fw.prog[ctx.fwi]
    wrong = ~unknown_programme & (ctx.fwi >= 0) & (owner != ctx.pfw)
    r.emit(
        "unknown-indicator",
        wrong,
        "programme",
        lambda i: {
            "indicator": ctx.ind(i),
            "problem": f"belongs to programme {fw.programme_ids[owner[i]]!r}, not {ctx.prog(i)!r}",
            "fix": f"report it under programme {fw.programme_ids[owner[i]]!r}, or correct the indicator id",
        },
    )
    return r


def periods(ctx: Context, known: np.ndarray) -> Ruling:
    """A period that ends before it starts, or whose end could not be read (ruled out: a value must sit in a
    period to count); of the ``known`` rows with a usable period, one outside the programme's dates (a
    warning)."""
    r = Ruling(ctx)
    has_start, has_end = ctx.start != NAT, ctx.end != NAT
    swapped = has_start & has_end & (ctx.start > ctx.end)
    r.emit(
        "end-before-start",
        swapped,
        "period_end",
        lambda i: {
            "what": "period",
            "end": day_text(ctx.end[i]),
            "start": day_text(ctx.start[i]),
            "fix": "swap or correct the dates (IATI rule 8.6.1: a period starts before it ends)",
        },
    )
    r.rule_out(known & ~has_end, "bad-date")  # no end date could be read: reported where the row was read
    ok = known & has_end & ~swapped
    w_start, w_end = ctx.fw.win_start[ctx.pfw], ctx.fw.win_end[ctx.pfw]
    late = ok & (w_end != NAT) & (ctx.end > w_end)
    early = ok & ~late & (w_start != NAT) & (np.where(has_start, ctx.start, ctx.end) < w_start)
    r.emit(
        "period-outside-programme",
        late | early,
        lambda i: "period_end" if late[i] or not has_start[i] else "period_start",
        lambda i: {
            "period": period_text(ctx.start[i], ctx.end[i]),
            "programme": ctx.prog(i),
            "start": day_text(w_start[i]) or "start unknown",
            "end": day_text(w_end[i]) or "end unknown",
        },
    )
    return r

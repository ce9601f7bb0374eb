"""Numerators and denominators: the counts a percentage was computed from."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from mptf.engine.rules.arrays import half_unit
from mptf.engine.rules.context import Context, Ruling
from mptf.indicators.measures import MEASURE_NAMES, PERCENTAGE
from mptf.indicators.quantity import _FIGURE_RE as FIGURE_RE
from mptf.indicators.quantity import format_number

__all__ = ["counts_give", "decimals", "ratios", "share"]


def ratios(ctx: Context, good: np.ndarray) -> Ruling:
    """The counts a percentage was computed from: possible, given in pairs, on a percentage, and in step with it.

    The rollup recomputes a percentage as Σ numerators / Σ denominators when every part has both, so counts
    that are impossible, half given or at odds with the figure would change the fund's figure unseen.
    """
    r = Ruling(ctx)
    num, den = ctx.num, ctx.den
    has_num, has_den = ~np.isnan(num), ~np.isnan(den)
    m = ctx.measure
    given = (has_num | has_den) & (ctx.fwi >= 0) & (ctx.pfw >= 0)
    if not given.any():
        return r

    def counts(i: int) -> str:
        return " / ".join(format_number(c) for c in (num[i], den[i]) if c == c)

    r.emit(
        "unexpected-ratio",
        given & (m > 0) & (m != PERCENTAGE),
        lambda i: "numerator" if has_num[i] else "denominator",
        lambda i: {
            "indicator": ctx.ind(i),
            "a_measure": _article(MEASURE_NAMES[int(m[i])]),
            "given": " and ".join(n for n, h in (("numerator", has_num[i]), ("denominator", has_den[i])) if h),
            "counts": counts(i),
            "mean": "means" if has_num[i] != has_den[i] else "mean",
        },
    )
    pct = given & (m == PERCENTAGE)
    both = pct & has_num & has_den & (den > 0)
    exceeds = both & (num > den)
    checked = good & both & (num >= 0) & ~exceeds
    places = np.zeros(ctx.n, dtype=np.int64)  # decimals written in the figure, where it is compared
    places[checked | (exceeds & good)] = decimals(ctx, np.flatnonzero(checked | (exceeds & good)))
    r.emit(
        "negative-numerator",
        pct & has_num & (num < 0),
        "numerator",
        lambda i: {"indicator": ctx.ind(i), "numerator": format_number(num[i])},
    )
    r.emit(
        "denominator-not-positive",
        pct & has_den & (den <= 0),
        "denominator",
        lambda i: {"indicator": ctx.ind(i), "denominator": format_number(den[i])},
    )
    r.emit(
        "numerator-exceeds-denominator",
        exceeds,
        "numerator",
        lambda i: {
            "indicator": ctx.ind(i),
            "numerator": format_number(num[i]),
            "denominator": format_number(den[i]),
            "share": share(100.0 * num[i] / den[i]),
            "fix": f"the two look swapped: numerator {format_number(den[i])} and denominator "
            f"{format_number(num[i])} give {ctx.text(i)}"
            if good[i] and _within(ctx, 100.0 * den[i] / num[i], i, places[i])
            else "the numerator counts some of the denominator: correct the one that is wrong",
        },
    )
    r.emit(
        "incomplete-ratio",
        pct & (has_num != has_den),
        lambda i: "denominator" if has_num[i] else "numerator",
        lambda i: {
            "indicator": ctx.ind(i),
            "given": "numerator" if has_num[i] else "denominator",
            "counts": counts(i),
            "absent": "denominator" if has_num[i] else "numerator",
        },
    )
    _ratio_mismatch(ctx, r, checked, num, den, places)
    return r


def _ratio_mismatch(
    ctx: Context, r: Ruling, rows: np.ndarray, num: np.ndarray, den: np.ndarray, places: np.ndarray
) -> None:
    """A percentage figure against 100 × numerator / denominator, within half a unit of its last written decimal.

    A qualified figure is its interval (``over 30`` is more than 30) widened by the same half unit.
    """
    at = np.flatnonzero(rows)
    if not len(at):
        return
    computed = np.full(ctx.n, np.nan)
    computed[at] = 100.0 * num[at] / den[at]
    half = half_unit(places[at], computed[at])
    off = np.zeros(ctx.n, dtype=bool)
    off[at] = (computed[at] < ctx.lo[at] - half) | (computed[at] > ctx.hi[at] + half)

    def hint(i: int) -> str:
        counts = f"{format_number(num[i])} / {format_number(den[i])}"
        written = share(computed[i], int(places[i]))
        if _within(ctx, num[i] / den[i], i, places[i]):
            return f"{ctx.text(i)} is the fraction {counts} itself: write the percentage, {written}"
        fix = f"write {written} (100 × {counts}), the percentage the rollup recomputes from the counts"
        k = int(round(float(ctx.value[i] * den[i] / 100.0)))
        if ctx.bound[i] == 0 and 0 <= k <= den[i] and _within(ctx, 100.0 * k / den[i], i, places[i]):
            return f"{fix}; or, if {ctx.text(i)} is right, correct the numerator to {k}"
        return f"{fix}; or, if {ctx.text(i)} is right, correct the numerator or the denominator"

    r.emit(
        "ratio-mismatch",
        off,
        "value",
        lambda i: {
            "value": ctx.text(i),
            "indicator": ctx.ind(i),
            "numerator": format_number(num[i]),
            "denominator": format_number(den[i]),
            "share": share(computed[i], max(2, int(places[i]))),
            "fix": hint(i),
        },
    )


def _within(ctx: Context, share: float, i: int, places: int) -> bool:
    """Whether ``share`` reads as row ``i``'s figure, written with ``places`` decimals: within half a unit."""
    return bool(abs(share - ctx.value[i]) <= half_unit(places, share))


def share(value: float, places: int = 2) -> str:
    """A computed percentage rounded half up to ``places`` decimals: ``share(100 / 8, 0)`` is ``'13'``."""
    return format_number(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def _article(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def counts_give(ctx: Context, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` (a mask) have a numerator and denominator that give their figure as written."""
    out = np.zeros(ctx.n, dtype=bool)
    at = np.flatnonzero(rows)
    if len(at):
        num, den = ctx.num[at], ctx.den[at]
        shares = 100.0 * num / np.where(den > 0, den, np.nan)
        out[at] = np.abs(shares - ctx.value[at]) <= half_unit(decimals(ctx, at), shares)
    return out


def decimals(ctx: Context, rows: np.ndarray) -> np.ndarray:
    """Decimal places written in the value of each row: ``33`` 0, ``33.3%`` 1, ``over 12.50`` 2, ``1,234`` 0."""
    codes, texts = pd.factorize(ctx.texts(rows))  # read each distinct text once
    number = pd.Series(texts, dtype="string").str.extract(FIGURE_RE)["num"]
    number = number.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    tail = number.str.extract(r"([.,])(\d+)$")
    dots = number.str.count(r"\.")
    decimal = (tail[0].eq(".") & dots.eq(1)) | (tail[0].eq(",") & dots.gt(0))  # else "," or "." group thousands
    places = tail[1].str.len().where(decimal.fillna(False), 0).fillna(0)
    return np.append(places.to_numpy(dtype=np.int64), 0)[codes]

"""Rules on one cell at a time: a number where the measure needs one, in its range, of its kind; words where
the measure needs words; a value where a row says something.

:func:`figures` also runs on the framework's own baselines and targets (see :mod:`.framework`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from mptf.engine.reading.fields import suggest
from mptf.engine.rules.context import Context, Ruling
from mptf.engine.rules.ratios import counts_give, share
from mptf.indicators.codes import filled as text_mask
from mptf.indicators.measures import (
    BOUNDS,
    COUNT,
    CURRENCY,
    MEASURE_NAMES,
    MISSING_WORDS,
    ORDINAL,
    PERCENTAGE,
    QUALITATIVE,
    YES_NO,
    YES_NO_WORDS,
)
from mptf.indicators.quantity import _FIGURE_RE as FIGURE_RE  # the shape of a written figure
from mptf.indicators.quantity import (
    MAX_COUNT,
    MAX_MONEY,
    SCALED_RE,
    FigureError,
    format_number,
    implausible,
    parse_quantity,
)

__all__ = ["FORMULA", "figures", "inexact", "missing", "numbers", "ordinal_levels", "readings", "words"]

#: A cell that holds a formula with no stored result is read as the formula's text.
FORMULA = "="
# YAML's infinite and not-a-number floats and exponents (1e400 is infinite): numbers, not words
_FLOAT_WORDS = re.compile(r"[+-]?(\.inf|\.nan|[0-9][0-9.]*e[+-]?[0-9]+)$", re.IGNORECASE)
#: The findings of a figure that cannot be read (:class:`~mptf.indicators.quantity.FigureError` codes).
FIGURE_CODES: tuple[str, ...] = ("bad-number", "non-ascii-digits", "imprecise-number", "implausible-figure")


def _formulas(ctx: Context, rows: np.ndarray) -> np.ndarray:
    """Rows of ``rows`` read from a workbook whose value is a formula's text: the formula had no stored result."""
    out = np.zeros(ctx.n, dtype=bool)
    rows = rows & (text_mask(ctx.v["sheet"]) if "sheet" in ctx.v else False)
    if rows.any():
        out[rows] = ctx.texts(rows).str.startswith(FORMULA).fillna(False).to_numpy(bool)
    return out


def numbers(ctx: Context) -> Ruling:
    """Text where a count, percentage or currency needs a number: a figure that cannot be read, or words. A
    workbook formula with no stored result, which the sheet reader reports where it stands, is ruled out here."""
    r, m = Ruling(ctx), ctx.measure
    formula = _formulas(ctx, ctx.measured)
    r.rule_out(formula, "formula-without-value")
    unread = ctx.unread & ~formula
    looks = ctx.matches(unread, FIGURE_RE) | ctx.matches(unread, _FLOAT_WORDS)
    problems: dict[str, FigureError] = {}

    def problem(i: int) -> FigureError:
        text = ctx.text(i)
        if text not in problems:
            try:
                parse_quantity(text)
                problems[text] = FigureError(f"{text!r} is not a number", "write digits, e.g. 1234")
            except FigureError as err:
                problems[text] = err
        return problems[text]

    # digits outside 0-9 (any Unicode digit that is not ASCII) are named as such, not as words
    looks |= _non_ascii_digits(ctx, unread)
    kinds = np.full(ctx.n, "", dtype=object)
    for i in np.flatnonzero(unread & looks).tolist():  # a loop over the figures that cannot be read
        kinds[i] = problem(i).code
    for code in FIGURE_CODES:
        r.emit(
            code,
            unread & looks & (kinds == code),
            "value",
            lambda i: {"field": "value", "problem": problem(i), "fix": problem(i).hint},
        )
    r.emit(
        "text-on-numeric",
        unread & ~looks,
        "value",
        lambda i: {
            "indicator": ctx.ind(i),
            "measure": MEASURE_NAMES[int(m[i])],
            "value": ctx.text(i),
            "fix": "leave the value empty when there is none (the row then counts as not reported)"
            if ctx.text(i).strip().lower() in MISSING_WORDS
            else "write the figure (e.g. 1,234); words belong in the note",
        },
    )
    return r


def _non_ascii_digits(ctx: Context, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` have a digit outside 0-9 in their text (``\\d`` matches every Unicode digit)."""
    out = np.zeros(ctx.n, dtype=bool)
    if rows.any():
        out[rows] = ctx.texts(rows).str.contains(r"(?![0-9])\d", regex=True).fillna(False).to_numpy(bool)
    return out


def inexact(ctx: Context) -> Ruling:
    """A figure with a qualifier where a report gives the number (a warning: the figure still counts)."""
    r = Ruling(ctx)
    shares = ctx.v["from_share"].fillna(False).to_numpy(bool) if "from_share" in ctx.v else False
    r.emit(
        "inexact-value",
        ctx.read & (ctx.bound > 0) & ~shares,  # a part counted from a share has its own finding
        "value",
        lambda i: {"value": ctx.text(i), "bound": BOUNDS[ctx.bound[i]], "figure": format_number(ctx.value[i])},
    )
    return r


def readings(ctx: Context) -> Ruling:
    """A figure read from a scale word or scientific notation (``1.2 million``, ``1.5E+03``): ``figure-read``
    (info) naming the number read; each distinct text is read once more for its note."""
    r = Ruling(ctx)
    notes: dict[str, str] = {}

    def note(i: int) -> str:
        text = ctx.text(i)
        if text not in notes:
            notes[text] = parse_quantity(text).note or f"read {text!r} as {format_number(ctx.value[i])}"
        return notes[text]

    r.emit("figure-read", ctx.matches(ctx.read, SCALED_RE), "value", lambda i: {"field": "value", "reading": note(i)})
    return r


def _implausible(ctx: Context, i: int) -> FigureError:
    if ctx.measure[i] == COUNT:
        return implausible(ctx.value[i], "a count", MAX_COUNT)
    return implausible(ctx.value[i], "an amount", MAX_MONEY)


def _percent_hint(ctx: Context, i: int) -> str:
    if ctx.where(i) == "targets":
        return (
            f"write the absolute target: for {ctx.text(i)} of the baseline, the baseline × "
            f"{format_number(round(1 + ctx.value[i] / 100, 10))}; or the number of {ctx.fw.unit[ctx.fwi[i]] or 'items'}"
        )
    if ctx.key(i):
        return (
            "write the number itself, not a percentage; or give the total of the same period, and the share is "
            "counted as a part of it"
        )
    return "write the number itself, not a percentage"


def figures(ctx: Context) -> Ruling:
    """A number read for a numeric indicator that its measure cannot have: a share on a count, a percentage
    outside 0-100 (or between 0 and 1: a fraction?), a count below zero or with a fraction."""
    r, m, value, fw = Ruling(ctx), ctx.measure, ctx.value, ctx.fw
    read = ctx.read
    r.emit(
        "unexpected-percent",
        read & ctx.percent & (m != PERCENTAGE),
        "value",
        lambda i: {
            "value": ctx.text(i),
            "indicator": ctx.ind(i),
            "measure": MEASURE_NAMES[int(m[i])],
            "unit": fw.unit[ctx.fwi[i]] or "no unit",
            "fix": _percent_hint(ctx, i),
        },
    )
    pct = read & (m == PERCENTAGE)
    outside = pct & ((value < 0) | (value > 100))
    r.emit(
        "percentage-out-of-range",
        outside,
        "value",
        lambda i: {"value": ctx.text(i), "indicator": ctx.ind(i)},
    )
    small = pct & ~outside & ~ctx.percent & (value > 0) & (value < 1)
    r.emit(
        "fraction-or-percent",
        small & ~counts_give(ctx, small),
        "value",
        lambda i: {
            "value": ctx.text(i),
            "indicator": ctx.ind(i),
            "percent": format_number(round(value[i] * 100, 10)),
        },
    )
    magnitude = np.abs(value)
    huge = read & (((m == COUNT) & (magnitude > MAX_COUNT)) | ((m == CURRENCY) & (magnitude > MAX_MONEY)))
    r.emit(
        "implausible-figure",
        huge,
        "value",
        lambda i: {"field": ctx.where(i) or "value", "problem": _implausible(ctx, i), "fix": _implausible(ctx, i).hint},
    )
    read = read & ~huge
    count = read & (m == COUNT)
    negative = count & (value < 0)
    r.emit(
        "negative-count",
        negative,
        "value",
        lambda i: {"value": ctx.text(i), "indicator": ctx.ind(i), "unit": fw.unit[ctx.fwi[i]] or "items"},
    )
    people = fw.people[ctx.fwi]
    r.emit(
        "non-integer-count",
        count & ~negative & (np.floor(value) != value),
        "value",
        lambda i: {
            "value": ctx.text(i),
            "unit": fw.unit[ctx.fwi[i]] or "items",
            "indicator": ctx.ind(i),
            "fix": "count whole people; a share belongs to a percentage indicator"
            if people[i]
            else f"check the figure: can there be a fraction of {fw.unit[ctx.fwi[i]] or 'an item'}?",
        },
        severity=lambda i: None if people[i] else "warning",
    )
    return r


def words(ctx: Context) -> Ruling:
    """Words where the measure needs words: a description (not a figure), a level of the scale, yes or no."""
    r, m = Ruling(ctx), ctx.measure
    r.emit(
        "number-on-qualitative",
        ctx.matches(ctx.measured & (m == QUALITATIVE), FIGURE_RE),
        "value",
        lambda i: {
            "indicator": ctx.ind(i),
            "problem": f": its value is described in words, not {ctx.text(i)!r} (IATI rule 8.10.3)",
            "fix": "describe the result in words; a figure belongs to a count or percentage indicator",
        },
    )
    _ordinal(ctx, r, ctx.measured & (m == ORDINAL))
    yes_no = ctx.measured & (m == YES_NO)
    said = np.zeros(ctx.n, dtype=bool)
    if yes_no.any():
        said[yes_no] = ctx.texts(yes_no).str.strip().str.lower().isin(YES_NO_WORDS).to_numpy(bool)
    r.emit(
        "wrong-type",
        yes_no & ~said,
        "value",
        lambda i: {"subject": "a yes-no indicator's value", "problem": f"is {ctx.text(i)!r}", "fix": "write yes or no"},
    )
    return r


def ordinal_levels(ctx: Context) -> Ruling:
    """An ordinal figure that is not a level of its indicator's scale (the framework's baselines and targets)."""
    r = Ruling(ctx)
    _ordinal(ctx, r, ctx.measured & (ctx.measure == ORDINAL))
    return r


def _ordinal(ctx: Context, r: Ruling, rows: np.ndarray) -> None:
    if not rows.any():
        return
    at = np.flatnonzero(rows)
    text_codes, texts = pd.factorize(ctx.texts(at).str.strip().str.lower(), use_na_sentinel=False)
    pairs = ctx.fwi[at].astype(np.int64) * max(len(texts), 1) + text_codes
    uniques, codes = np.unique(pairs, return_inverse=True)
    outside = np.zeros(ctx.n, dtype=bool)
    verdict = []
    for pair in uniques.tolist():
        fwi, text = divmod(pair, max(len(texts), 1))
        scale = ctx.fw.scale[fwi]
        verdict.append(bool(scale) and texts[text] not in scale)
    outside[at] = np.asarray(verdict, dtype=bool)[codes]
    r.emit(
        "ordinal-outside-scale",
        outside,
        "value",
        lambda i: {
            "value": ctx.text(i),
            "indicator": ctx.ind(i),
            "scale": ctx.fw.scale_text[ctx.fwi[i]],
            "suggestion": suggest(ctx.text(i).lower(), ctx.fw.scale[ctx.fwi[i]]),
        },
    )


def _counts_given(ctx: Context, i: int) -> str:
    if ctx.num[i] == ctx.num[i] and ctx.den[i] == ctx.den[i]:
        return "a numerator and a denominator"
    return "a numerator" if ctx.num[i] == ctx.num[i] else "a denominator"


def missing(ctx: Context) -> Ruling:
    """A row that says something (a note, a source, or the counts of a percentage) but gives no value."""
    r, m = Ruling(ctx), ctx.measure
    known = (ctx.fwi >= 0) & (ctx.pfw >= 0) & ~ctx.has & (m != QUALITATIVE)
    counted = ~np.isnan(ctx.num) | ~np.isnan(ctx.den)
    r.emit(
        "missing-value",
        known & ctx.annotated & ~counted,
        "value",
        lambda i: {
            "indicator": ctx.ind(i),
            "given": "a note or a source",
            "iati": " (IATI rule 8.10.1)",
            "fix": "write the value; if there is none, empty the note too, or delete the row",
        },
    )
    both = ~np.isnan(ctx.num) & ~np.isnan(ctx.den)

    def hint(i: int) -> str:
        if both[i] and m[i] == PERCENTAGE and ctx.den[i] > 0:
            n, d = format_number(ctx.num[i]), format_number(ctx.den[i])
            return f"write {share(100.0 * ctx.num[i] / ctx.den[i])} (100 × {n} / {d})"
        return "write the value; numerator and denominator are the counts a percentage is computed from"

    r.emit(
        "missing-value",
        known & counted,
        "value",
        lambda i: {"indicator": ctx.ind(i), "given": _counts_given(ctx, i), "iati": "", "fix": hint(i)},
    )
    return r

"""Aggregation rules per measure, in one place (explained in ``docs/rollup.md``).

=========== ======================================================================================
measure     across programmes
=========== ======================================================================================
count       summed (subject to double counting rules); a cumulative indicator gives its latest value,
            a per-period one the sum of its periods
currency    summed exactly, in cents, per currency
percentage  never summed: recomputed as Σ numerators / Σ denominators when every part has both,
            otherwise the median with the range and n
ordinal     a distribution over the scale; never summed or averaged
qualitative listed, never counted as a number
yes-no      "k of n": programmes answering yes out of those answering
=========== ======================================================================================

Qualifiers propagate through sums: a part stated as "over" or "at least" makes the total a lower bound, an
"up to" part an upper bound, an approximate part (or lower and upper bounds mixed) an approximate total.

>>> combine_bounds(["=", "≥", "="])
'≥'
>>> combine_bounds(["=", ">", "≥"])
'>'
>>> combine_bounds(["≥", "≤"])
'≈'
>>> display(1234567, "≥", "count")
'≥ 1,234,567'
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .quantity import format_number

__all__ = [
    "MEASURE_RULES",
    "bound_from_flags",
    "combine_bounds",
    "display",
    "target_met",
]

MEASURE_RULES: dict[str, str] = {
    "count": "sum",
    "currency": "exact sum in cents",
    "percentage": "recomputed from numerators and denominators, else median with range and n",
    "ordinal": "distribution over the scale",
    "qualitative": "list",
    "yes-no": "k of n programmes answering yes",
}

LOWER = (">", "≥")
UPPER = ("<", "≤")


def bound_from_flags(approx, lower, strict_lower, upper, strict_upper):
    """The bound of a sum from per-group flags (arrays or scalars): which kinds of bound its parts carry."""
    approx, lower, upper = np.asarray(approx), np.asarray(lower), np.asarray(upper)
    strict_lower, strict_upper = np.asarray(strict_lower), np.asarray(strict_upper)
    return np.select(
        [approx | (lower & upper), lower & strict_lower, lower, upper & strict_upper, upper],
        ["≈", ">", "≥", "<", "≤"],
        default="=",
    )


def combine_bounds(bounds: Iterable[str]) -> str:
    """The bound of a sum of parts with these bounds."""
    b = set(bounds)
    return str(bound_from_flags("≈" in b, bool(b & set(LOWER)), ">" in b, bool(b & set(UPPER)), "<" in b))


def display(value: float | None, bound: str | None, measure: str = "count") -> str:
    """A figure as people read it: ``≥ 1,234,567``, ``≈ 45.5%``."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    rounded = round(float(value), 1) if measure == "percentage" else float(value)
    text = format_number(rounded) + ("%" if measure == "percentage" else "")
    return text if bound in (None, "=", "") else f"{bound} {text}"


def target_met(actual: float, actual_bound: str, target: float, target_bound: str, direction: str) -> bool | None:
    """Whether an actual meets a target, respecting both qualifiers; None when the bounds leave it open.

    A target of "at least 10" is met at 10; "over 500" only above 500. For a decreasing indicator the
    comparison is mirrored ("up to 5" is met at 5, "under 5" only below 5). An actual that is itself only a
    bound ("over 400" against a target of 500) leaves the answer open unless the bound settles it.
    """
    if direction == "decrease":
        mirror = {">": "<", "≥": "≤", "<": ">", "≤": "≥", "=": "=", "≈": "≈"}
        return target_met(-actual, mirror[actual_bound], -target, mirror[target_bound], "increase")
    strict = target_bound == ">"
    if actual_bound in ("=", "≈"):
        return actual > target if strict else actual >= target
    if actual_bound in LOWER:  # the true value is above `actual`
        if actual > target or (actual == target and (actual_bound == ">" or not strict)):
            return True
        return None
    # an upper bound: the true value is below `actual`
    if actual < target or (actual == target and (actual_bound == "<" or strict)):
        return False
    return None

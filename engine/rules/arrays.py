"""Array helpers of the value rules: day numbers, small integer codes for combined keys, counting sorts,
intervals of qualified figures, and the few words findings share.

Every rule joins values with the framework through integer codes (an indicator's position, a group's code, day
numbers), so a key of several columns is one small non-negative integer (:func:`combine`) and a grouped count or
sum is one ``np.bincount``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mptf.indicators.codes import factorize
from mptf.indicators.measures import APPROX, BOUNDS, DIMENSIONS, OVERLAPPING

#: A missing day.
NAT = np.iinfo(np.int64).min
_DENSE = 4  # ids, grids and counting sorts span at most this many slots per row (else: ranks, or a sort)


def day_numbers(dates: pd.Series | np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01, int64) of a date column; ``NAT`` where the date is missing."""
    array = np.asarray(pd.to_datetime(pd.Series(dates)).to_numpy("datetime64[ns]"))
    days = array.astype("datetime64[D]").astype(np.int64)
    days[np.isnat(array)] = NAT
    return days


def day_text(day: int) -> str:
    return "" if day == NAT else str(np.datetime64(int(day), "D"))


def period_text(start: int, end: int) -> str:
    return f"{day_text(start)} to {day_text(end)}" if start != NAT else f"ending {day_text(end)}"


def dense_rank(codes: np.ndarray) -> np.ndarray:
    """Dense ranks (0, 1, 2, ... in sorted order) of non-negative integers; O(n) while their range is small."""
    codes = np.asarray(codes, dtype=np.int64)
    if not len(codes):
        return codes
    low, high = int(codes.min()), int(codes.max())
    if high - low > _DENSE * len(codes) + (1 << 16):
        return pd.factorize(codes, sort=True)[0].astype(np.int64)
    present = np.zeros(high - low + 1, dtype=bool)
    shifted = codes - low
    present[shifted] = True
    ranks = np.cumsum(present, dtype=np.int32 if len(present) < 2**31 else np.int64) - 1
    return ranks[shifted].astype(np.int64)


def day_codes(days: np.ndarray) -> np.ndarray:
    """Day numbers as small codes: 0 for a missing date, else 1 + the rank of the day among those present."""
    out = np.zeros(len(days), dtype=np.int64)
    known = days != NAT
    if known.any():
        out[known] = dense_rank(days[known]) + 1
    return out


def periods(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """One small code per distinct (start, end) pair of day numbers."""
    return dense_rank(combine(day_codes(start), day_codes(end)))


def combine(*codes: np.ndarray) -> np.ndarray:
    """One non-negative id per distinct tuple of non-negative codes, small enough for ``np.bincount``."""
    out = np.asarray(codes[0], dtype=np.int64)
    limit = max(_DENSE * len(out), 1 << 16)
    for c in codes[1:]:
        c = np.asarray(c, dtype=np.int64)
        span = int(c.max()) + 1 if len(c) else 1
        if len(out) and (int(out.max()) + 1) * span > limit:
            out = dense_rank(out)
        out = out * span + c
    if len(out) and int(out.max()) > limit:
        out = dense_rank(out)
    return out


def first_positions(ids: np.ndarray) -> np.ndarray:
    """The position of the first occurrence of each distinct id (ids from :func:`combine`), in order."""
    first = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
    first[ids[::-1]] = np.arange(len(ids) - 1, -1, -1)
    return np.sort(first[first >= 0])


def first_of(ids: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each position, the first of ``rows`` (in their order) that has the same id."""
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(len(ids)), 0))
    out = np.empty(len(ids), dtype=np.int64)
    out[order] = rows[order][first]
    return out


def order_by(group: np.ndarray, *within: np.ndarray) -> np.ndarray:
    """Positions sorted by group, then by ``within`` keys (non-negative ints, each tuple unique per group)."""
    ranks = [dense_rank(w) for w in within]
    key = combine(group, *ranks) if ranks else group
    size = int(key.max()) + 1 if len(key) else 0
    if size <= _DENSE * len(key) + 1024 and np.bincount(key).max() <= 1:  # a counting sort, O(n)
        slots = np.full(size, -1, dtype=np.int64)
        slots[key] = np.arange(len(key))
        return slots[slots >= 0]
    return np.lexsort((*reversed(within), group))


def reduce_by(key: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One record per distinct key (keys from :func:`combine`): its first position, least ``lo``, most ``hi``."""
    counts = np.bincount(key)
    if len(counts) == 0 or counts.max() <= 1:
        return np.arange(len(key)), lo, hi
    least = np.full(len(counts), np.inf)
    most = np.full(len(counts), -np.inf)
    np.minimum.at(least, key, lo)
    np.maximum.at(most, key, hi)
    first = np.zeros(len(counts), dtype=np.int64)
    first[key[::-1]] = np.arange(len(key))[::-1]
    present = np.flatnonzero(counts)
    position = first[present]
    order = np.argsort(position, kind="stable")
    return position[order], least[present][order], most[present][order]


def intervals(value: np.ndarray, bound: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The least and most a figure allows: ``> v`` is (v, ∞), ``≤ v`` is [0, v], ``≈ v`` is v ± 10 %."""
    lo, hi = value.copy(), value.copy()
    hi[(bound == 1) | (bound == 2)] = np.inf
    lo[(bound == 3) | (bound == 4)] = 0.0
    near = bound == 5
    lo[near] = value[near] * (1 - APPROX)
    hi[near] = value[near] * (1 + APPROX)
    return lo, hi


def bound_codes(series: pd.Series) -> np.ndarray:
    codes, names = factorize(series)
    index = np.asarray([BOUNDS.index(b) if b in BOUNDS else -1 for b in names] + [-1], dtype=np.int8)
    return index[codes]


def parse_key(key: object) -> dict[str, str]:
    """``"age=adult;sex=female"`` → ``{"age": "adult", "sex": "female"}``."""
    if not isinstance(key, str) or not key:
        return {}
    return dict(part.split("=", 1) for part in key.split(";") if "=" in part)


def partition_of(dim: str) -> frozenset[str] | None:
    """The values of a standard dimension that split a total without overlap; ``None`` for other dimensions."""
    if dim not in DIMENSIONS:
        return None
    return frozenset(DIMENSIONS[dim]) - OVERLAPPING.get(dim, frozenset())


def citation(source: object, quote: object, where: object) -> str:
    source = source if isinstance(source, str) else ""
    quote = quote if isinstance(quote, str) else ""
    if source and quote:
        return f'{source}: "{quote}"'
    return source or f"line {where}"


def group_label(key: str) -> str:
    return f" [{key}]" if key else ""


def count_column(values: pd.DataFrame, name: str) -> np.ndarray:
    """A numerator or denominator column as floats (NaN: not given)."""
    if name not in values:
        return np.full(len(values), np.nan)
    return pd.to_numeric(values[name], errors="coerce").to_numpy(dtype=float)


def half_unit(places, share):
    """Half a unit of the last decimal written (``places``), plus a hair for float error: how far a percentage
    computed from counts (``share``) may be from a figure written to those decimals."""
    return 0.5 * 10.0 ** -np.asarray(places, dtype=float) + 1e-9 * np.maximum(1.0, np.abs(share))

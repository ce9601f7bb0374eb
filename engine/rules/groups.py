"""Groups of a disaggregation: the dimensions an indicator declares, and parts against their total."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mptf.engine.reading.fields import suggest
from mptf.engine.rules.arrays import (
    combine,
    first_positions,
    group_label,
    partition_of,
    period_text,
    periods,
    reduce_by,
)
from mptf.engine.rules.context import Context, Ruling
from mptf.indicators.measures import ADDITIVE, DIMENSIONS
from mptf.indicators.quantity import format_number

__all__ = ["dimensions", "parts"]


def dimensions(ctx: Context) -> Ruling:
    """Each distinct (indicator, group) once: dimensions it declares, values of the standard dimensions. Its
    rows are set aside from the sums of parts and the cumulative series (an unknown value is an error)."""
    r = Ruling(ctx)
    rows = (ctx.fwi >= 0) & (ctx.dis >= 0)
    at = np.flatnonzero(rows)
    if not len(at):
        return r
    pairs = combine(ctx.fwi[at], ctx.dis[at])
    first = first_positions(pairs)
    flagged: dict[int, list[tuple[str, str, dict[str, object]]]] = {}
    for pair, i in zip(pairs[first].tolist(), at[first].tolist(), strict=True):
        declared = ctx.fw.dims[int(ctx.fwi[i])]
        problems = []
        for dim, val in ctx.dis_parts[int(ctx.dis[i])].items():
            if dim not in declared:
                problems.append(
                    (
                        "undeclared-dimension",
                        dim,
                        {
                            "indicator": ctx.ind(i),
                            "dimension": dim,
                            "declared": ", ".join(sorted(declared)) or "none",
                        },
                    )
                )
            elif dim in DIMENSIONS and val not in DIMENSIONS[dim]:
                allowed = DIMENSIONS[dim]
                problems.append(
                    (
                        "unknown-value",
                        dim,
                        {
                            "subject": f"{dim!r} is {val!r},",
                            "allowed": ", ".join(allowed),
                            "suggestion": suggest(val.lower(), allowed),
                        },
                    )
                )
        if problems:
            flagged[pair] = problems
    if not flagged:
        return r
    hit = np.isin(pairs, list(flagged))
    for i, pair in zip(at[hit].tolist(), pairs[hit].tolist(), strict=True):
        for code, column, fields in flagged[pair]:
            r.add(code, i, column, **fields)
    r.aside[at[hit]] = True
    return r


def parts(ctx: Context, rows: np.ndarray) -> Ruling:
    """Parts of a disaggregation against their total: never more, and equal when the dimension is complete.

    A part's total is the row of its group less one dimension (``sex=female`` for ``age=child;sex=female``).
    Where that row has no value, the indicator's overall total bounds the parts instead: cross parts
    (female × child, male × child) can never add up to more than it, whichever rows in between are empty.
    """
    r = Ruling(ctx)
    at = np.flatnonzero(rows & np.isin(ctx.measure, ADDITIVE))
    if not len(at):
        return r
    # the parts of each distinct group: (group, parent group, dimension, partition size; 0 = open-ended);
    # a parent group no row has gets a code of its own
    index = {k: c for c, k in enumerate(ctx.dis_keys)}
    root = index.setdefault("", len(index))
    dims = sorted({d for parts in ctx.dis_parts for d in parts})
    table = []
    for code, parts in enumerate(ctx.dis_parts):
        for dim, val in parts.items():
            parent = index.setdefault(";".join(f"{d}={v}" for d, v in parts.items() if d != dim), len(index))
            partition = partition_of(dim)
            if partition is None or val in partition:
                table.append((code, parent, dims.index(dim), len(partition or ())))
    if not table:
        return r
    # one record per indicator, period and group: restatements by other sources are one figure, not two
    period = periods(ctx.start[at], ctx.end[at])
    key = combine(ctx.fwi[at], ctx.dis[at], period)
    rec, rec_lo, rec_hi = reduce_by(key, ctx.lo[at], ctx.hi[at])
    rows = at[rec]
    fwi, period, dis = ctx.fwi[rows], period[rec], ctx.dis[rows]
    part = np.asarray(table, dtype=np.int64)
    part = part[np.argsort(part[:, 0], kind="stable")]
    counts = np.bincount(part[:, 0], minlength=len(ctx.dis_keys))
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    repeat = counts[dis]
    entry_of = np.repeat(np.arange(len(rows)), repeat)  # one entry per (record, dimension it is a part of)
    if not len(entry_of):
        return r
    within = np.arange(len(entry_of)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    entry = part[np.repeat(offsets[dis], repeat) + within]
    # totals, the parents of parts and the overall totals share one key space: (indicator, start, end, group)
    n = len(entry_of)
    shared = combine(
        np.r_[fwi, fwi[entry_of], fwi[entry_of]],
        np.r_[period, period[entry_of], period[entry_of]],
        np.r_[dis, entry[:, 1], np.full(n, root)],
    )
    total_key, parent_key, root_key = shared[: len(rows)], shared[len(rows) : -n], shared[-n:]
    group = combine(parent_key, entry[:, 2])
    sum_lo = np.bincount(group, weights=rec_lo[entry_of])
    sum_hi = np.bincount(group, weights=rec_hi[entry_of])
    n_parts = np.bincount(group)
    size = np.zeros(len(n_parts), dtype=np.int64)
    size[group] = entry[:, 3]
    first_entry = np.zeros(len(n_parts), dtype=np.int64)
    first_entry[group[::-1]] = np.arange(len(group))[::-1]
    groups = np.flatnonzero(n_parts)
    record_of = np.full(int(shared.max()) + 1, -1, dtype=np.int64)  # records are unique per key
    record_of[total_key] = np.arange(len(rows))
    total = record_of[parent_key[first_entry[groups]]]
    upper = total < 0  # the parent has no value: the overall total is an upper bound, never an equal
    total[upper] = record_of[root_key[first_entry[groups[upper]]]]
    groups, total, upper = groups[total >= 0], total[total >= 0], upper[total >= 0]
    t_lo, t_hi = rec_lo[total], rec_hi[total]
    tolerance = 1e-9 * np.maximum(1.0, np.abs(np.where(np.isfinite(t_hi), t_hi, t_lo)))
    exceed = sum_lo[groups] > t_hi + tolerance
    complete = (size[groups] > 0) & (n_parts[groups] == size[groups])
    short = ~exceed & ~upper & complete & (sum_hi[groups] < t_lo - tolerance)
    flagged = exceed | short
    if not flagged.any():
        return r
    wanted = np.isin(group, groups[flagged])
    members = pd.Series(rows[entry_of][wanted]).groupby(group[wanted]).agg(lambda x: sorted(x.tolist()))
    dim_of = np.zeros(len(n_parts), dtype=np.int64)
    dim_of[group] = entry[:, 2]
    parent_of = np.zeros(len(n_parts), dtype=np.int64)
    parent_of[group] = entry[:, 1]
    keys = list(index)
    for g, t, over, via in zip(
        groups[flagged].tolist(),
        total[flagged].tolist(),
        exceed[flagged].tolist(),
        upper[flagged].tolist(),
        strict=True,
    ):
        i, parts = int(rows[t]), members[g]
        added = format_number(sum_lo[g]) if sum_lo[g] == sum_hi[g] else f"{format_number(sum_lo[g])} or more"
        under = f" of [{keys[parent_of[g]]}] (which has no value)" if via else ""
        r.add(
            "parts-exceed-total" if over else "parts-differ-from-total",
            i,
            "value",
            indicator=ctx.ind(i),
            group=group_label(ctx.key(i)),
            period=period_text(ctx.start[i], ctx.end[i]),
            under=under,
            dimension=dims[dim_of[g]],
            added=added,
            parts=" + ".join(ctx.text(j) for j in parts),
            lines=f"line{'s' if len(parts) > 1 else ''} {', '.join(str(ctx.col('line')[j]) for j in parts)}",
            total=ctx.text(i),
        )
    return r

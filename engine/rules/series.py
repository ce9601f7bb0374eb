"""Rules over rows that share an indicator and group: duplicates, conflicting claims, overlapping periods and
running totals that go down."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mptf.engine.dates import current_period_start
from mptf.engine.rules.arrays import (
    NAT,
    bound_codes,
    citation,
    combine,
    day_numbers,
    day_text,
    dense_rank,
    first_of,
    first_positions,
    group_label,
    intervals,
    order_by,
    period_text,
    periods,
)
from mptf.engine.rules.context import Context, Ruling, reset_years
from mptf.indicators.measures import ADDITIVE

__all__ = ["conflicts", "cumulative", "duplicates", "overlaps", "stale_levels"]


def _facts(ctx: Context, at: np.ndarray) -> np.ndarray:
    """One code per (indicator, group, period) of the rows ``at``."""
    return combine(ctx.fwi[at], ctx.dis[at] + 1, periods(ctx.start[at], ctx.end[at]))


def _figure_codes(ctx: Context, at: np.ndarray) -> np.ndarray:
    """One code per distinct figure (bound and number, or the text where there is no number) of the rows ``at``."""
    figure = pd.Series(
        [
            f"{b}:{v!r}" if v == v else f"text:{t}"
            for b, v, t in zip(ctx.bound[at], ctx.value[at], ctx.texts(at), strict=True)
        ],
        dtype=object,
    )
    return pd.factorize(figure)[0].astype(np.int64)


def duplicates(ctx: Context, rows: np.ndarray) -> Ruling:
    """Rows of the same provenance for one indicator, group and period. The same figure again: the repeats are
    ruled out (which one stays does not change any figure). Different figures: the source contradicts itself,
    so every row of the group is ruled out, each with its finding; the verdict never depends on row order."""
    r = Ruling(ctx)
    at = np.flatnonzero(rows)
    if not len(at):
        return r
    period = _facts(ctx, at)
    key = combine(period, ctx.prov[at])
    repeated = np.bincount(key)[key] > 1
    if not repeated.any():
        return r
    rows = at[repeated]
    key = key[repeated]
    figures = _figure_codes(ctx, rows)
    first = first_of(key, rows)
    differ = pd.Series(figures).groupby(key).transform("nunique").to_numpy() > 1
    again = (rows != first) | differ
    other = np.where(rows != first, first, first_of(key[::-1], rows[::-1])[::-1])  # the first names the last
    named = dict(zip(rows[again].tolist(), other[again].tolist(), strict=True))
    contradicts = dict(zip(rows.tolist(), differ.tolist(), strict=True))
    mask = np.zeros(ctx.n, dtype=bool)
    mask[rows[again]] = True
    r.emit(
        "duplicate-period",
        mask,
        "period_end",
        lambda i: {
            "indicator": ctx.ind(i),
            "group": group_label(ctx.key(i)),
            "period": period_text(ctx.start[i], ctx.end[i]),
            "line": ctx.col("line")[named[i]],
            "gives": f", which gives {ctx.text(named[i])!r}" if contradicts[i] else "",
        },
    )
    return r


def conflicts(ctx: Context, rows: np.ndarray) -> Ruling:
    """Rows from different sources that give different figures for one indicator, group and period (a warning:
    the rollup keeps the lowest claim, as a lower bound)."""
    r = Ruling(ctx)
    at = np.flatnonzero(rows)
    period = _facts(ctx, at)
    shared = np.bincount(period)[period] > 1
    if not shared.any():
        return r
    rows = at[shared]
    frame = pd.DataFrame({"period": period[shared], "figure": _figure_codes(ctx, rows), "row": rows})
    differ = frame.groupby("period")["figure"].transform("nunique") > 1
    for _, group in frame[differ].groupby("period", sort=False):
        parts = []
        for _, same in group.groupby("figure", sort=False):
            cites = "; ".join(ctx.cite(int(j)) for j in same["row"])
            parts.append(f"{ctx.text(int(same['row'].iloc[0]))} ({cites})")
        i = int(group["row"].iloc[-1])
        r.conflict[group["row"].to_numpy()] = True
        r.add(
            "conflicting-values",
            i,
            "value",
            disagree="give different values for",
            indicator=ctx.ind(i),
            group=group_label(ctx.key(i)),
            when=f" for the period {period_text(ctx.start[i], ctx.end[i])}",
            figures=" vs ".join(parts),
            kept="values are kept",
        )
    return r


def overlaps(ctx: Context, rows: np.ndarray) -> Ruling:
    """Periods of a non-cumulative indicator's group that overlap: the same people counted twice (the later
    row is ruled out)."""
    r = Ruling(ctx)
    at = np.flatnonzero(rows & (ctx.start != NAT) & ctx.fw.per_period[ctx.fwi])
    if len(at) < 2:
        return r
    group = combine(ctx.fwi[at], ctx.dis[at] + 1)
    interval = periods(ctx.start[at], ctx.end[at])
    keep = np.zeros(len(at), dtype=bool)  # identical intervals (other sources) are one period, not an overlap
    keep[first_positions(combine(group, interval))] = True
    at, group = at[keep], group[keep]
    if len(at) < 2:
        return r
    order = order_by(group, ctx.start[at], ctx.end[at])
    g, s, e, rows = group[order], ctx.start[at][order], ctx.end[at][order], at[order]
    # the running maximum of the end within each group: groups are sorted, so offset each by its rank
    rank = np.cumsum(np.r_[0, g[1:] != g[:-1]])
    low = min(int(s.min()), int(e.min()))
    span = int(max(s.max(), e.max())) - low + 1
    keyed = rank * span + (e - low)
    running = np.maximum.accumulate(keyed)
    holder = np.maximum.accumulate(np.where(keyed == running, np.arange(len(g)), 0))
    same_group = np.r_[False, g[1:] == g[:-1]]
    overlap = same_group & (rank * span + (s - low) <= np.r_[np.iinfo(np.int64).min, running[:-1]])
    other = dict(zip(rows[overlap].tolist(), rows[np.r_[0, holder[:-1]][overlap]].tolist(), strict=True))
    mask = np.zeros(ctx.n, dtype=bool)
    mask[rows[overlap]] = True
    r.emit(
        "overlapping-periods",
        mask,
        "period_start",
        lambda i: {
            "indicator": ctx.ind(i),
            "group": group_label(ctx.key(i)),
            "period": period_text(ctx.start[i], ctx.end[i]),
            "other": period_text(ctx.start[other[i]], ctx.end[other[i]]),
            "line": ctx.col("line")[other[i]],
        },
    )
    return r


class _History:
    """The portfolio's earlier values of the report's programmes that a cumulative series continues."""

    def __init__(self, ctx: Context, history: pd.DataFrame | None) -> None:
        h = self.rows = (history if history is not None else pd.DataFrame()).reset_index(drop=True)
        if h.empty:
            self.arrays = None
            return
        fwi = ctx.fw.ids.get_indexer(h["indicator"].astype(object))
        index = {k: c for c, k in enumerate(ctx.dis_keys)}
        dis = h["disaggregation"].fillna("").astype(object).map(index).fillna(-1).to_numpy(dtype=np.int64)
        end, value = day_numbers(h["period_end"]), h["value"].to_numpy(dtype=float)
        lo, hi = intervals(value, bound_codes(h["bound"]))
        keep = (
            (fwi >= 0)
            & (dis >= 0)
            & np.isin(ctx.fw.measure[fwi], ADDITIVE)
            & (ctx.fw.cumulative[fwi] | ctx.fw.ytd[fwi])
            & (end != NAT)
            & (value >= 0)
        )
        self.arrays = {
            "fwi": fwi[keep],
            "dis": dis[keep],
            "end": end[keep],
            "year": reset_years(ctx.fw, fwi[keep], end[keep]),
            "lo": lo[keep],
            "hi": hi[keep],
            "row": np.flatnonzero(keep),
        }

    def text(self, ref: int) -> str:
        return str(self.rows.iloc[-1 - ref]["text"])

    def source(self, ref: int) -> str:
        s = self.rows.iloc[-1 - ref]["source"]
        return s if isinstance(s, str) else ""

    def cite(self, ref: int) -> str:
        h = self.rows.iloc[-1 - ref]
        return citation(h["source"], h["quote"], f"{h['file']}:{h['line']}")


def cumulative(ctx: Context, rows: np.ndarray, history: pd.DataFrame | None = None) -> Ruling:
    """A running total never goes down: compare each period end with the one before it, per group (and, for a
    year-to-date series, per year: it restarts at each reset).

    A decrease between claims of different sources (every value on both sides sourced, no source on both
    sides) is a conflict of claims, a warning, as two sources giving different figures for one period are;
    the rollup then keeps the lowest claim as a lower bound. Any other decrease is an error at the row that
    breaks the series, which is ruled out. ``history`` holds the portfolio's own earlier values of a report's
    programmes.
    """
    r = Ruling(ctx)
    running = ctx.fw.cumulative[ctx.fwi] | ctx.fw.ytd[ctx.fwi]
    at = np.flatnonzero(rows & np.isin(ctx.measure, ADDITIVE) & running)
    fwi, dis, end, lo, hi = ctx.fwi[at], ctx.dis[at], ctx.end[at], ctx.lo[at], ctx.hi[at]
    year = ctx.year_of(at)
    ref = at.copy()  # a report row, or -1 - (a history row)
    past = _History(ctx, history)
    if past.arrays is not None:
        h = past.arrays
        fwi, dis, end = np.r_[fwi, h["fwi"]], np.r_[dis, h["dis"]], np.r_[end, h["end"]]
        lo, hi, ref = np.r_[lo, h["lo"]], np.r_[hi, h["hi"]], np.r_[ref, -1 - h["row"]]
        year = np.r_[year, h["year"]]
    if not len(ref):
        return r
    group = combine(fwi, dis + 1, year - year.min())
    when = dense_rank(end)
    ends = np.zeros(int(when.max()) + 1, dtype=np.int64)
    ends[when] = end
    cell = combine(group, when)
    size = int(cell.max()) + 1
    cell_lo = np.full(size, np.inf)
    cell_hi = np.full(size, -np.inf)
    np.minimum.at(cell_lo, cell, lo)
    np.maximum.at(cell_hi, cell, hi)
    present = np.zeros(size, dtype=bool)
    present[cell] = True
    cells = np.flatnonzero(present)
    cell_group = np.zeros(size, dtype=np.int64)
    cell_group[cell] = group
    cell_when = np.zeros(size, dtype=np.int64)
    cell_when[cell] = when
    order = cells[order_by(cell_group[cells], cell_when[cells])]
    g = cell_group[order]
    same = np.r_[False, g[1:] == g[:-1]]
    before = np.r_[-1, order[:-1]]
    down = same & (cell_hi[order] < cell_lo[before] - 1e-9 * np.maximum(1.0, np.abs(cell_hi[order])))
    if not down.any():
        return r
    pairs = list(zip(before[down].tolist(), order[down].tolist(), strict=True))
    wanted = np.isin(cell, [c for pair in pairs for c in pair])
    members = pd.DataFrame({"cell": cell[wanted], "ref": ref[wanted]}).sort_values("ref", key=lambda x: x < 0)
    by_cell = members.groupby("cell", sort=False)["ref"].agg(list)

    def source(j: int) -> str:
        if j < 0:
            return past.source(j)
        s = ctx.col("source")[j]
        return s if isinstance(s, str) else ""

    def side(refs: list[int], day: int) -> str:
        texts = [ctx.text(j) if j >= 0 else past.text(j) for j in refs]
        cites = [ctx.cite(j) if j >= 0 else past.cite(j) for j in refs]
        return f"{' / '.join(dict.fromkeys(texts))} ({day_text(int(day))}, {'; '.join(dict.fromkeys(cites))})"

    for earlier, later in pairs:
        refs_before, refs_after = by_cell[earlier], by_cell[later]
        located = next((j for j in refs_after + refs_before if j >= 0), None)
        if located is None:
            continue  # both sides come from the framework's own values, which are not being validated
        sources_before, sources_after = {source(j) for j in refs_before}, {source(j) for j in refs_after}
        claims = "" not in sources_before | sources_after and not sources_before & sources_after
        what = {"indicator": ctx.ind(located), "group": group_label(ctx.key(located))}
        before = side(refs_before, ends[cell_when[earlier]])
        after = side(refs_after, ends[cell_when[later]])
        if claims:
            mine = [j for j in refs_before + refs_after if j >= 0]
            r.conflict[mine] = True
            r.add(
                "conflicting-values",
                located,
                "value",
                disagree="disagree on the running total",
                **what,
                when="",
                figures=f"it cannot go down, but they give {before} then {after}",
                kept="claims are kept, and the rollup counts the lowest as a lower bound",
            )
            continue
        ytd = bool(ctx.fw.ytd[ctx.fwi[located]])
        kind = "year-to-date (a running total within its year)" if ytd else "cumulative (a running total)"
        r.add("cumulative-decrease", located, "value", **what, kind=kind, before=before, after=after)
        if not ytd and located in refs_after:
            _restarts(ctx, r, located, what, before, after)
    return r


def _restarts(ctx: Context, r: Ruling, i: int, what: dict, before: str, after: str) -> None:
    """A since-start running total that drops at a row whose period starts after the programme began, on the
    first of a month: it reads as a year-to-date series (``looks-year-to-date``)."""
    began = int(ctx.fw.win_start[ctx.pfw[i]]) if ctx.pfw[i] >= 0 else NAT
    start = int(ctx.start[i])
    if began == NAT or start == NAT or start <= began:
        return
    if np.datetime64(start, "D").astype(object).day != 1:
        return
    r.add(
        "looks-year-to-date",
        i,
        "period_start",
        **what,
        start=day_text(began),
        period=period_text(start, int(ctx.end[i])),
        before=before,
        after=after,
    )


def stale_levels(ctx: Context, rows: np.ndarray) -> Ruling:
    """A level's latest value (per indicator and group, at or before the reference date) whose period ended
    before the reporting period current at the reference date (``--as-of``, default today): the last calendar
    year ended by then, or a closed programme's final year (:func:`~mptf.engine.dates.current_period_start`).
    A warning: the level still counts, as an approximate figure."""
    r = Ruling(ctx)
    at = np.flatnonzero(rows & ctx.fw.level[ctx.fwi] & (ctx.end <= ctx.fw.as_of))
    if not len(at):
        return r
    group = combine(ctx.fwi[at], ctx.dis[at] + 1)
    order = order_by(group, ctx.end[at])
    last = np.r_[group[order][1:] != group[order][:-1], True]
    latest = at[order][last]
    ended = ctx.fw.win_end[ctx.pfw[latest]]
    ended_dates = np.where(ended == NAT, np.datetime64("NaT", "D"), ended.astype("datetime64[D]"))
    since = current_period_start(np.datetime64(int(ctx.fw.as_of), "D"), ended_dates).astype(np.int64)
    stale = latest[ctx.end[latest] < since]
    starts = dict(zip(latest.tolist(), since.tolist(), strict=True))
    mask = np.zeros(ctx.n, dtype=bool)
    mask[stale] = True
    r.emit(
        "stale-level",
        mask,
        "period_end",
        lambda i: {
            "indicator": ctx.ind(i),
            "group": group_label(ctx.key(i)),
            "value": ctx.text(i),
            "end": day_text(int(ctx.end[i])),
            "since": day_text(int(starts[i])),
            "as_of": day_text(int(ctx.fw.as_of)),
        },
    )
    return r

"""Validate reported values against their results framework (``mptf validate``).

The values are the model's ``values`` table: read from a report (:mod:`mptf.engine.report`) or held in the
portfolio itself. Every rule is a vectorised pass over whole columns, joined with the framework through integer
codes (an indicator's position in the framework, a group's code, day numbers): boolean masks for the cell
rules; counts over combined keys for duplicates; a running maximum over sorted intervals for overlaps; sums of
parts per total with ``np.bincount``; a grid of groups × period ends (or a sort, when the grid would be sparse)
for cumulative decreases. Python loops run over the framework (indicators, distinct groups and texts) and over
the findings emitted, never over the value rows.

One problem, one finding: a row whose ids, period or value is wrong is reported for that, and left out of the
rules that compare rows (sums of parts, cumulative series, targets), so that one bad cell does not make a
cascade of findings elsewhere. The definitions (due periods, complete dimensions, approximate figures) are in
``docs/rules.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from mptf.indicators.codes import factorize as _codes
from mptf.indicators.codes import filled as _text_mask
from mptf.indicators.measures import BOUNDS, DIMENSIONS
from mptf.indicators.quantity import _FIGURE_RE as FIGURE_RE  # the shape of a written figure
from mptf.indicators.quantity import FigureError, format_number, parse_quantity

from .fields import suggest
from .findings import Findings, Loc, findings_frame

__all__ = [
    "APPROX",
    "FAR",
    "NAT",
    "OVERLAPPING",
    "PEOPLE_UNITS",
    "Validation",
    "programme_windows",
    "validate",
    "validate_values",
]

MEASURE_CODES: dict[str, int] = {
    "count": 1,
    "percentage": 2,
    "currency": 3,
    "ordinal": 4,
    "qualitative": 5,
    "yes-no": 6,
}
COUNT, PERCENTAGE, CURRENCY, ORDINAL, QUALITATIVE, YES_NO = 1, 2, 3, 4, 5, 6
MEASURE_NAMES = {code: name for name, code in MEASURE_CODES.items()}
ADDITIVE = (COUNT, CURRENCY)
#: "≈ v" is read as somewhere in v ± 10 % when rows are compared with each other.
APPROX = 0.10
#: A total more than FAR times the indicator's largest target is a warning (a unit or a decimal point slipped).
FAR = 10
#: Units whose counts are whole people (a fraction is an error); other counts with a fraction are a warning.
PEOPLE_UNITS = frozenset(
    "people persons individuals officials households families children women men girls boys migrants "
    "returnees survivors participants students trainees beneficiaries staff refugees youth workers farmers "
    "actors stakeholders journalists teachers parents".split()
)
#: Values of a standard dimension that overlap the others (youth is 15-24: partly child, partly adult): they are
#: left out of the sums of parts, and a dimension is complete without them.
OVERLAPPING: dict[str, frozenset[str]] = {"age": frozenset({"youth"})}
YES_NO_WORDS = frozenset({"yes", "no", "true", "false"})
MISSING_WORDS = frozenset({"n/a", "na", "n.a.", "-", "—", "–", "none", "nil", "null", "tbd", "unknown", "?"})
NAT = np.iinfo(np.int64).min
_DENSE = 4  # ids, grids and counting sorts span at most this many slots per row (else: ranks, or a sort)


# -- the framework as arrays -------------------------------------------------------------------------------
class _Framework:
    """Indicators and programmes as arrays indexed by position; the extra last slot answers for position -1."""

    def __init__(self, portfolio) -> None:
        ind = portfolio.indicators.drop_duplicates("indicator").reset_index(drop=True)
        progs = portfolio.programmes.drop_duplicates("programme").reset_index(drop=True)
        self.indicators = ind
        self.ids = pd.Index(ind["indicator"].astype(object))
        self.programme_ids = pd.Index(progs["programme"].astype(object))
        measures = ind["measure"].map(MEASURE_CODES).fillna(0).to_numpy(dtype=np.int8)
        self.measure = _pad(measures, 0)
        self.cumulative = _pad(ind["cumulative"].to_numpy(dtype=bool), False)
        units = ind["unit"].astype(object).where(ind["unit"].notna(), "").astype(str)
        self.unit = _pad(units.to_numpy(dtype=object), "")
        words = units.str.lower().map(lambda u: bool(set(re.findall(r"[a-z]+", u)) & PEOPLE_UNITS))
        self.people = _pad(words.to_numpy(dtype=bool), False)
        self.prog = _pad(self.programme_ids.get_indexer(ind["programme"].astype(object)).astype(np.int64), -1)
        self.scale = [tuple(str(s).strip().lower() for s in (sc or ())) for sc in ind["scale"]] + [()]
        self.scale_text = [", ".join(map(str, sc or ())) for sc in ind["scale"]] + [""]
        self.dims = [frozenset(d or ()) for d in ind["disaggregation"]] + [frozenset()]
        self.by_programme: dict[int, list[str]] = {}
        for position, owner in enumerate(self.prog[:-1]):
            self.by_programme.setdefault(int(owner), []).append(self.ids[position])
        start, end = programme_windows(progs)
        self.win_start, self.win_end = _pad(start, NAT), _pad(end, NAT)
        targets = portfolio.targets
        usable = targets[~targets["percent"].astype(bool) & (targets["value"] > 0)]
        largest = usable.groupby("indicator")["value"].max()
        self.target = _pad(largest.reindex(self.ids).to_numpy(dtype=float), np.nan)
        self.targets = targets.assign(fwi=self.ids.get_indexer(targets["indicator"].astype(object)))


def _pad(array: np.ndarray, fill: object) -> np.ndarray:
    array = np.asarray(array)
    return np.append(array, np.asarray([fill], dtype=array.dtype))


def programme_windows(programmes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each programme's first and last day (NAT: unknown), from start and end, or one of them and the duration."""
    start, end = programmes["start"].copy(), programmes["end"].copy()
    months = programmes["duration_months"]
    for i in programmes.index[start.notna() & end.isna() & months.notna()]:  # a loop over programmes
        end.at[i] = start.at[i] + pd.DateOffset(months=int(months.at[i])) - pd.Timedelta(days=1)
    for i in programmes.index[end.notna() & start.isna() & months.notna()]:
        start.at[i] = end.at[i] - pd.DateOffset(months=int(months.at[i])) + pd.Timedelta(days=1)
    return _days(start), _days(end)


# -- array helpers -----------------------------------------------------------------------------------------
def _days(dates: pd.Series | np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01, int64) of a date column; ``NAT`` where the date is missing."""
    array = np.asarray(pd.to_datetime(pd.Series(dates)).to_numpy("datetime64[ns]"))
    days = array.astype("datetime64[D]").astype(np.int64)
    days[np.isnat(array)] = NAT
    return days


def _date(day: int) -> str:
    return "" if day == NAT else str(np.datetime64(int(day), "D"))


def _period(start: int, end: int) -> str:
    return f"{_date(start)} to {_date(end)}" if start != NAT else f"ending {_date(end)}"


def _rank(codes: np.ndarray) -> np.ndarray:
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


def _day_codes(days: np.ndarray) -> np.ndarray:
    """Day numbers as small codes: 0 for a missing date, else 1 + the rank of the day among those present."""
    out = np.zeros(len(days), dtype=np.int64)
    known = days != NAT
    if known.any():
        out[known] = _rank(days[known]) + 1
    return out


def _periods(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """One small code per distinct (start, end) pair of day numbers."""
    return _rank(_combine(_day_codes(start), _day_codes(end)))


def _combine(*codes: np.ndarray) -> np.ndarray:
    """One non-negative id per distinct tuple of non-negative codes, small enough for ``np.bincount``."""
    out = np.asarray(codes[0], dtype=np.int64)
    limit = max(_DENSE * len(out), 1 << 16)
    for c in codes[1:]:
        c = np.asarray(c, dtype=np.int64)
        span = int(c.max()) + 1 if len(c) else 1
        if len(out) and (int(out.max()) + 1) * span > limit:
            out = _rank(out)
        out = out * span + c
    if len(out) and int(out.max()) > limit:
        out = _rank(out)
    return out


def _first_positions(ids: np.ndarray) -> np.ndarray:
    """The position of the first occurrence of each distinct id (ids from :func:`_combine`), in order."""
    first = np.full(int(ids.max()) + 1 if len(ids) else 0, -1, dtype=np.int64)
    first[ids[::-1]] = np.arange(len(ids) - 1, -1, -1)
    return np.sort(first[first >= 0])


def _first_of(ids: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each position, the first of ``rows`` (in their order) that has the same id."""
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(len(ids)), 0))
    out = np.empty(len(ids), dtype=np.int64)
    out[order] = rows[order][first]
    return out


def _order(group: np.ndarray, *within: np.ndarray) -> np.ndarray:
    """Positions sorted by group, then by ``within`` keys (non-negative ints, each tuple unique per group)."""
    ranks = [_rank(w) for w in within]
    key = _combine(group, *ranks) if ranks else group
    size = int(key.max()) + 1 if len(key) else 0
    if size <= _DENSE * len(key) + 1024 and np.bincount(key).max() <= 1:  # a counting sort, O(n)
        slots = np.full(size, -1, dtype=np.int64)
        slots[key] = np.arange(len(key))
        return slots[slots >= 0]
    return np.lexsort((*reversed(within), group))


def _reduce(key: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One record per distinct key (keys from :func:`_combine`): its first position, least ``lo``, most ``hi``."""
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


def _interval(value: np.ndarray, bound: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The least and most a figure allows: ``> v`` is (v, ∞), ``≤ v`` is [0, v], ``≈ v`` is v ± 10 %."""
    lo, hi = value.copy(), value.copy()
    hi[(bound == 1) | (bound == 2)] = np.inf
    lo[(bound == 3) | (bound == 4)] = 0.0
    near = bound == 5
    lo[near] = value[near] * (1 - APPROX)
    hi[near] = value[near] * (1 + APPROX)
    return lo, hi


def _bound_codes(series: pd.Series) -> np.ndarray:
    codes, names = _codes(series)
    index = np.asarray([BOUNDS.index(b) if b in BOUNDS else -1 for b in names] + [-1], dtype=np.int8)
    return index[codes]


def _parse_key(key: object) -> dict[str, str]:
    """``"age=adult;sex=female"`` → ``{"age": "adult", "sex": "female"}``."""
    if not isinstance(key, str) or not key:
        return {}
    return dict(part.split("=", 1) for part in key.split(";") if "=" in part)


def _partition(dim: str) -> frozenset[str] | None:
    """The values of a standard dimension that split a total without overlap; ``None`` for other dimensions."""
    if dim not in DIMENSIONS:
        return None
    return frozenset(DIMENSIONS[dim]) - OVERLAPPING.get(dim, frozenset())


def _cite(source: object, quote: object, where: object) -> str:
    source = source if isinstance(source, str) else ""
    quote = quote if isinstance(quote, str) else ""
    if source and quote:
        return f'{source}: "{quote}"'
    return source or f"line {where}"


def _group(key: str) -> str:
    return f" [{key}]" if key else ""


def _counts(values: pd.DataFrame, name: str) -> np.ndarray:
    """A numerator or denominator column as floats (NaN: not given)."""
    if name not in values:
        return np.full(len(values), np.nan)
    return pd.to_numeric(values[name], errors="coerce").to_numpy(dtype=float)


def _half_unit(places, share):
    """Half a unit of the last decimal written (``places``), plus a hair for float error: how far a percentage
    computed from counts (``share``) may be from a figure written to those decimals."""
    return 0.5 * 10.0 ** -np.asarray(places, dtype=float) + 1e-9 * np.maximum(1.0, np.abs(share))


# -- the rules ---------------------------------------------------------------------------------------------
class _Column:
    """One column's cells, read one at a time (for findings) without converting the whole column."""

    def __init__(self, series: pd.Series | None) -> None:
        self.categories = self.codes = self.array = None
        if series is None:
            self.array = None
        elif isinstance(series.dtype, pd.CategoricalDtype):
            self.categories = np.asarray(series.cat.categories, dtype=object)
            self.codes = series.cat.codes.to_numpy()
        else:
            self.array = series.to_numpy()

    def __getitem__(self, i: int) -> object:
        if self.codes is not None:
            code = self.codes[i]
            return None if code < 0 else self.categories[code]
        return "" if self.array is None else self.array[i]


class _Rules:
    """The values as per-row arrays joined with the framework, and the rules that read them."""

    def __init__(self, values: pd.DataFrame, portfolio, findings: Findings, report_file: str | None) -> None:
        v = values.reset_index(drop=True)
        self.v, self.f, self.n, self.report_file = v, findings, len(v), report_file
        fw = self.fw = _Framework(portfolio)
        ic, names = _codes(v["indicator"])
        self.fwi = np.append(fw.ids.get_indexer(names), -1)[ic]
        pc, names = _codes(v["programme"])
        self.pfw = np.append(fw.programme_ids.get_indexer(names), -1)[pc]
        self.measure = fw.measure[self.fwi]
        self.start, self.end = _days(v["period_start"]), _days(v["period_end"])
        self.value = v["value"].to_numpy(dtype=float)
        self.bound = _bound_codes(v["bound"])
        self.lo, self.hi = _interval(self.value, self.bound)
        self.percent = v["percent"].to_numpy(dtype=bool)
        self.has = _text_mask(v["text"])
        self.num, self.den = _counts(v, "numerator"), _counts(v, "denominator")
        self.dis, self.dis_keys = _codes(v["disaggregation"].fillna(""))
        self.dis_parts = [_parse_key(k) for k in self.dis_keys]
        provenance = [_codes(v[c])[0] + 1 for c in ("source", "quote") if c in v]
        self.prov = _rank(_combine(*provenance)) if provenance else np.zeros(self.n, dtype=np.int64)
        self._cols: dict[str, _Column] = {}
        self._hist: pd.DataFrame | None = None
        # what the rules narrow down
        self.idok = np.zeros(self.n, dtype=bool)  # programme and indicator known and consistent
        self.ok = np.zeros(self.n, dtype=bool)  # ... and a usable period
        self.good = np.zeros(self.n, dtype=bool)  # a valid figure of a numeric indicator
        self.dimok = np.ones(self.n, dtype=bool)  # its group's dimensions are declared and their values known
        self.first = np.ones(self.n, dtype=bool)  # not a repeat of an earlier row
        self.annotated = np.zeros(self.n, dtype=bool)  # a note, source or quote

    # -- emitting findings (a loop over findings, not over rows) -------------------------------------------
    def col(self, name: str) -> _Column:
        if name not in self._cols:
            self._cols[name] = _Column(self.v[name] if name in self.v else None)
        return self._cols[name]

    def texts(self, rows: np.ndarray) -> pd.Series:
        """The ``text`` cells of some rows, as an object Series."""
        column = self.col("text")
        if column.codes is not None:
            return pd.Series(np.append(column.categories, None)[column.codes[rows]], dtype=object)
        return pd.Series(column.array[rows], dtype=object)

    def loc(self, i: int, column: str) -> Loc:
        line = self.col("line")[i]
        return Loc(
            file=str(self.col("file")[i] or ""),
            sheet=str(self.col("sheet")[i] or ""),
            line=None if line is None or pd.isna(line) else int(line),
            column=column,
            programme=str(self.col("programme")[i]),
            item=str(self.col("indicator")[i]),
        )

    def emit(
        self,
        code: str,
        mask: np.ndarray,
        column: str | Callable[[int], str],
        message: Callable[[int], str],
        hint: str | Callable[[int], str],
        severity: Callable[[int], str | None] | None = None,
    ) -> None:
        for i in np.flatnonzero(mask).tolist():
            self.f.add(
                code,
                self.loc(i, column(i) if callable(column) else column),
                message(i),
                hint(i) if callable(hint) else hint,
                severity(i) if severity else None,
            )

    def ind(self, i: int) -> str:
        return str(self.col("indicator")[i])

    def prog(self, i: int) -> str:
        return str(self.col("programme")[i])

    def text(self, i: int) -> str:
        return str(self.col("text")[i])

    def key(self, i: int) -> str:
        return str(self.dis_keys[self.dis[i]]) if self.dis[i] >= 0 else ""

    def cite(self, i: int) -> str:
        return _cite(self.col("source")[i], self.col("quote")[i], self.col("line")[i])

    # -- ids -----------------------------------------------------------------------------------------------
    def ids(self) -> None:
        fw = self.fw
        unknown_programme = self.pfw < 0
        self.emit(
            "unknown-programme",
            unknown_programme,
            "programme",
            lambda i: f"programme {self.prog(i)!r} is not in the portfolio{suggest(self.prog(i), fw.programme_ids)}",
            "correct the programme id (mptf check lists the portfolio's programmes), or validate against the "
            "portfolio that holds it (--portfolio)",
        )
        self.emit(
            "unknown-indicator",
            ~unknown_programme & (self.fwi < 0),
            "indicator",
            lambda i: (
                f"indicator {self.ind(i)!r} is not in the results framework of {self.prog(i)!r}"
                f"{suggest(self.ind(i), fw.by_programme.get(int(self.pfw[i]), []))}"
            ),
            "correct the indicator id (mptf show PROGRAMME lists them), or add the indicator to the framework",
        )
        owner = fw.prog[self.fwi]
        wrong = ~unknown_programme & (self.fwi >= 0) & (owner != self.pfw)
        self.emit(
            "unknown-indicator",
            wrong,
            "programme",
            lambda i: (
                f"indicator {self.ind(i)!r} belongs to programme {fw.programme_ids[owner[i]]!r}, not {self.prog(i)!r}"
            ),
            lambda i: f"report it under programme {fw.programme_ids[owner[i]]!r}, or correct the indicator id",
        )
        self.idok = ~unknown_programme & (self.fwi >= 0) & ~wrong

    # -- periods -------------------------------------------------------------------------------------------
    def periods(self) -> None:
        has_start, has_end = self.start != NAT, self.end != NAT
        swapped = has_start & has_end & (self.start > self.end)
        self.emit(
            "end-before-start",
            swapped,
            "period_end",
            lambda i: f"period ends {_date(self.end[i])} before it starts {_date(self.start[i])}",
            "swap or correct the dates (IATI rule 8.6.1: a period starts before it ends)",
        )
        self.ok = self.idok & has_end & ~swapped
        w_start, w_end = self.fw.win_start[self.pfw], self.fw.win_end[self.pfw]
        late = self.ok & (w_end != NAT) & (self.end > w_end)
        early = self.ok & ~late & (w_start != NAT) & (np.where(has_start, self.start, self.end) < w_start)
        self.emit(
            "period-outside-programme",
            late | early,
            lambda i: "period_end" if late[i] or not has_start[i] else "period_start",
            lambda i: (
                f"the period {_period(self.start[i], self.end[i])} is outside the dates of programme "
                f"{self.prog(i)!r} ({_date(w_start[i]) or 'start unknown'} to {_date(w_end[i]) or 'end unknown'})"
            ),
            "correct the period; if the programme was extended, update its end date in the framework",
        )

    # -- cells ---------------------------------------------------------------------------------------------
    def cells(self) -> None:
        m, value, fw = self.measure, self.value, self.fw
        measured = (self.fwi >= 0) & (self.pfw >= 0) & self.has
        unread = measured & np.isin(m, (COUNT, PERCENTAGE, CURRENCY)) & np.isnan(value)
        unread &= ~(self._matches(unread, "=") & _text_mask(self.v["sheet"]))  # a workbook formula with no result
        looks = self._matches(unread, FIGURE_RE)
        problems: dict[str, FigureError] = {}

        def problem(i: int) -> FigureError:
            text = self.text(i)
            if text not in problems:
                try:
                    parse_quantity(text)
                    problems[text] = FigureError(f"{text!r} is not a number", "write digits, e.g. 1234")
                except FigureError as err:
                    problems[text] = err
            return problems[text]

        self.emit("bad-number", unread & looks, "value", lambda i: f"'value': {problem(i)}", lambda i: problem(i).hint)
        self.emit(
            "text-on-numeric",
            unread & ~looks,
            "value",
            lambda i: (
                f"{self.ind(i)!r} is a {MEASURE_NAMES[int(m[i])]} indicator: its value must be a number, "
                f"not {self.text(i)!r} (IATI rule 8.10.2)"
            ),
            lambda i: (
                "leave the value empty when there is none (the row then counts as not reported)"
                if self.text(i).strip().lower() in MISSING_WORDS
                else "write the figure (e.g. 1,234); words belong in the note"
            ),
        )
        read = measured & np.isin(m, (COUNT, PERCENTAGE, CURRENCY)) & ~np.isnan(value)
        self.emit(
            "inexact-value",
            read & (self.bound > 0),
            "value",
            lambda i: f"{self.text(i)!r} is not an exact figure ({BOUNDS[self.bound[i]]} {format_number(value[i])})",
            "a report gives the figure itself; if only an estimate exists, write it as a number and say so in the note",
        )
        stray = read & self.percent & (m != PERCENTAGE)
        self.emit(
            "unexpected-percent",
            stray,
            "value",
            lambda i: (
                f"{self.text(i)!r} is a share, but {self.ind(i)!r} is a {MEASURE_NAMES[int(m[i])]} indicator "
                f"({fw.unit[self.fwi[i]] or 'no unit'})"
            ),
            "write the number itself, not a percentage",
        )
        pct = read & (m == PERCENTAGE)
        out = pct & ((value < 0) | (value > 100))
        self.emit(
            "percentage-out-of-range",
            out,
            "value",
            lambda i: f"{self.text(i)!r} is outside 0 to 100 for the percentage indicator {self.ind(i)!r}",
            "write a percentage from 0 to 100 (45 for 45%)",
        )
        small = pct & ~out & ~self.percent & (value > 0) & (value < 1)
        self.emit(
            "fraction-or-percent",
            small & ~self._counts_give(small),
            "value",
            lambda i: (
                f"{self.text(i)!r} for the percentage indicator {self.ind(i)!r}: a fraction or a percent? "
                f"It reads as {self.text(i)}%"
            ),
            lambda i: (
                f"write {format_number(round(value[i] * 100, 10))} if you mean "
                f"{format_number(round(value[i] * 100, 10))}%; write {self.text(i)}% if it really is under 1%"
            ),
        )
        count = read & (m == COUNT)
        negative = count & (value < 0)
        self.emit(
            "negative-count",
            negative,
            "value",
            lambda i: f"{self.text(i)!r} is below zero: {self.ind(i)!r} counts {fw.unit[self.fwi[i]] or 'items'}",
            "write the count, zero or more",
        )
        fractional = count & ~negative & (np.floor(value) != value)
        people = fw.people[self.fwi]
        self.emit(
            "non-integer-count",
            fractional,
            "value",
            lambda i: f"{self.text(i)!r} is not a whole number of {fw.unit[self.fwi[i]] or 'items'} ({self.ind(i)!r})",
            lambda i: (
                "count whole people; a share belongs to a percentage indicator"
                if people[i]
                else f"check the figure: can there be a fraction of {fw.unit[self.fwi[i]] or 'an item'}?"
            ),
            lambda i: None if people[i] else "warning",
        )
        self.good = read & ~(stray | out | negative | fractional)
        self.emit(
            "number-on-qualitative",
            self._matches(measured & (m == QUALITATIVE), FIGURE_RE),
            "value",
            lambda i: (
                f"{self.ind(i)!r} is qualitative: its value is described in words, not {self.text(i)!r} "
                "(IATI rule 8.10.3)"
            ),
            "describe the result in words; a figure belongs to a count or percentage indicator",
        )
        self._ordinal(measured & (m == ORDINAL))
        yes_no = measured & (m == YES_NO)
        words = np.zeros(self.n, dtype=bool)
        if yes_no.any():
            words[yes_no] = self.texts(yes_no).str.strip().str.lower().isin(YES_NO_WORDS).to_numpy(bool)
        self.emit(
            "wrong-type",
            yes_no & ~words,
            "value",
            lambda i: f"a yes-no indicator's value is {self.text(i)!r}",
            "write yes or no",
        )
        annotated = np.zeros(self.n, dtype=bool)
        for name in ("note", "source", "quote"):
            if name in self.v:
                annotated |= _text_mask(self.v[name])
        self.annotated = annotated
        self.emit(
            "missing-value",
            (self.fwi >= 0) & (self.pfw >= 0) & ~self.has & annotated & (m != QUALITATIVE),
            "value",
            lambda i: f"the row for {self.ind(i)!r} has a note or a source but no value (IATI rule 8.10.1)",
            "write the value; if there is none, empty the note too, or delete the row",
        )

    def _matches(self, rows: np.ndarray, pattern: re.Pattern) -> np.ndarray:
        out = np.zeros(self.n, dtype=bool)
        if rows.any():
            out[rows] = self.texts(rows).str.match(pattern).fillna(False).to_numpy(bool)
        return out

    def _ordinal(self, rows: np.ndarray) -> None:
        if not rows.any():
            return
        at = np.flatnonzero(rows)
        texts = self.texts(at).str.strip().str.lower()
        codes, uniques = pd.factorize(pd.Series(self.fwi[at]).astype(str) + "\x1f" + texts)
        outside = np.zeros(self.n, dtype=bool)
        verdict = []
        for pair in uniques:
            fwi, text = pair.split("\x1f", 1)
            scale = self.fw.scale[int(fwi)]
            verdict.append(bool(scale) and text not in scale)
        outside[at] = np.asarray(verdict, dtype=bool)[codes]
        self.emit(
            "ordinal-outside-scale",
            outside,
            "value",
            lambda i: (
                f"{self.text(i)!r} is not a level of the scale of {self.ind(i)!r}: {self.fw.scale_text[self.fwi[i]]}"
            ),
            lambda i: (
                f"write one of: {self.fw.scale_text[self.fwi[i]]}"
                f"{suggest(self.text(i).lower(), self.fw.scale[self.fwi[i]])}"
            ),
        )

    # -- numerators and denominators -----------------------------------------------------------------------
    def ratios(self) -> None:
        """The counts a percentage was computed from: possible, given in pairs, on a percentage, and in step with it.

        The rollup recomputes a percentage as Σ numerators / Σ denominators when every part has both, so counts
        that are impossible, half given or at odds with the figure would change the fund's figure unseen.
        """
        num, den = self.num, self.den
        has_num, has_den = ~np.isnan(num), ~np.isnan(den)
        m = self.measure
        given = (has_num | has_den) & (self.fwi >= 0) & (self.pfw >= 0)
        if not given.any():
            return

        def counts(i: int) -> str:
            return " / ".join(format_number(c) for c in (num[i], den[i]) if c == c)

        self.emit(
            "unexpected-ratio",
            given & (m > 0) & (m != PERCENTAGE),
            lambda i: "numerator" if has_num[i] else "denominator",
            lambda i: (
                f"{self.ind(i)!r} is {self._article(MEASURE_NAMES[int(m[i])])} indicator: a "
                f"{' and '.join(n for n, h in (('numerator', has_num[i]), ('denominator', has_den[i])) if h)} "
                f"({counts(i)}) mean{'s' if has_num[i] != has_den[i] else ''} nothing there"
            ),
            "empty the numerator and denominator: they are the counts a percentage indicator's value is computed from",
        )
        pct = given & (m == PERCENTAGE)
        both = pct & has_num & has_den & (den > 0)
        exceeds = both & (num > den)
        checked = self.good & both & (num >= 0) & ~exceeds
        places = np.zeros(self.n, dtype=np.int64)  # decimals written in the figure, where it is compared
        places[checked | (exceeds & self.good)] = self._decimals(np.flatnonzero(checked | (exceeds & self.good)))
        self.emit(
            "negative-numerator",
            pct & has_num & (num < 0),
            "numerator",
            lambda i: f"the numerator of {self.ind(i)!r} is {format_number(num[i])}, below zero",
            "the numerator counts those the percentage is of (45 of 120 surveyed): write it as zero or more",
        )
        self.emit(
            "denominator-not-positive",
            pct & has_den & (den <= 0),
            "denominator",
            lambda i: f"the denominator of {self.ind(i)!r} is {format_number(den[i])}: no percentage is out of that",
            "write the count the percentage is out of (e.g. everyone surveyed); leave both counts empty if unknown",
        )
        self.emit(
            "numerator-exceeds-denominator",
            exceeds,
            "numerator",
            lambda i: (
                f"the numerator of {self.ind(i)!r} ({format_number(num[i])}) is greater than its denominator "
                f"({format_number(den[i])}): {self._share(100.0 * num[i] / den[i])}%"
            ),
            lambda i: (
                f"the two look swapped: numerator {format_number(den[i])} and denominator {format_number(num[i])} "
                f"give {self.text(i)}"
                if self.good[i] and self._within(100.0 * den[i] / num[i], i, places[i])
                else "the numerator counts some of the denominator: correct the one that is wrong"
            ),
        )
        self.emit(
            "incomplete-ratio",
            pct & (has_num != has_den),
            lambda i: "denominator" if has_num[i] else "numerator",
            lambda i: (
                f"{self.ind(i)!r} has a {'numerator' if has_num[i] else 'denominator'} ({counts(i)}) but no "
                f"{'denominator' if has_num[i] else 'numerator'}"
            ),
            lambda i: (
                f"give the {'denominator' if has_num[i] else 'numerator'} too, or neither: the rollup recomputes a "
                "percentage from Σ numerators / Σ denominators only when every part has both"
            ),
        )
        self._ratio_mismatch(checked, num, den, places)

    def _ratio_mismatch(self, rows: np.ndarray, num: np.ndarray, den: np.ndarray, places: np.ndarray) -> None:
        """A percentage figure against 100 × numerator / denominator, within half a unit of its last written decimal.

        A qualified figure is its interval (``over 30`` is more than 30) widened by the same half unit.
        """
        at = np.flatnonzero(rows)
        if not len(at):
            return
        share = np.full(self.n, np.nan)
        share[at] = 100.0 * num[at] / den[at]
        half = _half_unit(places[at], share[at])
        off = np.zeros(self.n, dtype=bool)
        off[at] = (share[at] < self.lo[at] - half) | (share[at] > self.hi[at] + half)

        def hint(i: int) -> str:
            counts = f"{format_number(num[i])} / {format_number(den[i])}"
            computed = self._share(share[i], int(places[i]))
            if self._within(num[i] / den[i], i, places[i]):
                return f"{self.text(i)} is the fraction {counts} itself: write the percentage, {computed}"
            fix = f"write {computed} (100 × {counts}), the percentage the rollup recomputes from the counts"
            k = int(round(float(self.value[i] * den[i] / 100.0)))
            if self.bound[i] == 0 and 0 <= k <= den[i] and self._within(100.0 * k / den[i], i, places[i]):
                return f"{fix}; or, if {self.text(i)} is right, correct the numerator to {k}"
            return f"{fix}; or, if {self.text(i)} is right, correct the numerator or the denominator"

        self.emit(
            "ratio-mismatch",
            off,
            "value",
            lambda i: (
                f"{self.text(i)!r} for {self.ind(i)!r} does not match its counts: 100 × {format_number(num[i])} / "
                f"{format_number(den[i])} = {self._share(share[i], max(2, int(places[i])))}%"
            ),
            hint,
        )

    def _within(self, share: float, i: int, places: int) -> bool:
        """Whether ``share`` reads as row ``i``'s figure, written with ``places`` decimals: within half a unit."""
        return bool(abs(share - self.value[i]) <= _half_unit(places, share))

    @staticmethod
    def _share(share: float, places: int = 2) -> str:
        """A computed percentage rounded half up to ``places`` decimals: ``_share(100 / 8, 0)`` is ``'13'``."""
        return format_number(Decimal(repr(float(share))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))

    @staticmethod
    def _article(word: str) -> str:
        return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"

    def _counts_give(self, rows: np.ndarray) -> np.ndarray:
        """Which of ``rows`` (a mask) have a numerator and denominator that give their figure as written."""
        out = np.zeros(self.n, dtype=bool)
        at = np.flatnonzero(rows)
        if len(at):
            num, den = self.num[at], self.den[at]
            share = 100.0 * num / np.where(den > 0, den, np.nan)
            out[at] = np.abs(share - self.value[at]) <= _half_unit(self._decimals(at), share)
        return out

    def _decimals(self, rows: np.ndarray) -> np.ndarray:
        """Decimal places written in the value of each row: ``33`` 0, ``33.3%`` 1, ``over 12.50`` 2, ``1,234`` 0."""
        codes, texts = pd.factorize(self.texts(rows))  # read each distinct text once
        number = pd.Series(texts, dtype="string").str.extract(FIGURE_RE)["num"]
        number = number.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
        tail = number.str.extract(r"([.,])(\d+)$")
        dots = number.str.count(r"\.")
        decimal = (tail[0].eq(".") & dots.eq(1)) | (tail[0].eq(",") & dots.gt(0))  # else "," or "." group thousands
        places = tail[1].str.len().where(decimal.fillna(False), 0).fillna(0)
        return np.append(places.to_numpy(dtype=np.int64), 0)[codes]

    # -- dimensions ----------------------------------------------------------------------------------------
    def dimensions(self) -> None:
        """Each distinct (indicator, group) once: dimensions it declares, values of the standard dimensions."""
        rows = (self.fwi >= 0) & (self.dis >= 0)
        at = np.flatnonzero(rows)
        if not len(at):
            return
        pairs = _combine(self.fwi[at], self.dis[at])
        first = _first_positions(pairs)
        flagged: dict[int, list[tuple[str, str, str, str]]] = {}
        for pair, i in zip(pairs[first].tolist(), at[first].tolist(), strict=True):
            declared = self.fw.dims[int(self.fwi[i])]
            problems = []
            for dim, val in self.dis_parts[int(self.dis[i])].items():
                if dim not in declared:
                    problems.append(
                        (
                            "undeclared-dimension",
                            dim,
                            f"{self.ind(i)!r} is broken down by {dim!r}, which it does not declare "
                            f"(declared: {', '.join(sorted(declared)) or 'none'})",
                            f"add {dim!r} to the indicator's disaggregation, or empty the {dim!r} cell",
                        )
                    )
                elif dim in DIMENSIONS and val not in DIMENSIONS[dim]:
                    allowed = DIMENSIONS[dim]
                    problems.append(
                        (
                            "unknown-value",
                            dim,
                            f"{dim!r} is {val!r}, not one of: {', '.join(allowed)}{suggest(val.lower(), allowed)}",
                            f"write one of: {', '.join(allowed)}",
                        )
                    )
            if problems:
                flagged[pair] = problems
        if not flagged:
            return
        hit = np.isin(pairs, list(flagged))
        for i, pair in zip(at[hit].tolist(), pairs[hit].tolist(), strict=True):
            for code, column, message, hint in flagged[pair]:
                self.f.add(code, self.loc(i, column), message, hint)
        self.dimok[at[hit]] = False

    # -- keys: duplicates, conflicts, overlaps -------------------------------------------------------------
    def keys(self) -> None:
        at = np.flatnonzero(self.ok)
        if not len(at):
            return
        period = _combine(self.fwi[at], self.dis[at] + 1, _periods(self.start[at], self.end[at]))
        key = _combine(period, self.prov[at])
        repeated = np.bincount(key)[key] > 1
        if repeated.any():
            rows = at[repeated]
            first = _first_of(key[repeated], rows)
            again = rows != first
            earlier = dict(zip(rows[again].tolist(), first[again].tolist(), strict=True))
            mask = np.zeros(self.n, dtype=bool)
            mask[rows[again]] = True
            self.emit(
                "duplicate-period",
                mask,
                "period_end",
                lambda i: (
                    f"{self.ind(i)!r}{_group(self.key(i))} has another row for the period "
                    f"{_period(self.start[i], self.end[i])} (line {self.col('line')[earlier[i]]})"
                ),
                "keep one row per indicator, group and period: delete this one, or correct its period or group",
            )
            self.first[mask] = False
        keep = self.first[at]
        self._conflicts(at[keep], period[keep])
        self._overlaps()

    def _conflicts(self, at: np.ndarray, period: np.ndarray) -> None:
        """Rows from different sources that give different figures for one indicator, group and period."""
        shared = np.bincount(period)[period] > 1
        if not shared.any():
            return
        rows = at[shared]
        figure = [
            f"{b}:{v!r}" if v == v else f"text:{t}"
            for b, v, t in zip(self.bound[rows], self.value[rows], self.texts(rows), strict=True)
        ]
        frame = pd.DataFrame({"period": period[shared], "figure": figure, "row": rows})
        differ = frame.groupby("period")["figure"].transform("nunique") > 1
        for _, group in frame[differ].groupby("period", sort=False):
            parts = []
            for _, same in group.groupby("figure", sort=False):
                cites = "; ".join(self.cite(int(r)) for r in same["row"])
                parts.append(f"{self.text(int(same['row'].iloc[0]))} ({cites})")
            i = int(group["row"].iloc[-1])
            self.f.add(
                "conflicting-values",
                self.loc(i, "value"),
                f"sources give different values for {self.ind(i)!r}{_group(self.key(i))} for the period "
                f"{_period(self.start[i], self.end[i])}: " + " vs ".join(parts),
                "all values are kept; confirm the figure with the programme's report and keep one",
            )

    def _overlaps(self) -> None:
        """Periods of a non-cumulative indicator's group that overlap: the same people counted twice."""
        at = np.flatnonzero(self.ok & self.first & (self.start != NAT) & ~self.fw.cumulative[self.fwi])
        if len(at) < 2:
            return
        group = _combine(self.fwi[at], self.dis[at] + 1)
        interval = _periods(self.start[at], self.end[at])
        keep = np.zeros(len(at), dtype=bool)  # identical intervals (other sources) are one period, not an overlap
        keep[_first_positions(_combine(group, interval))] = True
        at, group = at[keep], group[keep]
        if len(at) < 2:
            return
        order = _order(group, self.start[at], self.end[at])
        g, s, e, rows = group[order], self.start[at][order], self.end[at][order], at[order]
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
        mask = np.zeros(self.n, dtype=bool)
        mask[rows[overlap]] = True
        self.emit(
            "overlapping-periods",
            mask,
            "period_start",
            lambda i: (
                f"{self.ind(i)!r}{_group(self.key(i))} counts each period on its own (not cumulative), but "
                f"{_period(self.start[i], self.end[i])} overlaps {_period(self.start[other[i]], self.end[other[i]])} "
                f"(line {self.col('line')[other[i]]})"
            ),
            "give periods that do not overlap, or mark the indicator cumulative if each value is a running total",
        )

    # -- comparisons between rows --------------------------------------------------------------------------
    def parts(self) -> None:
        """Parts of a disaggregation against their total: never more, and equal when the dimension is complete.

        A part's total is the row of its group less one dimension (``sex=female`` for ``age=child;sex=female``).
        Where that row has no value, the indicator's overall total bounds the parts instead: cross parts
        (female × child, male × child) can never add up to more than it, whichever rows in between are empty.
        """
        at = np.flatnonzero(self.ok & self.good & self.first & self.dimok & np.isin(self.measure, ADDITIVE))
        if not len(at):
            return
        # the parts of each distinct group: (group, parent group, dimension, partition size; 0 = open-ended);
        # a parent group no row has gets a code of its own
        index = {k: c for c, k in enumerate(self.dis_keys)}
        root = index.setdefault("", len(index))
        dims = sorted({d for parts in self.dis_parts for d in parts})
        table = []
        for code, parts in enumerate(self.dis_parts):
            for dim, val in parts.items():
                parent = index.setdefault(";".join(f"{d}={v}" for d, v in parts.items() if d != dim), len(index))
                partition = _partition(dim)
                if partition is None or val in partition:
                    table.append((code, parent, dims.index(dim), len(partition or ())))
        if not table:
            return
        # one record per indicator, period and group: restatements by other sources are one figure, not two
        period = _periods(self.start[at], self.end[at])
        key = _combine(self.fwi[at], self.dis[at], period)
        rec, rec_lo, rec_hi = _reduce(key, self.lo[at], self.hi[at])
        rows = at[rec]
        fwi, period, dis = self.fwi[rows], period[rec], self.dis[rows]
        part = np.asarray(table, dtype=np.int64)
        part = part[np.argsort(part[:, 0], kind="stable")]
        counts = np.bincount(part[:, 0], minlength=len(self.dis_keys))
        offsets = np.r_[0, np.cumsum(counts)[:-1]]
        repeat = counts[dis]
        entry_of = np.repeat(np.arange(len(rows)), repeat)  # one entry per (record, dimension it is a part of)
        if not len(entry_of):
            return
        within = np.arange(len(entry_of)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
        entry = part[np.repeat(offsets[dis], repeat) + within]
        # totals, the parents of parts and the overall totals share one key space: (indicator, start, end, group)
        n = len(entry_of)
        shared = _combine(
            np.r_[fwi, fwi[entry_of], fwi[entry_of]],
            np.r_[period, period[entry_of], period[entry_of]],
            np.r_[dis, entry[:, 1], np.full(n, root)],
        )
        total_key, parent_key, root_key = shared[: len(rows)], shared[len(rows) : -n], shared[-n:]
        group = _combine(parent_key, entry[:, 2])
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
            return
        wanted = np.isin(group, groups[flagged])
        members = pd.Series(rows[entry_of][wanted]).groupby(group[wanted]).agg(lambda r: sorted(r.tolist()))
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
            self.f.add(
                "parts-exceed-total" if over else "parts-differ-from-total",
                self.loc(i, "value"),
                f"{self.ind(i)!r}{_group(self.key(i))} for {_period(self.start[i], self.end[i])}: "
                f"{'its parts' if over else 'its complete breakdown'}{under} by {dims[dim_of[g]]!r} add up to "
                f"{added} ({' + '.join(self.text(j) for j in parts)}; "
                f"line{'s' if len(parts) > 1 else ''} {', '.join(str(self.col('line')[j]) for j in parts)}), "
                f"{'more' if over else 'less'} than the total {self.text(i)}",
                "correct the total or a part; "
                + (
                    "the parts of one dimension do not overlap, so they cannot add up to more than the total"
                    if over
                    else "every value of the dimension is given, so the parts must add up to the total"
                ),
            )

    def cumulative(self, history: pd.DataFrame | None) -> None:
        """A running total never goes down: compare each period end with the one before it, per group."""
        at = np.flatnonzero(
            self.ok & self.good & self.dimok & np.isin(self.measure, ADDITIVE) & self.fw.cumulative[self.fwi]
        )
        fwi, dis, end, lo, hi = self.fwi[at], self.dis[at], self.end[at], self.lo[at], self.hi[at]
        ref = at.copy()  # a report row, or -1 - (a history row)
        if history is not None and len(history):
            h = self._history(history)
            fwi, dis, end = np.r_[fwi, h["fwi"]], np.r_[dis, h["dis"]], np.r_[end, h["end"]]
            lo, hi, ref = np.r_[lo, h["lo"]], np.r_[hi, h["hi"]], np.r_[ref, -1 - h["row"]]
        if not len(ref):
            return
        group = _combine(fwi, dis + 1)
        when = _rank(end)
        ends = np.zeros(int(when.max()) + 1, dtype=np.int64)
        ends[when] = end
        cell = _combine(group, when)
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
        order = cells[_order(cell_group[cells], cell_when[cells])]
        g = cell_group[order]
        same = np.r_[False, g[1:] == g[:-1]]
        before = np.r_[-1, order[:-1]]
        down = same & (cell_hi[order] < cell_lo[before] - 1e-9 * np.maximum(1.0, np.abs(cell_hi[order])))
        if not down.any():
            return
        pairs = list(zip(before[down].tolist(), order[down].tolist(), strict=True))
        wanted = np.isin(cell, [c for pair in pairs for c in pair])
        members = pd.DataFrame({"cell": cell[wanted], "ref": ref[wanted]}).sort_values("ref", key=lambda r: r < 0)
        by_cell = members.groupby("cell", sort=False)["ref"].agg(list)
        for earlier, later in pairs:
            refs_before, refs_after = by_cell[earlier], by_cell[later]
            located = next((r for r in refs_after + refs_before if r >= 0), None)
            if located is None:
                continue  # both sides come from the framework's own values, which are not being validated
            self.f.add(
                "cumulative-decrease",
                self.loc(int(located), "value"),
                f"{self.ind(located)!r}{_group(self.key(located))} is cumulative (a running total), but it decreases: "
                f"{self._side(refs_before, ends[cell_when[earlier]])} then "
                f"{self._side(refs_after, ends[cell_when[later]])}",
                "a running total cannot go down: correct the figure that is wrong; if each value counts only its own "
                "period, set cumulative: false on the indicator",
            )

    def _side(self, refs: list[int], day: int) -> str:
        texts, cites = [], []
        for r in refs:
            if r >= 0:
                texts.append(self.text(r))
                cites.append(self.cite(r))
            else:
                h = self._hist.iloc[-1 - r]
                texts.append(str(h["text"]))
                cites.append(_cite(h["source"], h["quote"], f"{h['file']}:{h['line']}"))
        return f"{' / '.join(dict.fromkeys(texts))} ({_date(int(day))}, {'; '.join(dict.fromkeys(cites))})"

    def _history(self, history: pd.DataFrame) -> dict[str, np.ndarray]:
        """The portfolio's earlier values of the report's programmes that a cumulative series continues."""
        h = self._hist = history.reset_index(drop=True)
        fwi = self.fw.ids.get_indexer(h["indicator"].astype(object))
        index = {k: c for c, k in enumerate(self.dis_keys)}
        dis = h["disaggregation"].fillna("").astype(object).map(index).fillna(-1).to_numpy(dtype=np.int64)
        end, value = _days(h["period_end"]), h["value"].to_numpy(dtype=float)
        lo, hi = _interval(value, _bound_codes(h["bound"]))
        keep = (
            (fwi >= 0)
            & (dis >= 0)
            & np.isin(self.fw.measure[fwi], ADDITIVE)
            & self.fw.cumulative[fwi]
            & (end != NAT)
            & (value >= 0)
        )
        return {
            "fwi": fwi[keep],
            "dis": dis[keep],
            "end": end[keep],
            "lo": lo[keep],
            "hi": hi[keep],
            "row": np.flatnonzero(keep),
        }

    def targets(self) -> None:
        """A total far above the indicator's largest target: a unit (thousands, percent) or a decimal slipped."""
        keys = list(self.dis_keys)
        total = self.dis == keys.index("") if "" in keys else np.zeros(self.n, dtype=bool)
        target = self.fw.target[self.fwi]
        far = self.ok & self.good & total & np.isin(self.measure, ADDITIVE) & (self.lo > FAR * target)
        self.emit(
            "far-above-target",
            far,
            "value",
            lambda i: (
                f"{self.text(i)!r} is more than {FAR} times the target of {self.ind(i)!r} ({format_number(target[i])})"
            ),
            "check the unit and the decimal point; if the figure is right, the target may need revising",
        )

    def due(self) -> None:
        """Indicators due in a period with no value: empty slots of the report, and targets inside a period."""
        at = np.flatnonzero(self.ok)
        if not len(at):
            return
        key = _combine(self.fwi[at], _periods(self.start[at], self.end[at]))
        valued = np.bincount(key, weights=self.has[at].astype(float)) > 0
        empty = ~valued[key] & ~self.annotated[at]  # a row with a note and no value is missing-value already
        if empty.any():
            mask = np.zeros(self.n, dtype=bool)
            mask[_first_of(key[empty], at[empty])] = True
            self.emit(
                "value-due",
                mask,
                "value",
                lambda i: f"{self.ind(i)!r} has no value for the period {_period(self.start[i], self.end[i])}",
                "write the value (in the total row, or in its parts); if it cannot be measured yet, say why in the "
                "note",
            )
        self._targets_due(at[_first_positions(key)])

    def _targets_due(self, at: np.ndarray) -> None:
        """``at``: one row per indicator and period of the report."""
        t = self.fw.targets
        t = t[(t["fwi"] >= 0) & t["date"].notna()]
        if t.empty:
            return
        periods = pd.DataFrame({"pfw": self.pfw[at], "start": self.start[at], "end": self.end[at]})
        periods = periods[periods["start"] != NAT].drop_duplicates()
        if periods.empty:
            return
        t = t.assign(pfw=self.fw.prog[t["fwi"].to_numpy()], day=_days(t["date"]))
        due = t.merge(periods, on="pfw")
        due = due[(due["start"] <= due["day"]) & (due["day"] <= due["end"])].drop_duplicates(["fwi", "start", "end"])
        reported = pd.DataFrame({"fwi": self.fwi[at], "start": self.start[at], "end": self.end[at], "seen": True})
        due = due.merge(reported, on=["fwi", "start", "end"], how="left")
        for row in due[due["seen"].isna()].itertuples(index=False):
            ident, programme = self.fw.ids[int(row.fwi)], self.fw.programme_ids[int(row.pfw)]
            if self.report_file is not None:
                loc = Loc(file=self.report_file, column="value", programme=programme, item=ident)
            else:
                line = None if pd.isna(row.line) else int(row.line)
                loc = Loc(file=row.file, sheet=row.sheet, line=line, column="date", programme=programme, item=ident)
            self.f.add(
                "value-due",
                loc,
                f"{ident!r} has a target dated {_date(int(row.day))} ({row.text}), in the period "
                f"{_period(int(row.start), int(row.end))}, but no value for that period",
                "add a row with the value for that period",
            )

    # -- the framework's own baselines and targets (IATI rules 8.8 and 8.9) --------------------------------
    def framework(self, programmes: set[str] | None) -> None:
        ind = self.fw.indicators
        if programmes is not None:
            ind = ind[ind["programme"].isin(programmes)]
        qualitative = ind["measure"].eq("qualitative")
        measured = ind["measure"].notna() & ~qualitative
        for row in ind[measured & ind["baseline_date"].notna() & ind["baseline_value"].isna()].itertuples():
            self.f.add(
                "baseline-without-value",
                _framework_loc(row, "baseline"),
                f"the baseline of {row.indicator!r} ({row.measure}) has a date ({row.baseline_date.date()}) but no "
                "value (IATI rule 8.8.1)",
                "give the baseline's value, e.g. baseline: {value: 0, date: 2021-01-01}",
            )
        for row in ind[qualitative & ind["baseline_value"].notna()].itertuples():
            self.f.add(
                "number-on-qualitative",
                _framework_loc(row, "baseline"),
                f"{row.indicator!r} is qualitative, but its baseline is a number (IATI rule 8.8.3)",
                "describe the baseline in words, and drop the figure",
            )
        t = self.fw.targets
        in_scope = t["indicator"].isin(set(ind.loc[qualitative, "indicator"]))
        for row in t[in_scope].itertuples():
            self.f.add(
                "number-on-qualitative",
                _framework_loc(row, "value", item=row.indicator),
                f"{row.indicator!r} is qualitative, but its target is a number: {row.text} (IATI rule 8.9.3)",
                "describe the target in words, and drop the figure",
            )


def _framework_loc(row, column: str, item: str | None = None) -> Loc:
    line = getattr(row, "line", None)
    return Loc(
        file=row.file or "",
        sheet=row.sheet or "",
        line=None if line is None or pd.isna(line) else int(line),
        column=column,
        programme=row.programme,
        item=item or row.indicator,
    )


# -- entry points ------------------------------------------------------------------------------------------
def validate_values(
    values: pd.DataFrame,
    portfolio,
    history: pd.DataFrame | None = None,
    report_file: str | None = None,
    programmes: set[str] | None = None,
) -> pd.DataFrame:
    """Findings of every rule over ``values`` (the model's ``values`` columns) against ``portfolio``'s framework.

    ``history`` holds earlier values (the portfolio's own) that a cumulative series continues; ``report_file``
    names the report, where a finding about a row that is missing belongs; ``programmes`` limits the checks of
    the framework's own baselines and targets to those programmes (default: all).
    """
    f = Findings()
    rules = _Rules(values, portfolio, f, report_file)
    rules.ids()
    rules.periods()
    rules.cells()
    rules.ratios()
    rules.dimensions()
    rules.keys()
    rules.parts()
    rules.cumulative(history)
    rules.targets()
    rules.due()
    rules.framework(programmes)
    return findings_frame(f.rows)


@dataclass
class Validation:
    """What ``mptf validate`` found, and what it read."""

    findings: pd.DataFrame
    rows: int
    values: int
    programmes: int
    source: str
    report: object | None = None

    @property
    def summary(self) -> str:
        plural = "s" if self.programmes != 1 else ""
        return (
            f"validated {self.source}: {self.rows} rows read "
            f"({self.values} values, {self.programmes} programme{plural})"
        )


def validate(report: str | Path | None = None, portfolio: str | Path | None = None) -> Validation:
    """Validate a report of reported values; with no report, the values held in the portfolio itself.

    ``portfolio`` is a directory of programme files, one programme file or a workbook (default: the embedded
    portfolio). Nothing raises for bad input: an unusable report or portfolio gives fatal findings.
    """
    from .load import load_portfolio

    fw = load_portfolio(portfolio)
    loaded = fw.load_findings if fw.load_findings is not None else findings_frame([])
    name = str(portfolio) if portfolio else "the embedded portfolio"
    if (loaded["severity"] == "fatal").any():
        return Validation(findings_frame(loaded), 0, 0, 0, name)
    if report is None:
        values = fw.values
        found = validate_values(values, fw)
        return Validation(
            found,
            len(values),
            int(_text_mask(values["text"]).sum()),
            values["programme"].nunique(),
            f"the values of {name}",
        )
    from .report import read_report

    only = str(fw.programmes["programme"].iloc[0]) if len(fw.programmes) == 1 else None
    rep = read_report(report, programme=only)
    if not rep.usable:
        return Validation(findings_frame(rep.findings.rows), rep.rows, 0, 0, str(report), rep)
    values = rep.values
    scope = set(values["programme"].astype(object).unique())
    history = fw.values[fw.values["programme"].isin(scope)]
    found = validate_values(values, fw, history=history, report_file=rep.file, programmes=scope)
    findings = findings_frame(pd.concat([rep.findings.frame(), found], ignore_index=True))
    known = len(scope & set(fw.programmes["programme"]))
    return Validation(findings, rep.rows, int(_text_mask(values["text"]).sum()), known, str(report), rep)

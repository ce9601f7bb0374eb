"""What every value rule reads: the values as per-row arrays joined with the framework, and a :class:`Ruling`
that collects one rule's findings and the rows it rules out.

A :class:`Context` is built once per validation and never changed by a rule (its only state is a cache of
columns read for messages). Each rule is a function ``rule(ctx, ...) -> Ruling``: its findings, the rows an
error of it rules out of every figure (``out``), the rows the rules that compare rows should leave aside
(``aside``) and the rows that are a conflict of sourced claims (``conflict``). Which rows a rule looks at is
an argument, computed by :func:`mptf.engine.rules.verdict.verdict` from the rulings before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

import numpy as np
import pandas as pd

from mptf.engine.dates import programme_dates, reference_date
from mptf.engine.findings import Findings, Loc
from mptf.engine.rules.arrays import (
    NAT,
    bound_codes,
    citation,
    combine,
    count_column,
    day_numbers,
    dense_rank,
    intervals,
    parse_key,
)
from mptf.indicators.catalogue import RULES
from mptf.indicators.codes import factorize
from mptf.indicators.codes import filled as text_mask
from mptf.indicators.measures import COUNT, CURRENCY, MEASURE_CODES, PEOPLE_UNITS, PERCENTAGE

__all__ = ["Column", "Context", "Framework", "Ruling", "programme_windows", "reset_years"]

BLOCKING = ("fatal", "error")


def _pad(array: np.ndarray, fill: object) -> np.ndarray:
    array = np.asarray(array)
    return np.append(array, np.asarray([fill], dtype=array.dtype))


def programme_windows(programmes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each programme's first and last day as day numbers (``NAT``: unknown); see :func:`programme_dates`."""
    start, end = programme_dates(programmes)
    return day_numbers(start), day_numbers(end)


class Framework:
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
        series = ind["series"].astype(object) if "series" in ind else pd.Series("cumulative", index=ind.index)
        self.series = _pad(series.to_numpy(dtype=object), "")
        self.per_period = self.series == "per-period"
        self.level = self.series == "level"
        self.ytd = self.series == "year-to-date"
        resets = ind["resets"] if "resets" in ind else pd.Series(1, index=ind.index)
        self.resets = _pad(pd.to_numeric(resets).fillna(1).to_numpy(dtype=np.int64), 1)
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
        self.as_of = int(day_numbers(pd.Series([reference_date(portfolio)]))[0])
        targets = portfolio.targets
        usable = targets[~targets["percent"].astype(bool) & (targets["value"] > 0)]
        largest = usable.groupby("indicator")["value"].max()
        self.target = _pad(largest.reindex(self.ids).to_numpy(dtype=float), np.nan)
        self.targets = targets.assign(fwi=self.ids.get_indexer(targets["indicator"].astype(object)))


def reset_years(fw: Framework, fwi: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The year a year-to-date value (indicator positions ``fwi``, period ends ``end`` as day numbers) belongs
    to, its year starting on the first of the indicator's ``resets`` month; 0 for the other series (and for
    unknown dates): their running totals never restart."""
    days = np.where(end == NAT, 0, end).astype("datetime64[D]")
    months = days.astype("datetime64[M]").astype(np.int64) - (fw.resets[fwi] - 1)
    return np.where(fw.ytd[fwi] & (end != NAT), 1970 + months // 12, 0)


class Column:
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


class Context:
    """The values (the model's ``values`` columns, in any order of rows) as arrays joined with the framework.

    ``fwi``/``pfw``: the row's indicator and programme position in the framework (-1: unknown); ``measure``:
    its indicator's measure code; ``start``/``end``: day numbers (``NAT`` when missing); ``value``, ``bound``
    (code), ``lo``/``hi`` (the interval a qualified figure allows), ``percent``, ``has`` (a value is written),
    ``num``/``den`` (NaN: not given), ``dis`` (group code into ``dis_keys``), ``prov`` (provenance code),
    ``annotated`` (a note, source or quote), ``read`` (a number read for a numeric indicator).
    """

    def __init__(
        self, values: pd.DataFrame, portfolio, report_file: str | None = None, fw: Framework | None = None
    ) -> None:
        v = values.reset_index(drop=True)
        self.v, self.n, self.report_file = v, len(v), report_file
        fw = self.fw = Framework(portfolio) if fw is None else fw
        ic, names = factorize(v["indicator"])
        self.fwi = np.append(fw.ids.get_indexer(names), -1)[ic]
        pc, names = factorize(v["programme"])
        self.pfw = np.append(fw.programme_ids.get_indexer(names), -1)[pc]
        self.measure = fw.measure[self.fwi]
        self.start, self.end = day_numbers(v["period_start"]), day_numbers(v["period_end"])
        self.value = v["value"].to_numpy(dtype=float)
        self.bound = bound_codes(v["bound"])
        self.lo, self.hi = intervals(self.value, self.bound)
        self.percent = v["percent"].to_numpy(dtype=bool)
        self.has = text_mask(v["text"])
        self.num, self.den = count_column(v, "numerator"), count_column(v, "denominator")
        self.dis, self.dis_keys = factorize(v["disaggregation"].fillna(""))
        self.dis_parts = [parse_key(k) for k in self.dis_keys]
        provenance = [factorize(v[c])[0] + 1 for c in ("source", "quote") if c in v]
        self.prov = dense_rank(combine(*provenance)) if provenance else np.zeros(self.n, dtype=np.int64)
        annotated = np.zeros(self.n, dtype=bool)
        for name in ("note", "source", "quote"):
            if name in v:
                annotated |= text_mask(v[name])
        self.annotated = annotated
        self.measured = (self.fwi >= 0) & (self.pfw >= 0) & self.has
        numeric = np.isin(self.measure, (COUNT, PERCENTAGE, CURRENCY))
        self.read = self.measured & numeric & ~np.isnan(self.value)
        self.unread = self.measured & numeric & np.isnan(self.value)
        columns = v["column"].to_numpy(dtype=object) if "column" in v else None
        self._where = columns  # framework figures name their own column (baseline, targets)
        self._cols: dict[str, Column] = {}

    # -- reading cells for messages (a loop over findings, not over rows) ----------------------------------
    def col(self, name: str) -> Column:
        if name not in self._cols:
            self._cols[name] = Column(self.v[name] if name in self.v else None)
        return self._cols[name]

    def texts(self, rows: np.ndarray) -> pd.Series:
        """The ``text`` cells of some rows, as an object Series."""
        column = self.col("text")
        if column.codes is not None:
            return pd.Series(np.append(column.categories, None)[column.codes[rows]], dtype=object)
        return pd.Series(column.array[rows], dtype=object)

    def loc(self, i: int, column: str) -> Loc:
        line = self.col("line")[i]
        column = self.where(i) or column
        return Loc(
            file=str(self.col("file")[i] or ""),
            sheet=str(self.col("sheet")[i] or ""),
            line=None if line is None or pd.isna(line) else int(line),
            column=column,
            programme=str(self.col("programme")[i]),
            item=str(self.col("indicator")[i]),
        )

    def where(self, i: int) -> str:
        """The framework column a row of baselines and targets comes from (``""`` for a reported value)."""
        return str(self._where[i]) if self._where is not None and self._where[i] else ""

    def year_of(self, rows: np.ndarray) -> np.ndarray:
        """The year (of its indicator's reset month) each of ``rows`` ends in: 0 for a series that never resets."""
        return reset_years(self.fw, self.fwi[rows], self.end[rows])

    def ind(self, i: int) -> str:
        return str(self.col("indicator")[i])

    def prog(self, i: int) -> str:
        return str(self.col("programme")[i])

    def text(self, i: int) -> str:
        return str(self.col("text")[i])

    def key(self, i: int) -> str:
        return str(self.dis_keys[self.dis[i]]) if self.dis[i] >= 0 else ""

    def cite(self, i: int) -> str:
        return citation(self.col("source")[i], self.col("quote")[i], self.col("line")[i])

    @cached_property
    def _text_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Each row's code into the distinct texts (-1: missing), and those texts (hashed once a context)."""
        return factorize(self.v["text"])

    def matches(self, rows: np.ndarray, pattern: re.Pattern) -> np.ndarray:
        """Which of ``rows`` (a mask) have a text that ``pattern`` matches at its start."""
        out = np.zeros(self.n, dtype=bool)
        if not rows.any():
            return out
        all_codes, categories = self._text_codes
        codes = all_codes[rows]  # each distinct text is matched once: reports repeat their figures
        used = np.zeros(len(categories) + 1, dtype=bool)
        used[codes] = True  # a missing text (code -1) marks the last slot, which never matches
        distinct = np.flatnonzero(used[:-1])
        hit = np.zeros(len(used), dtype=bool)
        hit[distinct] = pd.Series(categories[distinct], dtype=object).str.match(pattern).fillna(False)
        out[rows] = hit[codes]
        return out


class Ruling:
    """One rule's findings, and the rows it rules out (an error in them), sets aside or finds in conflict."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.findings = Findings()
        self.out = np.zeros(ctx.n, dtype=bool)
        self.aside = np.zeros(ctx.n, dtype=bool)
        self.conflict = np.zeros(ctx.n, dtype=bool)
        self.codes: dict[int, str] = {}

    def add(self, code: str, i: int, column: str, *, severity: str | None = None, **fields: object) -> None:
        """A finding about row ``i``, its message and hint rendered from the catalogue's templates with
        ``fields``; an error rules the row out."""
        self.findings.add(code, self.ctx.loc(i, column), severity=severity, **fields)
        if (severity or RULES[code].severity) in BLOCKING:
            self.out[i] = True
            self.codes.setdefault(i, code)

    def rule_out(self, mask: np.ndarray, code: str) -> None:
        """Rule out the rows of ``mask`` for an error reported where the row was read (code ``code``)."""
        for i in np.flatnonzero(mask & ~self.out).tolist():
            self.codes.setdefault(i, code)
        self.out |= mask

    def emit(
        self,
        code: str,
        mask: np.ndarray,
        column: str | Callable[[int], str],
        fields: Callable[[int], dict[str, object]] | dict[str, object] | None = None,
        *,
        severity: Callable[[int], str | None] | None = None,
    ) -> None:
        """A finding for each row of ``mask``, rendered from the catalogue with ``fields(i)`` (or ``fields``
        itself, the same for every row)."""
        for i in np.flatnonzero(mask).tolist():
            where = column(i) if callable(column) else column
            given = fields(i) if callable(fields) else fields or {}
            self.add(code, i, where, severity=severity(i) if severity else None, **given)

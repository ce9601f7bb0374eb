"""One verdict for every value: the rules run once, in one order, and every command reads the result.

:func:`verdict` gives every reported value, baseline and target its findings. A value with an error is ruled
out (``excluded`` names the first error's code): the rollup, progress, the GCM view and trace leave it out of
every figure, and say so. Values that are conflicting claims of different sources are marked (``conflict``):
the rollup keeps the lowest claim as a lower bound. A percentage given only as numerator and denominator gets
its value computed from them (an info finding), so no row drops out unseen.

Which rows a rule looks at is decided here, from the rulings before it: a row whose ids are wrong is not
checked for its period; a row without a valid figure is left out of the rules that compare rows (sums of parts,
cumulative series, targets), so that one bad cell does not make a cascade of findings elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mptf.engine.findings import Findings, findings_frame
from mptf.engine.rules import cells, due, groups, identity, ratios, series
from mptf.engine.rules.arrays import NAT
from mptf.engine.rules.context import Context, Framework, Ruling
from mptf.engine.rules.framework import iati_baselines_targets, rule_figures
from mptf.indicators.aggregation import display
from mptf.indicators.codes import factorize, filled
from mptf.indicators.quantity import format_number

__all__ = ["Verdict", "complete_ratios", "framework_verdict", "parts_from_shares", "share_count", "verdict"]


@dataclass
class Verdict:
    """The findings on a set of values (and on the framework's baselines and targets), and what each value
    may do.

    ``values``: the values as judged (the model's ``values`` columns, percentages computed from their counts
    filled in) with ``excluded`` (the code of the first error that rules the row out of every figure, ``""``
    for none) and ``conflict`` (a claim that another source contradicts). ``figures_out``: the baselines and
    targets an error rules out (``column`` baseline|targets, ``position`` in the indicators or targets table,
    ``code``).
    """

    findings: pd.DataFrame
    values: pd.DataFrame
    figures_out: pd.DataFrame

    @property
    def left_out(self) -> int:
        """How many values an error rules out."""
        return int((self.values["excluded"] != "").sum())


def _measures(values: pd.DataFrame, portfolio) -> np.ndarray:
    """Each row's indicator's measure (an object array; None for an indicator not in the portfolio), looked up
    once per distinct indicator."""
    codes, indicators = factorize(values["indicator"])
    fw = portfolio.indicators.drop_duplicates("indicator").set_index("indicator")["measure"]
    measures = pd.Series(indicators, dtype=object).map(fw).to_numpy(dtype=object)
    return np.append(np.where(pd.isna(measures), None, measures), None)[codes]


def complete_ratios(values: pd.DataFrame, portfolio, arrays: Framework | None = None) -> tuple[pd.DataFrame, Findings]:
    """Percentages written only as numerator and denominator get their value, 100 × n / d, where both are
    counts and 0 ≤ n ≤ d, d > 0 (an info finding each); every other row is returned as it is. ``arrays``: the
    portfolio's framework as arrays, when already built."""
    f = Findings()
    if not {"numerator", "denominator"} <= set(values.columns) or values.empty:
        return values, f
    num = pd.to_numeric(values["numerator"], errors="coerce").to_numpy(dtype=float)
    den = pd.to_numeric(values["denominator"], errors="coerce").to_numpy(dtype=float)
    counts = ~np.isnan(num) & ~np.isnan(den)
    if not counts.any():
        return values, f
    ok = counts & ~filled(values["text"]) & (_measures(values, portfolio) == "percentage")
    ok &= (num >= 0) & (den > 0) & (num <= den) & (np.floor(num) == num) & (np.floor(den) == den)
    if not ok.any():
        return values, f
    out = values.copy(deep=False)  # copy on write: only the columns set below are copied
    at = np.flatnonzero(ok)
    computed = 100.0 * num[at] / den[at]
    texts = [ratios.share(v, 10) for v in computed]
    for column in ("text", "bound"):
        out[column] = out[column].astype(object)
    out.iloc[at, out.columns.get_loc("value")] = computed
    out.iloc[at, out.columns.get_loc("text")] = texts
    out.iloc[at, out.columns.get_loc("bound")] = "="
    ctx = Context(out.iloc[at], portfolio, fw=arrays)
    for k, text in enumerate(texts):
        f.add(
            "value-from-counts",
            ctx.loc(k, "value"),
            indicator=ctx.ind(k),
            numerator=format_number(num[at[k]]),
            denominator=format_number(den[at[k]]),
            value=text,
        )
    return out, f


_LOWER, _UPPER = frozenset({"≥", ">"}), frozenset({"≤", "<"})


def share_count(share: float, share_bound: str, total: float, total_bound: str) -> tuple[float, str]:
    """The count a part written as a share of its total stands for, with the bound a sum may use.

    Exact only when both are exact and the count is whole; a bound below ("at least") or above ("at most") is
    kept, rounded outwards to whole units; anything else is approximate, to the nearest unit.

    >>> share_count(40, "≥", 5000, "=")
    (2000.0, '≥')
    >>> share_count(35, "=", 801, "=")
    (280.0, '≈')
    >>> share_count(35, "=", 800, "=")
    (280.0, '=')
    >>> share_count(40, "≥", 801, "≥")
    (321.0, '≥')
    """
    count = round(share * total / 100, 9)
    whole = count == np.floor(count)
    bounds = {share_bound, total_bound} - {"="}
    if not bounds:
        return float(count if whole else round(count)), "=" if whole else "≈"
    if bounds <= _LOWER:
        return float(np.ceil(count)), ">" if ">" in bounds and whole else "≥"
    if bounds <= _UPPER:
        return float(np.floor(count)), "<" if "<" in bounds and whole else "≤"
    return float(round(count)), "≈"


def parts_from_shares(
    values: pd.DataFrame, portfolio, arrays: Framework | None = None
) -> tuple[pd.DataFrame, Findings]:
    """Parts of a count written as a share of the total (``35%`` on a ``sex=female`` row) become the count the
    share stands for, with its bound (:func:`share_count`), against the indicator's total of the same period
    and programme; the text stays as written, and an info finding says the sum. A part whose total is missing,
    or given twice with different figures, is left as written (the verdict says a share is not a count).
    ``arrays``: the portfolio's framework as arrays, when already built."""
    f = Findings()
    if values.empty or "percent" not in values:
        return values, f
    part = filled(values["disaggregation"])
    percent = values["percent"].fillna(False).astype(bool)
    numeric = values["value"].notna()
    candidates = percent & numeric & part & np.isin(_measures(values, portfolio), ["count", "currency"])
    if not candidates.any():
        return values, f
    keys = ["programme", "indicator", "period_start", "period_end"]
    totals = values[~part & ~percent & numeric][[*keys, "value", "bound", "text", "line"]]
    totals = totals.drop_duplicates([*keys, "value", "bound"])
    totals = totals[~totals.duplicated(keys, keep=False)]  # two different totals: no one share of them
    at = values.index[candidates]
    found = values.loc[at, keys].merge(
        totals.rename(columns={"value": "_t", "bound": "_tb", "text": "_tt", "line": "_tl"}), on=keys, how="left"
    )
    found.index = at
    found = found[found["_t"].notna()]
    if found.empty:
        return values, f
    out = values.copy(deep=False)  # copy on write: only the columns set below are copied
    out["bound"] = out["bound"].astype(object)
    out["from_share"] = False
    out.loc[found.index, "from_share"] = True
    ctx = Context(out.loc[found.index], portfolio, fw=arrays)
    for k, (i, row) in enumerate(found.iterrows()):
        share, share_bound = float(out.at[i, "value"]), out.at[i, "bound"] or "="
        count, bound = share_count(share, share_bound, float(row["_t"]), row["_tb"] or "=")
        out.at[i, "value"], out.at[i, "bound"], out.at[i, "percent"] = count, bound, False
        line = row["_tl"]
        f.add(
            "part-from-share",
            ctx.loc(k, "value"),
            indicator=ctx.ind(k),
            group=ctx.key(k),
            share=ctx.text(k),
            total=str(row["_tt"]),
            where="" if line is None or pd.isna(line) else f" (line {int(line)})",
            count=display(count, bound),
        )
    return out, f


def framework_verdict(portfolio, programmes: set[str] | None = None) -> tuple[list[dict], pd.DataFrame]:
    """The findings (rows) on the framework's own baselines and targets (of ``programmes``; None: all), and the
    figures an error rules out (:attr:`Verdict.figures_out`): the part of :func:`verdict` that reads no value."""
    on_figures, figures_out = rule_figures(portfolio, programmes)
    return [*on_figures.rows, *iati_baselines_targets(portfolio, programmes).rows], figures_out


def verdict(
    values: pd.DataFrame,
    portfolio,
    history: pd.DataFrame | None = None,
    report_file: str | None = None,
    programmes: set[str] | None = None,
    framework: bool = True,
    arrays: Framework | None = None,
) -> Verdict:
    """Every rule over ``values`` (the model's ``values`` columns) against ``portfolio``'s framework.

    ``history`` holds earlier values (the portfolio's own) that a cumulative series continues; ``report_file``
    names the report, where a finding about a row that is missing belongs; ``programmes`` limits the checks of
    the framework's own baselines and targets to those programmes (default: all; ``framework=False``: none);
    ``arrays``: the portfolio's framework as arrays, when already built (once for every batch of a verdict).
    """
    arrays = Framework(portfolio) if arrays is None else arrays  # one build for the three contexts below
    values, computed = complete_ratios(values.reset_index(drop=True), portfolio, arrays)
    values, shares = parts_from_shares(values, portfolio, arrays)
    computed.rows.extend(shares.rows)
    ctx = Context(values, portfolio, report_file, arrays)
    rulings: list[Ruling] = []

    def run(ruling: Ruling) -> Ruling:
        rulings.append(ruling)
        return ruling

    ids = run(identity.ids(ctx))
    known = ~ids.out
    periods = run(identity.periods(ctx, known))
    ok = known & (ctx.end != NAT) & ~periods.out
    run(cells.numbers(ctx))
    run(cells.inexact(ctx))
    run(cells.readings(ctx))
    good = ctx.read & ~run(cells.figures(ctx)).out
    run(cells.words(ctx))
    run(cells.missing(ctx))
    run(ratios.ratios(ctx, good))
    dims = run(groups.dimensions(ctx))
    grouped = ~dims.aside
    first = ok & ~run(series.duplicates(ctx, ok)).out
    run(series.conflicts(ctx, first))
    run(series.overlaps(ctx, first))
    run(groups.parts(ctx, first & good & grouped))
    run(series.cumulative(ctx, ok & good & grouped, history))
    run(series.stale_levels(ctx, ok & good & grouped))
    run(due.far_above_target(ctx, ok & good))
    run(due.due(ctx, ok))
    run(due.not_ended(ctx, ok))

    excluded = np.full(ctx.n, "", dtype=object)
    for ruling in reversed(rulings):  # the first rule's code wins
        for i, code in ruling.codes.items():
            excluded[i] = code
    conflict = np.logical_or.reduce([r.conflict for r in rulings]) if rulings else np.zeros(ctx.n, dtype=bool)
    found = [*computed.rows, *(row for r in rulings for row in r.findings.rows)]  # one table, made once
    figures_out = pd.DataFrame(columns=["column", "position", "code"])
    if framework:
        on_framework, figures_out = framework_verdict(portfolio, programmes)
        found += on_framework
    judged = values.assign(excluded=excluded, conflict=conflict & (excluded == ""))
    return Verdict(findings_frame(found), judged, figures_out)

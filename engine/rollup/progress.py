"""Progress of each indicator against its target, and its status (``mptf progress``).

progress = (actual − baseline) / (target − baseline): the share of the way from baseline to target. It is
undefined when the target equals the baseline (said, never divided); without a baseline it is actual / target,
labelled so. A decreasing indicator uses the same formula and comes out positive when things improve.
Expected progress is the share of the programme's duration elapsed at the actual's date. Status:

- ``achieved``: the actual meets the target, respecting both qualifiers ("at least 10" is met at 10, "over 500"
  only above 500);
- ``on track`` / ``at risk`` / ``off track``: progress ≥ ``on_track`` × expected, ≥ ``at_risk`` × expected,
  below that (defaults 0.85 and 0.60, configurable);
- ``no timeline``: not achieved, and the programme's dates are unknown, so expected progress is unknown;
- ``progress undefined``: not achieved, and progress cannot be computed (target equal to baseline, a
  non-numeric measure);
- ``not achieved``: not achieved, and the programme ended before the reference date (``--as-of``, default
  today): it is never "on track" after its end;
- ``no data``: a target but no reported value; ``no target``: values but no target.

A direction without a number (``direction: increase|decrease|maintain`` stated, a baseline, no target) is a
target too: the status compares the actual with the baseline: ``improved`` / ``no change`` / ``worsened``
(``maintain``: ``maintained`` at the baseline, else ``not maintained``); progress stays empty.

An ordinal indicator (``scale: [none, drafted, adopted]``) has levels for its baseline, target and actual:
progress counts steps of its scale, (actual step − baseline step) / (target step − baseline step) (no baseline:
from the first level), and the status follows as for numbers.

A target may be for one group of the disaggregation (``group: sex=female``): a count, against the reported
part, or a share of the total (``share: at least 40%``), against 100 × part / total. Each is a row of its own
(``group``; ``share`` true for a share), with no baseline (a baseline is the total's): progress is actual / target.

The actual follows the indicator's series: the latest since-start value, the sum of per-period values, the
latest level (at or before the reference date), or the sum of each year's last year-to-date value.

The actual is chosen with the rollup's own rules (latest cumulative value or sum of periods, duplicates once,
totals over parts, conflicting claims kept as a lower bound), so a programme and the fund read one number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mptf.engine.dates import programme_dates, reference_date
from mptf.engine.model import Portfolio
from mptf.engine.rollup import sqlengine
from mptf.indicators.aggregation import display, target_met
from mptf.indicators.catalogue import COUNTED_CODES

__all__ = ["Thresholds", "progress"]


@dataclass(frozen=True)
class Thresholds:
    """Status bands as shares of expected progress."""

    on_track: float = 0.85
    at_risk: float = 0.60


def _mapped(keys: pd.Series, by: pd.Series) -> pd.Series:
    """``keys.map(by)``; an empty column too (pandas cannot map an empty column through dates)."""
    return keys.map(by) if len(keys) else pd.Series(index=keys.index, dtype=by.dtype)


def _actuals(portfolio: Portfolio, group: str = "") -> pd.DataFrame:
    """Each indicator's actual (value, bound, date), chosen by the rollup's rules with one group per indicator;
    with ``group`` (``sex=female``), the actual of that part of each indicator, read as if it were a total."""
    ind = portfolio.indicators.drop_duplicates("indicator")
    ends = programme_dates(portfolio.programmes)[1].set_axis(portfolio.programmes["programme"])
    links = pd.DataFrame(
        {
            "indicator": ind["indicator"],
            "programme": ind["programme"],
            "common": ind["indicator"],
            "measure": ind["measure"],
            "cumulative": ind["cumulative"],
            "series": ind["series"],
            "resets": ind["resets"],
            "prog_end": _mapped(ind["programme"], ends),
            "uniq": False,
            "people": False,
            "across": "sum",
            "link_rule": None,
            "k_country": None,
        }
    )
    values = portfolio.verdict.values
    if group:
        values = values[values["disaggregation"] == group].assign(disaggregation="")
    values = values.reset_index(drop=True).assign(vid=lambda f: np.arange(len(f)))
    if values.empty:
        return pd.DataFrame(columns=["indicator", "actual", "actual_bound", "as_of", "last_text"])
    contrib = sqlengine.classify_contributions(
        values[
            [
                "vid",
                "programme",
                "indicator",
                "period_start",
                "period_end",
                "value",
                "bound",
                "text",
                "disaggregation",
                "numerator",
                "denominator",
                "excluded",
                "conflict",
            ]
        ],
        links,
        [],
        as_of=reference_date(portfolio),
    )
    counted = contrib[contrib["rule"].isin(COUNTED_CODES)]
    figures = sqlengine.sum_figures(counted, [])
    as_of = counted.groupby("common")["period_end"].max().rename("as_of")
    figures = figures.merge(as_of, left_on="common", right_index=True, how="left")
    last_text = counted.sort_values(["period_end", "vid"], kind="stable").groupby("common")["text"].last()
    figures["last_text"] = figures["common"].map(last_text)
    return figures.rename(columns={"common": "indicator", "value": "actual", "bound": "actual_bound"})


def progress(portfolio: Portfolio, programme: str | None = None, thresholds: Thresholds = Thresholds()) -> pd.DataFrame:
    """One row per indicator: baseline, target, actual, progress, expected progress and status."""
    ruled_out = portfolio.verdict.figures_out  # baselines and targets with an error never count
    ind = portfolio.indicators.reset_index(drop=True)
    bad_baselines = ruled_out.loc[ruled_out["column"] == "baseline", "position"].astype(int)
    ind.loc[ind.index.isin(bad_baselines), ["baseline_value", "baseline_bound", "baseline_text"]] = [np.nan, None, None]
    ind = ind.drop_duplicates("indicator")
    if programme is not None:
        ind = ind[ind["programme"] == programme]
    usable = portfolio.targets.reset_index(drop=True)
    usable = usable.drop(index=ruled_out.loc[ruled_out["column"] == "targets", "position"].astype(int))
    usable = usable.assign(group=usable["group"].fillna(""), share=usable["share"].astype(bool))
    targets = (  # the latest target of each indicator, and of each group of it that has one
        usable.assign(_d=usable["date"].fillna(pd.Timestamp.max))
        .sort_values("_d", kind="stable")
        .groupby(["indicator", "group"])
        .last()
        .reset_index()
    )
    columns = [
        "programme",
        "indicator",
        "name",
        "measure",
        "unit",
        "direction",
        "direction_given",
        "cumulative",
        "series",
        "baseline_value",
        "baseline_bound",
        "baseline_text",
        "scale",
    ]
    named = targets[["indicator", "group", "share", "value", "bound", "date", "text"]].rename(
        columns={"value": "target", "bound": "target_bound", "date": "target_date", "text": "target_text"}
    )
    whole = ind[columns].assign(group="").merge(named, on=["indicator", "group"], how="left")
    parts = ind[columns].merge(named[named["group"] != ""], on="indicator", how="inner")
    parts[["baseline_value", "baseline_bound", "baseline_text"]] = [np.nan, None, None]  # a total's, not a part's
    out = pd.concat([whole, parts], ignore_index=True)
    out["share"] = out["share"].fillna(False).astype(bool)
    order = {ident: k for k, ident in enumerate(ind["indicator"])}  # the indicators' order, each group after it
    out = out.assign(_o=out["indicator"].map(order)).sort_values(["_o", "group"], kind="stable")
    out = out.drop(columns="_o").reset_index(drop=True)
    cols = ["indicator", "actual", "actual_bound", "as_of", "last_text"]
    found = [_actuals(portfolio).assign(group="")]
    found += [_actuals(portfolio, g).assign(group=g) for g in sorted(set(parts["group"]))]
    actual = pd.concat([a[[c for c in cols if c in a] + ["group"]] for a in found], ignore_index=True)
    out = out.merge(actual, on=["indicator", "group"], how="left")
    _shares(out)
    out["as_of"] = pd.to_datetime(out["as_of"]).astype("datetime64[ns]")
    progs = portfolio.programmes.set_index("programme")
    start = _mapped(out["programme"], progs["start"])
    end = _mapped(out["programme"], progs["end"])
    months = _mapped(out["programme"], progs["duration_months"]).astype("Float64")
    end = end.fillna(start + pd.to_timedelta((months * 30.4375).astype("float64"), unit="D"))
    ref = reference_date(portfolio)
    out["ended"] = (end < ref).fillna(False).astype(bool)
    elapsed = (out["as_of"] - start) / (end - start)
    out["expected"] = elapsed.astype("float64").clip(0, 1)
    computed = [_progress(r) for r in out.itertuples()]
    out["progress"] = pd.Series([p for p, _ in computed], index=out.index, dtype="float64")
    out["progress_basis"] = pd.Series([basis for _, basis in computed], index=out.index, dtype=object)
    out["status"] = [_status(r, thresholds) for r in out.itertuples()]
    shown = [_measure(r) for r in out.itertuples()]
    out["actual_display"] = [
        _shown(r.actual, r.actual_bound, m, r.last_text) for r, m in zip(out.itertuples(), shown, strict=True)
    ]
    out["target_display"] = [
        _shown(r.target, r.target_bound, m, r.target_text) for r, m in zip(out.itertuples(), shown, strict=True)
    ]
    out["baseline_display"] = [
        _shown(r.baseline_value, r.baseline_bound, r.measure, r.baseline_text) for r in out.itertuples()
    ]
    out["reference_date"] = ref.date().isoformat()
    return out.drop(columns="ended").reset_index(drop=True)


def _shares(out: pd.DataFrame) -> None:
    """A share target's actual is the part's share of the total at the part's date: 100 × part / total (its
    bound exact only when both are exact, else approximate)."""
    at = out.index[out["share"]]
    if not len(at):
        return
    totals = out[out["group"] == ""].set_index("indicator")
    total = out.loc[at, "indicator"].map(totals["actual"]).astype("float64")
    total_bound = out.loc[at, "indicator"].map(totals["actual_bound"])
    part = out.loc[at, "actual"].astype("float64")
    share = (100 * part / total.where(total > 0)).round(10)
    exact = (out.loc[at, "actual_bound"] == "=") & (total_bound == "=")
    out["actual"] = out["actual"].astype("float64")
    out.loc[at, "actual"] = share
    out["actual_bound"] = out["actual_bound"].astype(object)
    out.loc[at, "actual_bound"] = np.where(share.isna(), None, np.where(exact, "=", "≈"))


def _measure(r) -> str:
    """The measure a row's figures are in: a share target's are percentages of the total."""
    return "percentage" if r.share else r.measure


def _steps(r) -> tuple[float, float, float] | None:
    """An ordinal row's baseline, target and actual as steps of its scale (positions from 0), where all three are
    levels of it."""
    levels = [str(x).strip().lower() for x in (r.scale or ())]
    base = r.baseline_text if isinstance(r.baseline_text, str) else (levels[0] if levels else None)
    words = [base, r.target_text, r.last_text]  # no baseline: the steps from the scale's first level
    if not levels or not all(isinstance(w, str) and w.strip().lower() in levels for w in words):
        return None
    return tuple(float(levels.index(w.strip().lower())) for w in words)


def _shown(value, bound, measure, text) -> str:
    if measure in ("count", "currency", "percentage") and pd.notna(value):
        return display(value, bound if isinstance(bound, str) else "=", measure)
    return "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)


def _progress(r) -> tuple[float, str]:
    if r.measure == "ordinal" and not r.group:
        steps = _steps(r)
        if steps is None:
            return np.nan, ""
        base, target, actual = steps
        if target == base:
            return np.nan, "target level equals baseline level: undefined"
        return (actual - base) / (target - base), "scale steps from baseline to target"
    if pd.isna(r.target) or pd.isna(r.actual) or r.measure not in ("count", "currency", "percentage"):
        return np.nan, ""
    if pd.isna(r.baseline_value):
        if r.target == 0:
            return np.nan, "no baseline and a target of 0: undefined"
        return r.actual / r.target, "no baseline: actual / target"
    if r.target == r.baseline_value:
        return np.nan, "target equals baseline: undefined"
    return (r.actual - r.baseline_value) / (r.target - r.baseline_value), "from baseline to target"


def _status(r, t: Thresholds) -> str:
    has_target = pd.notna(r.target) or (isinstance(r.target_text, str) and r.target_text)
    has_actual = pd.notna(r.actual) or (isinstance(r.last_text, str) and r.last_text)
    if not has_actual:
        return "no data" if has_target else "no target"
    if not has_target:
        return _change(r) or "no target"
    if r.measure in ("count", "currency", "percentage") and pd.notna(r.actual) and pd.notna(r.target):
        bounds = [b if isinstance(b, str) else "=" for b in (r.actual_bound, r.target_bound)]  # NaN: a median
        met = target_met(float(r.actual), bounds[0], float(r.target), bounds[1], r.direction)
    elif r.measure == "ordinal" and r.scale:
        levels = [str(x).strip().lower() for x in r.scale]
        actual, target = (str(w).strip().lower() for w in (r.last_text, r.target_text))
        met = actual in levels and target in levels and levels.index(actual) >= levels.index(target)
    else:
        met = str(r.last_text).strip().lower() == str(r.target_text).strip().lower()
    if met:
        return "achieved"
    if pd.isna(r.progress):
        return "progress undefined"
    if r.ended:
        return "not achieved"
    if pd.isna(r.expected):
        return "no timeline"
    if r.expected == 0 or r.progress >= t.on_track * r.expected:
        return "on track"
    return "at risk" if r.progress >= t.at_risk * r.expected else "off track"


def _change(r) -> str | None:
    """The status of a direction stated without a number: the actual against the baseline."""
    if not r.direction_given or pd.isna(r.baseline_value) or pd.isna(r.actual):
        return None
    if r.measure not in ("count", "currency", "percentage"):
        return None
    delta = float(r.actual) - float(r.baseline_value)
    if r.direction == "maintain":
        return "maintained" if delta == 0 else "not maintained"
    if delta == 0:
        return "no change"
    return "improved" if (delta > 0) == (r.direction == "increase") else "worsened"

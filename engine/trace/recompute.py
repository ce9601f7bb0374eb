"""Recomputation: a figure re-aggregated from its counted parts by the rules of its measure, independently of the
SQL that made it, and whether the parts give the figure back."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd

from mptf.indicators.aggregation import combine_bounds, display


# -- recomputation -------------------------------------------------------------------------------------------
def _cents(value: float) -> int:
    """Round to whole cents half away from zero (as the SQL engine's ``round``)."""
    scaled = float(value) * 100
    return int(math.copysign(math.floor(abs(scaled) + 0.5), scaled))


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _same(a: object, b: object, exact: bool = True) -> bool:
    """Equal values; with ``exact=False`` (a median or a ratio, which SQL and Python may round differently in
    the last bit) equal to 1e-12 relative."""
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        return float(a) == float(b) or (not exact and math.isclose(float(a), float(b), rel_tol=1e-12))
    return a == b


def recompute(parts: pd.DataFrame, figure: Mapping) -> tuple[dict, bool]:
    """Re-aggregate the counted parts of one figure by the rules of its measure, and say whether they give the
    figure back: ``({value, bound, display, programmes, rows}, matches)``.

    count: the sum of the values (``fsum``), its bound combined from each part's ``counted_bound``; with the
    policy ``once``, the number of programmes; minus each declared overlap. currency: the exact sum in whole
    cents. percentage: Σ numerators / Σ denominators × 100 when every part has both, otherwise the median.
    yes-no: k programmes answering yes of n answering. ordinal: the distribution over the levels.
    qualitative: the texts listed. A match needs the same value (exactly; to 1e-12 relative for a median or a
    ratio), bound, display, number of programmes and number of counted rows as the figure, and no reported
    value counted twice (``once_each``).
    """
    measure = figure["measure"]
    across = figure.get("across") or "sum"
    counted = parts[parts["counted"].astype(bool)] if len(parts) else parts
    subtracted = counted[counted["rule_code"] == "subtracted-overlap"]
    rows = counted.drop(subtracted.index)
    out = {
        "value": None,
        "bound": None,
        "display": "",
        "programmes": int(rows["programme"].nunique()),
        "rows": len(rows),
    }
    # a reported value counts at most once in a figure, whatever the groups it sits in
    out["once_each"] = bool(rows["vid"].dropna().is_unique) if "vid" in rows else True
    out["series_ok"] = _one_per_series(rows)
    if measure in ("count", "currency"):
        if measure == "count" and across == "once":
            value, bound = float(rows["programme"].nunique()), None
        else:
            if measure == "currency":
                value = sum(_cents(v) for v in rows["value"]) / 100
            else:
                value = math.fsum(float(v) for v in rows["value"])
            bound = combine_bounds(b for b in rows["counted_bound"] if not _missing(b))
        for part in subtracted["value"]:
            value += float(part)  # a part of -30 is the overlap of 30 the rollup subtracts
        out |= {"value": value, "bound": bound, "display": display(value, bound, "count")}
    elif measure == "percentage":
        both = len(rows) > 0 and rows["numerator"].notna().all() and rows["denominator"].notna().all()
        values = [float(v) for v in rows["value"]]
        median = statistics.median(values) if values else None
        if both:
            denominator = math.fsum(rows["denominator"].astype(float))
            numerator = math.fsum(rows["numerator"].astype(float))
            value = 100.0 * numerator / denominator if denominator > 0 else median
            shown = display(value, "=", "percentage") + " (recomputed from numerators and denominators)"
            out |= {"value": value, "bound": "=", "display": shown}
        elif values:
            shown = (
                f"median {display(median, '=', 'percentage')} (range {display(min(values), '=', 'percentage')}–"
                f"{display(max(values), '=', 'percentage')}, n={len(values)})"
            )
            out |= {"value": median, "display": shown}
    elif measure == "yes-no":
        k = int(rows.loc[rows["value"] == 1, "programme"].nunique())
        out |= {"value": float(k), "display": f"{k} of {out['programmes']} programmes"}
    elif measure == "ordinal":
        levels = Counter(t for t in rows["text"] if not _missing(t))
        out["display"] = ", ".join(f"{text}: {n}" for text, n in sorted(levels.items()))
    else:  # qualitative: listed, in no particular order
        out["display"] = " | ".join(sorted({t for t in rows["text"] if not _missing(t)}))
    return out, _matches(out, figure, measure)


def _matches(out: dict, figure: Mapping, measure: str) -> bool:
    if measure == "qualitative":
        listed = figure.get("listed")
        shown_ok = set(out["display"].split(" | ")) == set(("" if _missing(listed) else listed).split(" | "))
    else:
        shown_ok = out["display"] == (figure.get("display") or "")
    bound = figure.get("bound")
    return bool(
        shown_ok
        and _same(out["value"], figure.get("value"), exact=measure != "percentage")
        and _same(out["bound"], None if _missing(bound) else bound)
        and out["programmes"] == int(figure.get("programmes", out["programmes"]))
        and out["rows"] == int(figure.get("rows", out["rows"]))
        and out["once_each"]
        and out.get("series_ok", True)
    )


#: Counted rows read at their latest date: one per programme, indicator and group in a figure.
_LATEST = ("summed-latest", "summed-level", "summed-stale-level")


def _one_per_series(rows: pd.DataFrame) -> bool:
    """Whether the counted rows respect their series, worked out here from the dates: a since-start value or a
    level counts once per programme, indicator and group; a year-to-date value once per year, its year
    starting on the first of its ``resets`` month (``summed-year``)."""
    if not len(rows) or "rule_code" not in rows or "period_end" not in rows:
        return True
    key = ["programme", "indicator", "disaggregation"]
    rows = rows.assign(disaggregation=rows["disaggregation"].fillna("") if "disaggregation" in rows else "")
    latest = rows[rows["rule_code"].isin(_LATEST)]
    if latest.duplicated(key).any():
        return False
    ytd = rows[rows["rule_code"] == "summed-year"]
    if ytd.empty:
        return True
    end = pd.to_datetime(ytd["period_end"])
    resets = pd.to_numeric(ytd["resets"]) if "resets" in ytd else 1
    year = (end.dt.year * 12 + end.dt.month - 1 - (resets - 1)) // 12
    return not ytd.assign(_year=year).duplicated([*key, "_year"]).any()

"""Recomputation: a figure re-aggregated from its counted parts by the rules of its measure, independently of the
SQL that made it, and whether the parts give the figure back."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from mptf.indicators.aggregation import combine_bounds, display


# -- recomputation -------------------------------------------------------------------------------------------
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
    """Re-aggregate the counted parts of one figure (every row of ``parts`` is one of its parts) and say whether
    they give the figure back: ``({value, bound, display, programmes, rows, once_each, series_ok}, matches)``
    (the rules: :func:`recompute_figures`)."""
    one = pd.DataFrame([{**figure, "id": "figure"}])
    out = recompute_figures(parts.assign(figure="figure"), one).iloc[0].to_dict()
    matches = bool(out.pop("matches"))
    out |= {k: int(out[k]) for k in ("programmes", "rows")} | {k: bool(out[k]) for k in ("once_each", "series_ok")}
    out["value"] = None if _missing(out["value"]) else float(out["value"])
    out["bound"] = None if _missing(out["bound"]) else out["bound"]
    return out, matches


def _to_cents(values: pd.Series) -> pd.Series:
    """Each value rounded to whole cents half away from zero (as the SQL engine's ``round``), as integers."""
    scaled = values.astype("float64").to_numpy() * 100
    return pd.Series(np.copysign(np.floor(np.abs(scaled) + 0.5), scaled).astype("int64"), index=values.index)


def recompute_figures(parts: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Re-aggregate the counted parts of every figure by the rules of its measure, independently of the SQL that
    made them, and say whether they give each figure back. ``parts``: the traced rows, ``figure`` naming the
    figure's ``id``; ``figures``: ``id``, ``measure``, ``across`` and the figure's ``value``, ``bound``,
    ``display``, ``programmes``, ``rows`` (``listed`` for a qualitative one). Returns one row per figure, in
    the order of ``figures``: ``value``, ``bound``, ``display``, ``programmes``, ``rows``, ``once_each``,
    ``series_ok``, ``matches``.

    count: the sum of the values (``fsum``), its bound combined from each part's ``counted_bound``; with the
    policy ``once``, the number of programmes; minus each declared overlap. currency: the exact sum in whole
    cents. percentage: Σ numerators / Σ denominators × 100 when every part has both, otherwise the median.
    yes-no: k programmes answering yes of n answering. ordinal: the distribution over the levels.
    qualitative: the texts listed. A match needs the same value (exactly; to 1e-12 relative for a median or a
    ratio), bound, display, number of programmes and number of counted rows as the figure, and no reported
    value counted twice (``once_each``). Each aggregate is one grouped pass over the parts.
    """
    ids = pd.Index(figures["id"])
    parts = parts.reset_index(drop=True)  # rows are told apart by their labels below
    counted = parts[parts["counted"].astype(bool)] if len(parts) else parts
    off = counted["rule_code"] == "subtracted-overlap" if len(counted) else pd.Series(False, index=counted.index)
    subtracted, rows = counted[off], counted[~off]
    by = rows.groupby("figure", sort=False)
    out = pd.DataFrame(
        {
            "programmes": by["programme"].nunique().reindex(ids, fill_value=0).astype(int).to_numpy(),
            "rows": by.size().reindex(ids, fill_value=0).astype(int).to_numpy(),
        },
        index=ids,
    )
    # a reported value counts at most once in a figure, whatever the groups it sits in
    twice = rows.dropna(subset=["vid"]).duplicated(["figure", "vid"]) if "vid" in rows else None
    out["once_each"] = ~ids.isin(rows.loc[twice[twice].index, "figure"]) if twice is not None else True
    out["series_ok"] = ~ids.isin(_series_broken(rows))
    measure = figures["measure"].to_numpy()
    across = figures["across"].fillna("").replace("", "sum") if "across" in figures else "sum"
    across = np.broadcast_to(np.asarray(across, dtype=object), (len(ids),))
    value = pd.Series(np.nan, index=ids, dtype="float64")
    bound = pd.Series([None] * len(ids), index=ids, dtype=object)
    shown = pd.Series("", index=ids, dtype=object)

    summed = ids[np.isin(measure, ("count", "currency")) & (across != "once")]
    currency = ids[measure == "currency"]
    if len(summed):
        mine = rows[rows["figure"].isin(summed)]
        cash = mine["figure"].isin(currency)
        value[summed] = 0.0
        fsums = mine[~cash].groupby("figure", sort=False)["value"].agg(lambda v: math.fsum(v.astype(float)))
        cents = _to_cents(mine.loc[cash, "value"]).groupby(mine.loc[cash, "figure"], sort=False).sum() / 100
        value[fsums.index] = fsums.astype("float64").to_numpy()
        value[cents.index] = cents.astype("float64").to_numpy()
        given = mine.dropna(subset=["counted_bound"]).groupby("figure", sort=False)["counted_bound"].unique()
        bound[summed] = [combine_bounds(given.get(f, ())) for f in summed]
    once = ids[(measure == "count") & (across == "once")]
    value[once] = out.loc[once, "programmes"].astype("float64")
    for fid, part in zip(subtracted["figure"], subtracted["value"], strict=True):
        if fid in value.index and measure[ids.get_loc(fid)] in ("count", "currency"):
            value[fid] += float(part)  # a part of -30 is the overlap of 30 the rollup subtracts
    counts = ids[np.isin(measure, ("count", "currency"))]
    shown[counts] = [display(v, b, "count") for v, b in zip(value[counts], bound[counts], strict=True)]

    pct = ids[measure == "percentage"]
    if len(pct):
        mine = rows[rows["figure"].isin(pct)]
        g = mine.groupby("figure", sort=False)
        stats = pd.DataFrame(
            {
                "n": g.size(),
                "both": g["numerator"].agg(lambda s: s.notna().all()) & g["denominator"].agg(lambda s: s.notna().all()),
                "median": g["value"].median(),
                "low": g["value"].min(),
                "high": g["value"].max(),
                "num": g["numerator"].agg(lambda s: math.fsum(s.dropna().astype(float))),
                "den": g["denominator"].agg(lambda s: math.fsum(s.dropna().astype(float))),
            }
        )
        for fid, st in stats.iterrows():
            if st["both"]:
                v = 100.0 * st["num"] / st["den"] if st["den"] > 0 else float(st["median"])
                value[fid], bound[fid] = v, "="
                shown[fid] = display(v, "=", "percentage") + " (recomputed from numerators and denominators)"
            else:
                value[fid] = float(st["median"])
                shown[fid] = (
                    f"median {display(st['median'], '=', 'percentage')} (range "
                    f"{display(st['low'], '=', 'percentage')}–{display(st['high'], '=', 'percentage')}, "
                    f"n={int(st['n'])})"
                )

    yes = ids[measure == "yes-no"]
    if len(yes):
        mine = rows[rows["figure"].isin(yes) & (rows["value"] == 1)]
        k = mine.groupby("figure", sort=False)["programme"].nunique().reindex(yes, fill_value=0)
        value[yes] = k.astype("float64")
        shown[yes] = [f"{int(n)} of {p} programmes" for n, p in zip(k, out.loc[yes, "programmes"], strict=True)]

    texts = rows.dropna(subset=["text"]) if "text" in rows else rows.iloc[0:0].assign(text="")
    ordinal = ids[measure == "ordinal"]
    if len(ordinal):
        levels = texts[texts["figure"].isin(ordinal)].groupby(["figure", "text"], sort=True).size()
        listed = {f: ", ".join(f"{t}: {n}" for (_, t), n in g.items()) for f, g in levels.groupby(level=0)}
        shown[ordinal] = [listed.get(f, "") for f in ordinal]
    listing = ids[~np.isin(measure, ("count", "currency", "percentage", "yes-no", "ordinal"))]
    if len(listing):
        mine = texts[texts["figure"].isin(listing)].groupby("figure", sort=False)["text"].unique()
        shown[listing] = [" | ".join(sorted(mine.get(f, ()))) for f in listing]

    out["value"], out["bound"], out["display"] = value, bound, shown
    out["matches"] = [
        _matches(row, fig, fig["measure"])
        for row, fig in zip(out.to_dict("records"), figures.to_dict("records"), strict=True)
    ]
    return out[["value", "bound", "display", "programmes", "rows", "once_each", "series_ok", "matches"]].reset_index(
        drop=True
    )


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


def _series_broken(rows: pd.DataFrame) -> set:
    """The figures whose counted rows break their series, worked out here from the dates: a since-start value or
    a level counts once per programme, indicator and group; a year-to-date value once per year, its year
    starting on the first of its ``resets`` month (``summed-year``)."""
    if not len(rows) or "rule_code" not in rows or "period_end" not in rows:
        return set()
    key = ["figure", "programme", "indicator", "disaggregation"]
    rows = rows.assign(disaggregation=rows["disaggregation"].fillna("") if "disaggregation" in rows else "")
    latest = rows[rows["rule_code"].isin(_LATEST)]
    broken = set(latest.loc[latest.duplicated(key), "figure"])
    ytd = rows[rows["rule_code"] == "summed-year"]
    if len(ytd):
        end = pd.to_datetime(ytd["period_end"])
        resets = pd.to_numeric(ytd["resets"]) if "resets" in ytd else 1
        year = (end.dt.year * 12 + end.dt.month - 1 - (resets - 1)) // 12
        again = ytd.assign(_year=year).duplicated([*key, "_year"])
        broken |= set(ytd.loc[again, "figure"])
    return broken

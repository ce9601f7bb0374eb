"""Orphans: every reported value that reaches no fund figure, or reaches one only through another row, and why."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.rollup.core import RULE_FIELDS, UNKNOWN, Rollup, rollup_in_batches
from mptf.engine.trace.down import file_sha256
from mptf.indicators.catalogue import CONTRIBUTIONS, NO_FIGURE, REPRESENTED, VALIDATION, render
from mptf.indicators.codes import repeated

#: How a reported value reaches the fund figures of the by-area rollup (the ``reaches`` column of orphans).
NO_FIGURE_REACHED = "no figure"
THROUGH_ANOTHER_ROW = "a figure, through another row"
UNKNOWN_GROUP = "only the 'unknown' area"
MEDIAN_ONLY = "a figure, as a median only"


ORPHAN_COLUMNS: tuple[str, ...] = (
    "vid",
    "programme",
    "indicator",
    "period_end",
    "disaggregation",
    "text",
    "measure",
    "common",
    "reaches",
    "reason",
    "rule_code",
    "rule",
    "file",
    "sheet",
    "line",
    "sha256",
    "source",
    "quote",
)


def _reason(r: dict) -> tuple[str, str] | None:
    """``(reaches, reason)`` of a contribution of the by-area rollup that is not simply counted (its rule code
    and the fields its sentence names); None for one that is."""
    rule = CONTRIBUTIONS[r["rule_code"]]
    if rule.kind == REPRESENTED:
        return THROUGH_ANOTHER_ROW, rule.reason
    if rule.kind == VALIDATION:
        return NO_FIGURE_REACHED, render(rule.reason, {"codes": r["excluded"]})
    if rule.kind != NO_FIGURE:
        return None
    if rule.code == "no-common" and r["measure"] == "qualitative":
        return NO_FIGURE_REACHED, "qualitative, and linked to no common indicator (text is listed, never counted)"
    if rule.code == "no-figure" and r["measure"] == "percentage":
        return NO_FIGURE_REACHED, "percentage with no figure and no numerator or denominator"
    return NO_FIGURE_REACHED, render(rule.reason, r)


def _reasons(c: pd.DataFrame) -> pd.DataFrame:
    """``reaches`` and ``reason`` of each contribution (None for one simply counted), worked out once per
    distinct rule code and the fields its sentence names, then given to every row that has them."""
    fields = [f for f in ("rule_code", "measure", "common", "excluded", *RULE_FIELDS) if f in c.columns]
    keys = c[fields].astype(object)
    distinct = keys.drop_duplicates()
    found = [_reason(r) or (None, None) for r in distinct.to_dict("records")]
    told = {"reaches": [f[0] for f in found], "reason": [f[1] for f in found]}  # objects, shared by their rows
    distinct = distinct.assign(**{k: pd.Series(v, index=distinct.index, dtype=object) for k, v in told.items()})
    return keys.merge(distinct, on=fields, how="left")[["reaches", "reason"]].set_axis(c.index)


def orphans(
    portfolio: Portfolio, common_path: str | None = None, result: Rollup | None = None, rows: int = 500_000
) -> pd.DataFrame:
    """Every reported value that does not simply count in a figure of the rollup by thematic area, and why.

    ``reaches`` says what becomes of it: ``no figure`` (linked to no common indicator, unknown common
    indicator, measure or unit mismatch, no figure to add, qualitative text, an indicator not in the
    portfolio); ``a figure, through another row`` (a duplicate, a superseded or conflicting claim, a part of
    a reported total, ...: another row stands for it); ``only the 'unknown' area`` (its programme has no
    thematic area); ``a figure, as a median only`` (a percentage without numerator and denominator: it can
    enter a median, never a recomputed ratio). Without a ``result`` by thematic area, the rollup's
    contributions are read in batches of about ``rows`` rows, and only the orphans among them are kept.
    """
    if result is not None and result.by == ["thematic-area"]:
        batches = iter([result.contributions])
    else:
        _, batches = rollup_in_batches(portfolio, ["thematic-area"], common_path, rows)
    values = portfolio.values.reset_index(drop=True)
    columns = [col for col in ORPHAN_COLUMNS if col != "sha256"]
    traced = np.zeros(len(values), dtype=bool)
    parts = []
    for c in batches:
        if len(c):
            traced[c["vid"].to_numpy()] = True
            parts.append(_not_simply_counted(c, columns))
    missing = values[~traced]
    if len(missing):
        said = {
            "measure": None,
            "common": None,
            "reaches": NO_FIGURE_REACHED,
            "reason": "indicator not in the portfolio (mptf check reports it)",
            "rule_code": "",
            "rule": "",
        }
        rows = missing[[col for col in columns if col in missing.columns]]
        told = {k: pd.Series(repeated(v, len(rows)), index=rows.index, dtype=object) for k, v in said.items()}
        parts.append(rows.assign(vid=missing.index.to_numpy(), **told))
    out = (
        pd.concat([p.reindex(columns=columns) for p in parts], ignore_index=True)
        if parts
        else pd.DataFrame(columns=columns)
    )
    out["sha256"] = pd.Series(file_sha256(portfolio.files, out["file"]), index=out.index, dtype=object)
    rank = {NO_FIGURE_REACHED: 0, UNKNOWN_GROUP: 1, MEDIAN_ONLY: 2, THROUGH_ANOTHER_ROW: 3}
    keys = pd.DataFrame({"r": out["reaches"].map(rank), **{c: out[c] for c in ("programme", "indicator", "vid")}})
    order = keys.sort_values(list(keys.columns), kind="stable").index  # only the keys are sorted, then taken
    out = out.take(order)[list(ORPHAN_COLUMNS)].reset_index(drop=True)
    out["vid"] = pd.array(out["vid"], dtype="Int64")
    out["line"] = pd.array(out["line"], dtype="Int64")
    return out


def _not_simply_counted(c: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The contributions of ``c`` (by thematic area) that do not simply count, with ``reaches`` and ``reason``."""
    found = _reasons(c)
    reaches, reason = found["reaches"].to_numpy(dtype=object), found["reason"].to_numpy(dtype=object, copy=True)
    counted = pd.isna(reaches)
    unknown_area = (c["k_area"] == UNKNOWN).to_numpy(dtype=bool)
    median = ((c["measure"] == "percentage") & (c["numerator"].isna() | c["denominator"].isna())).to_numpy(bool)
    also = ~counted & unknown_area
    reason[also] = reason[also] + "; and the programme has no thematic area"
    for mask, what, why in (
        (counted & unknown_area, UNKNOWN_GROUP, "programme with no thematic area"),
        (counted & ~unknown_area & median, MEDIAN_ONLY, "percentage without numerator and denominator: it "
         "enters a median, never a recomputed ratio"),
    ):  # fmt: skip
        reaches, reason = np.where(mask, what, reaches), np.where(mask, why, reason)
    kept = ~pd.isna(reaches)
    rows = c.loc[kept, [col for col in columns if col in c.columns]]
    told = {"reaches": reaches, "reason": reason, "rule_code": c["rule_code"].to_numpy(), "rule": c["rule"].to_numpy()}
    return rows.assign(**{k: pd.Series(v[kept], index=rows.index, dtype=object) for k, v in told.items()})

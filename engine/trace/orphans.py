"""Orphans: every reported value that reaches no fund figure, or reaches one only through another row, and why."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.rollup.core import RULE_FIELDS, UNKNOWN, Rollup, rollup_in_batches
from mptf.engine.trace.down import file_sha256, row_positions
from mptf.indicators.catalogue import CONTRIBUTIONS, NO_FIGURE, REPRESENTED, VALIDATION, render
from mptf.indicators.codes import joined

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


#: The orphan's columns a contribution says (the rest are the value's own, taken by position, and the sha256).
_TOLD = ("measure", "common", "reaches", "reason", "rule_code", "rule")
#: ``reaches`` in the orphans' order.
_RANK = {NO_FIGURE_REACHED: 0, UNKNOWN_GROUP: 1, MEDIAN_ONLY: 2, THROUGH_ANOTHER_ROW: 3}


@dataclass(eq=False)
class Orphans:
    """The orphans (:func:`orphans`) as positions, so that millions of them are written without being held:
    ``vid`` (each orphan's position in the portfolio's ``values``) and ``told`` (its row of ``said``, the
    distinct combinations of ``measure``, ``common``, ``reaches``, ``reason``, ``rule_code`` and ``rule``), in
    the orphans' order. :meth:`chunks` gives the rows, ``ORPHAN_COLUMNS``, a chunk at a time."""

    values: pd.DataFrame
    files: pd.DataFrame
    vid: np.ndarray
    told: np.ndarray
    said: pd.DataFrame

    def __len__(self) -> int:
        return len(self.vid)

    def chunks(self, rows: int = 1_000_000) -> Iterator[pd.DataFrame]:
        """The orphans in their order, in tables of at most ``rows`` rows (one empty table when there are none)."""
        for start in range(0, max(len(self), 1), rows):
            yield self._rows(slice(start, start + rows))

    @property
    def frame(self) -> pd.DataFrame:
        """Every orphan (``ORPHAN_COLUMNS``), in order."""
        return self._rows(slice(0, len(self)))

    def _rows(self, at: slice) -> pd.DataFrame:
        vid, told = self.vid[at], self.told[at]
        columns = {"vid": pd.array(vid, dtype="Int64")}
        for name in ORPHAN_COLUMNS[1:]:
            if name in _TOLD:
                columns[name] = self.said[name].to_numpy(dtype=object)[told]
            elif name != "sha256":  # as they are: dtype and objects
                columns[name] = self.values[name].array.take(vid)
        columns["sha256"] = file_sha256(self.files, columns["file"])
        columns["line"] = pd.array(columns["line"], dtype="Int64")
        return joined({name: columns[name] for name in ORPHAN_COLUMNS})


def orphans(
    portfolio: Portfolio, common_path: str | None = None, result: Rollup | None = None, rows: int = 500_000
) -> pd.DataFrame:
    """Every reported value that does not simply count in a figure of the rollup by thematic area, and why
    (``ORPHAN_COLUMNS``, one row per value and common indicator it fails to reach simply).

    ``reaches`` says what becomes of it: ``no figure`` (linked to no common indicator, unknown common
    indicator, measure or unit mismatch, no figure to add, qualitative text, an indicator not in the
    portfolio); ``a figure, through another row`` (a duplicate, a superseded or conflicting claim, a part of
    a reported total, ...: another row stands for it); ``only the 'unknown' area`` (its programme has no
    thematic area); ``a figure, as a median only`` (a percentage without numerator and denominator: it can
    enter a median, never a recomputed ratio). Sorted by ``reaches`` (in that order of the four), programme,
    indicator and ``vid``. See :func:`orphan_table` for ``result`` and ``rows``.
    """
    return orphan_table(portfolio, common_path, result, rows).frame


def orphan_table(
    portfolio: Portfolio, common_path: str | None = None, result: Rollup | None = None, rows: int = 500_000
) -> Orphans:
    """The :func:`orphans` as :class:`Orphans`. Without a ``result`` by thematic area, the rollup's
    contributions are read in batches of about ``rows`` rows; of each, only its orphans' positions and the
    codes of what they are told are kept (16 bytes an orphan)."""
    if result is not None and result.by == ["thematic-area"]:
        batches = iter([result.contributions])
    else:
        _, batches = rollup_in_batches(portfolio, ["thematic-area"], common_path, rows)
    values = portfolio.values.reset_index(drop=True)
    pool: dict[tuple, int] = {}
    said: list[tuple] = []
    traced = np.zeros(len(values), dtype=bool)
    vids, codes = [], []
    for c in batches:
        if len(c):
            traced[c["vid"].to_numpy()] = True
            vid, told = _not_simply_counted(c)
            vids.append(vid)
            codes.append(_pooled(told, pool, said))
    missing = np.flatnonzero(~traced)
    if len(missing):
        unknown = (None, None, NO_FIGURE_REACHED, "indicator not in the portfolio (mptf check reports it)", "", "")
        vids.append(missing)
        codes.append(np.full(len(missing), _pooled(pd.DataFrame([unknown], columns=list(_TOLD)), pool, said)[0]))
    said_frame = pd.DataFrame(
        {name: pd.Series([s[i] for s in said], dtype=object) for i, name in enumerate(_TOLD)}, columns=list(_TOLD)
    )
    vid = np.concatenate(vids) if vids else np.zeros(0, dtype=np.int64)
    told = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    rank = said_frame["reaches"].map(_RANK).to_numpy(dtype=np.int64)[told]
    # the orphans' order: the values' programme and indicator as codes in the order of their texts
    keys = [_sorted_codes(values[name].to_numpy(dtype=object)[vid]) for name in ("indicator", "programme")]
    order = np.lexsort((vid, *keys, rank))  # stable: a value's contributions stay in their order
    return Orphans(values, portfolio.files, vid[order], told[order], said_frame)


def _sorted_codes(texts: np.ndarray) -> np.ndarray:
    """Codes that sort as ``texts`` do (missing last)."""
    codes, uniques = pd.factorize(texts, sort=True)
    return np.where(codes < 0, len(uniques), codes)


def _pooled(told: pd.DataFrame, pool: dict[tuple, int], said: list[tuple]) -> np.ndarray:
    """The number in ``pool`` of each row of ``told`` (``_TOLD``), each distinct row added to ``pool`` and
    ``said`` when first seen: a few hundred distinct rows stand for millions."""
    distinct = told.drop_duplicates()
    ids = []
    for row in distinct.itertuples(index=False):
        key = tuple(None if pd.isna(v) else v for v in row)
        if key not in pool:
            pool[key] = len(said)
            said.append(tuple(row))
        ids.append(pool[key])
    return np.asarray(ids, dtype=np.int64)[row_positions(distinct, told)]


def _not_simply_counted(c: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """The positions (``vid``) of the contributions of ``c`` (by thematic area) that do not simply count, and
    what they are told (``_TOLD``)."""
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
    told = {"measure": c["measure"].to_numpy(dtype=object), "common": c["common"].to_numpy(dtype=object),
            "reaches": reaches, "reason": reason, "rule_code": c["rule_code"].to_numpy(dtype=object),
            "rule": c["rule"].to_numpy(dtype=object)}  # fmt: skip
    return c["vid"].to_numpy(dtype=np.int64)[kept], joined({k: v[kept] for k, v in told.items()})

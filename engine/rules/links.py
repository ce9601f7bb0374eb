"""The link of each indicator to a fund common indicator: known, of the same measure, counting an accepted unit.

An indicator whose link fails is left out of every fund figure, with its contribution code (``no-common``,
``unknown-common``, ``measure-mismatch``, ``unit-mismatch``); ``check`` reports each failing link, and the
rollup counts and names them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mptf.engine.findings import Findings, Loc
from mptf.indicators.common import accepted_text, unit_accepted
from mptf.indicators.units import unit_classes

__all__ = ["common_links"]


def common_links(indicators: pd.DataFrame, common: pd.DataFrame) -> tuple[list[str | None], pd.DataFrame]:
    """For each indicator (rows of the model's ``indicators`` table), the contribution code of its unusable
    link, or None for a sound one; and the findings of the links that fail (the findings table).
    ``common`` is :func:`~mptf.indicators.common.common_indicators`."""
    f = Findings()
    ind = indicators.reset_index(drop=True)
    com = common.reindex(ind["common"].where(ind["common"].isin(common.index)))
    known = ind["common"].isin(common.index).to_numpy()
    measure_ok = (ind["measure"].to_numpy() == com["measure"].to_numpy()) | ~known
    pairs = {
        (u, c): unit_accepted(u, common.loc[c, "accepts"])
        for u, c in ind.loc[known, ["unit", "common"]].drop_duplicates().itertuples(index=False)
    }
    unit_ok = np.array([pairs.get((u, c), True) for u, c in zip(ind["unit"], ind["common"], strict=True)], dtype=bool)
    no_link = ind["common"].isna().to_numpy()
    codes: list[str | None] = [None] * len(ind)
    for i in np.flatnonzero(no_link | ~known | ~measure_ok | ~unit_ok):
        codes[i] = _link_problem(ind.iloc[i], common, f)
    return codes, f.frame()


def _link_problem(row: pd.Series, common: pd.DataFrame, f: Findings) -> str:
    """The contribution code of an indicator whose link to a common indicator is unusable (and its finding)."""
    loc = Loc(
        file=row["file"],
        sheet=row["sheet"],
        line=None if pd.isna(row["line"]) else int(row["line"]),
        column="common",
        programme=row["programme"],
        item=row["indicator"],
    )
    ident, target = row["indicator"], row["common"]
    if not target:
        return "no-common"
    if target not in common.index:
        f.add(
            "unknown-common-indicator",
            loc,
            indicator=ident,
            common=target,
        )
        return "unknown-common"
    c = common.loc[target]
    if row["measure"] != c["measure"]:
        f.add(
            "measure-mismatch",
            loc,
            indicator=ident,
            measure=row["measure"],
            common=target,
            common_measure=c["measure"],
        )
        return "measure-mismatch"
    classes = unit_classes(row["unit"])
    f.add(
        "unit-mismatch",
        loc.at(column="unit"),
        indicator=ident,
        unit=row["unit"],
        unit_class=f"a {' and '.join(classes)} unit" if classes else "a word the unit vocabulary does not know",
        common=target,
        common_unit=c["unit"],
        accepts=accepted_text(c),
    )
    return "unit-mismatch"

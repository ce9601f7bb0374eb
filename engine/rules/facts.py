"""Checks of a programme's reach (``mptf check``): its scope, countries and regions.

A country programme (``scope: country``, the default) names its countries; a regional or global programme need
not name a single country, and a regional one names its regions instead (codes of
``frameworks/data/regions.csv``: UN M49 regions and regional bodies).
"""

from __future__ import annotations

import pandas as pd

from mptf.engine.findings import Findings, Loc
from mptf.engine.model import Portfolio
from mptf.frameworks.regions import regions

__all__ = ["programme_scope"]


def _loc(row, column: str) -> Loc:
    line = getattr(row, "line", None)
    return Loc(
        file=row.file or "",
        sheet=row.sheet or "",
        line=None if pd.isna(line) else int(line),
        column=column,
        programme=row.programme,
        item=row.programme,
    )


def programme_scope(p: Portfolio, f: Findings) -> None:
    claims = p.claims
    known = set(regions().index)
    for row in claims[claims["field"] == "regions"].itertuples():
        for code in row.value:
            if code not in known:
                f.add("unknown-region", _loc(row, "regions"), region=code)
    stated = claims.loc[claims["field"] == "scope"].groupby("programme")["value"].agg(set)
    has = {name: set(claims.loc[claims["field"] == name, "programme"]) for name in ("countries", "regions")}
    for row in p.programmes.itertuples():
        scopes = stated.get(row.programme, {"country"})
        wide = scopes - {"country"}
        if row.programme not in has["countries"] and not wide:
            f.add(
                "missing-field",
                _loc(row, "countries"),
                what=f"programme {row.programme!r}",
                field="countries",
                example=": [ISO3, ...] (or, for a programme with no single country, scope: regional and "
                "regions: [...], or scope: global)",
            )
        if "regional" in wide and row.programme not in has["countries"] | has["regions"]:
            f.add("no-region", _loc(row, "regions"), programme=row.programme, scope="regional")

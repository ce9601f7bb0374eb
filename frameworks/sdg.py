"""The Sustainable Development Goals: 17 goals, 169 targets and their indicators (2023 refinement).

>>> len(goals()), len(targets())
(17, 169)
>>> int(targets().loc["10.7", "goal"])
10
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from ._data import data_path

__all__ = ["SOURCE", "goals", "indicators", "targets"]

SOURCE = "UN Statistics Division, Global Indicator Framework after the 2023 refinement"


@cache
def _rows() -> pd.DataFrame:
    frame = pd.read_csv(data_path("sdg.csv"), dtype=str, keep_default_na=False)
    return frame.rename(
        columns={
            "SDGNumber": "goal",
            "SDGTitle": "goal_title",
            "TargetsNumber": "target",
            "Targets": "target_title",
            "IndicatorsNumber": "indicator",
            "Indicators": "indicator_title",
            "UNSDIndicatorCodes": "unsd_code",
        }
    ).assign(goal=lambda f: f["goal"].astype(int))


@cache
def goals() -> pd.DataFrame:
    """The 17 goals indexed by number, with ``title``."""
    return _rows().drop_duplicates("goal").set_index("goal")[["goal_title"]].rename(columns={"goal_title": "title"})


@cache
def targets() -> pd.DataFrame:
    """The 169 targets indexed by code (``"10.7"``, ``"10.c"``), with ``goal`` and ``title``."""
    return (
        _rows()
        .drop_duplicates("target")
        .set_index("target")[["goal", "target_title"]]
        .rename(columns={"target_title": "title"})
    )


@cache
def indicators() -> pd.DataFrame:
    """One row per (target, indicator): an indicator serving several targets appears once per target."""
    rows = _rows()
    rows = rows[~rows["indicator"].isin(["", "0"])]  # target 11.c has no indicator (a "0" placeholder)
    return (
        rows[["indicator", "target", "goal", "indicator_title", "unsd_code"]]
        .rename(columns={"indicator_title": "title"})
        .reset_index(drop=True)
    )

"""Reference frameworks as tables for ``mptf frameworks``."""

from __future__ import annotations

import pandas as pd

from mptf.frameworks import areas, gcm, sdg

__all__ = ["framework_table"]


def framework_table(name: str, goal: int | None = None) -> tuple[pd.DataFrame, str]:
    """The table and its title (which names the source, and the mapping's status for areas)."""
    if name == "gcm":
        frame = gcm.objectives().reset_index()[["number", "title", "label"]]
        return frame, f"GCM objectives ({gcm.SOURCE})"
    if name == "principles":
        return gcm.principles().reset_index()[
            ["number", "paragraph", "title", "summary"]
        ], f"GCM guiding principles ({gcm.SOURCE})"
    if name == "sdg":
        frame = sdg.targets().reset_index()[["target", "goal", "title"]]
        if goal is not None:
            frame = frame[frame["goal"] == goal]
        return frame.reset_index(drop=True), f"SDG targets ({sdg.SOURCE})"
    frame = areas.areas().reset_index()
    frame["gcm"] = frame["gcm"].map(lambda t: ", ".join(map(str, t)))
    return frame.rename(
        columns={"gcm": f"gcm ({areas.MAPPING_STATUS})"}
    ), f"Migration MPTF thematic areas (GCM mapping {areas.MAPPING_STATUS}: {areas.MAPPING_SOURCE})"

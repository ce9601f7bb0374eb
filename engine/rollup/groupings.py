"""The dimensions a fund rollup groups by (``mptf rollup --by``), and the key column each becomes.

A module of its own, free of heavy imports, so that the command line can offer the choices without loading
the rollup engine.
"""

from __future__ import annotations

__all__ = ["DIMENSIONS", "MULTI_VALUED"]

#: ``--by`` names and the key column each becomes.
DIMENSIONS: dict[str, str] = {
    "thematic-area": "k_area",
    "gcm": "k_gcm",
    "sdg": "k_sdg",
    "country": "k_country",
    "agency": "k_agency",
    "year": "k_year",
}
#: Dimensions under which one programme may sit in several groups: their column totals are not additive.
MULTI_VALUED = frozenset({"gcm", "sdg", "country", "agency"})

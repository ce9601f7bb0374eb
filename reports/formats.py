"""The output formats every listing offers (kept apart from the renderers, which import pandas and rich)."""

from __future__ import annotations

__all__ = ["FORMATS", "ROLLUP_TABLES"]

FORMATS: tuple[str, ...] = ("table", "json", "csv", "md")
#: The tables of ``mptf rollup --table``.
ROLLUP_TABLES: tuple[str, ...] = ("figures", "totals", "budget")

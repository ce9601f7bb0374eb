"""The output formats every listing offers (kept apart from the renderers, which import pandas and rich)."""

from __future__ import annotations

__all__ = ["FORMATS"]

FORMATS: tuple[str, ...] = ("table", "json", "csv", "md")

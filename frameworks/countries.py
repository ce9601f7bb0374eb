"""ISO 3166-1 alpha-3 country codes (from pycountry, which tracks Debian's iso-codes)."""

from __future__ import annotations

from functools import cache

import pycountry

__all__ = ["country_name", "is_country"]


@cache
def _names() -> dict[str, str]:
    return {c.alpha_3: c.name for c in pycountry.countries}


def is_country(code: str) -> bool:
    return code in _names()


def country_name(code: str) -> str:
    return _names().get(code, code)

"""ISO 3166-1 alpha-3 country codes (from pycountry, which tracks Debian's iso-codes)."""

from __future__ import annotations

from functools import cache

import pycountry

__all__ = ["alpha2", "alpha3", "country_name", "is_country"]


@cache
def _names() -> dict[str, str]:
    return {c.alpha_3: c.name for c in pycountry.countries}


def is_country(code: str) -> bool:
    return code in _names()


def country_name(code: str) -> str:
    return _names().get(code, code)


@cache
def _alpha() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def alpha3(code: str) -> str:
    """The alpha-3 code of an alpha-2 code (IATI's ``recipient-country``); any other code as written, upper case."""
    return _alpha().get(code.strip().upper(), code.strip().upper())


def alpha2(code: str) -> str | None:
    """The alpha-2 code of an alpha-3 code, None when it is not a country's."""
    return {v: k for k, v in _alpha().items()}.get(code)

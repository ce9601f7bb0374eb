"""Names beside codes: thematic areas, GCM objectives, SDG targets, countries and common indicators.

Terminal tables show short names (an area's leaflet name, an objective's hub label, a common indicator's
``short``); reports show full titles (the area's and objective's official titles, the SDG target's text, the
common indicator's ``name``). Names come from the reference data in ``frameworks/data`` and
``indicators/common.yaml``; a code the data does not know keeps its code as its name.

>>> name("gcm", "10", full=False)
'Eradicate trafficking'
>>> name("thematic-area", "3", full=False)
'Addressing Irregular Migration'
>>> name("gcm", "unknown")
'(no GCM objective given)'
>>> common_name("people-reached", full=False)
'People reached'
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from mptf.frameworks import areas, gcm, sdg
from mptf.frameworks.countries import country_name
from mptf.indicators.common import common_indicators

__all__ = [
    "DIMENSION_TITLES",
    "coded",
    "common_name",
    "common_named",
    "name",
    "shorten",
    "via_name",
    "with_common_names",
    "with_names",
]

#: How each ``--by`` dimension is named in a heading.
DIMENSION_TITLES: dict[str, str] = {
    "thematic-area": "thematic area",
    "gcm": "GCM objective",
    "sdg": "SDG target",
    "country": "country",
    "agency": "agency",
    "year": "year",
}
_NONE = {
    "thematic-area": "(no thematic area given)",
    "gcm": "(no GCM objective given)",
    "sdg": "(no SDG target given)",
    "country": "(no country given)",
    "agency": "(no agency given)",
    "year": "(no period end given)",
}
#: Longest short name of an SDG target in a terminal table (the target texts are sentences).
SHORT_SDG = 48


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


@cache
def _titles(dim: str, full: bool) -> dict[str, str]:
    if dim == "thematic-area":
        frame = areas.areas()
        return {str(k): frame.loc[k, "title" if full else "short"] for k in frame.index}
    if dim == "gcm":
        frame = gcm.objectives()
        return {str(k): frame.loc[k, "title" if full else "label"] for k in frame.index}
    if dim == "sdg":
        frame = sdg.targets()
        return {str(k): t if full else shorten(t, SHORT_SDG) for k, t in frame["title"].items()}
    return {}


def name(dim: str, code: object, full: bool = True) -> str:
    """The name of group ``code`` of dimension ``dim`` (``--by`` names); '' for a dimension without names
    (agency, year) unless the code is 'unknown'."""
    text = "" if code is None or (isinstance(code, float) and code != code) else str(code)
    if text in ("", "unknown"):
        return _NONE.get(dim, "")
    if dim == "country":
        return country_name(text)
    return _titles(dim, full).get(text, text if dim in _NONE and dim not in ("agency", "year") else "")


def common_name(code: object, full: bool = True, common_path: str | None = None) -> str:
    """A common indicator's full title (``name``) or short name (``short``); the code itself if unknown."""
    table = common_indicators(common_path)
    text = str(code)
    if text not in table.index:
        return text
    return str(table.loc[text, "name" if full else "short"])


def with_names(frame: pd.DataFrame, dims: list[str] | tuple[str, ...], full: bool = True) -> pd.DataFrame:
    """``frame`` with a ``<dim>_name`` column after each dimension column that has names (area, GCM objective,
    SDG target, country)."""
    out = frame.copy()
    for dim in dims:
        if dim not in out.columns or dim in ("agency", "year") or f"{dim}_name" in out.columns:
            continue
        # a GCM or SDG key carries its kind of link (8:area, unknown:programme): named by its reference
        codes = out[f"{dim}_ref"] if f"{dim}_ref" in out.columns else out[dim]
        names = [name(dim, v, full) for v in codes.tolist()]
        out.insert(out.columns.get_loc(dim) + 1, f"{dim}_name", pd.Series(names, index=out.index, dtype=object))
    return out


def coded(dim: str, code: object, full: bool = False) -> str:
    """``code`` with its name beside it: ``'3 Addressing Irregular Migration'``; the code alone when it has no name.

    >>> coded("gcm", "21")
    '21 Dignified return and reintegration'
    """
    text = "" if code is None or (isinstance(code, float) and code != code) else str(code)
    ref, _, kind = text.partition(":")  # a GCM or SDG key carries its kind of link: 21:inherited
    named = name(dim, ref, full)
    shown = f"{ref} {named}" if named and named != ref and ref not in ("", "unknown") else (named or ref)
    return f"{shown} ({kind})" if kind else shown


def common_named(code: object, full: bool = False, common_path: str | None = None) -> str:
    """A common indicator's name with its code: ``'People reached (people-reached)'``; '' for none."""
    text = "" if code is None or (isinstance(code, float) and code != code) else str(code)
    if not text:
        return ""
    named = common_name(text, full, common_path)
    return text if named == text else f"{named} ({text})"


def via_name(via: object, full: bool = False) -> str:
    """A trace's ``via`` with the thematic area named: ``'thematic area 3 Addressing Irregular Migration'``; any
    other ``via`` (a programme, a result) as it is."""
    text = "" if via is None or (isinstance(via, float) and via != via) else str(via)
    prefix = "thematic area "
    if text.startswith(prefix):
        return prefix + coded("thematic-area", text[len(prefix) :], full)
    return text


def with_common_names(frame: pd.DataFrame, column: str = "common", full: bool = True) -> pd.DataFrame:
    """``frame`` with a ``<column>_name`` column (the common indicator's title) after ``column``."""
    if column not in frame.columns or f"{column}_name" in frame.columns:
        return frame
    out = frame.copy()
    names = ["" if (v is None or v != v or v == "") else common_name(v, full) for v in out[column].tolist()]
    out.insert(out.columns.get_loc(column) + 1, f"{column}_name", pd.Series(names, index=out.index, dtype=object))
    return out

"""The rows of a programme's reporting template: one per indicator × reporting period × disaggregation group.

What ``mptf template`` writes (:mod:`mptf.reports.template` renders these rows) is what ``validate`` reads. The
groups are the disaggregation lattice an M&E officer expects: the total, each value of each dimension the
indicator declares, then, for an indicator with two or more dimensions, every cross (each pair of its
dimensions, then each triple, ..., each the cartesian product of their values), which ``validate`` checks
against each of its parents (the group less one dimension). Crosses that would take an indicator past
``MAX_GROUPS`` rows per period are left out, a whole level at a time, so that the template stays fillable.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import combinations, product

import pandas as pd

from mptf.engine.dates import programme_dates, reference_date
from mptf.engine.reading.fields import unknown_id
from mptf.indicators.formats import DIMENSION_COLUMNS, TEMPLATE_COLUMNS, values_header
from mptf.indicators.measures import DIMENSIONS

__all__ = [
    "MAX_GROUPS",
    "Period",
    "default_periods",
    "dimension_columns",
    "dimension_values",
    "disaggregation_groups",
    "parse_period",
    "template_rows",
]

Period = tuple[dt.date, dt.date]
#: Rows per indicator and period at most: crosses of more dimensions are left out (whole levels) beyond it.
#: Four standard dimensions give 700 groups; their total, values and pairs are 124.
MAX_GROUPS = 256


# -- periods -----------------------------------------------------------------------------------------------
def parse_period(text: str) -> Period:
    """``"2024"`` (a calendar year) or ``"2024-01-01:2024-06-30"``.

    Raises
    ------
    ValueError
        When the text is neither, or the period ends before it starts.
    """
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*:\s*(\d{4}-\d{2}-\d{2})", text)
    if not m:
        raise ValueError(f"{text!r} is not a period: write a year (2024) or START:END (2024-01-01:2024-06-30)")
    start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
    if end < start:
        raise ValueError(f"the period {text!r} ends before it starts")
    return start, end


def default_periods(portfolio, programme: str, today: dt.date | None = None) -> list[Period]:
    """The calendar years of the programme, cut to its dates; with unknown dates, last calendar year."""
    progs = portfolio.programmes[portfolio.programmes["programme"] == programme].reset_index(drop=True)
    starts, ends = programme_dates(progs)
    if len(progs) and pd.notna(starts[0]) and pd.notna(ends[0]):
        first, last = starts[0].date(), ends[0].date()
        return [
            (max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31)))
            for year in range(first.year, last.year + 1)
        ]
    year = (today or reference_date(portfolio).date()).year - 1
    return [(dt.date(year, 1, 1), dt.date(year, 12, 31))]


# -- rows --------------------------------------------------------------------------------------------------
def dimension_values(portfolio, indicator: str, dim: str) -> list[str]:
    """The values a dimension takes: its standard list, or those the portfolio's values already use."""
    if dim in DIMENSIONS:
        return list(DIMENSIONS[dim])
    seen = portfolio.values.loc[portfolio.values["indicator"] == indicator, "disaggregation"]
    found = {part.split("=", 1)[1] for key in seen if key for part in key.split(";") if part.startswith(dim + "=")}
    return sorted(found)


def dimension_columns(indicators: pd.DataFrame) -> list[str]:
    declared = {d for dims in indicators["disaggregation"] for d in (dims or ())}
    return [d for d in DIMENSION_COLUMNS if d in declared] + sorted(declared - set(DIMENSION_COLUMNS))


def disaggregation_groups(
    dimensions: list[tuple[str, list[str]]], max_groups: int = MAX_GROUPS
) -> list[dict[str, str]]:
    """The groups of an indicator broken down by ``dimensions`` (name, values), in the template's order.

    The total, each dimension's values, then the crosses of two dimensions, of three, ...; within a level, the
    sets of dimensions in declared order and their values in order (the first dimension varies slowest). A level
    of crosses that would take the groups past ``max_groups`` is left out, and so are the levels after it: the
    total and the single values are always there.
    """
    groups: list[dict[str, str]] = [{}]
    for size in range(1, len(dimensions) + 1):
        level = [
            dict(zip([name for name, _ in dims], values, strict=True))
            for dims in combinations(dimensions, size)
            for values in product(*(vals for _, vals in dims))
        ]
        if size > 1 and len(groups) + len(level) > max_groups:
            break
        groups += level
    return groups


def template_rows(
    portfolio, programme: str, periods: list[Period] | None = None, max_groups: int = MAX_GROUPS
) -> pd.DataFrame:
    """The template's rows: programme, indicator, period_start, period_end, value, dimensions..., note.

    One row per indicator × period × group of :func:`disaggregation_groups`.

    Raises
    ------
    ValueError
        When the programme is not in the portfolio.
    """
    known = portfolio.programmes["programme"].tolist()
    if programme not in known:
        raise ValueError(unknown_id("programme", programme, known, "mptf list lists the programmes"))
    indicators = portfolio.indicators[portfolio.indicators["programme"] == programme]
    periods = periods or default_periods(portfolio, programme)
    dims = dimension_columns(indicators)
    rows = []
    for ind in indicators.itertuples():
        declared = [(dim, dimension_values(portfolio, ind.indicator, dim)) for dim in ind.disaggregation or ()]
        groups = disaggregation_groups(declared, max_groups)
        for start, end in periods:
            for group in groups:
                rows.append(
                    {
                        "programme": programme,
                        "indicator": ind.indicator,
                        "period_start": start,
                        "period_end": end,
                        "value": None,
                        **{d: group.get(d) for d in dims},
                        "note": None,
                        "measure": ind.measure,
                    }
                )
    columns = [*values_header(dims, TEMPLATE_COLUMNS), "measure"]
    return pd.DataFrame(rows, columns=columns)

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
from mptf.indicators.formats import DIMENSION_COLUMNS, TEMPLATE_REFERENCE
from mptf.indicators.measures import DIMENSIONS
from mptf.indicators.quantity import format_number

__all__ = [
    "MAX_GROUPS",
    "Period",
    "default_periods",
    "dimension_columns",
    "dimension_values",
    "disaggregation_groups",
    "group_key",
    "parse_period",
    "reporting_periods",
    "template_header",
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
    """The programme's own reporting periods at the reference date ``today`` (default: the portfolio's
    ``--as-of``); :func:`reporting_periods` says which and why."""
    return reporting_periods(portfolio, programme, today)[0]


def reporting_periods(portfolio, programme: str, today: dt.date | None = None) -> tuple[list[Period], str]:
    """The periods a template of ``programme`` covers by default, and a sentence saying which and why.

    With known dates, the programme's calendar years cut to its dates, those ended by the reference date
    ``today`` (default: the portfolio's ``--as-of``, else today); the first one when none has ended yet. A
    programme that ended before the reference date keeps its own periods (a final or late report), and the
    sentence says that it has ended. With unknown dates, the last calendar year before the reference date.
    """
    today = today or reference_date(portfolio).date()
    progs = portfolio.programmes[portfolio.programmes["programme"] == programme].reset_index(drop=True)
    starts, ends = programme_dates(progs)
    if not (len(progs) and pd.notna(starts[0]) and pd.notna(ends[0])):
        year = today.year - 1
        return [(dt.date(year, 1, 1), dt.date(year, 12, 31))], (
            f"{programme} has no start or end date in its framework: the template covers the last calendar year "
            f"before {today.isoformat()}, {year}; give --period for another"
        )
    first, last = starts[0].date(), ends[0].date()
    own = [
        (max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31))) for year in range(first.year, last.year + 1)
    ]
    shown = f"{first.isoformat()} to {last.isoformat()}"
    if last < today:
        return own, (
            f"{programme} ended on {last.isoformat()}, before the reference date {today.isoformat()}: the template "
            f"covers its own reporting periods ({shown}), for a final or late report; give --period for another"
        )
    ended = [period for period in own if period[1] <= today]
    if not ended:
        return own[:1], (
            f"no reporting period of {programme} ({shown}) has ended by {today.isoformat()}: the template covers "
            "its first; give --period for another"
        )
    return ended, f"the reporting periods of {programme} ended by {today.isoformat()} ({shown})"


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
    """The template's rows, in the order of :func:`template_header`: the keys (programme, indicator, period,
    dimensions), the indicator's read-only reference (``TEMPLATE_REFERENCE``: name, unit, measure, baseline and
    target of the row's group, the last value reported for the group; the workbook shows it on a locked sheet and
    in a note per row), and the cells to fill (value, numerator and denominator when the programme has a
    percentage indicator, note), all empty.

    One row per indicator × period × group of :func:`disaggregation_groups`; ``periods`` default to
    :func:`default_periods`.

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
    last = _last_reported(portfolio.values[portfolio.values["programme"] == programme])
    targets = _targets(portfolio.targets[portfolio.targets["programme"] == programme])
    rows = []
    for ind in indicators.itertuples():
        declared = [(dim, dimension_values(portfolio, ind.indicator, dim)) for dim in ind.disaggregation or ()]
        groups = disaggregation_groups(declared, max_groups)
        for start, end in periods:
            for group in groups:
                key = group_key(group)
                rows.append(
                    {
                        "programme": programme,
                        "indicator": ind.indicator,
                        "name": ind.name,
                        "unit": ind.unit,
                        "measure": ind.measure,
                        "baseline": "" if key else _baseline(ind),
                        "target": targets.get((ind.indicator, key), ""),
                        "last_reported": last.get((ind.indicator, key), ""),
                        "period_start": start,
                        "period_end": end,
                        **{d: group.get(d) for d in dims},
                        "value": None,
                        "numerator": None,
                        "denominator": None,
                        "note": None,
                    }
                )
    ratios = bool((indicators["measure"] == "percentage").any())
    return pd.DataFrame(rows, columns=template_header(dims, ratios))


def template_header(dims: list[str], ratios: bool) -> list[str]:
    """The columns of the template's rows: keys, reference, periods, dimensions, cells to fill (``numerator`` and
    ``denominator`` only when ``ratios``). Sheet ``values`` has them less the reference (``TEMPLATE_REFERENCE``,
    on the locked sheet ``reference``)."""
    fill = ["value", "numerator", "denominator", "note"] if ratios else ["value", "note"]
    return ["programme", "indicator", *TEMPLATE_REFERENCE, "period_start", "period_end", *dims, *fill]


def group_key(group: dict[str, str]) -> str:
    """A group as the values table keys it: ``age=adult;sex=female`` (dimensions in name order; ``""``: the
    total)."""
    return ";".join(f"{d}={group[d]}" for d in sorted(group, key=lambda d: d + "="))


def _baseline(ind) -> str:
    if pd.isna(ind.baseline_value):
        return ind.baseline_text or ""
    bound = "" if ind.baseline_bound in (None, "=") else f"{ind.baseline_bound} "
    text = bound + format_number(ind.baseline_value) + ("%" if ind.measure == "percentage" else "")
    return text + (f" ({ind.baseline_date.date().isoformat()})" if pd.notna(ind.baseline_date) else "")


def _targets(targets: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Each indicator's targets for each group, as text: ``1,000 by 2024-12-31; 2,000``."""
    out: dict[tuple[str, str], list[str]] = {}
    for t in targets.itertuples():
        text = str(t.text) + (f" by {t.date.date().isoformat()}" if pd.notna(t.date) else "")
        out.setdefault((t.indicator, _normal(t.group)), []).append(text)
    return {key: "; ".join(texts) for key, texts in out.items()}


def _last_reported(values: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The last value reported for each indicator and group (the latest period end), as written, with its
    period: ``over 60 (to 2023-09-30)``."""
    out: dict[tuple[str, str], str] = {}
    ordered = values[values["period_end"].notna()].sort_values("period_end", kind="stable")
    for v in ordered.itertuples():
        start = "" if pd.isna(v.period_start) else v.period_start.date().isoformat() + " "
        text = v.text if isinstance(v.text, str) and v.text else format_number(v.value)
        out[(v.indicator, _normal(v.disaggregation))] = f"{text} ({start or 'to '}{v.period_end.date().isoformat()})"
    return out


def _normal(key: object) -> str:
    if not isinstance(key, str) or not key:
        return ""
    return group_key(dict(part.split("=", 1) for part in key.split(";") if "=" in part))

"""``mptf list``: the programmes of a portfolio, with filters (a thin click command over
:func:`mptf.engine.listing.programme_list`)."""

from __future__ import annotations

import click

from mptf.engine.cli.options import as_of_option as _as_of
from mptf.engine.cli.options import format_option as _format
from mptf.engine.cli.options import limit_option as _limit
from mptf.engine.cli.options import load, usable
from mptf.engine.cli.options import path_argument as _path

__all__ = ["list_command"]


@click.command(name="list")
@_path
@click.option("--country", "countries", multiple=True, metavar="ISO3", help="Only programmes in this country.")
@click.option("--area", "areas", multiple=True, type=int, metavar="N", help="Only this thematic area (1-5).")
@click.option("--status", "statuses", multiple=True, help="Only programmes with this status (funded, ...).")
@_as_of
@_format
@_limit
def list_command(path, countries, areas, statuses, fmt) -> None:
    """List the programmes: id, title, countries, thematic area, status, budget, dates, indicators and values.

    Filters repeat and combine (any country given, and any area given, and any status given).

    Example: mptf list --country TJK --status funded
    """
    from mptf.engine.listing import programme_list
    from mptf.engine.reading.fields import suggest
    from mptf.reports.names import coded, name
    from mptf.reports.render import render_frame

    portfolio = usable(load(path))
    table = programme_list(portfolio, countries, areas, statuses)
    shown = table
    if fmt not in ("json", "csv"):  # for people: the title cut, so that a programme stays on one or two lines
        area = [coded("thematic-area", a, full=False) if known else "" for a, known in _areas(table)]
        shown = table.drop(columns=["budget_cents"]).assign(title=table["title"].map(_short), thematic_area=area)
        shown = shown.rename(columns={"thematic_area": "area", "duration_months": "months"})
    else:  # the area's full title beside its number
        names = [name("thematic-area", a) if known else "" for a, known in _areas(table)]
        shown = table.assign(thematic_area_name=names)
        shown = shown[[*table.columns[: table.columns.get_loc("thematic_area") + 1], "thematic_area_name",
                       *table.columns[table.columns.get_loc("thematic_area") + 1 :]]]  # fmt: skip
    total = len(portfolio.programmes)
    title = f"{len(table)} of {total} programmes" if len(table) != total else f"{total} programmes"
    text = render_frame(shown, fmt, title)
    click.echo(text, nl=not text.endswith("\n"))
    if table.empty and total:
        known = portfolio.programmes
        hints = [
            f"no status {s!r}{suggest(s, sorted(set(known['status'].dropna())), 3)}"
            for s in statuses
            if s.casefold() not in {str(k).casefold() for k in known["status"].dropna()}
        ]
        seen = {str(c).upper() for cs in known["countries"] for c in cs or ()}
        hints += [f"no programme in {c.upper()}" for c in countries if c.upper() not in seen]
        click.echo("no programme matches the filters" + (": " + "; ".join(hints) if hints else ""), err=True)


def _short(title: object, width: int = 48) -> object:
    if not isinstance(title, str) or len(title) <= width:
        return title
    return title[: width - 1].rstrip() + "…"


def _areas(table) -> list[tuple[object, bool]]:
    """Each programme's thematic area, and whether it has one."""
    areas = table["thematic_area"]
    return list(zip(areas.astype(object).tolist(), areas.notna().tolist(), strict=True))

"""A programme's results tree with its links, as text (``mptf show``)."""

from __future__ import annotations

import io

import networkx as nx
import pandas as pd
from rich.console import Console
from rich.tree import Tree

from mptf.frameworks.graph import node
from mptf.indicators.quantity import format_number

from .names import coded, common_named

__all__ = ["programme_tree"]


def _links(g: nx.DiGraph, n: str) -> str:
    refs = sorted(
        (g.nodes[t]["kind"], str(g.nodes[t]["id"])) for t in g.successors(n) if g.edges[n, t].get("rel") == "links"
    )
    return "".join(f" [cyan]{'GCM ' if k == 'gcm' else 'SDG '}{_esc(coded(k, r))}[/]" for k, r in refs)


def _esc(text: object) -> str:
    return str(text).replace("[", "\\[")


def programme_tree(portfolio, ident: str, width: int = 140) -> str:
    """Render programme ``ident``: facts with their sources, then results → indicators → values."""
    g = portfolio.graph
    prog = portfolio.programmes.set_index("programme").loc[ident]
    claims = portfolio.claims[portfolio.claims["programme"] == ident]
    title = _esc(prog["title"] or "(no title in the sources)")
    head = f"[bold]{_esc(ident)}[/] {title}{_links(g, node('programme', ident))}"
    root = Tree(head)
    facts = root.add("[dim]facts[/]")
    for fieldname, group in claims.groupby("field", sort=False):
        show = {"regions": _regions, "thematic_area": _area}.get(fieldname, _fmt)
        shown = "; ".join(f"{_esc(show(r.value))} [dim]({_esc(r.source)})[/]" for r in group.itertuples())
        facts.add(f"{fieldname}: {shown}")
    if len(prog["partners"]):
        facts.add(f"partners: {_esc(', '.join(prog['partners']))}")
    context = portfolio.context[portfolio.context["programme"] == ident]
    if len(context):
        stats = root.add(
            "[dim]context (figures about the setting, with their sources; not results, never rolled up)[/]"
        )
        for s in context.itertuples():
            about = ", ".join(filter(None, [s.unit, s.place, s.year]))
            about = f" ({_esc(about)})" if about else ""
            quote = f' "{_esc(s.quote)}"' if s.quote else ""
            stats.add(f"{_esc(s.statistic)}: {_esc(s.text)}{about} [dim]({_esc(s.source)}){quote}[/]")
    values = portfolio.values[portfolio.values["programme"] == ident]
    mine = portfolio.indicators[portfolio.indicators["programme"] == ident]
    feeds = dict(zip(mine["indicator"], mine["common"].map(common_named), strict=True))
    tree = portfolio.tree

    def walk(n: str, branch: Tree) -> None:
        for child in sorted(tree.successors(n), key=lambda c: (g.nodes[c]["kind"] != "indicator", c)):
            data = g.nodes[child]
            if data["kind"] == "result":
                sub = branch.add(
                    f"[bold]{data['level']}[/] {_esc(data['id'])}: {_esc(data['label'])}{_links(g, child)}"
                )
            else:
                unit = data.get("unit") or ""
                sub = branch.add(
                    f"[green]indicator[/] {_esc(data['id'])}: {_esc(data['label'])} "
                    f"[dim]({data.get('measure')}{', ' + _esc(unit) if unit else ''})[/]{_links(g, child)}"
                    + (f" [magenta]→ feeds {_esc(feeds[data['id']])}[/]" if feeds.get(data["id"]) else "")
                )
                for v in values[values["indicator"] == data["id"]].itertuples():
                    when = v.period_end.date() if pd.notna(v.period_end) else "?"
                    group = f" [{_esc(v.disaggregation)}]" if v.disaggregation else ""
                    sub.add(f"{_esc(v.text)}{_esc(group)} at {when} [dim]({_esc(v.source)})[/]")
            walk(child, sub)

    walk(node("programme", ident), root)
    console = Console(width=width, record=True, file=io.StringIO(), force_terminal=False)
    console.print(root)
    return console.export_text()


def _regions(codes: tuple[str, ...]) -> str:
    from mptf.frameworks.regions import region_name

    return ", ".join(f"{c} {region_name(c)}" if region_name(c) != c else c for c in codes)


def _area(value: object) -> str:
    return coded("thematic-area", value)


def _fmt(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return format_number(value)
    return str(value)

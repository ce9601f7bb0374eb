"""Up: an indicator to its results, programme and thematic area and the GCM objectives and SDG targets it serves;
and everything in the portfolio linked to one GCM objective or SDG target."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.reading.fields import suggest, unknown_id
from mptf.engine.rollup.core import DIMENSIONS, UNKNOWN, indicator_links, natural, rollup
from mptf.engine.rollup.objective_budget import objective_budget
from mptf.engine.trace.down import TraceError, _with_ids, is_counted
from mptf.engine.trace.recompute import _missing
from mptf.frameworks import areas as _areas
from mptf.frameworks import gcm as _gcm
from mptf.frameworks import sdg as _sdg
from mptf.frameworks.graph import FUND, node
from mptf.frameworks.reach import MAPPING_SOURCE, MAPPING_STATUS, conflict, item_reach, mapping_note, split_key
from mptf.frameworks.walks import chain_up, inherited_links, linked_items
from mptf.indicators.catalogue import CONTRIBUTIONS, render
from mptf.indicators.common import common_indicators


# -- up: an indicator to its programme, area, GCM objectives and SDG targets ---------------------------------
@dataclass
class IndicatorTrace:
    """The containment path of an indicator (``path``: indicator first, fund last), its GCM and SDG links
    (``links``: each ``direct``, ``inherited`` from the item named in ``via``, or through the ``thematic area``
    named in ``via``, with the mapping's status as ``source``; ``disputed`` names both claims of a link whose
    sources conflict) and the common indicator it feeds (``feeds``)."""

    indicator: str
    path: pd.DataFrame
    links: pd.DataFrame
    feeds: dict


def _kind(attrs: Mapping) -> str:
    kind = attrs.get("kind", "")
    if kind == "result":
        return attrs.get("level") or "result"
    return {"area": "thematic area"}.get(kind, kind)


def _link_details(portfolio: Portfolio) -> dict[tuple[str, str, str, str], Mapping]:
    links = portfolio.links.drop_duplicates(["kind", "item", "framework", "ref"])
    return {(r["kind"], r["item"], r["framework"], r["ref"]): r for r in links.to_dict("records")}


def trace_up(portfolio: Portfolio, indicator: str, common_path: str | None = None) -> IndicatorTrace:
    """Where an indicator sits (indicator → output → outcome → … → programme → thematic area → fund) and what
    it contributes to: the GCM objectives and SDG targets linked to it or to any item containing it.

    Raises :class:`TraceError` (with a did-you-mean) when the portfolio has no such indicator.
    """
    g, tree = portfolio.graph, portfolio.tree
    target = node("indicator", indicator)
    if target not in tree:
        known = portfolio.indicators["indicator"].tolist()
        if not known:
            raise TraceError(f"no indicator {indicator!r}: the portfolio has no indicators yet")
        raise TraceError(unknown_id("indicator", indicator, known, "mptf show PROGRAMME lists its indicators"))
    chain = chain_up(g, target, tree)
    rows = []
    for n in chain:
        attrs = tree.nodes[n]
        if n == FUND and attrs.get("kind") == "fund" and rows and rows[-1]["kind"] == "programme":
            rows.append({"kind": "thematic area", "id": UNKNOWN, "title": "(no source gives the thematic area)"})
        rows.append(
            {
                "kind": _kind(attrs),
                "id": str(attrs.get("id", n)),
                "title": attrs.get("label", ""),
                "file": attrs.get("file"),
                "line": attrs.get("line"),
            }
        )
    if chain[-1] != FUND:
        rows.append({"kind": "fund", "id": "", "title": "(not reachable from the fund: see mptf check)"})
    path = pd.DataFrame(rows, columns=["kind", "id", "title", "file", "line"])
    path.insert(0, "step", range(len(path)))
    path["line"] = pd.array(path["line"], dtype="Int64")

    details = _link_details(portfolio)
    step = {n: i for i, n in enumerate(chain)}
    served = inherited_links(g, nodes=[target], tree=tree)
    served = served.assign(_s=served["via"].map(lambda n: (step.get(n, len(step)), n)))
    links = []
    for via, framework, ref_id, direct in served.sort_values("_s", kind="stable")[
        ["via", "framework", "ref", "direct"]
    ].itertuples(index=False):
        attrs = g.nodes[via]
        extra = details.get((attrs["kind"], str(attrs["id"]), framework, ref_id), {})
        links.append(
            {
                "framework": framework,
                "ref": ref_id,
                "title": g.nodes[node(framework, ref_id)].get("label", ""),
                "link": "direct" if direct else "inherited",
                "via": f"{_kind(attrs)} {attrs['id']}",
                "cited_title": extra.get("cited_title") or "",
                "source": extra.get("source") or "",
                "quote": extra.get("quote") or "",
            }
        )
    stated = {(r["framework"], r["ref"]) for r in links}
    area = next((n for n in chain if tree.nodes[n].get("kind") == "area"), None)
    if area is not None:
        for number in _areas.areas()["gcm"].get(int(tree.nodes[area]["id"]), ()):
            if ("gcm", str(number)) in stated:
                continue
            links.append(
                {
                    "framework": "gcm",
                    "ref": str(number),
                    "title": g.nodes[node("gcm", number)].get("label", ""),
                    "link": "thematic area",
                    "via": f"thematic area {tree.nodes[area]['id']}",
                    "cited_title": "",
                    "source": f"thematic area mapping, {MAPPING_STATUS}",
                    "quote": MAPPING_SOURCE,
                }
            )
    for row in links:
        other = conflict(row["framework"], row["ref"], row["cited_title"])
        row["disputed"] = (
            f"{row['ref']} by number; {other} by the title cited beside it" if other and row["cited_title"] else ""
        )
    links_frame = pd.DataFrame(
        links, columns=["framework", "ref", "title", "link", "via", "cited_title", "source", "quote", "disputed"]
    )
    if not links_frame.empty:
        order = links_frame.assign(
            _f=links_frame["framework"].map({"gcm": 0, "sdg": 1}),
            _d=links_frame["link"].map({"direct": 0, "inherited": 1, "thematic area": 2}),
        )
        order = order.sort_values(
            ["_f", "ref", "_d"], key=lambda s: natural(s) if s.name == "ref" else s, kind="stable"
        )
        links_frame = order.drop(columns=["_f", "_d"]).reset_index(drop=True)
    return IndicatorTrace(indicator, path, links_frame, _feeds(portfolio, indicator, common_path))


def _feeds(portfolio: Portfolio, indicator: str, common_path: str | None) -> dict:
    links, _ = indicator_links(portfolio, common_path)
    row = links[links["indicator"] == indicator].iloc[0]
    common = row["common"]
    names = common_indicators(common_path)["name"]
    return {
        "common": common,
        "name": names.get(common) if common else None,
        "counted": row["link_rule"] is None or _missing(row["link_rule"]),
        "rule": "feeds the common indicator"
        if _missing(row["link_rule"])
        else render(CONTRIBUTIONS[row["link_rule"]].rule, row.to_dict()),
    }


# -- a GCM objective or SDG target: everything linked to it --------------------------------------------------
@dataclass
class FrameworkTrace:
    """Everything in the portfolio linked to one GCM objective or SDG target: ``items`` (programmes, results
    and indicators, each linked directly, inheriting the link, or containing a linked item), the fund
    ``figures`` under it, and its ``budget``."""

    framework: str
    ref: str
    title: str
    items: pd.DataFrame
    figures: pd.DataFrame
    budget: dict


def _reference(framework: str, ref: object) -> tuple[str, str]:
    """The ref as the frameworks spell it, and its title; :class:`TraceError` when there is no such one."""
    text = str(ref).strip()
    if framework == "gcm":
        objectives = _gcm.objectives()
        known = [str(n) for n in objectives.index]
        if text not in known:
            raise TraceError(f"no GCM objective {text!r}: the GCM has objectives 1 to {len(known)}")
        return text, str(objectives.loc[int(text), "title"])
    if framework == "sdg":
        targets = _sdg.targets()
        known = list(targets.index)
        if text not in known:
            raise TraceError(f"no SDG target {text!r}{suggest(text, known)}; targets are written like '10.7'")
        return text, str(targets.loc[text, "title"])
    raise TraceError(f"no framework {framework!r}: use gcm or sdg")


def trace_framework(
    portfolio: Portfolio, framework: str, ref: object, common_path: str | None = None
) -> FrameworkTrace:
    """Everything linked to GCM objective ``ref`` (``framework="gcm"``) or SDG target ``ref`` (``"sdg"``),
    with the programmes' budgets and the fund figures under it."""
    ref, title = _reference(framework, ref)
    g, tree = portfolio.graph, portfolio.tree
    linked = linked_items(g, framework, ref, tree)
    how = {
        n: (link, _label(g, via) if via else "")
        for n, link, via in linked[["node", "link", "via"]].itertuples(index=False)
    }
    reach = item_reach(g, framework, tree)
    reach = reach[reach["ref"] == ref]
    claims = dict(zip(reach["node"], reach["claims"], strict=True))
    for n, kind, link, via in reach[["node", "kind", "link", "via"]].itertuples(index=False):
        if link == "thematic area" and kind in ("programme", "indicator"):
            how.setdefault(n, (link, _label(g, via)))
    for n, link, via in linked[["node", "link", "via"]].itertuples(index=False):
        if link == "contains a linked item" and claims.get(via):
            claims[n] = claims[via]
    order = {n: i for i, n in enumerate(nx.dfs_preorder_nodes(tree, FUND))} if FUND in tree else {}

    result = rollup(portfolio, [framework], common_path)
    contributions = result.contributions
    key = DIMENSIONS[framework]
    here = (
        contributions[
            (contributions[key].map(lambda k: split_key(k)[0]) == ref) & is_counted(contributions["rule_code"])
        ]
        if len(contributions)
        else None
    )
    reported: dict[str, str] = {}
    if here is not None:
        for ident, rows in here.groupby("indicator", sort=False):
            reported[ident] = "; ".join(
                f"{r.text} ({', '.join(filter(None, [_day(r.period_end), r.disaggregation]))})"
                for r in rows.itertuples()
            )
    programmes = portfolio.programmes.set_index("programme")
    shares = portfolio.links[(portfolio.links["framework"] == framework) & (portfolio.links["ref"] == ref)]
    shares = shares[shares["kind"] == "programme"].set_index("item")["share"]
    indicators = portfolio.indicators.drop_duplicates("indicator").set_index("indicator")
    rows = []
    for n, (link, via) in sorted(how.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])):
        attrs = g.nodes[n]
        kind, ident = attrs.get("kind"), str(attrs.get("id"))
        programme = ident if kind == "programme" else attrs.get("programme")
        row = {"programme": programme, "kind": _kind(attrs), "item": ident, "title": attrs.get("label", "")}
        row |= {"link": link, "via": via, "disputed": claims.get(n, ""), "status": None, "budget_usd": None}
        row |= {"share": None}
        row |= {"common": None, "reported": None}
        if kind == "programme" and ident in programmes.index:
            p = programmes.loc[ident]
            cents = p["budget_cents"]
            row["status"] = p["status"]
            row["budget_usd"] = None if pd.isna(cents) else f"{int(cents) / 100:,.2f}"
            share = shares.get(ident)
            row["share"] = None if share is None or pd.isna(share) else float(share)
        if kind == "indicator":
            row["common"] = indicators["common"].get(ident)
            row["reported"] = reported.get(ident)
        rows.append(row)
    columns = [
        "programme",
        "kind",
        "item",
        "title",
        "link",
        "via",
        "disputed",
        "status",
        "budget_usd",
        "share",
        "common",
        "reported",
    ]
    items = pd.DataFrame(rows, columns=columns)

    figures = _with_ids(result.figures, result.by, common_path)
    figures = figures[figures[f"{framework}_ref"] == ref]
    figures = figures.assign(link=figures[f"{framework}_link"], disputed=figures[f"{framework}_disputed"])[
        ["id", "link", "disputed", "common", "name", "measure", "display", "programmes", "in_scope"]
        + ["not_reporting", "rule"]
    ].reset_index(drop=True)
    table = objective_budget(portfolio, framework)
    budget = {"mapping": mapping_note() if framework == "gcm" else ""}
    for r in table[table["ref"] == ref].itertuples(index=False):
        budget[r.link] = {
            "programmes": int(r.programmes),
            "in_full_usd": r.full_usd,
            "split_usd": r.split_usd,
            "basis": r.basis,
            "disputed_programmes": r.disputed_ids,
            "disputed_in_full_usd": r.disputed_full_usd,
            "disputed_split_usd": r.disputed_split_usd,
            "claims": r.claims,
        }
    return FrameworkTrace(framework, ref, title, items.reset_index(drop=True), figures, budget)


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _label(g: nx.DiGraph, n: str) -> str:
    attrs = g.nodes[n]
    return f"{_kind(attrs)} {attrs.get('id')}"

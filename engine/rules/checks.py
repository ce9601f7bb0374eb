"""Integrity checks of a portfolio's results graph and programme facts (``mptf check``).

Each rule is a small function ``(portfolio) -> list of finding rows``; :func:`check_portfolio` runs them all and
returns one findings table (see :mod:`mptf.engine.findings`). Rules read the tables and the networkx graph;
nothing is modified.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import networkx as nx
import pandas as pd

from mptf.engine.findings import Findings, Loc, findings_frame
from mptf.engine.model import Portfolio
from mptf.engine.reading.fields import suggest
from mptf.engine.rules.facts import programme_scope
from mptf.frameworks import areas as _areas
from mptf.frameworks import gcm as _gcm
from mptf.frameworks import sdg as _sdg
from mptf.frameworks.countries import is_country
from mptf.frameworks.graph import FUND, node
from mptf.frameworks.reach import conflict
from mptf.indicators.measures import FUNDED_STATUSES, LEVEL_RANK, LEVELS
from mptf.indicators.quantity import format_number

__all__ = ["RULE_FUNCTIONS", "check_portfolio"]


def _loc(row: pd.Series | tuple, item: str = "", column: str = "") -> Loc:
    get = row.get if isinstance(row, pd.Series) else lambda k, d=None: getattr(row, k, d)
    line = get("line")
    return Loc(
        file=get("file") or "",
        sheet=get("sheet") or "",
        line=None if pd.isna(line) else int(line),
        column=column,
        programme=get("programme") or "",
        item=item,
    )


def _cite(row) -> str:
    src = getattr(row, "source", "") or "no source given"
    quote = getattr(row, "quote", "")
    return f'{src}: "{quote}"' if quote else src


# -- ids and references ------------------------------------------------------------------------------------
def duplicate_ids(p: Portfolio, f: Findings) -> None:
    for table, col in (("results", "result"), ("indicators", "indicator")):
        frame = getattr(p, table).dropna(subset=[col])
        dups = frame[frame.duplicated(col, keep=False)]
        for ident, group in dups.groupby(col, sort=True):
            places = "; ".join(f"{r.file}:{r.line}" for r in group.itertuples())
            for row in group.iloc[1:].itertuples():
                f.add("duplicate-id", _loc(row, ident, "id"), kind=col, ident=ident, count=len(group), places=places)


def framework_links(p: Portfolio, f: Findings) -> None:
    targets = _sdg.targets().index
    indicator_codes = set(_sdg.indicators()["indicator"])
    for row in p.links.itertuples():
        if row.framework == "gcm":
            if not re.fullmatch(r"\d+", row.ref) or not 1 <= int(row.ref) <= 23:
                f.add("unknown-gcm-objective", _loc(row, row.item, "gcm"), ref=row.ref)
        elif row.ref not in targets:
            fix = "use a target code such as 10.7 (mptf frameworks sdg lists them)"
            if row.ref in indicator_codes:
                fix = f"{row.ref} is an SDG indicator; link its target {row.ref.rsplit('.', 1)[0]}"
            f.add("unknown-sdg-target", _loc(row, row.item, "sdg"), ref=row.ref, fix=fix)


def claim_values(p: Portfolio, f: Findings) -> None:
    for row in p.claims.itertuples():
        if row.field == "thematic_area" and row.value not in _areas.areas().index:
            f.add("unknown-thematic-area", _loc(row, row.programme, "thematic_area"), area=row.value)
        elif row.field == "countries":
            for code in row.value:
                if not is_country(code):
                    f.add("unknown-country", _loc(row, row.programme, "countries"), country=code)
        elif row.field == "budget" and row.value.cents <= 0:
            f.add("budget-not-positive", _loc(row, row.programme, "budget"), budget=row.value)


def parents(p: Portfolio, f: Findings) -> None:
    result_ids = set(p.results["result"].dropna())
    result_list = sorted(result_ids)
    programme_ids = set(p.programmes["programme"])
    for row in p.results.itertuples():
        if row.parent and row.parent not in result_ids:
            f.add(
                "unknown-parent",
                _loc(row, row.result, "parent"),
                kind="result",
                item=row.result,
                relation="names",
                parent_kind="parent",
                parent=row.parent,
                suggestion=suggest(row.parent, result_list),
                addition=", or add that result",
            )
        if row.programme not in programme_ids:
            f.add(
                "unknown-parent",
                _loc(row, row.result, "programme"),
                kind="result",
                item=row.result,
                relation="belongs to",
                parent_kind="programme",
                parent=row.programme,
                suggestion=suggest(row.programme, sorted(programme_ids)),
                addition="",
            )
    for row in p.indicators.itertuples():
        if row.result and row.result not in result_ids:
            f.add(
                "unknown-parent",
                _loc(row, row.indicator, "result"),
                kind="indicator",
                item=row.indicator,
                relation="hangs on",
                parent_kind="result",
                parent=row.result,
                suggestion=suggest(row.result, result_list),
                addition=", or add that result",
            )


# -- graph -------------------------------------------------------------------------------------------------
def graph_shape(p: Portfolio, f: Findings) -> None:
    g = p.graph
    tree = p.tree
    reachable = nx.descendants(tree, FUND) | {FUND}
    results = p.results.dropna(subset=["result"]).drop_duplicates("result").set_index("result")
    cycle_nodes: set[str] = set()
    for cycle in nx.simple_cycles(tree.subgraph(n for n in tree if g.nodes[n].get("kind") == "result")):
        cycle_nodes |= set(cycle)
        first = results.loc[g.nodes[cycle[0]]["id"]]
        path = " → ".join(g.nodes[n]["id"] for n in [*cycle, cycle[0]])
        f.add("cycle", _loc(first, first.name, "parent"), path=path)
    for n in sorted(set(tree) - reachable):
        data = g.nodes[n]
        if data.get("kind") not in ("programme", "result", "indicator"):
            continue
        why = "it sits in a cycle" if n in cycle_nodes else "its parent does not exist or is itself cut off"
        f.add(
            "orphan",
            Loc(file=data.get("file", ""), line=data.get("line"), programme=data.get("programme", ""), item=data["id"]),
            kind=data["kind"],
            item=data["id"],
            why=why,
        )


def nesting(p: Portfolio, f: Findings) -> None:
    results = p.results.dropna(subset=["result"]).drop_duplicates("result").set_index("result")
    ids = set(results.index) | set(p.programmes["programme"])
    tree = p.tree
    for ident, row in results.iterrows():
        if row["level"] and row["level"] not in LEVELS:
            f.add(
                "unknown-value",
                _loc(row, ident, "level"),
                subject=f"level {row['level']!r} is",
                allowed=", ".join(LEVELS),
                suggestion="",
            )
        if row["declared_parent"] and row["declared_parent"] != row["parent"]:
            nested = row["parent"] or f"programme {row['programme']}"
            f.add(
                "wrong-nesting",
                _loc(row, ident, "parent"),
                what=f"result {ident!r} declares parent {row['declared_parent']!r} but is nested under {nested!r}",
                fix="move the result under its declared parent, or correct 'parent'",
            )
        parent = row["parent"]
        if parent in results.index:
            prow = results.loc[parent]
            if prow["programme"] != row["programme"]:
                f.add(
                    "wrong-nesting",
                    _loc(row, ident, "parent"),
                    what=f"result {ident!r} of programme {row['programme']!r} hangs on {parent!r} of programme "
                    f"{prow['programme']!r}",
                    fix="choose a parent in the same programme",
                )
            rank, prank = LEVEL_RANK.get(row["level"]), LEVEL_RANK.get(prow["level"])
            if rank is not None and prank is not None and rank < prank:
                f.add(
                    "wrong-nesting",
                    _loc(row, ident, "level"),
                    what=f"{row['level']} {ident!r} sits under {prow['level']} {parent!r}: a {prow['level']} cannot "
                    f"hold a {row['level']}",
                    fix="move it up, or correct one of the levels",
                )
        _prefix_check(f, tree, row, ident, "result", ids)
    for row in p.indicators.itertuples():
        if row.result in results.index and results.loc[row.result, "programme"] != row.programme:
            f.add(
                "wrong-nesting",
                _loc(row, row.indicator, "result"),
                what=f"indicator {row.indicator!r} of programme {row.programme!r} hangs on result {row.result!r} of "
                f"programme {results.loc[row.result, 'programme']!r}",
                fix="choose a result of the same programme",
            )
        _prefix_check(f, tree, pd.Series(row._asdict()), row.indicator, "indicator", ids)


def _prefix_check(f: Findings, tree: nx.DiGraph, row: pd.Series, ident: str, kind: str, ids: set[str]) -> None:
    """A dotted id whose prefix is another item's id says it belongs under that item (or below it)."""
    parts = ident.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix not in ids:
            continue
        owner = node("result", prefix) if node("result", prefix) in tree else node("programme", prefix)
        me = node(kind, ident)
        if me in tree and owner in tree and not nx.has_path(tree, owner, me):
            f.add(
                "wrong-nesting",
                _loc(row, ident, "id"),
                what=f"{kind} id {ident!r} says it belongs under {prefix!r}, but it is placed elsewhere",
                fix=f"move it under {prefix!r}, or rename it",
            )
        return


# -- programme facts ---------------------------------------------------------------------------------------
def programme_facts(p: Portfolio, f: Findings) -> None:
    with_indicators = set(p.indicators["programme"])
    linked = set(p.links.loc[p.links["framework"] == "gcm", "programme"])
    for row in p.programmes.itertuples():
        loc = _loc(row, row.programme)
        if row.programme not in with_indicators:
            funded = row.status in FUNDED_STATUSES
            f.add(
                "no-indicators",
                loc,
                severity=None if funded else "info",
                programme=row.programme,
                status=row.status or "status unknown",
            )
        has_area_claim = (p.claims["programme"].eq(row.programme) & p.claims["field"].eq("thematic_area")).any()
        if not has_area_claim:
            f.add("no-thematic-area", loc, programme=row.programme)
        if row.programme not in linked:
            area = row.thematic_area if pd.notna(row.thematic_area) else None
            cluster = _areas.areas()["gcm"].get(int(area), ()) if area is not None else ()
            if cluster:
                objectives = ", ".join(map(str, cluster))
                f.add("gcm-through-area-only", loc, programme=row.programme, objectives=objectives, area=int(area))
            else:
                f.add("no-gcm-link", loc, programme=row.programme)
        if pd.notna(row.start) and pd.notna(row.end) and row.end < row.start:
            f.add(
                "end-before-start",
                loc.at(column="end"),
                what="programme",
                end=row.end.date(),
                start=row.start.date(),
                fix="correct start or end",
            )


def _figure(value: object) -> str:
    return "none" if value is None or pd.isna(value) else format_number(value)


def indicator_fields(p: Portfolio, f: Findings) -> None:
    last_target = p.targets.groupby("indicator")["value"].last()
    for row in p.indicators.itertuples():
        loc = _loc(row, row.indicator)
        if row.direction == "decrease" and row.series == "cumulative" and row.measure in ("count", "currency"):
            f.add(
                "decrease-never-improves",
                loc.at(column="direction"),
                indicator=row.indicator,
                baseline=_figure(row.baseline_value),
                target=_figure(last_target.get(row.indicator)),
            )
        if not row.measure_given:
            f.add("no-measure", loc.at(column="measure"), indicator=row.indicator)
        if not row.unit and row.measure in ("count", "percentage", "ordinal"):
            f.add("no-unit", loc.at(column="unit"), indicator=row.indicator, measure=row.measure)
        if row.measure == "ordinal" and not row.scale:
            f.add(
                "missing-field",
                loc.at(column="scale"),
                what=f"ordinal indicator {row.indicator!r}",
                field="scale",
                example=": [level 1, level 2, ...] from lowest to highest",
            )
        if not row.name:
            f.add(
                "missing-field",
                loc.at(column="name"),
                what=f"indicator {row.indicator!r}",
                field="name",
                example=": what is measured",
            )


def area_gcm(p: Portfolio, f: Findings) -> None:
    gcm_links = p.links[(p.links["framework"] == "gcm") & p.links["ref"].str.fullmatch(r"\d+")]
    if gcm_links.empty:
        return
    merged = gcm_links.merge(p.programmes[["programme", "thematic_area"]], on="programme").dropna(
        subset=["thematic_area"]
    )
    allowed = _areas.areas()["gcm"]
    for row in merged.itertuples():
        number, area = int(row.ref), int(row.thematic_area)
        if area in allowed.index and number not in allowed[area] and number not in _areas.CROSS_CUTTING:
            f.add(
                "area-gcm-mismatch",
                _loc(row, row.item, "gcm"),
                objective=number,
                area=area,
                objectives=", ".join(map(str, allowed[area])),
            )


def gcm_titles(p: Portfolio, f: Findings) -> None:
    objectives = _gcm.objectives()
    cited = p.links[
        (p.links["framework"] == "gcm") & (p.links["cited_title"] != "") & p.links["ref"].str.fullmatch(r"\d+")
    ]
    for row in cited.itertuples():
        number = int(row.ref)
        if number not in objectives.index:
            continue
        other = conflict("gcm", row.ref, row.cited_title)  # the one rule the GCM views mark disputed links by
        if other is not None:
            closest = int(other)
            f.add(
                "gcm-title-mismatch",
                _loc(row, row.item, "gcm"),
                number=number,
                cited=row.cited_title,
                closest=closest,
                title=objectives.loc[number, "title"],
                cite=_cite(row) if row.source else "as cited",
            )


# -- conflicting sources -----------------------------------------------------------------------------------
def _claim_list(group: pd.DataFrame, show: Callable[[object], str]) -> str:
    parts = []
    for _, same in group.groupby("key", sort=False):
        first = same.iloc[0]
        sources = "; ".join(_cite(r) for r in same.itertuples())
        parts.append(f"{show(first['value'])} ({sources})")
    return " vs ".join(parts)


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def conflicting_claims(p: Portfolio, f: Findings) -> None:
    claims = p.claims
    static = claims[claims["field"] != "status"]
    counts = static.groupby(["programme", "field"])["key"].transform("nunique")
    for (programme, fieldname), group in static[counts > 1].groupby(["programme", "field"], sort=True):
        f.add(
            "conflicting-claims",
            _loc(group.iloc[-1], programme, fieldname),
            field=fieldname.replace("_", " "),
            programme=programme,
            when="",
            claims=_claim_list(group, _show),
            fix="all claims are kept; confirm the fact with the programme's documents and record the confirmed "
            "claim with its source",
        )
    status = claims[claims["field"] == "status"]
    same_date = status.groupby(["programme", status["as_of"].fillna(pd.Timestamp.min)])["key"].transform("nunique")
    for programme, group in status[same_date > 1].groupby("programme", sort=True):
        f.add(
            "conflicting-claims",
            _loc(group.iloc[-1], programme, "status"),
            field="status",
            programme=programme,
            when=" at the same date",
            claims=_claim_list(group, _show),
            fix="confirm the status with the fund's records",
        )
    moved = status.groupby("programme")["key"].nunique()
    for programme in moved[moved > 1].index:
        group = status[status["programme"] == programme].sort_values("as_of")
        steps = " → ".join(
            f"{r.value} ({r.as_of.date() if pd.notna(r.as_of) else 'undated'}, {_cite(r)})" for r in group.itertuples()
        )
        f.add("status-history", _loc(group.iloc[-1], programme, "status"), programme=programme, steps=steps)


RULE_FUNCTIONS: tuple[Callable[[Portfolio, Findings], None], ...] = (
    duplicate_ids,
    framework_links,
    claim_values,
    programme_scope,
    parents,
    graph_shape,
    nesting,
    programme_facts,
    indicator_fields,
    area_gcm,
    gcm_titles,
    conflicting_claims,
)


def check_portfolio(portfolio: Portfolio, common_path: str | None = None) -> pd.DataFrame:
    """All findings of a portfolio: those made while loading it, the integrity rules, the links to the common
    indicators, and the one verdict on its own values, baselines and targets (what ``validate`` with no report
    gives)."""
    from mptf.engine.rules.links import common_links
    from mptf.indicators.common import common_indicators

    f = Findings()
    if portfolio.load_findings is not None:
        f.extend(portfolio.load_findings)
    for rule in RULE_FUNCTIONS:
        rule(portfolio, f)
    f.extend(common_links(portfolio.indicators.drop_duplicates("indicator"), common_indicators(common_path))[1])
    f.extend(portfolio.verdict.findings)
    return findings_frame(f.rows)

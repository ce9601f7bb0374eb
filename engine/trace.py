"""Trace and audit: any fund figure down to the reported values it is made of, any indicator up to the GCM
objectives and SDG targets it serves, and every reported value that reaches no fund figure.

Pure functions over a :class:`~mptf.engine.model.Portfolio` and a :class:`~mptf.engine.rollup.Rollup`:

- :func:`trace_down` lists every reported value behind one figure (counted or excluded, each with its rule and
  provenance: file, sheet, line, the file's sha256, source and quote); :func:`recompute` re-aggregates the
  counted parts with the rules of the figure's measure, independently of the SQL that made the figure, and
  says whether they give the figure back; :func:`trace_rollup` does both for every figure of a rollup (what
  the audit export writes).
- :func:`trace_up` walks the containment tree from an indicator to its programme and thematic area, and lists
  the GCM objectives and SDG targets it links to, each direct or inherited from a named parent.
- :func:`trace_framework` gathers everything in the portfolio linked to one GCM objective or SDG target.
- :func:`orphans` lists the reported values that reach no fund figure, and those that reach one only through
  another row, with the reason.

Graph work goes through networkx (ancestors, descendants, shortest paths); nothing walks the tree by hand.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from mptf.frameworks import gcm as _gcm
from mptf.frameworks import sdg as _sdg
from mptf.frameworks.graph import FUND, node
from mptf.frameworks.walks import chain_up, inherited_links, linked_items
from mptf.indicators.aggregation import combine_bounds, display
from mptf.indicators.catalogue import CONTRIBUTIONS, COUNTED_CODES, NO_FIGURE, REPRESENTED, VALIDATION, render
from mptf.indicators.common import common_indicators, declared_overlaps

from .budget import budget_rollup
from .fields import suggest
from .model import Portfolio
from .rollup import DIMENSIONS, UNKNOWN, Rollup, indicator_links, natural, rollup

__all__ = [
    "PART_COLUMNS",
    "Audit",
    "FrameworkTrace",
    "IndicatorTrace",
    "TraceError",
    "figure_id",
    "is_counted",
    "orphans",
    "parse_figure_id",
    "recompute",
    "select_figure",
    "trace_down",
    "trace_framework",
    "trace_rollup",
    "trace_up",
]

#: The columns of a traced row (a part of a figure), in order.
PART_COLUMNS: tuple[str, ...] = (
    "figure",
    "vid",
    "programme",
    "indicator",
    "period_start",
    "period_end",
    "disaggregation",
    "text",
    "value",
    "bound",
    "numerator",
    "denominator",
    "measure",
    "across",
    "counted",
    "counted_bound",
    "rule_code",
    "rule",
    "file",
    "sheet",
    "line",
    "sha256",
    "source",
    "quote",
)

#: How a reported value reaches the fund figures of the by-area rollup (the ``reaches`` column of orphans).
NO_FIGURE_REACHED = "no figure"
THROUGH_ANOTHER_ROW = "a figure, through another row"
UNKNOWN_GROUP = "only the 'unknown' area"
MEDIAN_ONLY = "a figure, as a median only"


class TraceError(LookupError):
    """A selection that names nothing in the portfolio (an unknown indicator, group or figure); the message
    says what exists, with a did-you-mean where one is close."""


# -- figures and their parts ---------------------------------------------------------------------------------
def figure_id(by: Sequence[str], keys: Sequence[object], common: str) -> str:
    """A figure's stable id: ``thematic-area=2/people-reached``, ``gcm=8;year=2023/people-reached``.

    >>> figure_id(["gcm", "year"], ["8", "2023"], "people-reached")
    'gcm=8;year=2023/people-reached'
    """
    return ";".join(f"{d}={k}" for d, k in zip(by, keys, strict=True)) + "/" + common


def parse_figure_id(ident: str) -> tuple[list[str], list[str], str]:
    """``(by, keys, common)`` of a figure id; :class:`TraceError` when it is not one.

    >>> parse_figure_id("gcm=8;year=2023/people-reached")
    (['gcm', 'year'], ['8', '2023'], 'people-reached')
    """
    group, sep, common = ident.rpartition("/")
    pairs = [p.partition("=") for p in group.split(";")] if group else []
    if not sep or not common or not pairs or any(not d or not eq or not k for d, eq, k in pairs):
        raise TraceError(f"{ident!r} is not a figure id (like 'thematic-area=2/people-reached')")
    return [d for d, _, _ in pairs], [k for _, _, k in pairs], common


def is_counted(rule_code: pd.Series) -> pd.Series:
    """Whether each contribution rule (a code of the catalogue) counts its row into a figure (every other rule
    excludes it, saying why)."""
    return rule_code.isin(COUNTED_CODES)


@dataclass
class Audit:
    """Every figure of a rollup with its id, its recomputation from its parts and whether they match; and the
    parts (``PART_COLUMNS``), each naming its figure."""

    by: list[str]
    figures: pd.DataFrame
    parts: pd.DataFrame
    common_file: dict = field(default_factory=dict)


def _common_file(common_path: str | None) -> dict:
    """The common-indicators file behind the figures, with its sha256 (declared overlaps are parts from it)."""
    from .load import sha256

    path = Path(common_path) if common_path else Path(str(resources.files("mptf.indicators") / "common.yaml"))
    label = str(common_path) if common_path else "mptf/indicators/common.yaml"
    return {"file": label, "sha256": sha256(path)}


def _with_ids(figures: pd.DataFrame, by: list[str], common_path: str | None) -> pd.DataFrame:
    out = figures.copy()
    out.insert(0, "id", [figure_id(by, keys[:-1], keys[-1]) for keys in out[[*by, "common"]].itertuples(index=False)])
    out["across"] = out["common"].map(common_indicators(common_path)["across"])
    return out


def _parts(
    portfolio: Portfolio, result: Rollup, figures: pd.DataFrame, common_path: str | None, common_file: dict
) -> pd.DataFrame:
    """The traced rows of ``figures`` (which carry ``id``): their contributions, then any declared overlap."""
    by = result.by
    contributions = result.contributions
    if contributions.empty or figures.empty:
        return pd.DataFrame(columns=list(PART_COLUMNS))
    c = contributions.rename(columns={DIMENSIONS[d]: d for d in by})
    ids = figures[[*by, "common", "id"]].rename(columns={"id": "figure"})
    parts = c.merge(ids, on=[*by, "common"], how="inner")
    parts = parts.merge(portfolio.files[["file", "sha256"]].drop_duplicates("file"), on="file", how="left")
    parts["counted"] = is_counted(parts["rule_code"])
    overlaps = _overlap_parts(figures, common_path, common_file)
    if not overlaps.empty:
        parts = pd.concat([parts, overlaps], ignore_index=True)
        order = {fid: n for n, fid in enumerate(figures["id"])}
        parts = parts.sort_values("figure", key=lambda s: s.map(order), kind="stable")
    parts = parts.reindex(columns=list(PART_COLUMNS)).reset_index(drop=True)
    parts["vid"] = pd.array(parts["vid"], dtype="Int64")
    parts["line"] = pd.array(parts["line"], dtype="Int64")
    parts["counted"] = parts["counted"].astype(bool)
    return parts


def _overlap_parts(figures: pd.DataFrame, common_path: str | None, common_file: dict) -> pd.DataFrame:
    """One negative part per declared overlap subtracted from a figure (as the rollup subtracts them)."""
    overlaps = declared_overlaps(common_path)
    if overlaps.empty:
        return pd.DataFrame()
    policy = common_indicators(common_path)["across"]
    rows = []
    for fig in figures.itertuples():
        present = set((fig.contributors or "").split(","))
        for o in overlaps.itertuples():
            if o.common == fig.common and policy.get(o.common) == "overlap" and set(o.programmes) <= present:
                rows.append(
                    {
                        "figure": fig.id,
                        "programme": ", ".join(o.programmes),
                        "value": -o.value,
                        "bound": "=",
                        "text": display(-o.value, "="),
                        "measure": fig.measure,
                        "across": "overlap",
                        "counted": True,
                        "counted_bound": "=",
                        "rule_code": "subtracted-overlap",
                        "rule": render(
                            CONTRIBUTIONS["subtracted-overlap"].rule, {"programmes": ", ".join(o.programmes)}
                        ),
                        "source": o.source,
                        "quote": o.quote,
                        "sheet": "",
                        **common_file,
                    }
                )
    return pd.DataFrame(rows)


def trace_rollup(
    portfolio: Portfolio,
    by: Sequence[str] = ("thematic-area",),
    common_path: str | None = None,
    result: Rollup | None = None,
) -> Audit:
    """Trace every figure of a rollup to its parts and recompute it from them (``recomputed_value``,
    ``recomputed_bound``, ``recomputed_display``, ``matches``)."""
    by = list(dict.fromkeys(by))
    if result is None:
        result = rollup(portfolio, by, common_path)
    common_file = _common_file(common_path)
    figures = _with_ids(result.figures, result.by, common_path)
    parts = _parts(portfolio, result, figures, common_path, common_file)
    groups = {fid: frame for fid, frame in parts.groupby("figure", sort=False)}
    empty = parts.iloc[0:0]
    checks = [recompute(groups.get(fig["id"], empty), fig) for fig in figures.to_dict("records")]
    figures["recomputed_value"] = [r["value"] for r, _ in checks]
    figures["recomputed_bound"] = [r["bound"] for r, _ in checks]
    figures["recomputed_display"] = [r["display"] for r, _ in checks]
    figures["matches"] = [ok for _, ok in checks]
    return Audit(result.by, figures, parts, common_file)


def select_figure(
    result: Rollup, by: Sequence[str], keys: Sequence[object], common: str | None, common_path: str | None = None
) -> pd.Series:
    """The figure of ``result`` in the group ``keys`` (one per ``by``) for the common indicator ``common``, with
    its ``id`` and policy ``across``.

    Raises :class:`TraceError`, saying which groups and figures exist, when there is no such figure.
    """
    by, keys = list(by), [str(k) for k in keys]
    if len(keys) != len(by):
        raise TraceError(f"give one key per dimension: {len(by)} dimension(s) ({', '.join(by)}), {len(keys)} key(s)")
    if by != list(result.by):
        raise TraceError(f"the rollup is by {', '.join(result.by)}, not by {', '.join(by)}")
    figures = result.figures
    if figures.empty:
        raise TraceError("no fund figures to trace: no reported value counts towards a common indicator")
    for dim, key in zip(by, keys, strict=True):
        known = sorted(figures[dim].astype(str).unique(), key=lambda k: natural(pd.Series([k])).iloc[0])
        if key not in known:
            listed = ", ".join(known) or "none"
            raise TraceError(
                f"no figure by {dim} {key!r}{suggest(key, known)}: no counted value reaches that group; "
                f"{dim} groups with figures: {listed}"
            )
        figures = figures[figures[dim].astype(str) == key]
    where = ", ".join(f"{d} {k}" for d, k in zip(by, keys, strict=True))
    known = figures["common"].tolist()
    if not common or common not in known:
        what = f"no figure for {common!r} under {where}{suggest(common or '', known)}" if common else "name a figure"
        raise TraceError(f"{what}; common indicators with a figure under {where}: {', '.join(known) or 'none'}")
    return _with_ids(figures[figures["common"] == common], result.by, common_path).iloc[0]


def trace_down(
    portfolio: Portfolio,
    by: Sequence[str],
    keys: Sequence[object],
    common: str,
    common_path: str | None = None,
    result: Rollup | None = None,
) -> pd.DataFrame:
    """Every reported value behind one figure (``PART_COLUMNS``): the counted ones and those excluded, each with
    its rule and provenance, in the order of the rollup's contributions; a declared overlap is a negative part.

    The figure is selected the way :func:`~mptf.engine.rollup.rollup` groups: ``by=["gcm"], keys=["8"],
    common="people-reached"``. Raises :class:`TraceError` when it does not exist.
    """
    by = list(dict.fromkeys(by))
    if result is None:
        result = rollup(portfolio, by, common_path)
    figure = select_figure(result, by, keys, common, common_path)
    return _parts(portfolio, result, figure.to_frame().T, common_path, _common_file(common_path))


# -- recomputation -------------------------------------------------------------------------------------------
def _cents(value: float) -> int:
    """Round to whole cents half away from zero (as the SQL engine's ``round``)."""
    scaled = float(value) * 100
    return int(math.copysign(math.floor(abs(scaled) + 0.5), scaled))


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _same(a: object, b: object, exact: bool = True) -> bool:
    """Equal values; with ``exact=False`` (a median or a ratio, which SQL and Python may round differently in
    the last bit) equal to 1e-12 relative."""
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        return float(a) == float(b) or (not exact and math.isclose(float(a), float(b), rel_tol=1e-12))
    return a == b


def recompute(parts: pd.DataFrame, figure: Mapping) -> tuple[dict, bool]:
    """Re-aggregate the counted parts of one figure by the rules of its measure, and say whether they give the
    figure back: ``({value, bound, display, programmes, rows}, matches)``.

    count: the sum of the values (``fsum``), its bound combined from each part's ``counted_bound``; with the
    policy ``once``, the number of programmes; minus each declared overlap. currency: the exact sum in whole
    cents. percentage: Σ numerators / Σ denominators × 100 when every part has both, otherwise the median.
    yes-no: k programmes answering yes of n answering. ordinal: the distribution over the levels.
    qualitative: the texts listed. A match needs the same value (exactly; to 1e-12 relative for a median or a
    ratio), bound, display, number of programmes and number of counted rows as the figure, and no reported
    value counted twice (``once_each``).
    """
    measure = figure["measure"]
    across = figure.get("across") or "sum"
    counted = parts[parts["counted"].astype(bool)] if len(parts) else parts
    subtracted = counted[counted["rule_code"] == "subtracted-overlap"]
    rows = counted.drop(subtracted.index)
    out = {
        "value": None,
        "bound": None,
        "display": "",
        "programmes": int(rows["programme"].nunique()),
        "rows": len(rows),
    }
    # a reported value counts at most once in a figure, whatever the groups it sits in
    out["once_each"] = bool(rows["vid"].dropna().is_unique) if "vid" in rows else True
    if measure in ("count", "currency"):
        if measure == "count" and across == "once":
            value, bound = float(rows["programme"].nunique()), None
        else:
            if measure == "currency":
                value = sum(_cents(v) for v in rows["value"]) / 100
            else:
                value = math.fsum(float(v) for v in rows["value"])
            bound = combine_bounds(b for b in rows["counted_bound"] if not _missing(b))
        for part in subtracted["value"]:
            value += float(part)  # a part of -30 is the overlap of 30 the rollup subtracts
        out |= {"value": value, "bound": bound, "display": display(value, bound, "count")}
    elif measure == "percentage":
        both = len(rows) > 0 and rows["numerator"].notna().all() and rows["denominator"].notna().all()
        values = [float(v) for v in rows["value"]]
        median = statistics.median(values) if values else None
        if both:
            denominator = math.fsum(rows["denominator"].astype(float))
            numerator = math.fsum(rows["numerator"].astype(float))
            value = 100.0 * numerator / denominator if denominator > 0 else median
            shown = display(value, "=", "percentage") + " (recomputed from numerators and denominators)"
            out |= {"value": value, "bound": "=", "display": shown}
        elif values:
            shown = (
                f"median {display(median, '=', 'percentage')} (range {display(min(values), '=', 'percentage')}–"
                f"{display(max(values), '=', 'percentage')}, n={len(values)})"
            )
            out |= {"value": median, "display": shown}
    elif measure == "yes-no":
        k = int(rows.loc[rows["value"] == 1, "programme"].nunique())
        out |= {"value": float(k), "display": f"{k} of {out['programmes']} programmes"}
    elif measure == "ordinal":
        levels = Counter(t for t in rows["text"] if not _missing(t))
        out["display"] = ", ".join(f"{text}: {n}" for text, n in sorted(levels.items()))
    else:  # qualitative: listed, in no particular order
        out["display"] = " | ".join(sorted({t for t in rows["text"] if not _missing(t)}))
    return out, _matches(out, figure, measure)


def _matches(out: dict, figure: Mapping, measure: str) -> bool:
    if measure == "qualitative":
        listed = figure.get("listed")
        shown_ok = set(out["display"].split(" | ")) == set(("" if _missing(listed) else listed).split(" | "))
    else:
        shown_ok = out["display"] == (figure.get("display") or "")
    bound = figure.get("bound")
    return bool(
        shown_ok
        and _same(out["value"], figure.get("value"), exact=measure != "percentage")
        and _same(out["bound"], None if _missing(bound) else bound)
        and out["programmes"] == int(figure.get("programmes", out["programmes"]))
        and out["rows"] == int(figure.get("rows", out["rows"]))
        and out["once_each"]
    )


# -- up: an indicator to its programme, area, GCM objectives and SDG targets ---------------------------------
@dataclass
class IndicatorTrace:
    """The containment path of an indicator (``path``: indicator first, fund last), its GCM and SDG links
    (``links``: each ``direct`` or ``inherited`` from the item named in ``via``) and the common indicator it
    feeds (``feeds``)."""

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
        raise TraceError(f"no indicator {indicator!r} in the portfolio{suggest(indicator, known)}")
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
    links_frame = pd.DataFrame(
        links, columns=["framework", "ref", "title", "link", "via", "cited_title", "source", "quote"]
    )
    if not links_frame.empty:
        order = links_frame.assign(
            _f=links_frame["framework"].map({"gcm": 0, "sdg": 1}), _d=links_frame["link"] != "direct"
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
    order = {n: i for i, n in enumerate(nx.dfs_preorder_nodes(tree, FUND))} if FUND in tree else {}

    result = rollup(portfolio, [framework], common_path)
    contributions = result.contributions
    key = DIMENSIONS[framework]
    here = (
        contributions[(contributions[key] == ref) & is_counted(contributions["rule_code"])]
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
        row |= {"link": link, "via": via, "status": None, "budget_usd": None, "share": None}
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
        "status",
        "budget_usd",
        "share",
        "common",
        "reported",
    ]
    items = pd.DataFrame(rows, columns=columns)

    figures = _with_ids(result.figures, result.by, common_path)
    figures = figures[figures[framework] == ref][
        ["id", "common", "name", "measure", "display", "programmes", "in_scope", "not_reporting", "rule"]
    ].reset_index(drop=True)
    table, additive = budget_rollup(portfolio, framework)
    budget_row = table[table[framework] == ref]
    budget = {
        "programmes": 0,
        "funded_usd": "0.00",
        "pipeline_usd": "0.00",
        "total_usd": "0.00",
        "no_budget": 0,
        "basis": "",
        "additive_across_groups": bool(additive),
    }
    if len(budget_row):
        b = budget_row.iloc[0]
        budget |= {
            k: (b[k].item() if hasattr(b[k], "item") else b[k])
            for k in ("programmes", "funded_usd", "pipeline_usd", "total_usd", "no_budget", "basis")
        }
    return FrameworkTrace(framework, ref, title, items.reset_index(drop=True), figures, budget)


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _label(g: nx.DiGraph, n: str) -> str:
    attrs = g.nodes[n]
    return f"{_kind(attrs)} {attrs.get('id')}"


# -- orphans: values that reach no fund figure ---------------------------------------------------------------
ORPHAN_COLUMNS: tuple[str, ...] = (
    "vid",
    "programme",
    "indicator",
    "period_end",
    "disaggregation",
    "text",
    "measure",
    "common",
    "reaches",
    "reason",
    "rule_code",
    "rule",
    "file",
    "sheet",
    "line",
    "sha256",
    "source",
    "quote",
)


def _reason(r) -> tuple[str, str] | None:
    """``(reaches, reason)`` of a contribution of the by-area rollup that is not simply counted; None for one
    that is."""
    rule = CONTRIBUTIONS[r.rule_code]
    if rule.kind == REPRESENTED:
        return THROUGH_ANOTHER_ROW, rule.reason
    if rule.kind == VALIDATION:
        return NO_FIGURE_REACHED, render(rule.reason, {"codes": r.excluded})
    if rule.kind != NO_FIGURE:
        return None
    if rule.code == "no-common" and r.measure == "qualitative":
        return NO_FIGURE_REACHED, "qualitative, and linked to no common indicator (text is listed, never counted)"
    if rule.code == "no-figure" and r.measure == "percentage":
        return NO_FIGURE_REACHED, "percentage with no figure and no numerator or denominator"
    return NO_FIGURE_REACHED, render(rule.reason, r._asdict())


def orphans(portfolio: Portfolio, common_path: str | None = None, result: Rollup | None = None) -> pd.DataFrame:
    """Every reported value that does not simply count in a figure of the rollup by thematic area, and why.

    ``reaches`` says what becomes of it: ``no figure`` (linked to no common indicator, unknown common
    indicator, measure or unit mismatch, no figure to add, qualitative text, an indicator not in the
    portfolio); ``a figure, through another row`` (a duplicate, a superseded or conflicting claim, a part of
    a reported total, ...: another row stands for it); ``only the 'unknown' area`` (its programme has no
    thematic area); ``a figure, as a median only`` (a percentage without numerator and denominator: it can
    enter a median, never a recomputed ratio).
    """
    if result is None or result.by != ["thematic-area"]:
        result = rollup(portfolio, ["thematic-area"], common_path)
    c = result.contributions
    files = portfolio.files[["file", "sha256"]].drop_duplicates("file")
    rows = []
    if len(c):
        for r in c.itertuples():
            found = _reason(r)
            unknown_area = r.k_area == UNKNOWN
            if found is None:
                if unknown_area:
                    found = (UNKNOWN_GROUP, "programme with no thematic area")
                elif r.measure == "percentage" and (pd.isna(r.numerator) or pd.isna(r.denominator)):
                    found = (
                        MEDIAN_ONLY,
                        "percentage without numerator and denominator: it enters a median, never a recomputed ratio",
                    )
                else:
                    continue
            elif unknown_area:
                found = (found[0], found[1] + "; and the programme has no thematic area")
            rows.append(
                {**_row_of(r), "reaches": found[0], "reason": found[1], "rule_code": r.rule_code, "rule": r.rule}
            )
    values = portfolio.values.reset_index(drop=True)
    traced = set(c["vid"]) if len(c) else set()
    missing = values[~np.isin(np.arange(len(values)), list(traced))]
    for vid, r in zip(missing.index, missing.itertuples(), strict=True):
        rows.append(
            {
                **_row_of(r),
                "vid": int(vid),
                "measure": None,
                "common": None,
                "reaches": NO_FIGURE_REACHED,
                "reason": "indicator not in the portfolio (mptf check reports it)",
                "rule_code": "",
                "rule": "",
            }
        )
    out = pd.DataFrame(rows, columns=[c for c in ORPHAN_COLUMNS if c != "sha256"])
    out = out.merge(files, on="file", how="left")[list(ORPHAN_COLUMNS)]
    rank = {NO_FIGURE_REACHED: 0, UNKNOWN_GROUP: 1, MEDIAN_ONLY: 2, THROUGH_ANOTHER_ROW: 3}
    out = out.assign(_r=out["reaches"].map(rank)).sort_values(["_r", "programme", "indicator", "vid"], kind="stable")
    out = out.drop(columns="_r").reset_index(drop=True)
    out["vid"] = pd.array(out["vid"], dtype="Int64")
    out["line"] = pd.array(out["line"], dtype="Int64")
    return out


def _row_of(r) -> dict:
    return {
        "vid": getattr(r, "vid", None),
        "programme": r.programme,
        "indicator": r.indicator,
        "period_end": r.period_end,
        "disaggregation": r.disaggregation,
        "text": r.text,
        "measure": getattr(r, "measure", None),
        "common": getattr(r, "common", None),
        "file": r.file,
        "sheet": r.sheet,
        "line": r.line,
        "source": r.source,
        "quote": r.quote,
    }

"""Trace views for people and programs (``mptf trace``): a figure down to its parts, an indicator up to the
GCM and the SDGs, everything linked to one objective or target, and the values that reach no figure.

Formatters are pure (they return text); JSON output is the library's tables as records, nothing more.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from mptf.frameworks.documents import provenance_lines
from mptf.frameworks.reach import mapping_note
from mptf.indicators.aggregation import display

from .names import DIMENSION_TITLES, coded, common_named, name, via_name, with_common_names, with_names
from .render import render_frame, to_json

__all__ = [
    "figure_record",
    "figure_trace_dict",
    "framework_dict",
    "indicator_trace_dict",
    "recompute_line",
    "render_framework",
    "render_orphans",
    "render_trace_down",
    "render_trace_up",
]

_SHOWN_PARTS = 12  # a longer sum is summarised, not written out


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(to_json(frame))


def figure_record(figure: pd.Series, by: list[str]) -> dict:
    """A figure as plain JSON: its id, its group (``{dim: key}``) and its columns."""
    record = _records(with_names(figure.to_frame().T.reset_index(drop=True), by))[0]
    record["group"] = {d: str(figure[d]) for d in by}
    return record


def figure_trace_dict(figure: pd.Series, by: list[str], parts: pd.DataFrame, recomputed: dict, matches: bool) -> dict:
    """What ``mptf trace down --format json`` prints: the figure, its parts, their recomputation."""
    return {
        "figure": figure_record(figure, by),
        "parts": _records(parts),
        "recomputed": json.loads(json.dumps(recomputed, default=str)),
        "matches": bool(matches),
        "reference_date": figure.get("reference_date"),
    }


def indicator_trace_dict(trace) -> dict:
    """What ``mptf trace up --format json`` prints: the path, the links and the common indicator fed."""
    return {
        "indicator": trace.indicator,
        "path": _records(trace.path),
        "links": _records(_links_named(trace.links, full=True)),
        "feeds": json.loads(json.dumps(trace.feeds, default=str)),
    }


def framework_dict(trace) -> dict:
    """What ``mptf trace gcm|sdg --format json`` prints."""
    return {
        "framework": trace.framework,
        "ref": trace.ref,
        "title": trace.title,
        "budget": json.loads(json.dumps(trace.budget, default=str)),
        "items": _records(_items_named(trace.items, full=True)),
        "figures": _records(trace.figures),
    }


def _links_named(links: pd.DataFrame, full: bool) -> pd.DataFrame:
    """Links of ``trace up`` with each reference's full title (``name``) and the thematic area named in ``via``."""
    if links.empty:
        return links.assign(name=pd.Series(dtype=object), via_name=pd.Series(dtype=object))
    names = [name(f, r, True) for f, r in zip(links["framework"], links["ref"], strict=True)]
    out = links.copy()
    out.insert(out.columns.get_loc("title") + 1, "name", names)
    out.insert(out.columns.get_loc("via") + 1, "via_name", [via_name(v, full) for v in out["via"]])
    return out


def _items_named(items: pd.DataFrame, full: bool) -> pd.DataFrame:
    """Items of ``trace gcm|sdg`` with the thematic area named in ``via`` and the common indicator's name."""
    out = with_common_names(items, "common", full)
    out.insert(out.columns.get_loc("via") + 1, "via_name", [via_name(v, full) for v in out["via"].tolist()])
    return out


def _period(start: object, end: object) -> str:
    def day(d: object) -> str:
        return "" if d is None or pd.isna(d) else pd.Timestamp(d).date().isoformat()

    return f"{day(start)}–{day(end)}" if day(start) else day(end)


def _provenance(file: object, sheet: object, line: object, sha: object) -> str:
    where = str(file or "")
    if sheet:
        where += f" [{sheet}] row {line}" if pd.notna(line) else f" [{sheet}]"
    elif pd.notna(line):
        where += f":{line}"
    return where + (f" sha256:{str(sha)[:12]}" if isinstance(sha, str) and sha else "")


def _counts_as(part: Mapping, measure: str) -> str:
    if not part["counted"]:
        return "—"
    if measure in ("count", "currency") and part["across"] != "once" and pd.notna(part["value"]):
        return display(part["value"], part["counted_bound"] or "=")
    return str(part["text"])


def _quote(source: object, quote: object) -> str:
    source = source or ""
    return f"{source}: “{quote}”" if quote else str(source)


def recompute_line(figure: Mapping, parts: pd.DataFrame, recomputed: dict, matches: bool) -> str:
    """The last line of a trace: the figure recomputed from the listed parts, and whether it matches."""
    measure = figure["measure"]
    counted = parts[parts["counted"].astype(bool)] if len(parts) else parts
    n = len(counted)
    terms = ""
    if measure in ("count", "currency") and figure.get("across") != "once" and 0 < n <= _SHOWN_PARTS:
        shown = []
        for i, p in enumerate(counted.to_dict("records")):
            if str(p["rule"]).startswith("subtracted"):
                shown.append(f"− {display(-p['value'], '=')}")
            else:
                shown.append(("+ " if i else "") + display(p["value"], p["counted_bound"] or "="))
        terms = " ".join(shown) + " = "
    elif measure in ("count", "currency") and figure.get("across") == "once":
        terms = f"programmes {', '.join(sorted(counted['programme'].unique()))} = "
    elif measure == "percentage" and 0 < n <= _SHOWN_PARTS and recomputed.get("bound") != "=":
        terms = "median of " + ", ".join(display(v, "=", "percentage") for v in counted["value"]) + " = "
    elif n > _SHOWN_PARTS:
        terms = f"the {n} counted parts give "
    verdict = (
        f"matches the figure ({figure['display']})"
        if matches
        else f"DOES NOT MATCH the figure ({figure['display']}): report this as a bug"
    )
    return f"recomputed from {n} counted part{'s' if n != 1 else ''}: {terms}{recomputed['display']} — {verdict}\n"


def render_trace_down(
    figure: pd.Series, by: list[str], parts: pd.DataFrame, recomputed: dict, matches: bool, fmt: str
) -> str:
    """One figure and every reported value behind it (counted or excluded, with the rule), then the check."""
    if fmt == "json":
        return json.dumps(figure_trace_dict(figure, by, parts, recomputed, matches), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return render_frame(parts, "csv")
    where = ", ".join(f"{DIMENSION_TITLES.get(d, d)} {coded(d, figure[d])}" for d in by)
    title = (
        f"{common_named(figure['common'])} under {where}: {figure['display']} ({figure['rule']}; "
        f"{figure['programmes']} of {figure['in_scope']} programmes in scope) — figure {figure['id']}"
    )
    if figure.get("reference_date"):
        title += f", as of {figure['reference_date']}"
    view = pd.DataFrame(
        {
            "value id": parts["vid"].map(lambda v: "" if pd.isna(v) else str(v)),
            "programme": parts["programme"],
            "indicator": parts["indicator"].fillna(""),
            "period": [_period(s, e) for s, e in zip(parts["period_start"], parts["period_end"], strict=True)],
            "group": parts["disaggregation"].fillna("").replace("", "total"),
            "value": parts["text"],
            "counts as": [_counts_as(p, figure["measure"]) for p in parts.to_dict("records")],
            "rule": parts["rule"],
            "provenance": [
                _provenance(*r) for r in zip(parts["file"], parts["sheet"], parts["line"], parts["sha256"], strict=True)
            ],
            "source": [_quote(s, q) for s, q in zip(parts["source"], parts["quote"], strict=True)],
        }
    )
    notes = "".join(line + "\n" for line in provenance_lines(parts["file"], parts["source"]))
    return render_frame(view, fmt, title) + notes + recompute_line(figure, parts, recomputed, matches)


def render_trace_up(trace, fmt: str) -> str:
    """An indicator's path up the containment tree, its GCM and SDG links, and the common indicator it feeds."""
    if fmt == "json":
        return json.dumps(indicator_trace_dict(trace), ensure_ascii=False, indent=2)
    if fmt == "csv":
        links = _links_named(trace.links, full=True)
        both = pd.concat([trace.path.assign(section="path"), links.assign(section="links")], ignore_index=True)
        for col in ("step", "line"):  # whole numbers, empty on the other section's rows
            both[col] = both[col].map(lambda v: "" if pd.isna(v) else str(int(v)))
        return render_frame(both[["section", *[c for c in both.columns if c != "section"]]], "csv")
    path = trace.path.assign(
        where=[
            _provenance(f, "", line, None) if isinstance(f, str) and f else ""
            for f, line in zip(trace.path["file"], trace.path["line"], strict=True)
        ]
    )[["step", "kind", "id", "title", "where"]]
    out = render_frame(path, fmt, f"{trace.indicator}: where it sits (indicator first, fund last)")
    if trace.links.empty:
        out += "links: none to a GCM objective or SDG target, directly or through its results and programme\n"
    else:
        area = trace.links["link"] == "thematic area"
        links = trace.links.assign(
            source=[
                s if a else _quote(s, q)
                for s, q, a in zip(trace.links["source"], trace.links["quote"], area, strict=True)
            ],
            via=trace.links["via"].map(via_name),
        )
        columns = ["framework", "ref", "title", "link", "via", "cited_title", "source"]
        out += render_frame(
            links[columns + (["disputed"] if links["disputed"].astype(bool).any() else [])],
            fmt,
            "GCM objectives and SDG targets (direct, inherited from the item named, or through the thematic area)",
        )
        if area.any():
            out += f"{mapping_note()}.\n"
    feeds = trace.feeds
    if feeds["counted"]:
        out += f"feeds the common indicator {feeds['common']} ({feeds['name']})\n"
    else:
        out += f"reaches no common indicator: {feeds['rule']}\n"
    return out


def render_framework(trace, fmt: str) -> str:
    """Everything linked to one GCM objective or SDG target, its budget and the fund figures under it."""
    if fmt == "json":
        return json.dumps(framework_dict(trace), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return render_frame(_items_named(trace.items, full=True), "csv")
    kind = "GCM objective" if trace.framework == "gcm" else "SDG target"
    b = trace.budget
    head = f"{kind} {trace.ref}: {trace.title}\n"
    if trace.items.empty:
        return head + "nothing in the portfolio links to it, directly or through a result or indicator\n"
    for link in ("direct", "thematic area"):
        if link in b:
            k = b[link]
            head += (
                f"budget (USD), {link} links: {k['in_full_usd']} in full in {k['programmes']} programme(s), "
                f"{k['split_usd']} split ({k['basis']})"
            )
            if k["disputed_programmes"]:
                head += (
                    f"; disputed: {k['disputed_in_full_usd']} in full, {k['disputed_split_usd']} split "
                    f"({k['disputed_programmes']}: {k['claims']})"
                )
            head += "\n"
    if "thematic area" in b:
        head += f"{b['mapping']}.\n"
    items = trace.items.drop(columns=["programme"]) if fmt == "table" else trace.items
    items = items.assign(
        disputed=items["disputed"].map(lambda c: "yes: see the claims above" if c else ""),
        via=items["via"].map(via_name),
        common=items["common"].map(common_named),
    )
    out = head + render_frame(items, fmt, f"linked to {kind} {trace.ref} {name(trace.framework, trace.ref, False)}")
    if trace.figures.empty:
        return out + "no fund figure under it: no counted value reaches it\n"
    f = trace.figures
    doubt = f["disputed"].astype(bool)
    figures = pd.DataFrame(
        {
            "link": f["link"],
            "common": f["common"].map(common_named),
            "result": f["display"].where(~doubt, ""),
            "disputed": f["display"].where(doubt, ""),
            "programmes": f["programmes"],
            "in_scope": f["in_scope"],
            "rule": f["rule"],
            "id": f["id"],
        }
    )
    if not doubt.any():
        figures = figures.drop(columns=["disputed"])
    return out + render_frame(
        figures,
        fmt,
        f"fund figures under {kind} {trace.ref} {name(trace.framework, trace.ref, False)}, by kind of link",
    )


def render_orphans(table: pd.DataFrame, total: int, fmt: str) -> str:
    """The values that do not simply count in a figure, and why; a summary line per outcome."""
    if fmt in ("json", "csv"):
        return render_frame(with_common_names(table, "common"), fmt)
    if not total:
        return "no reported values in the portfolio: nothing can reach a fund figure, nothing is left out\n"
    view = pd.DataFrame(
        {
            "value id": table["vid"].astype(str),
            "programme": table["programme"],
            "indicator": table["indicator"],
            "value": table["text"],
            "reaches": table["reaches"],
            "reason": table["reason"],
            "provenance": [
                _provenance(*r) for r in zip(table["file"], table["sheet"], table["line"], table["sha256"], strict=True)
            ],
        }
    )
    counts = table["reaches"].value_counts()
    summary = "; ".join(f"{n} reach {what}" for what, n in counts.items())
    title = "Reported values that reach no fund figure, or reach one only through another row (rollup by area)"
    counted = f"{total - len(table)} count in a figure of a thematic area"
    return (
        render_frame(view, fmt, title) + f"of {total} reported values: {'; '.join(filter(None, [counted, summary]))}\n"
    )

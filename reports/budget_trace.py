"""A budget figure traced down (``mptf trace down --figure thematic-area=2/budget``): the programmes behind it,
each with its budget, the share of it that goes to the group and the claims it comes from, then the figure
recomputed from those parts. Renderers only."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from mptf.frameworks.documents import provenance_lines

from .names import DIMENSION_TITLES, coded, name
from .render import render_frame, to_json

__all__ = ["render_budget_trace", "usd"]


def usd(cents: object) -> str:
    """Integer cents as dollars: ``17,950,000.00``; empty when unknown."""
    return "" if cents is None or pd.isna(cents) else f"{int(cents) / 100:,.2f}"


def _check(figure: Mapping) -> str:
    verdict = "matches the figure" if figure["matches"] else "DOES NOT MATCH the figure"
    return (
        f"recomputed from {figure['programmes']} programme share(s): funded {usd(figure['recomputed_funded_cents'])}"
        f" + pipeline {usd(figure['recomputed_pipeline_cents'])} = {usd(figure['recomputed_total_cents'])} USD"
        f" ({figure['recomputed_no_budget']} without a budget) — {verdict} ({usd(figure['total_cents'])})"
    )


def render_budget_trace(figure: pd.Series, parts: pd.DataFrame, fmt: str) -> str:
    """One budget figure and every programme share behind it, then its recomputation."""
    if fmt == "json":
        record = {k: v for k, v in figure.items() if k != "group"}
        record["group"] = {str(figure["dim"]): str(figure["group"])}
        record["group_name"] = name(str(figure["dim"]), str(figure["group"]).partition(":")[0])
        out = json.loads(to_json(pd.DataFrame([record])))[0]
        out["parts"] = json.loads(to_json(parts))
        return json.dumps(out, ensure_ascii=False, indent=2)
    if fmt == "csv":
        return render_frame(parts, "csv")
    where = f"{DIMENSION_TITLES.get(figure['dim'], figure['dim'])} {coded(figure['dim'], figure['group'])}"
    title = (
        f"budget under {where}: USD {usd(figure['total_cents'])} (funded "
        f"{usd(figure['funded_cents'])}, pipeline {usd(figure['pipeline_cents'])}; {figure['programmes']} "
        f"programmes) — figure {figure['id']}"
    )
    view = pd.DataFrame(
        {
            "programme": parts["programme"],
            "status": parts["status"],
            "counted as": parts["funded"].map({True: "funded", False: "pipeline"}),
            "budget (USD)": parts["budget_cents"].map(usd),
            "share": [f"{float(s):.0%} ({b})" for s, b in zip(parts["share"], parts["basis"], strict=True)],
            "counts (USD)": parts["cents"].map(usd),
            "provenance": [
                f"{f}:{ln}" if isinstance(ln, str) and ln else str(f)
                for f, ln in zip(parts["file"], parts["line"], strict=True)
            ],
            "source": parts["claims"].fillna(""),
        }
    )
    lines = []
    if not figure["additive"]:
        lines.append(
            f"budgets by {figure['dim']} count a programme in full under each group it serves: they do not add up "
            "across groups"
        )
    lines += provenance_lines(parts["file"], [s for cell in parts["source"].dropna() for s in str(cell).split("; ")])
    lines.append(_check(figure))  # last, as in every trace: the figure recomputed from the parts listed
    return render_frame(view, fmt, title) + "".join(line + "\n" for line in lines)

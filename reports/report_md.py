"""The results report in Markdown (``mptf report --format md``): a fund-level summary to paste into an annual
report, with full names beside codes, fund totals where the groups add up, and the legend as a note."""

from __future__ import annotations

import pandas as pd

from .gcm import named_results
from .names import name
from .render import to_markdown
from .report_trail import objective_summary
from .rollup import render_rollup

__all__ = ["report_markdown"]


def _counts(series: pd.Series) -> str:
    counts = series.value_counts()
    return ", ".join(f"{k}: {counts[k]}" for k in sorted(counts.index))


def _objective_budgets(report) -> list[str]:
    """Per framework: the budgets by objective (or target) and kind of link, in full and split, the programmes
    reaching none in one row, and the split reconciled with the fund total."""
    out = []
    for framework, budget in report.objective_budgets.items():
        title = "GCM objective" if framework == "gcm" else "SDG target"
        unknown = budget["ref"].astype(str).str.startswith("unknown:")
        known, none = budget[~unknown], budget[unknown]
        view = pd.DataFrame(
            {
                title: [f"{r} · {name(framework, r)}" for r in known["ref"]],
                "link": known["link"],
                "programmes": known["programmes"],
                "in full (USD)": known["full_usd"],
                "split (USD)": known["split_usd"],
                "disputed": [
                    f"{i}: {f} in full, {p} split" if i else ""
                    for i, f, p in zip(known["disputed_ids"], known["disputed_full_usd"],
                                       known["disputed_split_usd"], strict=True)
                ],
            }
        )  # fmt: skip
        if len(none):
            total = f"{int(none['full_cents'].sum()) / 100:,.2f}"
            row = {title: f"none ({len(none)} programmes reach no {title})", "link": "none", "programmes": len(none)}
            view = pd.concat([view, pd.DataFrame([row | {"in full (USD)": total, "split (USD)": total}])])
        out += [
            f"### By {title} and kind of link",
            "",
            to_markdown(view.astype(object).fillna("")) if len(view) else "",
        ]
        out += [f"*Note:* {objective_summary(budget, framework, report.fund_cents)}", ""]
    return out


def report_markdown(report, timestamp: str | None = None) -> str:
    """The report as Markdown text (the same report and ``timestamp`` give the same text)."""
    period = f", reporting period {report.period}" if report.period else ""
    lines = [
        "# Migration MPTF results report",
        "",
        f"As of {report.reference_date}{period}: {len(report.programmes)} programmes, {report.indicators} "
        f"indicators, {report.values} reported values." + (f" Generated {timestamp}." if timestamp else ""),
        "",
        "## Fund results by thematic area",
        "",
    ]
    body = render_rollup(report.areas, "md", "Results by thematic area and common indicator")
    gcm = report.gcm[(report.gcm["programmes"] > 0) | report.gcm["disputed"].astype(bool)]
    gcm_view = pd.DataFrame(
        {
            "objective": [f"{g} · {t}" for g, t in zip(gcm["gcm"], gcm["objective"], strict=True)],
            "link": gcm["link"],
            "programmes": gcm["programmes"],
            "in full (USD)": gcm["budget_usd"],
            "split (USD)": gcm["split_usd"],
            "results": [named_results(r, full=False) for r in gcm["results"]],
            "disputed": gcm["disputed"],
        }
    )
    mapping = str(report.gcm["mapping"].iloc[0]) if len(report.gcm) else ""
    progress = report.progress
    findings = report.findings
    tail = [
        "## Contributions to the GCM objectives",
        "",
        to_markdown(gcm_view),
        "*Note:* link: direct (a source states it for the programme or its results) or thematic area (the "
        "programme's area clusters the objective); kinds are never added together, and a disputed link (its sources "
        "conflict) is under 'disputed', in neither objective's confirmed figures. 'In full': each programme's whole "
        "budget under every objective it reaches (never totalled); 'split': each budget divided once across the "
        f"objectives it reaches. {mapping}.",
        "",
        "## Budget by GCM objective and SDG target",
        "",
        *_objective_budgets(report),
        "## Progress against targets",
        "",
        f"{len(progress)} indicators: {_counts(progress['status']) if len(progress) else 'none'}.",
        "",
        "## Findings",
        "",
        f"{len(findings)} findings ({_counts(findings['severity']) if len(findings) else 'none'}); "
        "`mptf check` lists them with their fixes.",
        "",
    ]
    return "\n".join(lines) + "\n" + body + "\n" + "\n".join(tail)

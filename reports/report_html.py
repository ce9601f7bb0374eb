"""The results report as one self-contained HTML file (``mptf report --format html``).

Jinja2 templates (``reports/templates``) with autoescaping: every text from a programme file is escaped. The
page needs nothing from the network: the style sheet is inline and the charts are SVG drawn at build time
(:mod:`mptf.reports.charts`); there is no script. Sections: fund overview (budget and results by thematic area,
funded vs pipeline), results by thematic area with fund totals, the GCM objectives × programmes matrix, a
country table, one section per programme with progress bars against targets and status colours, the findings,
the budget by GCM objective and SDG target (in full and split, reconciled with the fund total), and a trace of
every figure (by thematic area, GCM objective, SDG target, country; every budget with its programme shares),
the long ones in collapsed ``<details>``. Same report and ``--timestamp``, same bytes.
"""

from __future__ import annotations

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .charts import bar_chart
from .gcm import named_results
from .names import name
from .report_trail import objective_summary, trace_sections
from .rollup import LEGEND

__all__ = ["report_html"]

_ENV = Environment(
    loader=PackageLoader("mptf.reports", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_STATUS_CLASS = {
    "achieved": "good",
    "on track": "good",
    "at risk": "warn",
    "off track": "bad",
    "no timeline": "none",
    "no data": "none",
    "no target": "none",
}


def _usd(cents: float) -> str:
    return f"{cents / 100:,.0f}"


def _overview(report) -> dict:
    budget, additive = report.areas.budgets.get("thematic-area", (pd.DataFrame(), False))
    rows = [
        (f"{a} · {name('thematic-area', a, full=False)}" if a != "unknown" else "no thematic area",
         [c / 100 for c in (f, p)])
        for a, f, p in zip(budget.get("thematic-area", []), budget.get("funded_cents", []),
                           budget.get("pipeline_cents", []), strict=True)
    ]  # fmt: skip
    charts = [Markup(bar_chart(rows, ["funded", "pipeline"], "Budget by thematic area (USD)", "$"))]
    figures = report.areas.result.figures
    for total in report.areas.totals.itertuples():
        mine = figures[figures["common"] == total.common]
        bars = [
            (f"{a} · {name('thematic-area', a, full=False)}" if a != "unknown" else "no thematic area", [float(v)])
            for a, v in zip(mine["thematic-area"], mine["value"], strict=True)
        ]
        charts.append(Markup(bar_chart(bars, [total.short], f"{total.short} by thematic area (fund: {total.display})")))
    cents = {k: int(budget[f"{k}_cents"].sum()) if len(budget) else 0 for k in ("funded", "pipeline", "total")}
    return {
        "charts": charts,
        "budget": {k: _usd(v) for k, v in cents.items()},
        "additive": additive,
        "funded_programmes": int(budget["funded_programmes"].sum()) if len(budget) else 0,
    }


#: The fund totals shown first, as headline cards (when the fund has them).
HEADLINE = ("people-reached", "people-assisted", "people-trained")


def _headline(totals: pd.DataFrame) -> list[dict]:
    order = {c: i for i, c in enumerate(HEADLINE)}
    rows = totals.to_dict("records")
    return sorted(rows, key=lambda r: order.get(r["common"], len(order)))[:3]


def _matrix(report) -> dict:
    """GCM objectives × programmes, from the GCM view's programme lists (one row per programme): each cell says
    how the programme reaches the objective (stated: ●, through its thematic area only: ○)."""
    view = report.gcm
    objectives = list(dict.fromkeys(str(g) for g in view["gcm"]))
    reach: dict[tuple[str, str], str] = {}
    for g, link, ids in zip(view["gcm"], view["link"], view["programme_ids"], strict=True):
        for prog in filter(None, str(ids).split(", ")):
            if link != "thematic area" or (str(g), prog) not in reach:
                reach[(str(g), prog)] = "area" if link == "thematic area" else "stated"
    rows = []
    for prog in report.programmes["programme"]:
        marks = [reach.get((g, prog), "") for g in objectives]
        rows.append(
            {
                "programme": prog,
                "marks": marks,
                "count": sum(bool(m) for g, m in zip(objectives, marks, strict=True) if g != "unknown"),
            }
        )
    headers = [{"code": g, "title": name("gcm", g)} for g in objectives]
    served = [{"code": str(r.gcm), "label": r.objective, "title": name("gcm", r.gcm), "link": r.link,
               "programmes": r.programmes, "budget": r.budget_usd, "split": r.split_usd, "disputed": r.disputed,
               "results": named_results(r.results, full=False)}
              for r in view.itertuples() if r.programmes or r.disputed]  # fmt: skip
    mapping = str(view["mapping"].iloc[0]) if len(view) else ""
    return {"headers": headers, "rows": rows, "served": served, "mapping": mapping}


def _countries(report) -> list[dict]:
    budget, _ = report.countries.budgets.get("country", (pd.DataFrame(columns=["country"]), False))
    figures = report.countries.result.figures
    out = []
    for row in budget.itertuples():
        code = row.country
        mine = figures[figures["country"] == code]
        out.append(
            {
                "code": code,
                "name": name("country", code),
                "programmes": row.programmes,
                "funded": _usd(row.funded_cents),
                "pipeline": _usd(row.pipeline_cents),
                "results": "; ".join(f"{r.short}: {r.display}" for r in mine.itertuples()),
            }
        )
    return out


def _programmes(report) -> list[dict]:
    progress = report.progress
    out = []
    for p in report.programmes.itertuples():
        mine = progress[progress["programme"] == p.programme]
        indicators = []
        for r in mine.itertuples():
            share = None if pd.isna(r.progress) else float(r.progress)
            indicators.append(
                {
                    "indicator": r.indicator,
                    "name": r.name or r.indicator,
                    "baseline": r.baseline_display,
                    "target": r.target_display,
                    "actual": r.actual_display,
                    "progress": None if share is None else f"{100 * share:.0f}%",
                    "width": 0 if share is None else round(100 * min(max(share, 0.0), 1.0), 1),
                    "expected": None if pd.isna(r.expected) else f"{100 * r.expected:.0f}%",
                    "status": r.status,
                    "status_class": _STATUS_CLASS.get(r.status, "none"),
                }
            )
        area = "unknown" if pd.isna(p.thematic_area) else int(p.thematic_area)
        out.append(
            {
                "id": p.programme,
                "title": p.title or p.programme,
                "area": f"{area} · {name('thematic-area', area, full=False)}" if area != "unknown" else "unknown",
                "countries": ", ".join(f"{name('country', c)} ({c})" for c in p.countries),
                "status": p.status or "",
                "budget": "" if pd.isna(p.budget_cents) else f"{p.currency or 'USD'} {_usd(p.budget_cents)}",
                "indicators": indicators,
            }
        )
    return out


def report_html(report, timestamp: str | None = None) -> str:
    """The report as one HTML page (text)."""
    figures = report.areas.result.figures
    counts = report.progress["status"].value_counts()
    severities = report.findings["severity"].value_counts()
    return _ENV.get_template("report.html.j2").render(
        report=report,
        timestamp=timestamp,
        overview=_overview(report),
        figures=[
            {
                "area": f"{a} · {name('thematic-area', a)}" if a != "unknown" else "unknown",
                "common": c,
                "name": n,
                "display": d,
                "programmes": f"{p} of {s}",
                "rule": r,
            }
            for a, c, n, d, p, s, r in zip(
                figures["thematic-area"],
                figures["common"],
                figures["name"],
                figures["display"],
                figures["programmes"],
                figures["in_scope"],
                figures["rule"],
                strict=True,
            )
        ],  # fmt: skip
        totals=report.areas.totals.to_dict("records"),
        headline=_headline(report.areas.totals),
        legend=LEGEND,
        matrix=_matrix(report),
        countries=_countries(report),
        programmes=_programmes(report),
        status_counts=[(s, int(counts[s]), _STATUS_CLASS.get(s, "none")) for s in sorted(counts.index)],
        findings=report.findings.to_dict("records"),
        severities=[(s, int(severities[s])) for s in sorted(severities.index)],
        trace=trace_sections(report),
        objective_budgets=_objective_budgets(report),
    )


def _objective_budgets(report) -> list[dict]:
    """The GCM and SDG budgets by kind of link (programmes reaching none in one row) and their reconciliation."""
    out = []
    for framework, budget in report.objective_budgets.items():
        unknown = budget["ref"].astype(str).str.startswith("unknown:")
        rows = [{"group": r.ref, "name": name(framework, r.ref, full=False), "link": r.link,
                 "programmes": r.programmes, "full": r.full_usd, "split": r.split_usd, "basis": r.basis,
                 "disputed": f"{r.disputed_ids}: {r.disputed_full_usd} in full, {r.disputed_split_usd} split; "
                             f"{r.claims}" if r.disputed_ids else ""}
                for r in budget[~unknown].itertuples()]  # fmt: skip
        out.append(
            {
                "title": "GCM objective" if framework == "gcm" else "SDG target",
                "rows": rows,
                "summary": objective_summary(budget, framework, report.fund_cents),
            }
        )
    return out

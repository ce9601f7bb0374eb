"""The results report as JSON (``mptf report --format json``): everything, in the shape ``docs/json-schema.json``
documents: the rollups with their totals and budgets, the GCM view, programmes, progress, findings and the
lineage of every figure the report shows (each with the rows behind it: :func:`report_lineage`)."""

from __future__ import annotations

import json

import pandas as pd

from mptf.engine.trace.report_audit import objective_figures

from .audit import _json_value, budget_lineage, lineage
from .names import name, with_names
from .render import _plain
from .report_trail import reconciliation
from .rollup import rollup_data

__all__ = ["SCHEMA_VERSION", "records", "report_data", "report_json", "report_lineage"]

SCHEMA_VERSION = "1"


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts (missing → None, dates ISO, tuples → lists)."""
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _programmes(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["thematic_area"] = out["thematic_area"].map(lambda a: None if pd.isna(a) else str(int(a)))
    names = [name("thematic-area", a or "unknown") for a in out["thematic_area"]]
    out.insert(out.columns.get_loc("thematic_area") + 1, "thematic_area_name", names)
    out["budget_cents"] = out["budget_cents"].map(lambda c: None if pd.isna(c) else int(c))
    return out


def _named_refs(budget: pd.DataFrame, framework: str) -> pd.DataFrame:
    """An objective budget with each reference's full title (``name``; '' on a programme reaching none)."""
    names = ["" if str(r).startswith("unknown:") else name(framework, r) for r in budget["ref"]]
    return budget.assign(name=names)[["ref", "name", *[c for c in budget.columns if c != "ref"]]]


def _objective_lineage(framework: str, budget: pd.DataFrame, shares: pd.DataFrame) -> list[dict]:
    """Each objective budget (GCM objective or SDG target, kind of link) with the programme shares behind it,
    recomputed from them (``recomputed``) and checked against the budget table (``matches``)."""
    sums = ("full_cents", "split_cents", "disputed_full_cents", "disputed_split_cents", "programmes")
    again = objective_figures(shares).set_index(["ref", "link"])
    groups = dict(iter(shares.groupby(["ref", "link"], sort=False)))
    out = []
    for fig in budget.to_dict("records"):
        key = (fig["ref"], fig["link"])
        redo = {c: int(again.loc[key, c]) for c in sums} if key in again.index else dict.fromkeys(sums, 0)
        mine = groups.get(key, shares.iloc[0:0])
        out.append(
            {
                "id": f"{framework}={fig['ref']}/{fig['link']}/budget",
                "framework": framework,
                "ref": str(fig["ref"]),
                "link": fig["link"],
                **{c: int(fig[c]) for c in sums},
                "recomputed": redo,
                "matches": all(redo[c] == int(fig[c]) for c in sums),
                "parts": [
                    {k: _json_value(v) for k, v in row.items() if k not in ("ref", "link")}
                    for row in mine.to_dict("records")
                ],
            }
        )
    return out


def report_lineage(report) -> dict:
    """The lineage of every figure the report shows: ``figures`` (results by thematic area, GCM objective, SDG
    target and country, each with the reported values behind it and recomputed from them), ``budgets`` (funded
    and pipeline by thematic area and country, with each programme's share) and ``objective_budgets`` (by GCM
    objective and SDG target and kind of link, with each programme's full and split part)."""
    trail = report.trail
    results = [lineage(audit, report.files) for audit in trail.results.values()]
    return {
        "by": list(trail.results),
        "files": results[0]["files"],
        "figures": [fig for one in results for fig in one["figures"]],
        "budgets": budget_lineage(trail.budgets),
        "objective_budgets": [
            fig
            for framework, budget in report.objective_budgets.items()
            for fig in _objective_lineage(framework, budget, trail.shares[framework])
        ],
    }


def report_data(report, timestamp: str | None = None) -> dict:
    """The report as one JSON-ready object (see ``docs/json-schema.json``)."""
    gcm = with_names(report.gcm.assign(gcm=report.gcm["gcm"].astype(str)), ["gcm"])
    return {
        "schema_version": SCHEMA_VERSION,
        "title": "Migration MPTF results report",
        "reference_date": report.reference_date,
        "period": report.period,
        "generated": timestamp,
        "portfolio": {
            "programmes": len(report.programmes),
            "indicators": report.indicators,
            "values": report.values,
        },
        "thematic_areas": rollup_data(report.areas, "Fund results by thematic area"),
        "sdg_targets": rollup_data(report.sdg, "Fund results by SDG target"),
        "countries": rollup_data(report.countries, "Fund results by country"),
        "gcm_objectives": records(gcm),
        "programmes": records(_programmes(report.programmes)),
        "progress": records(report.progress),
        "findings": records(report.findings),
        "lineage": report_lineage(report),
        "objective_budgets": [
            {
                "by": framework,
                "rows": records(_named_refs(budget, framework)),
                "split_total_cents": reconciliation(budget, report.fund_cents)["total_cents"],
                "fund_cents": report.fund_cents,
                "reconciliation": reconciliation(budget, report.fund_cents),
            }
            for framework, budget in report.objective_budgets.items()
        ],
    }


def report_json(report, timestamp: str | None = None) -> str:
    return json.dumps(report_data(report, timestamp), ensure_ascii=False, indent=2, default=str) + "\n"

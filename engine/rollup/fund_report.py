"""The fund's results report (``mptf report``): every table the renderers of :mod:`mptf.reports` need, built once.

Pure assembly over the library: the rollups by thematic area, SDG target and country (with fund totals and
budgets), the GCM view (:func:`~mptf.engine.rollup.gcm_view.gcm_view`, whatever columns it carries), the
programmes, progress against targets, the findings of ``mptf check``, and the audit trail of every figure the
report shows (:func:`~mptf.engine.trace.report_audit.report_audit`: each figure by thematic area, GCM objective,
SDG target and country with the rows behind it, each budget with its programme shares).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from mptf.engine.dates import as_of_text
from mptf.engine.model import Portfolio
from mptf.engine.rollup.totals import RollupTables, rollup_tables

__all__ = ["STEPS", "FundReport", "fund_report"]

#: The steps of :func:`fund_report`, in order (what a progress display counts).
STEPS = ("thematic areas", "SDG targets", "countries", "GCM objectives", "progress", "findings", "audit trail")


@dataclass
class FundReport:
    """Every table of the results report.

    ``areas``, ``sdg``, ``countries``: rollups with totals and budgets; ``gcm``: the GCM view (one row per
    objective and ``unknown``); ``programmes``: one row per programme (``programme``, ``title``,
    ``thematic_area``, ``countries``, ``organizations``, ``status``, ``start``, ``end``, ``budget_cents``,
    ``currency``); ``progress``: :func:`~mptf.engine.rollup.progress.progress`; ``findings``: the findings
    table; ``files``: files read with their sha256; ``trail``: :class:`~mptf.engine.trace.report_audit.ReportAudit`,
    every figure of the report with its rows; ``objective_budgets``: framework (gcm, sdg) →
    :func:`~mptf.engine.rollup.objective_budget.objective_budget`; ``fund_cents``: the fund's budget.
    """

    reference_date: str
    period: str | None
    areas: RollupTables
    sdg: RollupTables
    countries: RollupTables
    gcm: pd.DataFrame
    programmes: pd.DataFrame
    progress: pd.DataFrame
    findings: pd.DataFrame
    files: pd.DataFrame
    indicators: int
    values: int
    trail: object
    objective_budgets: dict = field(default_factory=dict)
    fund_cents: int = 0


def fund_report(
    portfolio: Portfolio, common_path: str | None = None, step: Callable[[str], None] | None = None
) -> FundReport:
    """The report's tables for ``portfolio`` (already cut to a ``--period`` window, if any); ``step`` is called
    with each name of :data:`STEPS` as it starts."""
    from mptf.engine.rollup.gcm_view import gcm_view
    from mptf.engine.rollup.objective_budget import objective_budget
    from mptf.engine.rollup.progress import progress
    from mptf.engine.rules.checks import check_portfolio
    from mptf.engine.trace.report_audit import report_audit

    tell = step or (lambda _name: None)
    tell(STEPS[0])
    areas = rollup_tables(portfolio, ["thematic-area"], common_path)
    tell(STEPS[1])
    sdg = rollup_tables(portfolio, ["sdg"], common_path)
    tell(STEPS[2])
    countries = rollup_tables(portfolio, ["country"], common_path)
    tell(STEPS[3])
    gcm = gcm_view(portfolio, common_path)
    tell(STEPS[4])
    table = progress(portfolio)
    tell(STEPS[5])
    findings = check_portfolio(portfolio)
    tell(STEPS[6])
    made = {"thematic-area": areas.result, "sdg": sdg.result, "country": countries.result}
    trail = report_audit(portfolio, common_path, made)
    objectives = {"gcm": objective_budget(portfolio, "gcm"), **sdg.objective_budgets}
    columns = ["programme", "title", "thematic_area", "countries", "organizations", "status", "start", "end"]
    programmes = portfolio.programmes[[*columns, "budget_cents", "currency"]].sort_values("programme")
    return FundReport(
        reference_date=as_of_text(portfolio),
        period=areas.window,
        areas=areas,
        sdg=sdg,
        countries=countries,
        gcm=gcm,
        programmes=programmes.reset_index(drop=True),
        progress=table,
        findings=findings.reset_index(drop=True),
        files=portfolio.files.sort_values("file").reset_index(drop=True),
        indicators=int(portfolio.indicators["indicator"].nunique()),
        values=len(portfolio.verdict.values),
        trail=trail,
        objective_budgets=objectives,
        fund_cents=trail.fund_cents,
    )

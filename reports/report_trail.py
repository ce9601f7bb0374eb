"""The report's audit trail and objective budgets as tables (renderers only): the Excel Audit sheet (every figure
the report shows with the rows behind it), the budget rows by GCM objective and SDG target with their
reconciliation to the fund total (the Budget sheet, the Markdown and HTML budget sections), and the HTML trace.

The Audit sheet is one long table, a row per (figure, row behind it), ``kind`` saying which:

- ``result``: a figure by thematic area, GCM objective (its key carries its kind of link), SDG target or country,
  then the reported value (counted or not, with its rule, series and provenance). The counted rows recompute the
  figure by the rules of its measure (:func:`mptf.engine.trace.recompute`).
- ``budget``: a funded and pipeline budget by thematic area or country, then each programme's share
  (``counts (USD)``: funded and pipeline add up to the figure).
- ``objective budget``: a budget by GCM objective or SDG target and kind of link, then each programme reaching
  it: ``in full (USD)`` sums the confirmed rows' budgets, ``split (USD)`` their split parts, the disputed columns
  the disputed rows'.
"""

from __future__ import annotations

import pandas as pd

from mptf.engine.rollup.objective_budget import usd

from .names import DIMENSION_TITLES, coded, common_name, name

__all__ = ["audit_sheet", "objective_budget_rows", "objective_summary", "reconciliation", "trace_sections"]

#: Audit sheet headers of the part columns of a result figure (engine column → header).
PART_HEADERS: dict[str, str] = {
    "vid": "value id",
    "programme": "programme",
    "indicator": "indicator",
    "period_start": "period start",
    "period_end": "period end",
    "disaggregation": "disaggregation",
    "text": "reported",
    "value": "value",
    "bound": "bound",
    "numerator": "numerator",
    "denominator": "denominator",
    "counted": "counted",
    "counted_bound": "counted bound",
    "rule_code": "rule code",
    "resets": "resets",
    "rule": "rule",
    "file": "file",
    "sheet": "sheet",
    "line": "line",
    "sha256": "sha256",
    "source": "source",
    "quote": "quote",
}
#: Audit sheet headers of a figure (engine column of a result figure → header).
FIGURE_HEADERS: dict[str, str] = {
    "common": "common indicator",
    "measure": "measure",
    "across": "across",
    "display": "figure",
    "value": "figure value",
    "bound": "figure bound",
    "programmes": "figure programmes",
    "rows": "figure rows",
    "listed": "figure listed",
    "recomputed_display": "recomputed",
    "matches": "matches",
}
_MONEY = ("budget (USD)", "counts (USD)", "in full (USD)", "split (USD)", "disputed in full (USD)",
          "disputed split (USD)", "figure funded (USD)", "figure pipeline (USD)", "figure total (USD)")  # fmt: skip


def _dollars(cents: object) -> float | None:
    return None if cents is None or pd.isna(cents) else int(cents) / 100


def _head(kind: str, dim: str, group: str, fid: str) -> dict:
    ref = str(group).partition(":")[0]
    link = str(group).partition(":")[2]
    return {
        "kind": kind,
        "figure id": fid,
        "by": DIMENSION_TITLES.get(dim, dim),
        "group": str(group),
        "group name": name(dim, ref),
        "link": link,
    }


def _results(dim: str, audit) -> list[dict]:
    figures = audit.figures.set_index("id", drop=False)
    rows = []
    for part in audit.parts.to_dict("records"):
        fig = figures.loc[part["figure"]]
        head = _head("result", dim, fig[dim], fig["id"])
        if dim == "gcm" and "gcm_link" in fig.index:
            head["link"] = str(fig["gcm_link"])
        head |= {header: fig.get(col) for col, header in FIGURE_HEADERS.items()}
        head["common name"] = common_name(fig["common"])
        rows.append(head | {header: part.get(col) for col, header in PART_HEADERS.items()})
    return rows


def _budgets(budgets) -> list[dict]:
    figures = budgets.figures.set_index("id", drop=False)
    rows = []
    for part in budgets.parts.to_dict("records"):
        fig = figures.loc[part["figure"]]
        head = _head("budget", fig["dim"], fig["group"], fig["id"])
        head |= {
            "common indicator": "budget",
            "figure": f"USD {usd(int(fig['total_cents']))}",
            "figure funded (USD)": _dollars(fig["funded_cents"]),
            "figure pipeline (USD)": _dollars(fig["pipeline_cents"]),
            "figure total (USD)": _dollars(fig["total_cents"]),
            "figure programmes": fig["programmes"],
            "recomputed": f"USD {usd(int(fig['recomputed_total_cents']))}",
            "matches": bool(fig["matches"]),
        }
        rows.append(
            head
            | {
                "programme": part["programme"],
                "status": part["status"],
                "funded": bool(part["funded"]),
                "budget (USD)": _dollars(part["budget_cents"]),
                "share": part["share"],
                "basis": part["basis"],
                "counts (USD)": _dollars(part["cents"]),
                "file": part["file"],
                "line": part["line"],
                "sha256": part["sha256"],
                "source": part["source"],
                "quote": part["quote"],
            }
        )
    return rows


def _objectives(framework: str, budget: pd.DataFrame, shares: pd.DataFrame) -> list[dict]:
    figures = {(r["ref"], r["link"]): r for r in budget.to_dict("records")}
    rows = []
    for part in shares.to_dict("records"):
        fig = figures[(part["ref"], part["link"])]
        ref = str(part["ref"])
        head = _head("objective budget", framework, ref, f"{framework}={ref}/{part['link']}/budget")
        head |= {
            "link": part["link"],
            "common indicator": "budget",
            "figure": f"USD {fig['full_usd']} in full, {fig['split_usd']} split",
            "in full (USD)": _dollars(fig["full_cents"]),
            "split (USD)": _dollars(fig["split_cents"]),
            "disputed in full (USD)": _dollars(fig["disputed_full_cents"]),
            "disputed split (USD)": _dollars(fig["disputed_split_cents"]),
            "figure programmes": fig["programmes"],
        }
        if ref.startswith("unknown:"):
            head["group name"] = f"reaches no {DIMENSION_TITLES[framework]}"
        rows.append(
            head
            | {
                "programme": part["programme"],
                "disputed": bool(part["disputed"]),
                "claims": part["claims"],
                "budget (USD)": _dollars(part["budget_cents"]),
                "split part (USD)": _dollars(part["split_cents"]),
                "basis": part["basis"],
            }
        )
    return rows


def audit_sheet(report) -> pd.DataFrame:
    """The Excel Audit sheet: every figure of the report with the rows behind it (see the module's text)."""
    trail = report.trail
    rows = [row for dim, audit in trail.results.items() for row in _results(dim, audit)]
    rows += _budgets(trail.budgets)
    for framework, budget in report.objective_budgets.items():
        rows += _objectives(framework, budget, trail.shares[framework])
    frame = pd.DataFrame(rows)
    return frame.astype(object).where(frame.notna(), None)


def money_columns() -> tuple[str, ...]:
    return (*_MONEY, "split part (USD)")


# -- objective budgets -----------------------------------------------------------------------------------------


def reconciliation(budget: pd.DataFrame, fund_cents: int) -> dict:
    """How the split budgets add up to the fund total: ``split_cents`` (confirmed, at an objective),
    ``disputed_split_cents``, ``none_cents`` (programmes reaching none, whole), their ``total_cents``,
    ``fund_cents`` and ``reconciles``."""
    unknown = budget["ref"].astype(str).str.startswith("unknown:")
    split = int(budget.loc[~unknown, "split_cents"].sum())
    disputed = int(budget["disputed_split_cents"].sum())
    none = int(budget.loc[unknown, "split_cents"].sum())
    total = split + disputed + none
    return {
        "split_cents": split,
        "disputed_split_cents": disputed,
        "none_cents": none,
        "total_cents": total,
        "fund_cents": int(fund_cents),
        "reconciles": total == int(fund_cents),
    }


def objective_budget_rows(budget: pd.DataFrame, framework: str, fund_cents: int, full: bool = True) -> pd.DataFrame:
    """Budget rows by GCM objective or SDG target and kind of link (in full and split, USD as numbers), the
    programmes reaching none in one row, then the reconciliation: split + disputed split + none = fund total."""
    title = DIMENSION_TITLES[framework]
    unknown = budget["ref"].astype(str).str.startswith("unknown:")
    known = budget[~unknown]
    rows = [
        {
            "by": title,
            "group": str(r["ref"]),
            "name": name(framework, r["ref"], full),
            "link": r["link"],
            "programmes": int(r["programmes"]),
            "in full (USD)": r["full_cents"] / 100,
            "split (USD)": r["split_cents"] / 100,
            "disputed in full (USD)": r["disputed_full_cents"] / 100,
            "disputed split (USD)": r["disputed_split_cents"] / 100,
            "basis": r["basis"],
            "programme ids": r["programme_ids"],
            "disputed": f"{r['disputed_ids']}: {r['claims']}" if r["disputed_ids"] else "",
        }
        for r in known.to_dict("records")
    ]
    none = budget[unknown]
    if len(none):
        rows.append(
            {
                "by": title,
                "group": "none",
                "name": f"programmes reaching no {title} (whole budget)",
                "link": "none",
                "programmes": len(none),
                "in full (USD)": int(none["full_cents"].sum()) / 100,
                "split (USD)": int(none["split_cents"].sum()) / 100,
                "basis": "whole budget",
                "programme ids": ", ".join(r.partition(":")[2] for r in none["ref"].astype(str)),
            }
        )
    check = reconciliation(budget, fund_cents)
    rows.append(
        {
            "by": title,
            "group": "split total",
            "name": "split + disputed split + programmes reaching none (in full is never totalled)",
            "split (USD)": check["total_cents"] / 100,
            "disputed split (USD)": check["disputed_split_cents"] / 100,
            "total (USD)": check["fund_cents"] / 100,
            "basis": "equals the fund total" if check["reconciles"] else "DOES NOT equal the fund total",
        }
    )
    return pd.DataFrame(rows)


def objective_summary(budget: pd.DataFrame, framework: str, fund_cents: int) -> str:
    """One sentence: the split budgets reconciled with the fund total."""
    c = reconciliation(budget, fund_cents)
    noun = DIMENSION_TITLES[framework]
    verdict = "equals" if c["reconciles"] else "DOES NOT equal"
    return (
        f"By {noun}: split USD {usd(c['split_cents'])} + disputed USD {usd(c['disputed_split_cents'])} + "
        f"programmes reaching no {noun} USD {usd(c['none_cents'])} = USD {usd(c['total_cents'])}, which {verdict} "
        f"the fund total USD {usd(c['fund_cents'])}."
    )


# -- HTML trace ------------------------------------------------------------------------------------------------


def _where(file: object, line: object) -> str:
    if not file or (isinstance(file, float) and pd.isna(file)):
        return ""
    return f"{file}:{line}" if line is not None and not (isinstance(line, float) and pd.isna(line)) else str(file)


def trace_sections(report) -> list[dict]:
    """The HTML trace: one section per dimension (figures with their reported values), then the budgets with
    their programme shares; each with a count and whether every figure was recomputed from its parts."""
    trail = report.trail
    out = []
    for dim, audit in trail.results.items():
        parts = {fid: frame for fid, frame in audit.parts.groupby("figure", sort=False)}
        figures = []
        for fig in audit.figures.to_dict("records"):
            rows = parts.get(fig["id"], audit.parts.iloc[0:0])
            figures.append(
                {
                    "id": fig["id"],
                    "group": coded(dim, fig[dim], full=False),
                    "common": fig["short"],
                    "display": fig["display"],
                    "recomputed": fig["recomputed_display"],
                    "matches": bool(fig["matches"]),
                    "parts": [
                        {
                            "programme": r.programme,
                            "indicator": r.indicator,
                            "text": "" if r.text is None else str(r.text),
                            "end": "" if pd.isna(r.period_end) else pd.Timestamp(r.period_end).date().isoformat(),
                            "counted": bool(r.counted),
                            "rule": r.rule or "",
                            "where": _where(r.file, r.line),
                        }
                        for r in rows.itertuples()
                    ],
                }
            )
        out.append(
            {
                "dim": dim,
                "title": f"Results by {DIMENSION_TITLES[dim]}",
                "figures": figures,
                "rows": len(audit.parts),
                "matches": all(f["matches"] for f in figures),
                "open": dim == "thematic-area",
                "headers": ["Programme · indicator", "Period end", "Reported", "Counted", "Rule", "Source"],
            }
        )
    budgets = trail.budgets
    parts = {fid: frame for fid, frame in budgets.parts.groupby("figure", sort=False)}
    figures = []
    for fig in budgets.figures.to_dict("records"):
        rows = parts.get(fig["id"], budgets.parts.iloc[0:0])
        figures.append(
            {
                "id": fig["id"],
                "group": coded(fig["dim"], fig["group"], full=False),
                "common": "budget",
                "display": f"USD {usd(int(fig['total_cents']))}",
                "recomputed": f"USD {usd(int(fig['recomputed_total_cents']))}",
                "matches": bool(fig["matches"]),
                "parts": [
                    {
                        "programme": r.programme,
                        "indicator": r.status,
                        "text": f"USD {usd(int(r.cents))}" if pd.notna(r.cents) else "no budget",
                        "end": f"{float(r.share):.0%} ({r.basis})",
                        "counted": bool(r.funded),
                        "rule": "funded" if r.funded else "pipeline",
                        "where": _where(r.file, r.line),
                    }
                    for r in rows.itertuples()
                ],
            }
        )
    out.append(
        {
            "dim": "budget",
            "title": "Budgets by thematic area and country (programme shares)",
            "figures": figures,
            "rows": len(budgets.parts),
            "matches": all(f["matches"] for f in figures),
            "open": False,
            "headers": ["Programme · status", "Share", "Counts", "Funded", "Counted as", "Source"],
        }
    )
    return out

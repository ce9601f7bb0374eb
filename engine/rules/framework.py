"""The framework's own figures: baselines and targets, held to the rules a reported value is held to.

A target of ``+20%`` on a count, a baseline of -20 people or a percentage target of 150 is an error at its own
line, exactly as it would be in a report, and the figure is left out of progress; IATI rules 8.8 and 8.9
(a dated baseline with no value, a figure on a qualitative indicator) are checked here too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mptf.engine.findings import Findings, Loc
from mptf.engine.rules.cells import figures, ordinal_levels
from mptf.engine.rules.context import Context

__all__ = ["FIGURE_COLUMNS", "framework_figures", "iati_baselines_targets", "rule_figures"]

#: The columns of :func:`framework_figures`: the values table's, plus where each figure sits.
FIGURE_COLUMNS: tuple[str, ...] = (
    "programme",
    "indicator",
    "period_start",
    "period_end",
    "value",
    "bound",
    "percent",
    "text",
    "disaggregation",
    "source",
    "quote",
    "file",
    "sheet",
    "line",
    "column",
    "position",
)


def framework_figures(portfolio, programmes: set[str] | None = None) -> pd.DataFrame:
    """Every baseline and target as a row shaped like a reported value (``FIGURE_COLUMNS``): ``column`` is
    ``baseline`` or ``targets``, ``position`` the row's position in the indicators or targets table."""
    ind = portfolio.indicators.reset_index(drop=True)
    ordinal = ind["measure"].eq("ordinal") & ind["baseline_text"].notna()
    ind = ind[ind["baseline_value"].notna() | ordinal]
    baselines = pd.DataFrame(
        {
            "programme": ind["programme"],
            "indicator": ind["indicator"],
            "period_start": pd.NaT,
            "period_end": ind["baseline_date"],
            "value": ind["baseline_value"],
            "bound": ind["baseline_bound"],
            "percent": ind["baseline_percent"].astype(bool),
            "text": ind["baseline_text"].fillna(""),
            "disaggregation": "",
            "source": ind["source"],
            "quote": ind["quote"],
            "file": ind["file"],
            "sheet": ind["sheet"],
            "line": ind["line"],
            "column": "baseline",
            "position": ind.index.to_numpy(),
        }
    )
    t = portfolio.targets.reset_index(drop=True)
    targets = pd.DataFrame(
        {
            "programme": t["programme"],
            "indicator": t["indicator"],
            "period_start": pd.NaT,
            "period_end": t["date"],
            "value": t["value"],
            "bound": t["bound"],
            "percent": t["percent"].astype(bool),
            "text": t["text"],
            "disaggregation": t["group"].fillna(""),
            "source": t["source"],
            "quote": t["quote"],
            "file": t["file"],
            "sheet": t["sheet"],
            "line": t["line"],
            "column": "targets",
            "position": t.index.to_numpy(),
        }
    )
    targets = targets[~t["share"].astype(bool).to_numpy()]  # a share of the total: its loader checked it
    out = pd.concat([baselines, targets], ignore_index=True).reindex(columns=list(FIGURE_COLUMNS))
    if programmes is not None:
        out = out[out["programme"].isin(programmes)].reset_index(drop=True)
    out["line"] = pd.array(out["line"], dtype="Int64")
    return out


def rule_figures(portfolio, programmes: set[str] | None = None) -> tuple[Findings, pd.DataFrame]:
    """The findings on baselines and targets, and the figures an error rules out (``column``, ``position``,
    ``code``)."""
    rows = framework_figures(portfolio, programmes)
    ctx = Context(rows, portfolio)
    ruling, levels = figures(ctx), ordinal_levels(ctx)  # an ordinal baseline or target is a level of its scale
    codes = {**levels.codes, **ruling.codes}
    ruled = ruling.out | levels.out
    out = rows.loc[ruled, ["column", "position"]].assign(code=[codes[i] for i in np.flatnonzero(ruled)])
    found = Findings()
    found.rows.extend([*ruling.findings.rows, *levels.findings.rows])
    return found, out.reset_index(drop=True)


def iati_baselines_targets(portfolio, programmes: set[str] | None = None) -> Findings:
    """IATI rules 8.8.1, 8.8.3 and 8.9.3: a dated baseline has a value; a qualitative indicator's baseline and
    targets are words, not figures."""
    f = Findings()
    ind = portfolio.indicators.drop_duplicates("indicator")
    if programmes is not None:
        ind = ind[ind["programme"].isin(programmes)]
    qualitative = ind["measure"].eq("qualitative")
    measured = ind["measure"].notna() & ~qualitative
    for row in ind[
        measured & ind["baseline_date"].notna() & ind["baseline_value"].isna() & ind["baseline_text"].isna()
    ].itertuples():
        f.add(
            "baseline-without-value",
            _loc(row, "baseline"),
            indicator=row.indicator,
            measure=row.measure,
            date=row.baseline_date.date(),
        )
    for row in ind[qualitative & ind["baseline_value"].notna()].itertuples():
        f.add(
            "number-on-qualitative",
            _loc(row, "baseline"),
            indicator=row.indicator,
            problem=", but its baseline is a number (IATI rule 8.8.3)",
            fix="describe the baseline in words, and drop the figure",
        )
    t = portfolio.targets
    for row in t[t["indicator"].isin(set(ind.loc[qualitative, "indicator"]))].itertuples():
        f.add(
            "number-on-qualitative",
            _loc(row, "value", item=row.indicator),
            indicator=row.indicator,
            problem=f", but its target is a number: {row.text} (IATI rule 8.9.3)",
            fix="describe the target in words, and drop the figure",
        )
    return f


def _loc(row, column: str, item: str | None = None) -> Loc:
    line = getattr(row, "line", None)
    return Loc(
        file=row.file or "",
        sheet=row.sheet or "",
        line=None if line is None or pd.isna(line) else int(line),
        column=column,
        programme=row.programme,
        item=item or row.indicator,
    )

"""The results report as an Excel workbook (``mptf report --format xlsx``).

Sheets: Summary (fund results by thematic area, fund totals where the groups add up, budget by area), GCM
objectives, SDG targets, Countries, Programmes, Indicators & progress, Budget (funded and pipeline by thematic
area; by GCM objective and SDG target and kind of link, in full and split, reconciled with the fund total),
Findings, Audit (every figure the report shows with the rows behind it, every budget with its programme shares:
see :mod:`mptf.reports.report_trail`). Each sheet has a bold frozen header, an autofilter and column widths
that fit; cells use named styles (``mptf header``, ``mptf text``, ``mptf number``, ``mptf money``,
``mptf percent``, ``mptf date``) and number formats; progress statuses and finding severities are coloured by
conditional formatting. Every cell is written by :mod:`mptf.reports.cells` (text that looks like a formula stays
text). Same input, same bytes: the document dates are fixed (the ``--timestamp`` when one is given) and so are
the dates inside the zip file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from .audit import _cell
from .cells import workbook_bytes, write_atomically, write_cell
from .names import DIMENSION_TITLES, name
from .report_trail import audit_sheet, objective_budget_rows

__all__ = ["SHEETS", "STATUS_COLOURS", "write_report_xlsx", "xlsx_bytes"]

SHEETS = (
    "Summary",
    "GCM objectives",
    "SDG targets",
    "Countries",
    "Programmes",
    "Indicators & progress",
    "Budget",
    "Findings",
    "Audit",
)
#: Fill colour (RGB) of each progress status and finding severity.
STATUS_COLOURS = {
    "achieved": "C6EFCE",
    "on track": "C6EFCE",
    "at risk": "FFEB9C",
    "off track": "FFC7CE",
    "fatal": "FFC7CE",
    "error": "FFC7CE",
    "warning": "FFEB9C",
    "info": "DDEBF7",
}
_FORMATS = {"number": "#,##0", "money": "#,##0.00", "percent": "0%", "date": "yyyy-mm-dd", "text": "@"}
_EPOCH = dt.datetime(2000, 1, 1)
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def _styles(book: Workbook) -> None:
    thin = Side(style="thin", color="BFBFBF")
    header = NamedStyle("mptf header")
    header.font = Font(bold=True, color="FFFFFF")
    header.fill = PatternFill("solid", fgColor="1F4E78")
    header.alignment = Alignment(vertical="top", wrap_text=True)
    header.border = Border(bottom=thin)
    book.add_named_style(header)
    for kind, fmt in _FORMATS.items():
        style = NamedStyle(f"mptf {kind}")
        style.number_format = fmt if kind != "text" else "General"
        style.alignment = Alignment(vertical="top", wrap_text=kind == "text")
        book.add_named_style(style)


def _sheet(book: Workbook, title: str, frame: pd.DataFrame, kinds: dict[str, str], status: str | None = None):
    """One sheet: header row, then ``frame``'s rows; ``kinds`` the style of a column (default text)."""
    ws = book.create_sheet(title)
    columns = list(frame.columns)
    for col, header in enumerate(columns, start=1):
        ws.cell(row=1, column=col).style = "mptf header"
        write_cell(ws, 1, col, header)
    widths = [len(str(c)) for c in columns]
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(row, start=1):
            kind = kinds.get(columns[c - 1], "text")
            plain = _cell(value)
            ws.cell(row=r, column=c).style = f"mptf {kind}"  # the style first: writing the text may set its prefix
            write_cell(ws, r, c, plain)
            text = f"{plain:,.2f}" if isinstance(plain, float) else str(plain if plain is not None else "")
            widths[c - 1] = max(widths[c - 1], max((len(line) for line in text.splitlines()), default=0))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    ws.auto_filter.ref = f"A1:{last}{max(len(frame) + 1, 1)}"
    if status in columns and len(frame):
        letter = get_column_letter(columns.index(status) + 1)
        cells = f"{letter}2:{letter}{len(frame) + 1}"
        for value, colour in STATUS_COLOURS.items():
            rule = CellIsRule(operator="equal", formula=[f'"{value}"'], fill=PatternFill("solid", bgColor=colour))
            ws.conditional_formatting.add(cells, rule)
    return ws


def _group_named(frame: pd.DataFrame, dim: str) -> pd.DataFrame:
    out = frame.copy()
    out.insert(out.columns.get_loc(dim) + 1, f"{DIMENSION_TITLES[dim]} name", [name(dim, v) for v in out[dim]])
    return out


def _figures(tables, dim: str) -> pd.DataFrame:
    f = tables.result.figures
    out = pd.DataFrame(
        {
            dim: f[dim].astype(str),
            "common indicator": f["common"],
            "name": f["name"],
            "result": f["display"],
            "value": f["value"].where(f["measure"].isin(["count", "currency"])),
            "bound": f["bound"],
            "programmes": f["programmes"],
            "in scope": f["in_scope"],
            "not reporting": f["not_reporting"],
            "rule": f["rule"],
        }
    )
    return _group_named(out, dim)


def _totals(tables) -> pd.DataFrame:
    t = tables.totals
    return pd.DataFrame(
        {
            "thematic-area": "fund total",
            "common indicator": t["common"],
            "name": t["name"],
            "result": t["display"],
            "value": t["value"],
            "bound": t["bound"],
            "programmes": t["programmes"],
            "groups": t["groups"],
        }
    )


def _budget(tables) -> pd.DataFrame:
    parts = []
    for dim, (frame, additive) in tables.budgets.items():
        out = pd.DataFrame(
            {
                "by": DIMENSION_TITLES[dim],
                "group": frame[dim].astype(str),
                "name": [name(dim, v) for v in frame[dim]],
                "programmes": frame["programmes"],
                "funded programmes": frame["funded_programmes"],
                "funded (USD)": frame["funded_cents"] / 100,
                "pipeline (USD)": frame["pipeline_cents"] / 100,
                "total (USD)": frame["total_cents"] / 100,
                "basis": frame["basis"],
                "adds up": additive,
            }
        )
        if additive:
            total = {
                "by": DIMENSION_TITLES[dim],
                "group": "total",
                "name": "",
                "programmes": int(frame["programmes"].sum()),
                "funded programmes": int(frame["funded_programmes"].sum()),
                "funded (USD)": int(frame["funded_cents"].sum()) / 100,
                "pipeline (USD)": int(frame["pipeline_cents"].sum()) / 100,
                "total (USD)": int(frame["total_cents"].sum()) / 100,
                "basis": "",
                "adds up": True,
            }
            out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
        parts.append(out)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["by", "group"])


_MONEY = {"funded (USD)", "pipeline (USD)", "total (USD)", "budget (USD)"}
_NUMBERS = {"value", "programmes", "in scope", "not reporting", "groups", "funded programmes", "line", "baseline",
            "target", "actual", "recomputed value"}  # fmt: skip


def _kinds(frame: pd.DataFrame) -> dict[str, str]:
    kinds = {}
    for col in frame.columns:
        if col in _MONEY or col.endswith(" (USD)"):
            kinds[col] = "money"
        elif col in _NUMBERS:
            kinds[col] = "number"
        elif col in ("progress", "expected", "share"):
            kinds[col] = "percent"
        elif col in ("start", "end", "reported", "target date", "period end"):
            kinds[col] = "date"
    return kinds


def _sheets(report) -> dict[str, tuple[pd.DataFrame, str | None]]:
    gcm = report.gcm.copy()
    gcm.insert(gcm.columns.get_loc("objective") + 1, "title", [name("gcm", g) for g in gcm["gcm"]])
    cents = [c for c in gcm.columns if c.endswith("_cents")]
    gcm[cents] = gcm[cents] / 100
    gcm = gcm.drop(columns=["budget_usd", "split_usd"]).rename(
        columns={c: c.removesuffix("_cents").replace("_", " ").replace("budget", "in full") + " (USD)" for c in cents}
    )
    p = report.programmes
    programmes = pd.DataFrame(
        {
            "programme": p["programme"],
            "title": p["title"],
            "thematic area": p["thematic_area"].map(lambda a: "" if pd.isna(a) else str(int(a))),
            "thematic area name": [
                name("thematic-area", "unknown" if pd.isna(a) else int(a)) for a in p["thematic_area"]
            ],
            "countries": p["countries"].map(", ".join),
            "organizations": p["organizations"].map(", ".join),
            "status": p["status"],
            "start": p["start"],
            "end": p["end"],
            "budget (USD)": p["budget_cents"].map(lambda c: None if pd.isna(c) else int(c) / 100),
            "currency": p["currency"],
        }
    )
    g = report.progress
    progress = pd.DataFrame(
        {
            "programme": g["programme"],
            "indicator": g["indicator"],
            "name": g["name"],
            "measure": g["measure"],
            "unit": g["unit"],
            "baseline": g["baseline_display"],
            "target": g["target_display"],
            "target date": g["target_date"],
            "actual": g["actual_display"],
            "reported": g["as_of"],
            "progress": g["progress"],
            "expected": g["expected"],
            "status": g["status"],
        }
    )
    audit = audit_sheet(report)
    budget = _budget(report.areas)
    for framework, frame in report.objective_budgets.items():
        budget = pd.concat([budget, objective_budget_rows(frame, framework, report.fund_cents)], ignore_index=True)
    summary = pd.concat([_figures(report.areas, "thematic-area"), _totals(report.areas)], ignore_index=True)
    return {
        "Summary": (summary, None),
        "GCM objectives": (gcm, None),
        "SDG targets": (_figures(report.sdg, "sdg"), None),
        "Countries": (_figures(report.countries, "country"), None),
        "Programmes": (programmes, None),
        "Indicators & progress": (progress, "status"),
        "Budget": (budget, None),
        "Findings": (report.findings, "severity"),
        "Audit": (audit, None),
    }


def xlsx_bytes(report, timestamp: str | None = None) -> bytes:
    """The workbook's bytes: the same for the same report and ``timestamp``."""
    book = Workbook()
    book.remove(book.active)
    _styles(book)
    for title, (frame, status) in _sheets(report).items():
        _sheet(book, title, frame, _kinds(frame), status)
    when = _EPOCH
    if timestamp:
        try:
            when = dt.datetime.fromisoformat(timestamp).replace(tzinfo=None)
        except ValueError:
            when = _EPOCH
    book.properties.creator = "mptf"
    book.properties.title = "Migration MPTF results report"
    book.properties.created = when
    return _fixed(workbook_bytes(book), when)


def _fixed(data: bytes, when: dt.datetime) -> bytes:
    """The zip ``data`` with every entry dated ``when`` and the document's modified date set to it."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), body)
            info = zipfile.ZipInfo(item.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, body)
    return out.getvalue()


def write_report_xlsx(report, path: str | Path, timestamp: str | None = None) -> None:
    """Write the report workbook to ``path`` atomically."""
    data = xlsx_bytes(report, timestamp)
    write_atomically(path, lambda handle: handle.write(data))

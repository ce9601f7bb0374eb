"""The structure of a programme workbook, checked before any row is read: the required sheets, each sheet's
header (required, unknown and repeated columns) and the ``programme`` column of a workbook of several
programmes. Sheets and columns are those of :mod:`mptf.indicators.formats`; every problem is a located finding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mptf.engine.findings import Findings, Loc
from mptf.engine.reading.cells import blank as _blank
from mptf.engine.reading.fields import suggest
from mptf.indicators.formats import REQUIRED_SHEETS, SHEET_COLUMNS, SHEETS, VALUES_SHEET
from mptf.indicators.formats import SHEET_REQUIRED as REQUIRED_COLUMNS

__all__ = ["Sheet", "checked_sheets", "field_cell"]


@dataclass
class Sheet:
    """One sheet: its name as written, its known columns by position, and its non-empty rows."""

    name: str
    header: list[object]
    rows: list[tuple[int, tuple]]
    columns: dict[str, int]

    def records(self) -> list[tuple[int, dict]]:
        """Each non-empty row as (Excel row number, {column: cell}) with empty cells as ``None``."""
        return [
            (line, {name: field_cell(cells[i]) if i < len(cells) else None for name, i in self.columns.items()})
            for line, cells in self.rows
        ]


def field_cell(value: object) -> object:
    """A cell as the field readers take it: empty text is absent, a whole float is an int."""
    if _blank(value):
        return None
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value)
    return value


def checked_sheets(book: dict[str, list[tuple]], label: str, findings: Findings) -> dict[str, Sheet] | None:
    """The known sheets with their headers checked; ``None`` (after fatal findings) when unusable."""
    by_name = {title.strip().lower(): title for title in book}
    before = len(findings.rows)
    for name in REQUIRED_SHEETS:
        if name not in by_name:
            findings.add(
                "missing-sheet",
                Loc(file=label, sheet=name),
                sheet=name,
                suggestion=suggest(name, list(book)),
                fix=f"add a sheet named {name!r} with a header row: {', '.join(SHEET_COLUMNS[name])} "
                "(see docs/format.md)",
            )
    others = [title for title in book if title.strip().lower() not in SHEETS]
    for name in SHEETS:
        if name not in by_name and name not in REQUIRED_SHEETS:
            for title in others:  # other sheets (notes, ...) are ignored, unless one looks like a typo
                if suggest(title.strip().lower(), [name]):
                    findings.add(
                        "unknown-key",
                        Loc(file=label, sheet=title),
                        kind="sheet",
                        name=title,
                        where="the workbook",
                        suggestion=f" (did you mean {name!r}?)",
                        allowed=", ".join(SHEETS),
                    )
    sheets: dict[str, Sheet] = {}
    for name in SHEETS:
        if name in by_name:
            rows = book[by_name[name]]
            if name not in REQUIRED_SHEETS and not any(not _blank(c) for row in rows for c in row):
                continue  # an empty optional sheet is as good as none
            header = list(rows[0]) if rows else []
            body = [(n, cells) for n, cells in enumerate(rows[1:], start=2) if any(not _blank(c) for c in cells)]
            columns = _header(by_name[name], name, header, body, label, findings) if name != VALUES_SHEET else {}
            sheets[name] = Sheet(by_name[name], header, body, columns)
    several = _count_programmes(sheets.get("programme")) > 1
    for name, sheet in sheets.items():
        if several and name not in ("programme", VALUES_SHEET) and sheet.rows and "programme" not in sheet.columns:
            findings.add(
                "missing-column",
                Loc(file=label, sheet=sheet.name, line=1, column="programme"),
                table=f"sheet {sheet.name!r}",
                column="programme",
                suggestion="",
                fix="the workbook holds several programmes: add a 'programme' column with the programme id of each row",
            )
    if any(row["severity"] == "fatal" for row in findings.rows[before:]):
        return None
    return sheets


def _header(
    title: str, name: str, header: list[object], body: list[tuple[int, tuple]], label: str, findings: Findings
) -> dict[str, int]:
    allowed = SHEET_COLUMNS[name]
    columns: dict[str, int] = {}
    width = max([len(header), *(len(cells) for _, cells in body)])
    for position in range(width):
        raw = header[position] if position < len(header) else None
        written = "" if _blank(raw) else str(raw).strip()
        key = written.lower() if written.lower() in allowed else written
        at = Loc(file=label, sheet=title, line=1, column=key or f"#{position + 1}")
        if not key:
            if any(position < len(cells) and not _blank(cells[position]) for _, cells in body):
                findings.add("unnamed-column", at, position=position + 1, table=f"sheet {title!r}")
        elif key not in allowed:
            findings.add(
                "unknown-key",
                at,
                kind="column",
                name=key,
                where=f"sheet {title!r}",
                suggestion=suggest(key, allowed),
                allowed=", ".join(allowed),
            )
        elif key in columns:
            findings.add(
                "duplicate-key",
                at,
                kind="column",
                name=key,
                within=f" in sheet {title!r}",
                kept="first is read",
                fix="delete or rename one",
            )
        else:
            columns[key] = position
    unknown = [str(h).strip() for h in header if not _blank(h) and str(h).strip().lower() not in allowed]
    for required in REQUIRED_COLUMNS[name]:
        if required not in columns:
            findings.add(
                "missing-column",
                Loc(file=label, sheet=title, line=1, column=required),
                table=f"sheet {title!r}",
                column=required,
                suggestion=suggest(required, unknown),
                fix=f"add a column headed {required!r} in row 1 (sheet {name!r} needs: "
                f"{', '.join(REQUIRED_COLUMNS[name])})",
            )
    return columns


def _count_programmes(sheet: Sheet | None) -> int:
    if sheet is None or "field" not in sheet.columns:
        return 0
    ids = set()
    for _, row in sheet.records():
        if str(row.get("field") or "").strip().lower() == "id" and row.get("value") is not None:
            ids.add(str(row["value"]).strip())
    return len(ids)

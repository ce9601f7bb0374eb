"""Load a programme workbook (see ``docs/format.md``) into rows, with a located finding per problem.

A workbook holds the same content as programme files, one sheet per table: ``programme`` (one row per fact or
claim), ``results``, ``indicators``, and optionally ``targets``, ``links`` and ``values`` (the long table of
reported values, read by :func:`~mptf.engine.reading.load_values.values_rows`). Every field is read through the same
:class:`~mptf.engine.reading.rows.ProgrammeParser` as YAML, so a bad number, date or measure gives the same finding in
both formats; the location is the sheet and the Excel row number (the header is row 1).

The structure is checked first (:mod:`.excel_sheets`: required sheets and columns, unknown columns); when it
is unusable the workbook yields no rows, only the fatal findings that say how to fix it. Cells are read by
:func:`~mptf.engine.reading.cells.read_book`, the ``values`` sheet as text the way a report's is read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mptf.engine.findings import Findings, Loc
from mptf.engine.reading.cells import SheetCells, formula_findings, merged_findings, read_book, unreadable_workbook
from mptf.engine.reading.excel_sheets import Sheet, checked_sheets
from mptf.engine.reading.fields import FieldReader, suggest
from mptf.engine.reading.load_values import column_name, values_rows
from mptf.engine.reading.rows import ProgrammeParser, Rows
from mptf.indicators.formats import (
    LINK_KINDS,
    PROGRAMME_FIELDS,
    REQUIRED_SHEETS,
    SHEET_COLUMNS,
    SHEETS,
    VALUES_SHEET,
)
from mptf.indicators.formats import SHEET_REQUIRED as REQUIRED_COLUMNS
from mptf.indicators.limits import Limits

__all__ = [
    "PROGRAMME_FIELDS",
    "REQUIRED_COLUMNS",
    "REQUIRED_SHEETS",
    "SHEET_COLUMNS",
    "SHEETS",
    "load_workbook_rows",
    "unreadable_workbook",
]


def load_workbook_rows(path: Path, label: str, findings: Findings, limits: Limits | None = None) -> Rows:
    """Rows of one programme workbook; ``label`` is how the file is named in findings."""
    loc = Loc(file=label)
    try:
        book, values = _read_book(path, limits)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds of error for a file that is not xlsx
        unreadable_workbook(err, loc, findings)
        return Rows()
    workbook = _Workbook({title: sheet.rows for title, sheet in book.items()}, label, findings, values)
    workbook.raw_sheets = [sheet for sheet in book.values() if sheet is not values]
    return workbook.load()


def _read_book(path: Path, limits: Limits | None = None) -> tuple[dict[str, SheetCells], SheetCells | None]:
    """Every worksheet as read (the ``values`` sheet as text cells, the others as cell values, each with its
    formulas), and the ``values`` sheet, read in one go so that a corrupt sheet fails here."""
    sheets = read_book(path, lambda titles: {title: title.strip().lower() == VALUES_SHEET for title in titles}, limits)
    values = next((sheet for title, sheet in sheets.items() if title.strip().lower() == VALUES_SHEET), None)
    return sheets, values


class _Workbook:
    def __init__(
        self, book: dict[str, list[tuple]], label: str, findings: Findings, values: SheetCells | None = None
    ) -> None:
        self.book = book
        self.values_cells = values
        self.label = label
        self.findings = findings
        self.read = FieldReader(findings)
        self.rows = Rows()
        self.parse = ProgrammeParser(self.read, self.rows)
        self.programmes: dict[str, dict] = {}
        self.measures: dict[str, str | None] = {}
        self.raw_sheets: list[SheetCells] = []  # the sheets other than ``values``, with their formulas

    def loc(self, sheet: str, line: int | None = None, **more: object) -> Loc:
        return Loc(file=self.label, sheet=sheet, line=line, **more)

    # -- structure -----------------------------------------------------------------------------------------
    def load(self) -> Rows:
        for raw in [*self.raw_sheets, *([self.values_cells] if self.values_cells is not None else [])]:
            merged_findings(raw, self.loc(raw.title), self.findings)  # a title row above a header: say so first
        sheets = checked_sheets(self.book, self.label, self.findings)
        if sheets is None:
            return Rows()
        before = len(self.findings.rows)
        for raw in self.raw_sheets:  # a formula with no stored result reads as an empty cell: say so, there
            formula_findings(raw, self.loc(raw.title), self.findings, column_name, without_value_only=True)
        self._programme_sheet(sheets["programme"])
        if not self.programmes:  # reported; every other row would belong to no programme
            return Rows()
        self._results(sheets["results"])
        self._indicators(sheets["indicators"])
        if "targets" in sheets:
            self._targets(sheets["targets"])
        if "links" in sheets:
            self._links(sheets["links"])
        if "context" in sheets:
            for line, row in sheets["context"].records():
                loc = self.loc("context", line)
                programme = self._programme_of(row, loc, "a context statistic")
                if programme is not None:
                    self.parse.context(programme, row, loc.at(programme=programme, item=programme))
        if VALUES_SHEET in sheets:
            self._values(sheets[VALUES_SHEET])
        if any(row["severity"] == "fatal" for row in self.findings.rows[before:]):
            return Rows()
        self.rows.programmes.extend({**p, "partners": tuple(p["partners"])} for p in self.programmes.values())
        return self.rows

    def _programme_of(self, row: dict, loc: Loc, what: str) -> str | None:
        """The programme a row belongs to: its ``programme`` cell, else the workbook's only programme."""
        given = self.read.text(row.get("programme"), loc, "programme")
        if given is None:
            if len(self.programmes) == 1:
                return next(iter(self.programmes))
            self.read.required(None, loc, "programme", what)
            return None
        if given not in self.programmes:
            self.findings.add(
                "unknown-parent",
                loc.at(column="programme"),
                kind="row",
                item=loc.line,
                relation="names",
                parent_kind="programme",
                parent=given,
                suggestion=suggest(given, list(self.programmes)),
                addition=", or add its 'id' row to sheet 'programme'",
            )
            return None
        return given

    # -- sheets --------------------------------------------------------------------------------------------
    def _programme_sheet(self, sheet: Sheet) -> None:
        r = self.read
        entries: list[tuple[Loc, str, dict]] = []
        for line, row in sheet.records():
            loc = self.loc(sheet.name, line)
            field = r.text(row.get("field"), loc, "field")
            if field is None:
                r.required(None, loc, "field", f"a row of sheet {sheet.name!r}")
                continue
            if field.lower() not in PROGRAMME_FIELDS:
                self.findings.add(
                    "unknown-key",
                    loc.at(column="field"),
                    kind="field",
                    name=field,
                    where=f"sheet {sheet.name!r}",
                    suggestion=suggest(field, PROGRAMME_FIELDS),
                    allowed=", ".join(PROGRAMME_FIELDS),
                )
                continue
            entries.append((loc, field.lower(), row))
        for loc, field, row in entries:  # first every programme, so a row may name one whose id row is below
            if field != "id":
                continue
            ident = r.ident(row.get("value"), loc, "value", "programme")
            if ident is None:
                r.required(None, loc, "value", "the 'id' row")
            elif ident in self.programmes:
                self.findings.add(
                    "duplicate-id",
                    loc.at(column="value", programme=ident, item=ident),
                    kind="programme",
                    ident=ident,
                    count=2,
                    places=f"'id' rows {self.programmes[ident]['line']} and {loc.line} of sheet {sheet.name!r}",
                )
            else:
                self.programmes[ident] = {
                    "programme": ident,
                    "partners": [],
                    "source": r.text(row.get("source"), loc, "source") or "",
                    "quote": r.text(row.get("quote"), loc, "quote") or "",
                    "file": self.label,
                    "sheet": sheet.name,
                    "line": loc.line,
                }
        if not self.programmes:
            self.findings.add(
                "wrong-structure",
                self.loc(sheet.name, column="field"),
                what=f"sheet {sheet.name!r} has no 'id' row, so the workbook holds no programme",
                fix="add a row with field 'id' and the programme id as value",
            )
            return
        current: str | None = None
        for loc, field, row in entries:
            if field == "id":
                current = r.text(row.get("value"), loc, "value")
                continue
            programme = r.text(row.get("programme"), loc, "programme") or current
            if programme is None:
                self.findings.add(
                    "missing-field",
                    loc.at(column="field"),
                    what=f"the {field!r} row, above every 'id' row,",
                    field="'programme'",
                    example=" (fill its 'programme' column, or put the programme's 'id' row first)",
                )
                continue
            if programme not in self.programmes:
                self._programme_of(row, loc, "")  # reports the unknown programme
                continue
            self._programme_field(programme, field, row, loc.at(programme=programme, item=programme))

    def _programme_field(self, programme: str, field: str, row: dict, loc: Loc) -> None:
        r = self.read
        value = row.get("value")
        if value is None:
            r.required(None, loc, "value", f"a {field!r} row")
            return
        source, quote = r.text(row.get("source"), loc, "source"), r.text(row.get("quote"), loc, "quote")
        if field == "partners":
            name = r.text(value, loc, "value")
            if name:
                self.programmes[programme]["partners"].append(name)
        elif field in ("gcm", "sdg"):
            for ref in r.str_list(value, loc, field):
                self.parse.link(programme, programme, "programme", field, ref, loc, None, source, quote)
        else:
            self.parse.claim(
                programme,
                field,
                value,
                loc,
                source=source,
                quote=quote,
                as_of=row.get("as_of"),
                currency=row.get("currency"),
            )

    def _results(self, sheet: Sheet) -> None:
        r = self.read
        for line, row in sheet.records():
            loc = self.loc(sheet.name, line)
            programme = self._programme_of(row, loc, "a result")
            if programme is None:
                continue
            loc = loc.at(programme=programme)
            ident = r.ident(row.get("id"), loc, "id", "result")
            if ident is None:
                r.required(None, loc, "id", "a result")
            loc = loc.at(item=ident or "")
            level = r.text(row.get("level"), loc, "level")
            if level is None:
                r.required(None, loc, "level", f"result {ident!r}")
            title = r.text(row.get("title"), loc, "title")
            if title is None:
                r.required(None, loc, "title", f"result {ident!r}")
            parent = r.text(row.get("parent"), loc, "parent")
            self.rows.results.append(
                {
                    "result": ident,
                    "programme": programme,
                    "level": level.lower() if level else None,
                    "parent": None if parent == programme else parent,
                    "declared_parent": None,
                    "title": title,
                    "editorial": r.boolean(row.get("editorial"), loc, "editorial", False),
                    "source": r.text(row.get("source"), loc, "source") or "",
                    "quote": r.text(row.get("quote"), loc, "quote") or "",
                    "file": self.label,
                    "sheet": sheet.name,
                    "line": line,
                }
            )
            if ident is not None:
                self._column_links(programme, ident, "result", row, loc)

    def _indicators(self, sheet: Sheet) -> None:
        r = self.read
        for line, row in sheet.records():
            loc = self.loc(sheet.name, line)
            programme = self._programme_of(row, loc, "an indicator")
            if programme is None:
                continue
            loc = loc.at(programme=programme)
            ident = r.ident(row.get("id"), loc, "id", "indicator")
            if ident is None:
                r.required(None, loc, "id", "an indicator")
                continue
            loc = loc.at(item=ident)
            result = r.text(row.get("result"), loc, "result")
            if result is None:
                r.required(None, loc, "result", f"indicator {ident!r}")
            self.parse.indicator(programme, result, row, loc)
            self.measures.setdefault(ident, self.rows.indicators[-1]["measure"])
            self._column_links(programme, ident, "indicator", row, loc)

    def _column_links(self, programme: str, item: str, kind: str, row: dict, loc: Loc) -> None:
        for framework in ("gcm", "sdg"):
            for ref in self.read.str_list(row.get(framework), loc, framework):
                self.parse.link(programme, item, kind, framework, ref, loc)

    def _targets(self, sheet: Sheet) -> None:
        measures = {row["indicator"]: row["measure"] for row in self.rows.indicators}
        for line, row in sheet.records():
            loc = self.loc(sheet.name, line)
            programme = self._programme_of(row, loc, "a target")
            if programme is None:
                continue
            loc = loc.at(programme=programme)
            indicator = self.read.text(row.get("indicator"), loc, "indicator")
            if indicator is None:
                self.read.required(None, loc, "indicator", "a target")
                continue
            self.parse.target(
                programme,
                indicator,
                row.get("value"),
                row.get("date"),
                loc.at(item=indicator),
                row.get("source"),
                row.get("quote"),
                measures.get(indicator),
                row.get("group"),
                row.get("share"),
            )

    def _links(self, sheet: Sheet) -> None:
        r = self.read
        results = {row["result"] for row in self.rows.results}
        for line, row in sheet.records():
            loc = self.loc(sheet.name, line)
            programme = self._programme_of(row, loc, "a link")
            if programme is None:
                continue
            loc = loc.at(programme=programme)
            item = r.text(row.get("item"), loc, "item")
            if item is None:
                r.required(None, loc, "item", "a link")
                continue
            loc = loc.at(item=item)
            framework = r.choice(row.get("framework"), loc, "framework", ("gcm", "sdg"))
            if framework is None:
                r.required(row.get("framework"), loc, "framework", "a link")  # reports only an empty cell
                continue
            if row.get("kind") is not None:
                kind = r.choice(row.get("kind"), loc, "kind", LINK_KINDS)
            else:
                kind = (
                    "programme"
                    if item == programme
                    else "result"
                    if item in results
                    else "indicator"
                    if item in self.measures
                    else None
                )
                if kind is None:
                    r.required(
                        None,
                        loc,
                        "kind",
                        f"the link of {item!r} (no programme, result or indicator of the workbook has that id)",
                    )
            if kind is None:
                continue
            if not r.required(row.get("ref"), loc, "ref", "a link"):
                continue
            self.parse.link(
                programme,
                item,
                kind,
                framework,
                row.get("ref"),
                loc,
                row.get("cited_title"),
                r.text(row.get("source"), loc, "source"),
                r.text(row.get("quote"), loc, "quote"),
                row.get("share"),
            )

    def _values(self, sheet: Sheet) -> None:
        if self.values_cells is not None:
            formula_findings(self.values_cells, self.loc(sheet.name), self.findings, column_name)
        width = max([len(sheet.header), *(len(cells) for _, cells in sheet.rows)])
        header = [*sheet.header, *([None] * (width - len(sheet.header)))]
        cells = pd.DataFrame(
            [[c or "" for c in (*cells, *([None] * (width - len(cells))))] for _, cells in sheet.rows],
            columns=range(width),
            dtype=str,
        )
        only = next(iter(self.programmes)) if len(self.programmes) == 1 else None
        self.rows.values.append(
            values_rows(
                header,
                cells,
                [line for line, _ in sheet.rows],
                self.loc(sheet.name),
                self.findings,
                self.measures,
                only,
            )
        )

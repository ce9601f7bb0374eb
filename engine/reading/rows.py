"""The loaders' common output: plain rows for each table of the model, before they become DataFrames.

The YAML loader, the Excel loader and the values-table loader all fill a :class:`Rows`; ``model.assemble``
turns it into a :class:`~mptf.engine.model.Portfolio`. Parsing a programme's fields is shared here too, so both
formats read a claim, a link, an indicator or a value in the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mptf.engine.findings import Loc
from mptf.engine.reading.fields import FieldReader
from mptf.engine.reading.targets import TargetParser, _quantity_columns, _where, disaggregation_key
from mptf.indicators.formats import CLAIM_FIELDS
from mptf.indicators.measures import (
    DIRECTIONS,
    MEASURES,
    MONTHS,
    NUMERIC_MEASURES,
    SCOPE_ALIASES,
    SCOPES,
    SERIES,
    SERIES_ALIASES,
    STATUS_ALIASES,
    STATUSES,
)
from mptf.indicators.quantity import FigureError, parse_quantity

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLAIM_FIELDS", "ProgrammeParser", "Rows", "disaggregation_key", "text_key"]


def text_key(text: str) -> str:
    """Comparison key for text claims: case, spacing and punctuation do not make two titles differ."""
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


@dataclass
class Rows:
    """Rows of every table, as dicts; one instance may hold several programmes from several files. ``values``
    may also hold whole tables (a DataFrame of the ``values`` columns, as a values table is read), kept in
    order among the dicts."""

    programmes: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    values: list[dict | pd.DataFrame] = field(default_factory=list)
    context: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)

    def extend(self, other: Rows) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))


class ProgrammeParser(TargetParser):
    """Turns raw field values (from YAML or a sheet) into rows, reporting what it cannot read."""

    def __init__(self, reader: FieldReader, rows: Rows) -> None:
        self.read = reader
        self.rows = rows

    # -- claims --------------------------------------------------------------------------------------------
    def claim(
        self,
        programme: str,
        fieldname: str,
        raw: object,
        loc: Loc,
        source: str | None = None,
        quote: str | None = None,
        as_of: object = None,
        currency: object = None,
    ) -> None:
        """One claim about a programme fact, parsed and normalised for comparison."""
        parsed = self._claim_value(fieldname, raw, loc, currency)
        if parsed is None:
            return
        value, key = parsed
        self.rows.claims.append(
            {
                "programme": programme,
                "field": fieldname,
                "value": value,
                "key": key,
                "source": source or "",
                "quote": quote or "",
                "as_of": self.read.date(as_of, loc, "as_of"),
                **_where(loc),
            }
        )

    def _claim_value(self, fieldname: str, raw: object, loc: Loc, currency: object) -> tuple[object, str] | None:
        r = self.read
        loc = loc.at(column=fieldname)
        if fieldname == "title":
            text = r.text(raw, loc, fieldname)
            return None if text is None else (text, text_key(text))
        if fieldname in ("countries", "organizations", "donors", "regions"):
            items = r.str_list(raw, loc, fieldname)
            if not items:
                return None
            if fieldname == "countries":
                items = [i.upper() for i in items]
            if fieldname == "regions":  # a code or a name; an unknown one is kept as written, for check to report
                from mptf.frameworks.regions import region_code

                items = [region_code(i) or i for i in items]
            return tuple(items), ",".join(sorted(text_key(i) for i in items))
        if fieldname == "thematic_area":
            from mptf.frameworks.areas import area_number

            number = area_number(getattr(raw, "text", raw)) if raw is not None else None
            if number is None:
                if raw is not None:
                    r.findings.add(
                        "wrong-type",
                        loc,
                        subject=f"thematic area {raw!r}",
                        problem="is not an area number",
                        fix="write the area number, 1 to 5",
                    )
                return None
            return number, str(number)
        if fieldname == "scope":
            scope = r.choice(raw, loc, fieldname, SCOPES, SCOPE_ALIASES)
            return None if scope is None else (scope, scope)
        if fieldname == "status":
            status = r.choice(raw, loc, fieldname, STATUSES, STATUS_ALIASES)
            return None if status is None else (status, status)
        if fieldname == "budget":
            money = r.money(raw, loc, fieldname, r.text(currency, loc, "currency"))
            return None if money is None else (money, f"{money.currency} {money.cents}")
        if fieldname == "duration_months":
            months = r.integer(raw, loc, fieldname)
            return None if months is None else (months, str(months))
        if fieldname in ("start", "end"):
            day = r.date(raw, loc, fieldname, period=fieldname)
            return None if day is None else (day, day.isoformat())
        raise KeyError(fieldname)

    # -- links ---------------------------------------------------------------------------------------------
    def link(
        self,
        programme: str,
        item: str,
        kind: str,
        framework: str,
        raw: object,
        loc: Loc,
        title: object = None,
        source: str | None = None,
        quote: str | None = None,
        share: object = None,
    ) -> None:
        if raw is None:
            return
        portion = self.read.quantity(share, loc, "share")
        if portion is not None and not (0 < portion.value <= 1 and portion.bound == "=" and not portion.percent):
            self.read.findings.add(
                "wrong-type",
                loc.at(column="share"),
                subject=f"share {share!r}",
                problem="is not a fraction in (0, 1]",
                fix="write the declared share of the budget as a fraction, e.g. 0.5",
            )
            portion = None
        ref = str(getattr(raw, "text", raw)).strip()
        if framework == "gcm":
            ref = re.sub(r"^(?:gcm\s*)?(?:objective\s*)?", "", ref, flags=re.IGNORECASE).strip()
        self.rows.links.append(
            {
                "programme": programme,
                "item": item,
                "kind": kind,
                "framework": framework,
                "ref": ref,
                "cited_title": self.read.text(title, loc, "title") or "",
                "share": float(portion.value) if portion is not None else None,
                "source": source or "",
                "quote": quote or "",
                **_where(loc),
            }
        )

    def _plain_number(self, raw: object, loc: Loc, fieldname: str) -> float | None:
        """An exact, unqualified number (numerators and denominators of percentages)."""
        q = self.read.quantity(raw, loc, fieldname)
        if q is None:
            return None
        if q.bound != "=" or q.percent:
            self.read.findings.add(
                "wrong-type",
                loc.at(column=fieldname),
                subject=f"{fieldname} {raw!r}",
                problem="must be an exact number",
                fix=f"write the {fieldname} as a plain number of units",
            )
            return None
        return float(q.value)

    # -- indicators ----------------------------------------------------------------------------------------
    def indicator(self, programme: str, result: str, raw: dict, loc: Loc) -> None:
        r = self.read
        ident = r.text(raw.get("id"), loc, "id")  # its loader checked it (FieldReader.ident)
        measure = r.choice(
            raw.get("measure"),
            loc,
            "measure",
            MEASURES,
            {"unit": "count", "number": "count", "yes/no": "yes-no", "boolean": "yes-no"},
        )
        scale = tuple(r.str_list(raw.get("scale"), loc, "scale"))
        if measure == "ordinal":  # a level of the scale, kept as written; the verdict places it on the scale
            baseline, level = None, r.text(raw.get("baseline"), loc, "baseline")
        else:
            baseline, level = r.quantity(raw.get("baseline"), loc, "baseline"), None
        self.rows.indicators.append(
            {
                "indicator": ident,
                "programme": programme,
                "result": result,
                "name": r.text(raw.get("name"), loc, "name"),
                "measure": measure,
                "measure_given": raw.get("measure") is not None,
                "unit": r.text(raw.get("unit"), loc, "unit"),
                "scale": scale,
                "currency": r.text(raw.get("currency"), loc, "currency") or ("USD" if measure == "currency" else None),
                "direction": r.choice(raw.get("direction"), loc, "direction", DIRECTIONS) or "increase",
                "direction_given": raw.get("direction") is not None,
                **self._series(raw, loc, ident),
                "unique": r.boolean(raw.get("unique"), loc, "unique", False),
                "baseline_value": float(baseline.value) if baseline else None,
                "baseline_bound": baseline.bound if baseline else None,
                "baseline_percent": bool(baseline.percent) if baseline else False,
                "baseline_text": _quantity_columns(baseline, raw.get("baseline"))["text"] if baseline else level,
                "baseline_date": r.date(raw.get("baseline_date"), loc, "baseline_date"),
                "disaggregation": tuple(r.str_list(raw.get("disaggregation"), loc, "disaggregation")),
                "common": r.text(raw.get("common"), loc, "common"),
                "source": r.text(raw.get("source"), loc, "source") or "",
                "quote": r.text(raw.get("quote"), loc, "quote") or "",
                **_where(loc),
            }
        )

    def _series(self, raw: dict, loc: Loc, ident: str | None) -> dict:
        """``series`` (one of :data:`SERIES`), the old ``cumulative`` flag it implies, and the month a
        year-to-date series restarts (``resets``: 1–12 or a month name; default January)."""
        r = self.read
        given = r.choice(raw.get("series"), loc, "series", SERIES, SERIES_ALIASES)
        old = None if raw.get("cumulative") is None else r.boolean(raw.get("cumulative"), loc, "cumulative", True)
        series = given or ("per-period" if old is False else "cumulative")
        if given is not None and old is not None and old != (given == "cumulative"):
            r.findings.add(
                "series-disagrees",
                loc.at(column="cumulative"),
                indicator=ident,
                series=given,
                cumulative=str(old).lower(),
            )
        resets = 1
        word = raw.get("resets")
        if word is not None and str(word).strip():
            text = str(getattr(word, "text", word)).strip().lower()
            names = {m: i + 1 for i, m in enumerate(MONTHS)} | {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
            month = int(text) if text.isdigit() else names.get(text)
            if month is None or not 1 <= month <= 12:
                r.findings.add(
                    "wrong-type",
                    loc.at(column="resets"),
                    subject=f"resets {text!r}",
                    problem="is not a month",
                    fix="write the month the year-to-date series restarts: 1 to 12, or a month name (april)",
                )
            else:
                resets = month
        return {"series": series, "cumulative": series == "cumulative", "resets": resets}

    def value(self, programme: str, indicator: str, measure: str | None, raw: dict, loc: Loc) -> None:
        """One reported value; ``raw`` holds value, start, end, disaggregation, note, source, quote."""
        r = self.read
        raw_value = raw.get("value")
        counts = raw.get("numerator") is not None or raw.get("denominator") is not None
        if not counts and not r.required(raw_value, loc, "value", "a reported value"):
            return  # a row with counts is kept: the verdict computes its value from them, or refuses it
        end = r.date(raw.get("end"), loc, "end", period="end")
        if raw.get("end") is None:
            r.required(None, loc, "end", "a reported value")
        start = r.date(raw.get("start"), loc, "start", period="start")
        columns = {
            "value": None,
            "bound": None,
            "qualifier": None,
            "percent": False,
            "text": "" if raw_value is None else str(getattr(raw_value, "text", raw_value)).strip(),
        }
        if raw_value is None:
            pass  # counts only: the verdict computes the value, or refuses the row
        elif measure in NUMERIC_MEASURES or measure is None:
            try:  # read, not judged: the verdict gives a figure that cannot be read its finding
                columns = _quantity_columns(
                    parse_quantity(
                        raw_value if isinstance(raw_value, (int, float)) else getattr(raw_value, "text", raw_value)
                    ),
                    raw_value,
                )
            except FigureError:
                pass
        elif measure == "yes-no":
            word = columns["text"].lower()
            if word in ("yes", "true", "no", "false"):
                columns["value"] = 1.0 if word in ("yes", "true") else 0.0
                columns["bound"] = "="
        dims = raw.get("disaggregation") or {}
        if not isinstance(dims, dict):
            r.findings.add(
                "wrong-type",
                loc.at(column="disaggregation"),
                subject="a value's disaggregation",
                problem="should be a mapping such as {sex: female}",
                fix="write disaggregation: {sex: female}",
            )
            dims = {}
        self.rows.values.append(
            {
                "programme": programme,
                "indicator": indicator,
                "period_start": start,
                "period_end": end,
                **columns,
                "numerator": self._plain_number(raw.get("numerator"), loc, "numerator"),
                "denominator": self._plain_number(raw.get("denominator"), loc, "denominator"),
                "disaggregation": disaggregation_key(dims),
                "note": r.text(raw.get("note"), loc, "note") or "",
                "source": r.text(raw.get("source"), loc, "source") or "",
                "quote": r.text(raw.get("quote"), loc, "quote") or "",
                **_where(loc),
            }
        )

    # -- context statistics --------------------------------------------------------------------------------
    def context(self, programme: str, raw: dict, loc: Loc) -> None:
        """One context statistic (``raw`` holds the keys of ``CONTEXT_KEYS``): a figure about the programme's
        setting, kept as written (and as a number where it reads as one), with its source; never a result."""
        r = self.read
        statistic = r.text(raw.get("statistic"), loc, "statistic")
        raw_value = raw.get("value")
        source = r.text(raw.get("source"), loc, "source")
        missing = [k for k, v in (("statistic", statistic), ("value", raw_value), ("source", source)) if v is None]
        for key in missing:
            r.required(None, loc, key, "a context statistic")
        year = raw.get("year")
        if missing or not (r.finite(raw_value, loc, "value") & r.finite(year, loc, "year")):
            return
        text = str(getattr(raw_value, "text", raw_value)).strip()
        try:
            q = parse_quantity(raw_value if isinstance(raw_value, (int, float)) else text)
        except FigureError:
            q = None  # a range or words ("one in four"): kept as written
        self.rows.context.append(
            {
                "programme": programme,
                "statistic": statistic,
                "text": text if q is None else _quantity_columns(q, raw_value)["text"],
                "value": float(q.value) if q is not None else None,
                "bound": q.bound if q is not None else None,
                "percent": bool(q.percent) if q is not None else False,
                "unit": r.text(raw.get("unit"), loc, "unit"),
                "year": None if year is None else str(getattr(year, "text", year)).strip(),
                "place": r.text(raw.get("place"), loc, "place"),
                "note": r.text(raw.get("note"), loc, "note") or "",
                "source": source,
                "quote": r.text(raw.get("quote"), loc, "quote") or "",
                **_where(loc),
            }
        )


def as_date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None

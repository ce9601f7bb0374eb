"""Load an IATI activities file (XML, versions 2.01–2.03) into rows: each ``iati-activity`` a programme.

An activity becomes a programme (its ``iati-identifier``), its facts claims (title, countries, status, dates,
budget, organisations, scope), each ``result`` a result (type 1/2/3: output/outcome/impact), each ``indicator``
an indicator (measure 1–5, ``ascending``), its ``baseline``, and each ``period``'s ``target`` and ``actual``
targets and reported values, ``dimension`` elements their disaggregation. Values are read through the same
parser as a YAML programme's, so a figure means the same thing and fails the same way; every row and finding
keeps the file and the XML line. Attributes and elements of the extension namespace (written by
``mptf export-iati``: ``docs/iati.md``) give back what IATI cannot say. The file is checked against the 2.03
schema and the results rules of the IATI ruleset that the model cannot see (:mod:`mptf.engine.rules.iati`).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from mptf.engine.findings import Findings, Loc
from mptf.engine.reading.fields import FieldReader
from mptf.engine.reading.iati_xml import attr, ext, local, narrative, parse_xml
from mptf.engine.reading.rows import ProgrammeParser, Rows
from mptf.indicators.formats import CONTEXT_KEYS
from mptf.indicators.iati import (
    DATE_TYPES,
    GCM_VOCABULARY_URI,
    MEASURE_OF_CODE,
    NAMESPACE,
    RESULT_TYPES,
    ROLES,
    SCOPE_OF_CODE,
    STATUS_OF_CODE,
)
from mptf.indicators.limits import Limits

__all__ = ["load_iati"]

#: The unit of an indicator the file gives no unit for: the name of its IATI measure.
_UNITS = {"1": "unit", "2": "percentage"}
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def load_iati(path: Path, label: str, findings: Findings, limits: Limits | None = None) -> Rows:
    """Rows of every activity of an IATI activities file; ``label`` names the file in findings."""
    from mptf.engine.rules.iati import conformance

    rows = Rows()
    tree = parse_xml(path, label, findings, limits)
    if tree is None:
        return rows
    if not conformance(tree, label, findings):
        return rows
    reader = _Activity(FieldReader(findings), rows, label)
    for activity in tree.getroot():
        if local(activity) == "iati-activity":
            reader.load(activity)
    return rows


def _figure(raw: str | None) -> object:
    """An IATI number attribute: a plain decimal is read exactly; anything else is left as written, for the
    figure reader to read or refuse."""
    if raw is None or not raw.strip():
        return None
    return Decimal(raw.strip()) if _DECIMAL.fullmatch(raw.strip()) else raw


def _json(text: str | None) -> object:
    try:
        return None if text is None else json.loads(text)
    except ValueError:
        return text


def _children(element, name: str) -> list:
    return [c for c in element if local(c) == name and not str(c.tag).startswith("{")]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _extension(element, name: str) -> list:
    return [c for c in element if c.tag == f"{{{NAMESPACE}}}{name}"]


def _date(element) -> str | None:
    return None if element is None else attr(element, "iso-date")


def _dims(element) -> dict:
    return {attr(d, "name") or "": attr(d, "value") or "" for d in _children(element, "dimension")}


def _kept(element, name: str, default: object) -> object:
    """The extension's copy of a field when it is there (``""``: none), else ``default``."""
    value = ext(element, name)
    if value is None:
        return default
    return value or None


class _Activity:
    def __init__(self, reader: FieldReader, rows: Rows, label: str) -> None:
        self.read = reader
        self.rows = rows
        self.parse = ProgrammeParser(reader, rows)
        self.label = label
        self.source = Path(label).name

    def _loc(self, element, **more: object) -> Loc:
        return self.loc.at(line=element.sourceline, **more)

    def load(self, act) -> None:
        self.count = getattr(self, "count", 0) + 1
        self.loc = Loc(file=self.label, line=act.sourceline)
        ident_el = _child(act, "iati-identifier")
        raw = (ident_el.text or "").strip() if ident_el is not None else None
        ident = self.read.ident(
            raw, self._loc(ident_el if ident_el is not None else act), "iati-identifier", "programme"
        )
        if not ident:  # read all the same, under its place in the file, so that its results can be checked
            self.read.required(None, self.loc, "iati-identifier", "an activity")
            ident = f"activity-{self.count}"
        self.loc = self.loc.at(programme=ident)
        self.programme = ident
        orgs = self._orgs(act)
        self.rows.programmes.append(
            {
                "programme": ident,
                "partners": tuple(_json(ext(act, "partners")) or orgs.get("partners", ())),
                "source": _kept(act, "source", self.source) or "",
                "quote": _kept(act, "quote", "") or "",
                "file": self.label,
                "sheet": "",
                "line": act.sourceline,
            }
        )
        claims = _extension(act, "claim")
        if claims:
            for claim in claims:
                self._ext_claim(claim)
        else:
            self._claims(act, orgs)
        links = _extension(act, "link")
        for link in links:
            self._ext_link(link)
        if not links:
            self._tags(act)
        for stat in _extension(act, "context"):
            raw = {k: ext(stat, k) or None for k in CONTEXT_KEYS}
            self.parse.context(ident, raw, self._loc(stat, item=ident))
        for result in _extension(act, "result"):
            self._result_row(result, ext(result, "id"), ext(result, "level") or None, ext(result, "title") or None)
        for n, result in enumerate(_children(act, "result"), 1):
            self._result(result, n)

    # -- programme facts -----------------------------------------------------------------------------------
    def _orgs(self, act) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for org in _children(act, "participating-org"):
            name = narrative(org) or attr(org, "ref")
            field = ROLES.get(attr(org, "role") or "")
            if name and field and name not in out.setdefault(field, []):
                out[field].append(name)
        return {k: tuple(v) for k, v in out.items()}

    def _claim(self, field: str, raw: object, element, currency: object = None) -> None:
        self.parse.claim(
            self.programme, field, raw, self._loc(element, item=self.programme), source=self.source, currency=currency
        )

    def _claims(self, act, orgs: dict) -> None:
        title = _child(act, "title")
        if narrative(title):
            self._claim("title", narrative(title), title)
        countries = [attr(c, "code") for c in _children(act, "recipient-country") if attr(c, "code")]
        if countries:
            from mptf.frameworks.countries import alpha3

            self._claim("countries", [alpha3(c) for c in countries], _child(act, "recipient-country"))
        regions = [r for r in _children(act, "recipient-region") if attr(r, "vocabulary") == "2" and attr(r, "code")]
        if regions:
            self._claim("regions", [attr(r, "code") for r in regions], regions[0])
        status = _child(act, "activity-status")
        code = attr(status, "code") if status is not None else None
        if code in STATUS_OF_CODE:
            self._claim("status", STATUS_OF_CODE[code], status)
        elif code and code not in ("5", "6"):
            self._unknown(status, "activity-status", code, ["1", "2", "3", "4", "5", "6"])
        dates: dict[str, tuple[int, object]] = {}
        for date in _children(act, "activity-date"):
            kind = attr(date, "type") or ""
            field = DATE_TYPES.get(kind)
            actual = kind in ("2", "4")
            if field and attr(date, "iso-date") and (field not in dates or actual):
                dates[field] = (actual, date)
        for field, (_, date) in sorted(dates.items()):
            self._claim(field, attr(date, "iso-date"), date)
        self._budget(act)
        for field in ("organizations", "donors"):
            if orgs.get(field):
                self._claim(field, list(orgs[field]), _child(act, "participating-org"))
        scope = _child(act, "activity-scope")
        if scope is not None and attr(scope, "code") in SCOPE_OF_CODE:
            self._claim("scope", SCOPE_OF_CODE[attr(scope, "code")], scope)

    def _budget(self, act) -> None:
        budgets = _children(act, "budget")
        chosen = [b for b in budgets if (attr(b, "type") or "1") == "1"] or budgets
        amounts: dict[str, Decimal] = {}
        for budget in chosen:
            value = _child(budget, "value")
            number = _figure(value.text if value is not None else None)
            if isinstance(number, Decimal):
                currency = attr(value, "currency") or attr(act, "default-currency") or "USD"
                amounts[currency] = amounts.get(currency, Decimal(0)) + number
        if len(amounts) == 1:
            ((currency, total),) = amounts.items()
            self._claim("budget", f"{total:f}", chosen[0], currency=currency)
        elif amounts:
            self.read.findings.add(
                "wrong-type",
                self._loc(chosen[0], column="budget", item=self.programme),
                subject="the activity's budgets",
                problem=f"are in several currencies ({', '.join(sorted(amounts))}), so no total is taken",
                fix="give the budgets in one currency",
            )

    def _tags(self, act) -> None:
        for tag in _children(act, "tag") + _children(act, "sector"):
            vocabulary, code = attr(tag, "vocabulary"), attr(tag, "code")
            loc = self._loc(tag, item=self.programme)
            sdg = "3" if local(tag) == "tag" else "8"
            if vocabulary == sdg and code:
                sdg_target = code.lower()  # "1.A" is target 1.a
                self.parse.link(self.programme, self.programme, "programme", "sdg", sdg_target, loc, narrative(tag))
            elif vocabulary == "99" and attr(tag, "vocabulary-uri") == GCM_VOCABULARY_URI and code:
                number = code.upper().removeprefix("GCM-")
                self.parse.link(self.programme, self.programme, "programme", "gcm", number, loc, narrative(tag))

    def _ext_claim(self, claim) -> None:
        self.parse.claim(
            self.programme,
            ext(claim, "field") or "",
            _json(ext(claim, "value")),
            self._loc(claim, item=self.programme),
            source=ext(claim, "source"),
            quote=ext(claim, "quote"),
            as_of=ext(claim, "as_of"),
            currency=ext(claim, "currency"),
        )

    def _ext_link(self, link) -> None:
        get = lambda k: ext(link, k) or None  # noqa: E731
        self.parse.link(
            self.programme,
            get("item") or self.programme,
            get("kind") or "programme",
            get("framework") or "",
            get("ref"),
            self._loc(link, item=get("item") or self.programme),
            get("title"),
            get("source"),
            get("quote"),
            _figure(get("share")),
        )

    def _unknown(self, element, name: str, code: str, allowed: list[str]) -> None:
        self.read.findings.add(
            "unknown-value",
            self._loc(element, column=name),
            subject=f"{name!r} is {code!r},",
            allowed=", ".join(allowed),
            suggestion=" (the IATI codelist's codes)",
        )

    # -- results -------------------------------------------------------------------------------------------
    def _result_row(self, element, ident, level, title) -> None:
        loc = self._loc(element, item=ident or "")
        if title is None:
            self.read.required(None, loc, "title", f"result {ident!r}")
        parent = ext(element, "parent") or None
        self.rows.results.append(
            {
                "result": ident,
                "programme": self.programme,
                "level": level,
                "parent": parent,
                "declared_parent": _kept(element, "declared_parent", parent),
                "title": title,
                "editorial": ext(element, "editorial") == "true",
                "source": _kept(element, "source", self.source) or "",
                "quote": ext(element, "quote") or "",
                "file": self.label,
                "sheet": "",
                "line": element.sourceline,
            }
        )

    def _result(self, result, n: int) -> None:
        ident = ext(result, "id") or f"{self.programme}.r{n}"
        code = attr(result, "type")
        if code not in RESULT_TYPES and ext(result, "level") is None:
            self._unknown(result, "type", code or "", list(RESULT_TYPES))
        level = _kept(result, "level", RESULT_TYPES.get(code or ""))
        self._result_row(result, ident, level, _kept(result, "title", narrative(_child(result, "title"))))
        for m, indicator in enumerate(_children(result, "indicator"), 1):
            self._indicator(indicator, ident, m)

    def _indicator(self, element, result: str, m: int) -> None:
        ident = ext(element, "id") or f"{result}.i{m}"
        loc = self._loc(element, item=ident)
        code = attr(element, "measure")
        measure = _kept(element, "measure", MEASURE_OF_CODE.get(code or ""))
        if measure is None and ext(element, "measure") is None:
            self._unknown(element, "measure", code or "", list(MEASURE_OF_CODE))
        ascending = attr(element, "ascending")
        direction = ext(element, "direction") or None
        if ext(element, "direction") is None and ascending is not None:
            direction = "decrease" if ascending in ("0", "false") else "increase"
        raw: dict = {
            "id": ident,
            "name": _kept(element, "name", narrative(_child(element, "title"))),
            "measure": measure,
            "direction": direction,
            **{k: ext(element, k) or None for k in ("unit", "currency", "series", "resets", "common", "quote")},
            "scale": _json(ext(element, "scale")),
            "disaggregation": _json(ext(element, "disaggregation")),
            "unique": ext(element, "unique"),
            "source": _kept(element, "source", self.source),
        }
        baselines = _children(element, "baseline")
        baseline = next((b for b in baselines if not _dims(b)), baselines[0] if baselines else None)
        if baseline is not None:
            raw["baseline"] = _kept(baseline, "text", _figure(attr(baseline, "value")))
            year = attr(baseline, "year")
            default = attr(baseline, "iso-date") or (f"{year}-01-01" if year and year.isdigit() else None)
            raw["baseline_date"] = _kept(baseline, "date", default)
        if ext(element, "unit") is None and code in _UNITS:
            raw["unit"] = _UNITS[code]  # IATI's own word for what is counted; the title says more
        self.parse.indicator(self.programme, result, raw, loc)
        row = self.rows.indicators[-1]
        for name in ("measure_given", "direction_given"):
            if ext(element, name) is not None:
                row[name] = ext(element, name) == "true"
        if code is not None and measure is None and ext(element, "measure") is None:
            row["measure_given"] = True
        for period in _children(element, "period"):
            self._period(period, ident, measure)
        self._targets(_extension(element, "target"), ident, measure, None)  # rows IATI cannot hold
        for actual in _extension(element, "actual"):
            self._actual(actual, ident, measure, None, None)

    def _period(self, period, indicator: str, measure: str | None) -> None:
        start, end = _date(_child(period, "period-start")), _date(_child(period, "period-end"))
        self._targets(_children(period, "target"), indicator, measure, end)
        for actual in _children(period, "actual"):
            self._actual(actual, indicator, measure, start, end)

    def _targets(self, targets: list, indicator: str, measure: str | None, end) -> None:
        for target in targets:
            kept = next(iter(_extension(target, "row")), target)  # a target keeps its extension in a child
            tloc = self._loc(target, item=indicator)
            value = _kept(kept, "text", _figure(attr(target, "value")))
            if value is None and measure == "qualitative":
                continue  # a qualitative target is described in its comment, with no figure to keep
            share = ext(kept, "share") == "true"
            self.parse.target(
                self.programme,
                indicator,
                None if share else value,
                _kept(kept, "date", end),
                tloc,
                _kept(kept, "source", self.source),
                ext(kept, "quote"),
                measure,
                ext(kept, "group") if ext(kept, "group") is not None else _dims(target),
                value if share else None,
            )

    def _actual(self, actual, indicator: str, measure: str | None, start, end) -> None:
        comment = narrative(_child(actual, "comment"))
        kept = next(iter(_extension(actual, "row")), actual)  # an actual keeps its extension in a child
        value = _kept(kept, "text", _figure(attr(actual, "value")))
        note = _kept(kept, "note", comment)
        if measure == "qualitative" and value is None and ext(kept, "text") is None:
            value, note = comment, ""  # a qualitative actual is described in words: its comment
            if value is None:
                return
        if measure == "yes-no" and isinstance(value, Decimal) and value in (0, 1):
            value = "yes" if value == 1 else "no"
        raw = {
            "value": value,
            "start": _kept(kept, "start", start),
            "end": _kept(kept, "end", end),
            "disaggregation": _dims(actual),
            "numerator": _figure(ext(kept, "numerator")),
            "denominator": _figure(ext(kept, "denominator")),
            "note": note,
            "source": _kept(kept, "source", self.source),
            "quote": ext(kept, "quote"),
        }
        self.parse.value(self.programme, indicator, measure, raw, self._loc(actual, item=indicator))

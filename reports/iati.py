"""Write a portfolio as an IATI 2.03 activities file: one ``iati-activity`` per programme, with its results.

The mapping and its choices are in ``docs/iati.md``. In short: a programme's agreed facts become the activity's
elements (title, status, dates, countries, scope, budget, participating organisations), its SDG links ``tag``
elements of vocabulary 3 (SDG target) and its GCM links tags of vocabulary 99 with the Global Compact as
vocabulary URI; each result with indicators a ``result`` (type 1/2/3), each indicator an ``indicator`` (measure
1–5, ``ascending`` from its direction, ``aggregation-status``), its baseline, targets and values ``baseline``,
``target`` and ``actual`` elements of ``period`` elements, a value's disaggregation ``dimension`` elements.
Everything IATI cannot say (qualifiers, series, claims with their sources, context statistics, results with no
indicator, rows with no date or no number) travels in the extension namespace, so that reading the file back
gives the same model. This module only writes; the file's conformance is checked by the command.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pandas as pd
from lxml import etree

from mptf.indicators.iati import (
    ACTIVITY_SCOPE,
    GCM_VOCABULARY_URI,
    MEASURE_CODES,
    NAMESPACE,
    PREFIX,
    STATUS_CODES,
    TYPE_OF_LEVEL,
    VERSION,
)

__all__ = ["FUND", "iati_activities"]

#: The fund, named as the funding organisation of every programme.
FUND = "Migration Multi-Partner Trust Fund"
_MEASURED = frozenset({"count", "percentage", "currency", "yes-no", "ordinal"})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _text(value: object) -> str:
    """A model cell as an extension attribute: ``""`` for none, ISO dates, JSON lists, ``true``/``false``."""
    if value is None or (not isinstance(value, (tuple, list)) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _number(value: float) -> str:
    """A figure as IATI writes one: a plain decimal (no separators, no exponent)."""
    d = Decimal(repr(float(value)))
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _keep(element, **fields: object) -> None:
    for name, value in fields.items():
        element.set(_q(name), _text(value))


def _sub(parent, tag: str, text: str | None = None, **attrs: str):
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items() if v is not None})
    if text is not None:
        etree.SubElement(element, "narrative").text = text
    return element


def _day(value) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _dims(parent, key: str) -> None:
    for pair in filter(None, (key or "").split(";")):
        name, _, value = pair.partition("=")
        _sub(parent, "dimension", name=name, value=value)


def iati_activities(portfolio, reporting_ref: str, reporting_type: str, generated: dt.datetime) -> bytes:
    """The IATI activities file (UTF-8 XML bytes) of every programme of ``portfolio``; ``reporting_ref`` and
    ``reporting_type`` name the reporting organisation (IATI organisation identifier, OrganisationType code)."""
    root = etree.Element(
        "iati-activities", {"version": VERSION, "generated-datetime": generated.isoformat(timespec="seconds")},
        nsmap={PREFIX: NAMESPACE},
    )  # fmt: skip
    writer = _Writer(portfolio, reporting_ref, reporting_type, generated.date())
    for programme in portfolio.programmes.itertuples():
        writer.activity(root, programme)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _Writer:
    def __init__(self, portfolio, ref: str, kind: str, today: dt.date) -> None:
        self.p = portfolio
        self.ref, self.kind, self.today = ref, kind, today

    def activity(self, root, prog) -> None:
        ident = prog.programme
        claims = self.p.claims[self.p.claims["programme"] == ident]
        values = self.p.values[self.p.values["programme"] == ident]
        act = _sub(root, "iati-activity", **{"default-currency": prog.currency or None, "hierarchy": "1"})
        act.set(_XML_LANG, "en")
        _keep(act, source=prog.source, quote=prog.quote, partners=tuple(prog.partners))
        etree.SubElement(act, "iati-identifier").text = ident
        _sub(_sub(act, "reporting-org", ref=self.ref, type=self.kind), "narrative").text = FUND
        title = prog.title or ident
        _sub(act, "title", title)
        _sub(act, "description", f"{title}: a programme of the {FUND} (programme id {ident}).", type="1")
        self._organisations(act, prog)
        _sub(act, "activity-status", code=STATUS_CODES.get(prog.status or "", "1"))
        start = _day(prog.start) or self._earliest(claims, values)
        _sub(act, "activity-date", type="1", iso_date=start)
        end = _day(prog.end) or self._end(start, prog.duration_months)
        if end:
            _sub(act, "activity-date", type="3", iso_date=end)
        if prog.scope in ACTIVITY_SCOPE:
            _sub(act, "activity-scope", code=ACTIVITY_SCOPE[prog.scope])
        self._places(act, prog)
        self._tags(act, ident)
        if not pd.isna(prog.budget_cents) and end:
            budget = _sub(act, "budget", type="1", status="1")
            _sub(budget, "period-start", iso_date=start)
            _sub(budget, "period-end", iso_date=end)
            amount = f"{Decimal(int(prog.budget_cents)) / 100:.2f}"
            _sub(budget, "value", currency=prog.currency, value_date=start).text = amount
        results = self.p.results[self.p.results["programme"] == ident]
        indicators = self.p.indicators[self.p.indicators["programme"] == ident]
        bare = []
        for result in results.itertuples():
            mine = indicators[indicators["result"] == result.result]
            if mine.empty:
                bare.append(result)
            else:
                self._result(act, result, mine, start)
        self._extension(act, ident, claims, bare)

    # -- activity ------------------------------------------------------------------------------------------
    def _organisations(self, act, prog) -> None:
        _sub(_sub(act, "participating-org", ref=self.ref, role="1", type=self.kind), "narrative").text = FUND
        for role, names in (("1", prog.donors), ("4", prog.organizations), ("2", prog.partners)):
            for name in names:
                _sub(_sub(act, "participating-org", role=role), "narrative").text = name

    def _earliest(self, claims, values) -> str:
        """The planned start of a programme no source dates: the earliest date a source or a value gives."""
        days = [*claims["as_of"].dropna(), *values["period_start"].dropna(), *values["period_end"].dropna()]
        return min(days).date().isoformat() if days else self.today.isoformat()

    @staticmethod
    def _end(start: str, months) -> str | None:
        if months is None or pd.isna(months):
            return None
        return (pd.Timestamp(start) + pd.DateOffset(months=int(months)) - pd.Timedelta(days=1)).date().isoformat()

    def _places(self, act, prog) -> None:
        from mptf.frameworks.countries import alpha2

        for code in prog.countries:
            if alpha2(code):
                _sub(act, "recipient-country", code=alpha2(code))
        for code in prog.regions:
            if str(code).isdigit():
                _sub(act, "recipient-region", code=str(code), vocabulary="2")

    def _tags(self, act, ident: str) -> None:
        links = self.p.links[(self.p.links["programme"] == ident) & (self.p.links["kind"] == "programme")]
        for link in links.itertuples():
            if link.framework == "sdg":
                _sub(act, "tag", link.cited_title or None, vocabulary="3", code=link.ref)
            else:
                tag = _sub(act, "tag", vocabulary="99", vocabulary_uri=GCM_VOCABULARY_URI, code=f"GCM-{link.ref}")
                etree.SubElement(tag, "narrative").text = link.cited_title or f"GCM objective {link.ref}"

    def _extension(self, act, ident: str, claims, bare) -> None:
        for claim in claims.itertuples():
            element = etree.SubElement(act, _q("claim"))
            value = claim.value
            currency = getattr(value, "currency", None)
            value = f"{value.amount:f}" if currency else value
            if isinstance(value, dt.date):
                value = value.isoformat()
            _keep(element, field=claim.field, value=json.dumps(value if not isinstance(value, tuple) else list(value)))
            _keep(element, source=claim.source, quote=claim.quote, as_of=claim.as_of, currency=currency)
        for link in self.p.links[self.p.links["programme"] == ident].itertuples():
            element = etree.SubElement(act, _q("link"))
            _keep(element, item=link.item, kind=link.kind, framework=link.framework, ref=link.ref)
            _keep(element, title=link.cited_title, share=link.share, source=link.source, quote=link.quote)
        for stat in self.p.context[self.p.context["programme"] == ident].itertuples():
            element = etree.SubElement(act, _q("context"))
            _keep(element, statistic=stat.statistic, value=stat.text, unit=stat.unit, year=stat.year)
            _keep(element, place=stat.place, note=stat.note, source=stat.source, quote=stat.quote)
        for result in bare:
            element = etree.SubElement(act, _q("result"))
            _keep(element, id=result.result, level=result.level, title=result.title)
            self._result_fields(element, result)

    # -- results -------------------------------------------------------------------------------------------
    @staticmethod
    def _result_fields(element, result) -> None:
        _keep(element, parent=result.parent, declared_parent=result.declared_parent, editorial=result.editorial)
        _keep(element, source=result.source, quote=result.quote)

    def _result(self, act, result, indicators, start: str) -> None:
        measured = any(m in ("count", "percentage", "currency") for m in indicators["measure"])
        element = _sub(act, "result", type=TYPE_OF_LEVEL.get(result.level or "", "9"))
        element.set("aggregation-status", "1" if measured else "0")
        _keep(element, id=result.result, level=result.level)
        if result.title is None:
            _keep(element, title=None)
        self._result_fields(element, result)
        _sub(element, "title", result.title or result.result)
        for ind in indicators.itertuples():
            self._indicator(element, ind, start)

    def _indicator(self, parent, ind, start: str) -> None:
        element = _sub(parent, "indicator", measure=MEASURE_CODES.get(ind.measure or "", "1"))
        if ind.direction_given and ind.direction in ("increase", "decrease"):
            element.set("ascending", "1" if ind.direction == "increase" else "0")
        element.set("aggregation-status", "1" if ind.measure in ("count", "percentage", "currency") else "0")
        _keep(element, id=ind.indicator, measure=ind.measure, measure_given=ind.measure_given)
        _keep(element, direction=ind.direction if ind.direction_given else None, direction_given=ind.direction_given)
        _keep(element, unit=ind.unit, scale=tuple(ind.scale), currency=ind.currency, series=ind.series)
        _keep(element, resets=ind.resets, unique=ind.unique, disaggregation=tuple(ind.disaggregation))
        _keep(element, common=ind.common, source=ind.source, quote=ind.quote)
        if ind.name is None:
            _keep(element, name=None)
        _sub(element, "title", ind.name or ind.indicator)
        if ind.baseline_text is not None or not pd.isna(ind.baseline_date):
            day = _day(ind.baseline_date)
            year = str(pd.Timestamp(day or start).year)
            baseline = _sub(element, "baseline", year=year, iso_date=day)
            figure = self._figure(ind, ind.baseline_value, ind.baseline_text)
            if figure is not None:
                baseline.set("value", figure)
            _keep(baseline, text=ind.baseline_text, date=day)
        self._periods(element, ind, start)

    def _figure(self, ind, value, text) -> str | None:
        """The IATI @value of a figure: its number (an ordinal level: its place on the scale, from 1); None
        when the indicator is qualitative or the figure has no number."""
        if ind.measure == "qualitative":
            return None
        if ind.measure == "ordinal":
            return str(list(ind.scale).index(text) + 1) if text in tuple(ind.scale) else None
        return None if value is None or pd.isna(value) else _number(value)

    def _periods(self, element, ind, start: str) -> None:
        mine = self.p.values[
            (self.p.values["programme"] == ind.programme) & (self.p.values["indicator"] == ind.indicator)
        ]
        targets = self.p.targets[
            (self.p.targets["programme"] == ind.programme) & (self.p.targets["indicator"] == ind.indicator)
        ]
        periods: dict[tuple[str, str], dict[str, list]] = {}
        loose_targets, loose_values = [], []
        for row in mine.itertuples():
            end = _day(row.period_end)
            figure = self._figure(ind, row.value, row.text)
            if end is None or (figure is None and ind.measure in _MEASURED):
                loose_values.append(row)
                continue
            key = (_day(row.period_start) or min(start, end), end)  # no start: since the programme began
            periods.setdefault(key, {"target": [], "actual": []})["actual"].append(row)
        whole = {_day(t.date): t.value for t in targets.itertuples() if not t.group and not t.share}
        for row in targets.itertuples():
            end = _day(row.date)
            figure = self._target_figure(ind, row, whole.get(end))
            if end is None or (figure is None and ind.measure in _MEASURED):
                loose_targets.append(row)
                continue
            key = next((k for k in periods if k[1] == end), (min(start, end), end))
            periods.setdefault(key, {"target": [], "actual": []})["target"].append(row)
        for (first, last), rows in sorted(periods.items()):
            period = _sub(element, "period")
            _sub(period, "period-start", iso_date=first)
            _sub(period, "period-end", iso_date=last)
            for row in rows["target"]:
                self._target(period, "target", ind, row, whole.get(last))
            for row in rows["actual"]:
                self._actual(period, "actual", ind, row)
        for row in loose_targets:
            self._target(element, _q("target"), ind, row, None)
        for row in loose_values:
            self._actual(element, _q("actual"), ind, row)

    def _target_figure(self, ind, row, total) -> str | None:
        if row.share:  # a group's share of the whole: the count it means, when the whole has a target then
            return None if total is None or pd.isna(total) else _number(total * row.value / 100)
        return self._figure(ind, row.value, row.text)

    def _target(self, parent, tag: str, ind, row, total) -> None:
        element = _sub(parent, tag)
        figure = self._target_figure(ind, row, total)
        if tag == "target":
            if figure is not None:
                element.set("value", figure)
            _dims(element, row.group)
        # a target, like an actual, takes no attribute of another namespace: the extension is a child element
        store = etree.SubElement(element, _q("row")) if tag == "target" else element
        _keep(store, text=row.text, date=row.date, group=row.group, share=row.share)
        _keep(store, source=row.source, quote=row.quote)

    def _actual(self, parent, tag: str, ind, row) -> None:
        element = _sub(parent, tag)
        figure = self._figure(ind, row.value, row.text)
        if tag == "actual":
            if figure is not None:
                element.set("value", figure)
            _dims(element, row.disaggregation)
            comment = row.text if ind.measure == "qualitative" else row.note
            if comment:
                _sub(element, "comment", comment)
        # schema 2.03 allows no attribute of another namespace on an actual: the extension is a child element
        store = etree.SubElement(element, _q("row")) if tag == "actual" else element
        _keep(store, text=row.text, start=row.period_start, note=row.note)
        if tag != "actual":
            _keep(store, end=row.period_end)
        _keep(store, numerator=row.numerator, denominator=row.denominator, source=row.source, quote=row.quote)

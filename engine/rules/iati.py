"""IATI conformance of an activities file: the 2.03 activity schema, and the results rules of the IATI ruleset.

The ruleset (IATI-Rulesets ``standard.json``, version 2.03) states each rule as XPath over the XML; the results
rules are copied here as data (:data:`RESULTS_RULES`, a test compares them with the ruleset) and evaluated with
lxml's XPath 1.0, as the IATI Validator does. A file read into the model is also judged by the engine's own rules,
which cover most results rules on the model (``docs/rules.md``: 8.6.1 ``end-before-start``, 8.8.1
``baseline-without-value``, ...); :data:`ON_IMPORT` are the rules only the XML can show, checked when a file is
read. A written file must pass the schema and every results rule (:func:`export_findings`).

Source: IATI/IATI-Schemas (version-2.03) and IATI/IATI-Rulesets (version-2.03); the schema ships in
``frameworks/data/iati`` (CC BY 4.0, "IATI Standard (http://iatistandard.org/)").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lxml import etree

from mptf.engine.findings import Findings, Loc
from mptf.engine.reading.iati_xml import local, safe_parser
from mptf.indicators.iati import VERSION

__all__ = ["ON_IMPORT", "RESULTS_RULES", "Rule", "conformance", "export_findings", "ruleset", "schema_errors"]

_INDICATOR = "/iati-activities/iati-activity/result/indicator"
_MEASURED = f"{_INDICATOR}[@measure='1' or @measure='2' or @measure='3' or @measure='4']"
_QUALITATIVE = f"{_INDICATOR}[@measure='5']"
_NUMBER = "number(@value) = @value"


@dataclass(frozen=True)
class Rule:
    """One ruleset case: its id, severity, context (XPath), kind (the ruleset's test name) and test, and the
    ruleset's message."""

    id: str
    severity: str
    context: str
    kind: str  # atleast_one, if_then, date_order, no_more_than_one
    test: tuple[str, ...]  # atleast_one/no_more_than_one: paths; if_then: (if, then); date_order: (less, more)
    message: str


RESULTS_RULES: tuple[Rule, ...] = (
    Rule("8.6.1", "error", f"{_INDICATOR}/period", "date_order", ("period-start/@iso-date", "period-end/@iso-date"),
         "The start date of the indicator period must be before the end date of the indicator period."),
    Rule("8.8.1", "error", f"{_MEASURED}/baseline", "atleast_one", ("@value",),
         "The baseline must have a value when the indicator measure is non-qualitative."),
    Rule("8.8.2", "warning", f"{_MEASURED}/baseline", "if_then", ("@value", _NUMBER),
         "The baseline value should be a valid number for all non-qualitative measures."),
    Rule("8.8.3", "warning", f"{_QUALITATIVE}/baseline", "if_then", ("@value", "not(@value)"),
         "The baseline value should be omitted for qualitative measures."),
    Rule("8.9.1", "error", f"{_MEASURED}/period/target", "atleast_one", ("@value",),
         "The target must have a value when indicator measure is non-qualitative."),
    Rule("8.9.2", "warning", f"{_MEASURED}/period/target", "if_then", ("@value", _NUMBER),
         "The target value should be a valid number for all non-qualitative measures."),
    Rule("8.9.3", "warning", f"{_QUALITATIVE}/period/target", "if_then", ("@value", "not(@value)"),
         "The target value should be omitted for qualitative measures."),
    Rule("8.10.1", "error", f"{_MEASURED}/period/actual", "atleast_one", ("@value",),
         "The actual must have a value when the indicator measure is non-qualitative."),
    Rule("8.10.2", "warning", f"{_MEASURED}/period/actual", "if_then", ("@value", _NUMBER),
         "The actual value should be a valid number for all non-qualitative indicator measures."),
    Rule("8.10.3", "warning", f"{_QUALITATIVE}/period/actual", "if_then", ("@value", "not(@value)"),
         "The actual value should be omitted for qualitative indicator measures."),
    Rule("8.11.1", "error", _INDICATOR, "no_more_than_one", ("reference[1]", "../reference[1]"),
         "A reference code must only be declared at result OR result indicator level."),
)  # fmt: skip
#: The results rules checked on the XML when a file is read: the model keeps no result or indicator reference.
ON_IMPORT: tuple[str, ...] = ("8.11.1",)
#: Versions read against the 2.03 schema with its errors as warnings: 2.03 only tightened them.
_OLDER = ("2.01", "2.02")


def _fails(rule: Rule, element) -> bool:
    if rule.kind == "atleast_one":
        return not any(element.xpath(f"boolean({path})") for path in rule.test)
    if rule.kind == "if_then":
        return bool(element.xpath(f"boolean({rule.test[0]})")) and not element.xpath(f"boolean({rule.test[1]})")
    if rule.kind == "date_order":
        less, more = (element.xpath(f"string({path})") for path in rule.test)
        return bool(less and more) and less > more
    if rule.kind == "no_more_than_one":
        return sum(len(element.xpath(path)) for path in rule.test) > 1
    raise ValueError(rule.kind)


def ruleset(tree, ids: tuple[str, ...] | None = None) -> list[tuple[Rule, int | None]]:
    """Every failure of the results rules (only ``ids``, if given) in ``tree``: (rule, line of the element)."""
    return [
        (rule, element.sourceline)
        for rule in RESULTS_RULES
        if ids is None or rule.id in ids
        for element in tree.xpath(rule.context)
        if _fails(rule, element)
    ]


@cache
def _schema() -> etree.XMLSchema:
    from mptf.frameworks._data import data_path

    return etree.XMLSchema(etree.parse(str(data_path("iati/iati-activities-schema.xsd")), safe_parser()))


def schema_errors(tree) -> list[tuple[int | None, str]]:
    """The 2.03 activity schema's errors in ``tree``: (line, libxml2's message)."""
    schema = _schema()
    if schema.validate(tree):
        return []
    return [(e.line or None, e.message) for e in schema.error_log]


def _add_rule_findings(failures, label: str, findings: Findings) -> None:
    for rule, line in failures:
        findings.add(
            "iati-rule", Loc(file=label, line=line), severity=rule.severity, rule=rule.id, requirement=rule.message
        )


def conformance(tree, label: str, findings: Findings) -> bool:
    """Check a file about to be read: an ``iati-activities`` root not of version 1.0x (else ``not-iati``, fatal:
    False), the 2.03 schema (``iati-schema``; a warning for a 2.01 or 2.02 file) and the rules of
    :data:`ON_IMPORT` (``iati-rule``)."""
    root = tree.getroot()
    loc = Loc(file=label, line=root.sourceline)
    version = root.get("version") or ""
    if local(root) != "iati-activities" or root.tag.startswith("{"):
        inside = (
            " (it wraps an <iati-activities> element: an API response?)"
            if root.find(".//iati-activities") is not None
            else ""
        )
        findings.add("not-iati", loc, what=f"its root element is <{local(root)}>, not <iati-activities>{inside}")
        return False
    if version.startswith("1."):
        findings.add("not-iati", loc, what=f"it is IATI version {version}; 2.01 to 2.03 are read")
        return False
    severity = "warning" if version in _OLDER else "error"
    for line, message in schema_errors(tree):
        findings.add("iati-schema", Loc(file=label, line=line), severity=severity, version=version, error=message)
    _add_rule_findings(ruleset(tree, ON_IMPORT), label, findings)
    return True


def export_findings(tree, label: str) -> Findings:
    """What keeps a written file from conforming: schema errors and every failing results rule."""
    findings = Findings()
    for line, message in schema_errors(tree):
        findings.add("iati-schema", Loc(file=label, line=line), version=VERSION, error=message)
    _add_rule_findings(ruleset(tree), label, findings)
    return findings

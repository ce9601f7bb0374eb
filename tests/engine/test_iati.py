"""IATI activities files read into the model: the Standard's schema tests, its annotated example, the ruleset's
results rules, codes outside their codelists, unsafe XML, and real publishers' files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mptf.engine.reading.iati_xml import safe_parser
from mptf.engine.reading.load import load_portfolio
from mptf.engine.rules.checks import check_portfolio
from mptf.engine.rules.iati import RESULTS_RULES, ruleset

IATI = Path("reference/iati")


def _files(shared: Path, kind: str) -> list[Path]:
    root = shared / IATI / "schema-tests"
    return sorted(p for p in root.rglob("*.xml") if kind in p.relative_to(root).parts)


def test_every_should_pass_file_is_read(shared):
    files = _files(shared, "should-pass")
    assert len(files) > 100
    for file in files:
        p = load_portfolio(file)
        found = p.load_findings
        assert not (found["severity"] == "fatal").any(), (file, found.to_dict("records"))
        assert "iati-schema" not in set(found["code"]), (file, found[found.code == "iati-schema"].message.tolist())
        assert len(p.programmes) >= 1, file


def test_every_should_fail_file_is_flagged_with_its_line(shared):
    files = _files(shared, "should-fail")
    assert len(files) > 100
    for file in files:
        found = load_portfolio(file).load_findings
        schema = found[found["code"] == "iati-schema"]
        assert not schema.empty, (file, found.to_dict("records"))
        assert schema["severity"].eq("error").all()
        assert schema["line"].notna().all() and (schema["line"] > 1).all(), file


def test_missing_indicator_measure_is_named_at_its_line(shared):
    file = shared / IATI / "schema-tests/activity-tests/should-fail/result/05-missing-attribute-indicator-measure.xml"
    found = load_portfolio(file).load_findings
    row = found[found["code"] == "iati-schema"].iloc[0]
    assert row["line"] == 23
    assert "The attribute 'measure' is required but missing" in row["message"]


def _errors(portfolio) -> list[tuple[str, str]]:
    rows = check_portfolio(portfolio).to_dict("records")  # the load findings included
    return [(r["code"], r["message"]) for r in rows if r["severity"] in ("error", "fatal")]


def test_annotated_example_fails_rule_8_11_1_and_nothing_else(shared):
    from mptf.engine.rules.validate import validate

    file = shared / IATI / "iati-extra-documentation/activity-standard-example-annotated.xml"
    p = load_portfolio(file)
    assert _errors(p) == [
        ("iati-rule", "IATI rule 8.11.1: A reference code must only be declared at result OR result indicator level.")
    ]
    validated = validate(None, str(file))
    errors = validated.findings[validated.findings["severity"].isin(["error", "fatal"])]
    assert errors.empty, errors.to_dict("records")
    # what was read: one indicator (measure 1, ascending), baseline 10 dated 2012-01-01, target 10 and actual 11
    ind = p.indicators.iloc[0]
    assert (ind.measure, ind.direction, ind.baseline_value) == ("count", "increase", 10.0)
    assert str(ind.baseline_date.date()) == "2012-01-01"
    assert p.targets[["value", "group"]].values.tolist() == [[10.0, "age=adult;sex=female"]]
    assert p.values[["value", "disaggregation"]].values.tolist() == [[11.0, "age=adult;sex=female"]]
    assert p.values["line"].iloc[0] == 416  # the <actual> element


def test_results_rules_are_the_rulesets(shared):
    """The rules copied into the engine are the ruleset's: every results case, with its id, severity and test."""
    data = json.loads((shared / IATI / "iati-rulesets/standard.json").read_text(encoding="utf-8"))
    theirs = set()
    for context, tests in data.items():
        for kind, spec in tests.items():
            for case in spec["cases"]:
                rid = case.get("ruleInfo", {}).get("id", "")
                if not rid.startswith("8.") or "/result" not in context:
                    continue
                test = {
                    "atleast_one": lambda c: tuple(c["paths"]),
                    "no_more_than_one": lambda c: tuple(c["paths"]),
                    "if_then": lambda c: (c["if"], c["then"]),
                    "date_order": lambda c: (c["less"], c["more"]),
                }[kind](case)
                theirs.add((rid, case["ruleInfo"]["severity"], context, kind, test))
    ours = {(r.id, r.severity, r.context, r.kind, r.test) for r in RESULTS_RULES}
    assert ours == theirs


ACTIVITY = """\
<iati-activities version="2.03">
 <iati-activity>
  <iati-identifier>XM-TEST-1</iati-identifier>
  <reporting-org ref="XM-TEST" type="40"><narrative>Test</narrative></reporting-org>
  <title><narrative>Test activity</narrative></title>
  <description><narrative>Test</narrative></description>
  <participating-org role="1" ref="XM-TEST"/>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2020-01-01"/>
  <recipient-country code="TJ"/>
  <result type="{type}">
   <title><narrative>A result</narrative></title>{result_ref}
   <indicator measure="{measure}" ascending="1">
    <title><narrative>People reached</narrative></title>{indicator_ref}
    <baseline year="2020" iso-date="2020-01-01"{baseline}/>
    <period>
     <period-start iso-date="{start}"/>
     <period-end iso-date="2020-12-31"/>
     <target{target}/>
     <actual{actual}/>
    </period>
   </indicator>
  </result>
 </iati-activity>
</iati-activities>
"""
_REF = '\n    <reference vocabulary="99" code="B1"/>'


def _activity(**changes: str) -> str:
    fields = dict(type="1", measure="1", baseline=' value="10"', target=' value="20"', actual=' value="15"')
    fields |= dict(start="2020-01-01", result_ref="", indicator_ref="") | changes
    return ACTIVITY.format(**fields)


#: For each results rule: an activity that fails it, and the code the engine gives the failure on import.
RULE_CASES = {
    "8.6.1": (dict(start="2021-06-30"), "end-before-start"),
    "8.8.1": (dict(baseline=""), "baseline-without-value"),
    "8.8.2": (dict(baseline=' value="N/A"'), "bad-number"),
    "8.8.3": (dict(measure="5", target="", actual=""), "number-on-qualitative"),
    "8.9.1": (dict(target=""), "missing-field"),
    "8.9.2": (dict(target=' value="twenty"'), "bad-number"),
    "8.9.3": (dict(measure="5", baseline="", actual=""), "number-on-qualitative"),
    "8.10.1": (dict(actual=""), "missing-field"),
    "8.10.2": (dict(actual=' value="fifteen"'), "text-on-numeric"),
    "8.10.3": (dict(measure="5", baseline="", target=""), "number-on-qualitative"),
    "8.11.1": (dict(result_ref=_REF, indicator_ref=_REF), "iati-rule"),
}


def test_a_clean_activity_fails_no_rule(write):
    from lxml import etree

    path = write(_activity(), "a.xml")
    assert ruleset(etree.parse(str(path), safe_parser())) == []
    p = load_portfolio(path)
    assert _errors(p) == []
    assert p.values["value"].tolist() == [15.0] and p.targets["value"].tolist() == [20.0]


@pytest.mark.parametrize("rule", sorted(RULE_CASES))
def test_each_results_rule_fails_on_its_case_and_the_engine_says_so(rule, write):
    from lxml import etree

    from mptf.engine.rules.validate import validate

    changes, code = RULE_CASES[rule]
    path = write(_activity(**changes), "a.xml")
    failed = [r.id for r, _ in ruleset(etree.parse(str(path), safe_parser()))]
    assert rule in failed
    p = load_portfolio(path)
    found = [p.load_findings, check_portfolio(p), validate(None, str(path)).findings]
    rows = [r for frame in found for r in frame.to_dict("records")]
    mine = [r for r in rows if r["code"] == code]
    assert mine, (rule, [(r["code"], r["message"]) for r in rows])
    assert all(r["file"] == str(path) and r["line"] for r in mine)


def test_codes_outside_their_codelists_are_findings_and_give_no_progress(write):
    from mptf.engine.rollup.progress import progress

    path = write(_activity(measure="Unit", type="output", actual=' value="N/A"'), "a.xml")
    p = load_portfolio(path)
    found = p.load_findings
    unknown = found[found["code"] == "unknown-value"]
    assert sorted(unknown["column"]) == ["measure", "type"]
    assert {"'measure' is 'Unit',", "'type' is 'output',"} <= {m.split(" not")[0] for m in unknown["message"]}
    assert unknown["line"].notna().all()
    assert p.indicators["measure"].tolist() == [None]
    assert p.results["level"].tolist() == [None]
    rows = progress(p)
    assert rows["progress"].isna().all()


def test_text_actual_gives_no_progress(write):
    from mptf.engine.rollup.progress import progress

    p = load_portfolio(write(_activity(actual=' value="N/A"'), "a.xml"))
    assert p.values["value"].isna().all()
    assert progress(p)["progress"].isna().all()
    done = progress(load_portfolio(write(_activity(), "b.xml")))
    assert done["progress"].notna().all()


def test_unsafe_and_broken_xml_are_refused_with_their_line(write):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n]>\n<iati-activities>&lol;</iati-activities>\n'
    )
    found = load_portfolio(write(bomb, "bomb.xml")).load_findings
    assert found[["severity", "code", "line"]].values.tolist() == [["fatal", "unsafe-xml", 2]]
    broken = _activity().replace("</title>", "", 1)
    found = load_portfolio(write(broken, "broken.xml")).load_findings
    assert found[["severity", "code"]].values.tolist() == [["fatal", "xml-syntax"]]
    assert found["line"].iloc[0] > 1


def test_a_wrapped_or_version_1_file_is_not_read(write):
    wrapped = "<result><ok>True</ok>" + _activity() + "</result>"
    found = load_portfolio(write(wrapped, "w.xml")).load_findings
    assert found["code"].tolist() == ["not-iati"] and "wraps an <iati-activities>" in found["message"].iloc[0]
    old = _activity().replace('version="2.03"', 'version="1.05"')
    assert load_portfolio(write(old, "old.xml")).load_findings["code"].tolist() == ["not-iati"]


PUBLISHED = [
    "NEG-dfid-v1-api-wrapper-root-result.xml",
    "NEG-spain-maec-v201-no-results.xml",
    "foodsecurity-mixed-dportal.xml",
    "ifc-dportal_126.xml",
    "nlrc-rvo-dportal_31.xml",
    "oxfamnovib-decp-dportal_30.xml",
    "sida-qualitative-dportal_40.xml",
    "undp-dportal_100.xml",
    "unwomen-fao-v202-dportal_115.xml",
]


@pytest.mark.parametrize("name", PUBLISHED)
def test_published_files_are_read_and_every_finding_is_located(name, shared):
    from mptf.engine.rules.validate import validate

    file = shared / IATI / "published" / name
    p = load_portfolio(file)
    findings = [p.load_findings, check_portfolio(p), validate(None, str(file)).findings]
    for frame in findings:
        assert (frame["file"] == str(file)).all(), name
        assert frame["line"].notna().all(), frame[frame["line"].isna()].to_dict("records")[:3]
    if name.startswith("NEG-dfid"):
        assert p.load_findings["code"].tolist() == ["not-iati"]
    elif name.startswith("NEG-spain"):
        assert len(p.programmes) == 83 and p.results.empty
    else:
        assert len(p.results) > 0 and len(p.indicators) > 0


def test_sida_qualitative_indicators_are_read_without_numbers(shared):
    p = load_portfolio(shared / IATI / "published/sida-qualitative-dportal_40.xml")
    assert len(p.indicators) == 100
    assert set(p.indicators["measure"]) == {"qualitative"}
    assert p.targets.empty and p.values.empty


def test_undp_periods_read_as_targets_and_values(shared):
    p = load_portfolio(shared / IATI / "published/undp-dportal_100.xml")
    assert len(p.indicators) == 82
    assert set(p.indicators["measure"]) == {"count"}
    assert set(p.indicators["direction"]) == {"decrease"}  # ascending="0" on every indicator


def test_doc_activity_is_valid_iati(write):
    """The test activity is itself schema-valid: each rule case fails its rule, not the schema."""
    from lxml import etree

    from mptf.engine.rules.iati import schema_errors

    for rule, (changes, _) in RULE_CASES.items():
        tree = etree.parse(str(write(_activity(**changes), "a.xml")), safe_parser())
        assert schema_errors(tree) == [], rule


def test_a_falling_percentage_gets_a_progress_status(write):
    """A percentage figure with no counts has no bound (a median); its target is still judged, downwards too."""
    from mptf.engine.rollup.progress import progress

    path = write(_activity(measure="2").replace('ascending="1"', 'ascending="0"'), "a.xml")
    row = progress(load_portfolio(path)).iloc[0]
    assert (row["direction"], row["actual"], row["target"]) == ("decrease", 15.0, 20.0)
    assert row["status"] == "achieved"

"""One failing example per integrity rule of ``mptf check``, each small enough to check by eye."""

import textwrap

import pytest

from mptf.engine.findings import exit_code
from mptf.engine.reading.load import load_portfolio
from mptf.engine.rules.checks import check_portfolio

HEAD = """
id: {pid}
countries: [TJK]
thematic_area: 2
status: funded
budget: 1000000
"""


def programme(pid: str = "p", body: str = "", head: str = HEAD) -> str:
    return head.format(pid=pid) + textwrap.dedent(body)


RESULT = """
results:
  - id: r
    level: outcome
    title: An outcome
    gcm: [7]
    indicators:
      - {id: i, name: People trained, measure: count, unit: people}
"""


def run(tmp_path, *texts: str):
    for n, text in enumerate(texts):
        (tmp_path / f"p{n}.yaml").write_text(text, encoding="utf-8")
    return check_portfolio(load_portfolio(tmp_path))


def codes(findings, severity=("fatal", "error", "warning")):
    return sorted(findings.loc[findings["severity"].isin(severity), "code"])


def test_a_clean_programme_has_no_findings(tmp_path):
    findings = run(tmp_path, programme(body=RESULT))
    assert findings.empty, findings.to_string()
    assert exit_code(findings) == 0


def test_duplicate_indicator_ids_across_programmes(tmp_path):
    findings = run(tmp_path, programme("a", RESULT), programme("b", RESULT.replace("id: r", "id: r2")))
    assert codes(findings) == ["duplicate-id"]
    assert exit_code(findings) == 1


def test_unknown_thematic_area(tmp_path):
    findings = run(tmp_path, programme(body=RESULT).replace("thematic_area: 2", "thematic_area: 6"))
    assert codes(findings) == ["unknown-thematic-area"]


def test_unknown_country(tmp_path):
    findings = run(tmp_path, programme(body=RESULT).replace("[TJK]", "[TJK, XYZ]"))
    row = findings[findings["code"] == "unknown-country"].iloc[0]
    assert "'XYZ'" in row["message"] and row["line"] == 3


def test_unknown_parent_and_its_orphan(tmp_path):
    body = (
        RESULT
        + """
  - id: child
    level: output
    title: An output
    parent: nowhere
"""
    )
    findings = run(tmp_path, programme(body=body))
    assert codes(findings) == ["orphan", "unknown-parent"]
    assert set(findings.loc[findings["code"] == "orphan", "item"]) == {"child"}


def test_cycle_of_results(tmp_path):
    body = (
        RESULT
        + """
  - {id: x, level: outcome, title: X, parent: y}
  - {id: y, level: outcome, title: Y, parent: x}
"""
    )
    findings = run(tmp_path, programme(body=body))
    assert codes(findings) == ["cycle", "orphan", "orphan"]
    cycle = findings[findings["code"] == "cycle"].iloc[0]["message"]
    assert "x → y → x" in cycle or "y → x → y" in cycle


def test_wrong_nesting_declared_parent(tmp_path):
    body = """
results:
  - id: a
    level: outcome
    title: A
    indicators: [{id: i, name: n, measure: count, unit: people}]
  - id: b
    level: outcome
    title: B
    results:
      - {id: b1, level: output, title: B1, parent: a}
"""
    findings = run(tmp_path, programme(body=body))
    row = findings[findings["code"] == "wrong-nesting"].iloc[0]
    assert "declares parent 'a' but is nested under 'b'" in row["message"]


def test_wrong_nesting_by_id(tmp_path):
    body = """
results:
  - id: p.o1
    level: outcome
    title: O1
    indicators: [{id: p.o1.i, name: n, measure: count, unit: people}]
  - id: p.o2
    level: outcome
    title: O2
    indicators: [{id: p.o1.j, name: n, measure: count, unit: people}]
"""
    findings = run(tmp_path, programme(body=body))
    assert codes(findings) == ["wrong-nesting"]
    assert findings.iloc[0]["item"] == "p.o1.j"


def test_wrong_nesting_by_level(tmp_path):
    body = """
results:
  - id: out
    level: output
    title: An output
    results:
      - {id: oc, level: outcome, title: An outcome, indicators: [{id: i, name: n, measure: count, unit: people}]}
"""
    findings = run(tmp_path, programme(body=body))
    assert codes(findings) == ["wrong-nesting"]
    assert "a output cannot hold a outcome" in findings.iloc[0]["message"]


def test_programme_without_indicators(tmp_path):
    findings = run(tmp_path, programme(body=""))
    assert codes(findings) == ["no-indicators"]
    pipeline = run(tmp_path, programme(body="").replace("status: funded", "status: concept note approved"))
    assert codes(pipeline, ("info",)).count("no-indicators") == 1


def test_indicator_without_unit_or_measure(tmp_path):
    findings = run(tmp_path, programme(body=RESULT.replace(", measure: count, unit: people", "")))
    assert codes(findings) == ["no-measure"]
    findings = run(tmp_path, programme(body=RESULT.replace(", unit: people", "")))
    assert codes(findings) == ["no-unit"]


def test_thematic_area_and_gcm_mismatch_says_the_mapping_is_unconfirmed(tmp_path):
    findings = run(tmp_path, programme(body=RESULT.replace("gcm: [7]", "gcm: [6]")))
    row = findings[findings["code"] == "area-gcm-mismatch"].iloc[0]
    assert row["severity"] == "warning" and "unconfirmed" in row["message"]
    assert exit_code(findings) == 0


def test_cross_cutting_objective_23_fits_every_area(tmp_path):
    assert run(tmp_path, programme(body=RESULT.replace("gcm: [7]", "gcm: [23]"))).empty


def test_gcm_number_cited_with_another_objectives_title(tmp_path):
    body = RESULT.replace(
        "gcm: [7]",
        'gcm: [{objective: 8, title: "Facilitate fair and ethical recruitment and '
        'safeguard conditions that ensure decent work"}]',
    )
    findings = run(tmp_path, programme(body=body))
    assert "gcm-title-mismatch" in codes(findings)
    row = findings[findings["code"] == "gcm-title-mismatch"].iloc[0]
    assert "title of objective 6" in row["message"]


def test_end_before_start(tmp_path):
    text = programme(body=RESULT) + "start: 2022-01-01\nend: 2021-12-31\n"
    assert codes(run(tmp_path, text)) == ["end-before-start"]


def test_period_end_before_start(tmp_path):
    body = RESULT.replace("unit: people}", "unit: people, values: [{value: 5, start: 2023-02-01, end: 2023-01-01}]}")
    assert codes(run(tmp_path, programme(body=body))) == ["end-before-start"]


def test_budget_not_positive(tmp_path):
    assert codes(run(tmp_path, programme(body=RESULT).replace("budget: 1000000", "budget: 0"))) == [
        "budget-not-positive"
    ]


def test_conflicting_claims_name_both_values_and_sources(tmp_path):
    text = (
        programme(body=RESULT)
        + """
duration_months:
  - {value: 24, source: booklet.txt, quote: "DURATION (MONTHS) 24"}
  - {value: 31, source: leaflet.txt, quote: "Duration (Months) 31"}
"""
    )
    findings = run(tmp_path, text)
    assert codes(findings) == ["conflicting-claims"]
    message = findings.iloc[0]["message"]
    assert "24 (booklet.txt" in message and "31 (leaflet.txt" in message


def test_agreeing_claims_are_no_conflict_and_resolve(tmp_path):
    text = (
        programme(body=RESULT).replace("budget: 1000000\n", "")
        + """
budget:
  - {value: 1500000, source: booklet.txt}
  - {value: "1.500.000", source: leaflet.txt}
"""
    )
    (tmp_path / "p.yaml").write_text(text)
    portfolio = load_portfolio(tmp_path / "p.yaml")
    assert check_portfolio(portfolio).empty
    assert portfolio.programmes.iloc[0]["budget_cents"] == 150_000_000


def test_conflicting_values_for_one_indicator_and_date(tmp_path):
    body = RESULT.replace(
        "unit: people}",
        "unit: people, values: [{value: 125750, end: 2023-09-30, source: a}, "
        "{value: 125800, end: 2023-09-30, source: b}]}",
    )
    findings = run(tmp_path, programme(body=body))
    assert codes(findings) == ["conflicting-values"]
    assert "125,750 (a) vs 125,800 (b)" in findings.iloc[0]["message"]


def test_status_history_is_not_a_conflict(tmp_path):
    text = (
        programme(body=RESULT).replace("status: funded\n", "")
        + """
status:
  - {value: concept note approved, as_of: 2021-06-30, source: booklet}
  - {value: funded, as_of: 2023-09-30, source: leaflet}
"""
    )
    findings = run(tmp_path, text)
    assert codes(findings, ("info",)) == ["status-history"]
    assert load_portfolio(tmp_path).programmes.iloc[0]["status"] == "funded"


def test_unknown_words_are_errors_with_suggestions(tmp_path):
    findings = run(tmp_path, programme(body=RESULT.replace("measure: count", "measure: cuont")))
    row = findings[findings["code"] == "unknown-value"].iloc[0]
    assert "did you mean 'count'" in row["message"]


def test_values_for_an_unknown_indicator(tmp_path):
    csv = "programme,indicator,period_end,value\np,nope,2023-09-30,5\n"
    (tmp_path / "values.csv").write_text(csv)
    pytest.importorskip("mptf.engine.reading.load_values")
    findings = run(tmp_path, programme(body=RESULT))
    assert codes(findings) == ["unknown-indicator"]


def test_unknown_thematic_area_and_gcm_are_said(tmp_path):
    text = programme(body=RESULT.replace("    gcm: [7]\n", "")).replace("thematic_area: 2\n", "")
    findings = run(tmp_path, text)
    assert codes(findings) == ["no-thematic-area"]
    assert codes(findings, ("info",)) == ["no-gcm-link"]


def test_a_programme_reaching_the_gcm_only_through_its_area_is_said(tmp_path):
    findings = run(tmp_path, programme(body=RESULT.replace("    gcm: [7]\n", "")))
    assert codes(findings, ("info",)) == ["gcm-through-area-only"]
    row = findings[findings["code"] == "gcm-through-area-only"].iloc[0]
    assert "objectives 2, 7, 8, 12, 13 only through thematic area 2" in row["message"]
    assert "unconfirmed" in row["message"]
    assert "gcm-through-area-only" not in set(run(tmp_path, programme(body=RESULT))["code"])  # a stated link


def test_missing_fields(tmp_path):
    body = RESULT.replace("    title: An outcome\n", "").replace("{id: i, name: People trained, ", "{id: i, ")
    findings = run(tmp_path, programme(body=body).replace("countries: [TJK]\n", ""))
    rows = findings[findings["code"] == "missing-field"]
    assert sorted(rows["column"]) == ["countries", "name", "title"]

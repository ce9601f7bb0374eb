"""Ids follow the documented syntax (``mptf.indicators.ids``): a programme, result or indicator id in YAML, in a
workbook or in a report that is a formula or holds a space is ``bad-id``, located, with a hint; IATI
identifiers pass."""

from builders import build, ind, prog

from mptf.engine.rules.checks import check_portfolio
from mptf.engine.rules.validate import validate
from mptf.reports.workbook import write_workbook

LINK = '=HYPERLINK("http://x","y")'


def bad_ids(findings):
    rows = findings[findings["code"] == "bad-id"]
    return sorted(zip(rows["column"], rows["message"], strict=True))


def test_bad_ids_in_yaml_are_located(tmp_path):
    doc = prog("XM-DAC-41114-PROJECT-00123", [ind("tjk flb", values=[5])])
    doc["results"].append({"id": LINK, "level": "outcome", "title": "T"})
    portfolio, _ = build(tmp_path, doc)
    found = bad_ids(portfolio.load_findings)
    assert found == [
        ("id", "indicator id 'tjk flb' is not an id: it holds ' '"),
        ("id", f"result id {LINK!r} is not an id: it starts with '='"),
    ]
    row = portfolio.load_findings[portfolio.load_findings["code"] == "bad-id"].iloc[0]
    assert row["severity"] == "error" and row["line"] and "letters, digits" in row["hint"]
    assert "bad-id" in set(check_portfolio(portfolio)["code"])


def test_bad_programme_id_in_a_workbook(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    portfolio, _ = build(src, prog("@cmd", [ind("@cmd.i", values=[5])]))
    assert [m for _, m in bad_ids(portfolio.load_findings)] == [
        "indicator id '@cmd.i' is not an id: it starts with '@'",
        "programme id '@cmd' is not an id: it starts with '@'",
        "result id '@cmd.r' is not an id: it starts with '@'",
    ]
    write_workbook(portfolio, tmp_path / "p.xlsx")
    from mptf.engine.reading.load import load_portfolio

    again = load_portfolio(tmp_path / "p.xlsx").load_findings
    found = again[again["code"] == "bad-id"]
    assert sorted(found["sheet"]) == ["indicators", "programme", "results"] and found["line"].notna().all()


def test_bad_ids_in_a_report_are_dropped_with_a_finding(tmp_path):
    report = tmp_path / "r.csv"
    report.write_text(
        "programme,indicator,period_end,value\n"
        f'"{LINK.replace(chr(34), chr(34) * 2)}",x.i,2023-12-31,5\n'
        "tjk-families-left-behind,+x,2023-12-31,5\n",
        encoding="utf-8",
    )
    findings = validate(report).findings
    assert [(f.code, int(f.line), f.column) for f in findings.itertuples()] == [
        ("bad-id", 2, "programme"),
        ("bad-id", 3, "indicator"),
    ]

"""``mptf export-iati`` and ``mptf import-iati``: conformant files, the same model back, every command on IATI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mptf.engine.cli.main import main
from mptf.engine.model import TABLES
from mptf.engine.reading.iati_xml import safe_parser
from mptf.engine.reading.load import load_portfolio
from mptf.engine.rules.iati import export_findings, ruleset, schema_errors

RICH = """\
id: rich
title: {value: Rich programme, source: doc.pdf, quote: "Rich programme"}
countries: [TJK, KGZ]
thematic_area: 2
status:
  - {value: concept note approved, source: a.pdf, as_of: 2021-06-30}
  - {value: funded, source: b.pdf, as_of: 2022-06-30}
budget:
  - {value: 1500000, currency: USD, source: a.pdf, quote: "USD 1.5 million"}
  - {value: 1600000, currency: USD, source: b.pdf}
start: 2022-01-01
end: 2024-12-31
organizations: [IOM, UNDP]
donors: [Germany]
scope: country
partners: [Ministry of Labour]
gcm: [{objective: 7, title: "Address and reduce vulnerabilities", share: 0.5}, 2]
sdg: [10.7]
context:
  - {statistic: remittances as a share of GDP, value: about 30%, year: 2021, source: wb.pdf, quote: "30%"}
results:
  - id: rich.o1
    level: outcome
    title: Families are more resilient
    gcm: [7]
    results:
      - id: rich.o1.p1
        level: output
        title: Officials trained
        sdg: [10.7]
        indicators:
          - id: rich.o1.p1.trained
            name: Officials trained
            measure: count
            unit: people
            series: per-period
            disaggregation: [sex]
            direction: increase
            baseline: {value: 0, date: 2021-12-31}
            targets:
              - {value: at least 500, date: 2024-12-31, source: prodoc.pdf}
              - {group: {sex: female}, share: at least 40%, date: 2024-12-31}
              - {value: 100, group: sex=male, date: 2023-12-31}
              - {value: 50}
            values:
              - {value: 120, start: 2022-01-01, end: 2022-12-31, source: r1.pdf, quote: "120 officials"}
              - {value: 60, start: 2022-01-01, end: 2022-12-31, disaggregation: {sex: female}}
              - {value: almost 300, end: 2023-12-31, note: estimate}
              - {value: N/A, end: 2024-06-30}
      - id: rich.o1.p2
        level: output
        title: No indicators yet
  - id: rich.i1
    level: impact
    title: Safer migration
    indicators:
      - id: rich.i1.rate
        name: Share of migrants using regular channels
        measure: percentage
        unit: migrants
        series: level
        direction: maintain
        baseline: 45%
        targets: [{value: 60%, date: 2024-12-31}]
        values:
          - {value: 50%, end: 2023-12-31, numerator: 50, denominator: 100}
      - id: rich.i1.policy
        name: Policy adopted
        measure: yes-no
        values: [{value: yes, end: 2023-06-30}]
      - id: rich.i1.level
        name: Capacity level
        measure: ordinal
        scale: [low, medium, high]
        baseline: low
        targets: [{value: high, date: 2024-12-31}]
        values: [{value: medium, end: 2023-12-31}, {value: very high, end: 2024-06-30}]
      - id: rich.i1.story
        name: Change stories
        measure: qualitative
        values: [{value: "Families report fewer debts", end: 2023-12-31, note: from interviews}]
      - id: rich.i1.ytd
        name: Remittances sent
        measure: currency
        currency: USD
        series: year-to-date
        resets: april
        direction: decrease
        unique: true
        values: [{value: 1000, end: 2023-03-31}]
"""


def _export(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "activities.xml"
    result = CliRunner().invoke(main, ["export-iati", *args, "-o", str(out), "--as-of", "2024-12-31"])
    assert result.exit_code == 0, result.output
    assert "the activity schema and the results rules pass" in result.output
    return out


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table without its provenance (file, line), every cell as text, in a stable order."""
    frame = frame.drop(columns=["file", "sheet", "line"], errors="ignore")
    frame = frame.map(lambda v: "" if not isinstance(v, tuple) and pd.isna(v) else str(v))
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _same_model(a, b) -> None:
    for name in TABLES:
        left, right = _table(getattr(a, name)), _table(getattr(b, name))
        assert len(left) > 0 or name == "targets" or len(right) == 0, name
        pd.testing.assert_frame_equal(left, right, obj=name)


def _conforms(path: Path) -> None:
    tree = etree.parse(str(path), safe_parser())
    assert schema_errors(tree) == []
    assert ruleset(tree) == []
    assert export_findings(tree, str(path)).rows == []


def test_embedded_portfolio_round_trips(tmp_path):
    out = _export(tmp_path)
    _conforms(out)
    tree = etree.parse(str(out), safe_parser())
    assert len(tree.xpath("//iati-activity")) == 41 and len(tree.xpath("//iati-activity/budget")) > 0
    back = load_portfolio(out)
    assert back.load_findings.empty
    _same_model(load_portfolio(), back)
    assert (back.values["file"] == str(out)).all() and back.values["line"].gt(1).all()


def test_every_feature_round_trips_and_conforms(tmp_path):
    source = tmp_path / "rich.yaml"
    source.write_text(RICH, encoding="utf-8")
    out = _export(tmp_path, str(source))
    _conforms(out)
    before, after = load_portfolio(source), load_portfolio(out)
    assert len(before.targets) == 6 and len(before.links) == 5 and len(before.context) == 1
    _same_model(before, after)


def test_what_iati_sees_of_targets_and_values(tmp_path):
    source = tmp_path / "rich.yaml"
    source.write_text(RICH, encoding="utf-8")
    tree = etree.parse(str(_export(tmp_path, str(source))), safe_parser())
    trained = tree.xpath("//indicator[title/narrative='Officials trained']")[0]
    assert trained.get("measure") == "1" and trained.get("ascending") == "1"
    # a qualified target is its number; a share of the total is the count it means (40% of 500)
    targets = [(t.get("value"), [d.get("value") for d in t.xpath("dimension")]) for t in trained.xpath("period/target")]
    assert sorted(targets) == [("100", ["male"]), ("200", ["female"]), ("500", [])]
    rate = tree.xpath("//indicator[title/narrative='Share of migrants using regular channels']")[0]
    assert rate.get("measure") == "2" and rate.get("ascending") is None  # maintain: no IATI direction
    assert rate.xpath("baseline/@value") == ["45"]
    level = tree.xpath("//indicator[title/narrative='Capacity level']")[0]
    assert level.xpath("period/actual/@value") == ["2"]  # medium: the second level of the scale
    story = tree.xpath("//indicator[title/narrative='Change stories']")[0]
    assert story.xpath("period/actual/@value") == []
    assert story.xpath("period/actual/comment/narrative/text()") == ["Families report fewer debts"]
    assert tree.xpath("//iati-activity/tag[@vocabulary='3']/@code") == ["10.7"]
    assert sorted(tree.xpath("//iati-activity/tag[@vocabulary='99']/@code")) == ["GCM-2", "GCM-7"]
    assert tree.xpath("//iati-activity/budget") == []  # the sources disagree: no agreed budget to publish


def test_an_output_over_an_input_is_refused(tmp_path):
    source = tmp_path / "p.yaml"
    source.write_text(RICH, encoding="utf-8")
    result = CliRunner().invoke(main, ["export-iati", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "is the portfolio file read" in result.output


@pytest.fixture
def exported(tmp_path) -> Path:
    return _export(tmp_path)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{x}"],
        ["validate", "--portfolio", "{x}"],
        ["rollup", "{x}"],
        ["progress", "{x}"],
        ["trace", "up", "{i}", "--portfolio", "{x}"],
    ],
)
def test_every_command_reads_an_iati_file(args, exported):
    indicator = load_portfolio().indicators["indicator"].iloc[0]
    result = CliRunner().invoke(main, [a.replace("{x}", str(exported)).replace("{i}", indicator) for a in args])
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_check_on_iati_gives_what_check_on_the_source_gives(exported):
    def codes(path):
        result = CliRunner().invoke(main, ["check", *path, "--format", "json", "--as-of", "2024-12-31"])
        return sorted((r["code"], r["item"], r["severity"]) for r in json.loads(result.output))

    assert codes([str(exported)]) == codes([])


def test_import_iati_writes_a_workbook_that_reads_back(tmp_path, exported):
    out = tmp_path / "programmes.xlsx"
    result = CliRunner().invoke(main, ["import-iati", str(exported), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert "read 1 file: 41 programmes" in result.output
    _same_model(load_portfolio(exported), load_portfolio(out))


def test_import_iati_names_each_finding_with_its_file_and_line(write):
    bad = write('<iati-activities version="2.03"><iati-activity><title/></iati-activity></iati-activities>', "a.xml")
    result = CliRunner().invoke(main, ["import-iati", str(bad), "--format", "json"])
    assert result.exit_code == 1
    rows = json.loads(result.output)
    assert rows and all(r["file"] == str(bad) and r["line"] for r in rows)
    assert "iati-schema" in {r["code"] for r in rows}


_WORDS = st.sampled_from(["", "at least ", "about ", "over ", "up to "])
_DAYS = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2026, 12, 31))


@st.composite
def _values(draw):
    end = draw(_DAYS)
    row = {"value": f"{draw(_WORDS)}{draw(st.integers(0, 10**7))}", "end": end.isoformat()}
    if draw(st.booleans()):
        row["start"] = draw(st.dates(min_value=dt.date(2018, 1, 1), max_value=end)).isoformat()
    sex = draw(st.sampled_from([None, "female", "male"]))
    if sex:
        row["disaggregation"] = {"sex": sex}
    if draw(st.booleans()):
        row["note"] = draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20))
    return row


@given(
    values=st.lists(_values(), max_size=6),
    targets=st.lists(
        st.fixed_dictionaries(
            {"value": st.builds(lambda w, n: f"{w}{n}", _WORDS, st.integers(1, 10**6)), "date": _DAYS.map(str)}
        ),
        max_size=3,
    ),
    direction=st.sampled_from(["increase", "decrease", "maintain"]),
    series=st.sampled_from(["cumulative", "per-period", "level", "year-to-date"]),
)
@settings(max_examples=30, deadline=None)
def test_any_count_indicator_round_trips_and_conforms(values, targets, direction, series):
    """Invariant: whatever the values, targets, qualifiers, dates and groups, the written file conforms and
    reads back as the same model."""
    import tempfile

    import yaml

    from mptf.reports.iati import iati_activities

    doc = {
        "id": "p",
        "countries": ["TJK"],
        "start": "2019-01-01",
        "results": [
            {
                "id": "p.r",
                "level": "output",
                "title": "Output",
                "indicators": [
                    {
                        "id": "p.i",
                        "name": "People",
                        "measure": "count",
                        "unit": "people",
                        "disaggregation": ["sex"],
                        "direction": direction,
                        "series": series,
                        "targets": targets,
                        "values": values,
                    }
                ],
            }
        ],
    }
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "p.yaml", Path(tmp) / "p.xml"
        source.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        before = load_portfolio(source)
        out.write_bytes(iati_activities(before, "XM-TEST", "40", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)))
        _conforms(out)
        _same_model(before, load_portfolio(out))

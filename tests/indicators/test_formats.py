"""indicators/formats.py declares the formats once: what the writers write is what the readers declare."""

import openpyxl
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.reading import load_excel, load_values, load_yaml, rows
from mptf.engine.reading.load import load_portfolio
from mptf.engine.reading.template import template_header
from mptf.indicators import formats
from mptf.indicators.report_schema import OPTIONAL, REPORT_SCHEMA, REQUIRED
from mptf.reports.workbook import write_workbook

PROGRAMME = """
id: demo
title: Demo programme
countries: [TJK]
start: 2022-01-01
end: 2022-12-31
results:
  - id: demo.o1
    level: outcome
    title: Families are more resilient
    indicators:
      - id: demo.trained
        name: People trained
        measure: count
        unit: people
        disaggregation: [sex, region]
        values:
          - {value: 100, end: 2022-12-31}
          - {value: 60, end: 2022-12-31, disaggregation: {sex: female, region: north}}
"""


def headers(path) -> dict[str, list[str]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [c for c in next(ws.iter_rows(max_row=1, values_only=True)) if c] for ws in book.worksheets}
    finally:
        book.close()


def test_the_readers_use_the_one_declaration():
    assert load_excel.SHEET_COLUMNS is formats.SHEET_COLUMNS and load_excel.SHEETS is formats.SHEETS
    assert load_excel.REQUIRED_COLUMNS is formats.SHEET_REQUIRED
    assert load_values.VALUE_COLUMNS is formats.VALUE_COLUMNS
    assert load_values.REQUIRED_COLUMNS == REQUIRED == formats.VALUE_REQUIRED
    assert load_values.OPTIONAL_COLUMNS == OPTIONAL == formats.VALUE_OPTIONAL
    assert tuple(REPORT_SCHEMA.columns) == formats.VALUE_COLUMNS
    assert [name for name, c in REPORT_SCHEMA.columns.items() if c.required] == list(formats.VALUE_REQUIRED)
    assert load_yaml.INDICATOR_KEYS is formats.INDICATOR_KEYS and rows.CLAIM_FIELDS is formats.CLAIM_FIELDS
    # the table's own columns are its required and optional ones, each once
    assert sorted(formats.VALUE_COLUMNS) == sorted({*formats.VALUE_REQUIRED, *formats.VALUE_OPTIONAL})
    for keys in (formats.PROGRAMME_KEYS, formats.RESULT_KEYS, formats.INDICATOR_KEYS, formats.VALUE_KEYS):
        assert len(set(keys)) == len(keys)


def test_a_template_has_exactly_the_declared_values_columns_in_order(tmp_path, write):
    out = tmp_path / "template.xlsx"
    result = CliRunner().invoke(main, ["template", "demo", "-o", str(out), "--portfolio", str(write(PROGRAMME))])
    assert result.exit_code == 0, result.output
    written = headers(out)
    assert list(written) == [formats.VALUES_SHEET, formats.REFERENCE_SHEET, formats.GUIDE_SHEET]
    # the standard dimensions first, in their declared order, then the others; the reference on its own sheet
    rows = template_header(["sex", "region"], ratios=False)
    assert written[formats.VALUES_SHEET] == [c for c in rows if c not in formats.TEMPLATE_REFERENCE]
    assert written[formats.REFERENCE_SHEET] == ["indicator", "sex", "region", *formats.TEMPLATE_REFERENCE]
    assert set(template_header([], ratios=False)) == {*formats.TEMPLATE_COLUMNS, *formats.TEMPLATE_REFERENCE}
    own = [c for c in written[formats.VALUES_SHEET] if c in formats.VALUE_COLUMNS]
    assert own == [c for c in formats.VALUE_COLUMNS if c in own]  # in the table's order
    assert set(formats.VALUE_REQUIRED) <= set(own)


def test_a_programme_workbook_has_exactly_the_declared_sheets_and_columns(tmp_path, write):
    out = tmp_path / "demo.xlsx"
    write_workbook(load_portfolio(write(PROGRAMME)), out)
    written = headers(out)
    assert tuple(written) == formats.SHEETS
    for name, columns in formats.SHEET_COLUMNS.items():
        assert written[name] == list(columns), name
    assert written[formats.VALUES_SHEET] == list(formats.values_header(["region", "sex"]))
    back = load_portfolio(out)
    assert back.load_findings.empty and sorted(back.values["disaggregation"]) == ["", "region=north;sex=female"]

"""An M&E officer's round trip, as scripted as a person would do it: list the programmes, write the template,
fill it in Excel (openpyxl) with one planted error of each kind, validate it with --annotate, and read the marked
copy back: every planted error is found, and every cell it involves is marked with its comment."""

import json

import openpyxl
import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main

PROGRAMME = """\
id: p
title: Safe migration pilot
countries: [TJK]
thematic_area: 2
status: funded
start: 2023-01-01
end: 2024-12-31
results:
  - id: p.o1
    level: outcome
    title: Migrants supported
    indicators:
      - id: p.trained
        name: People trained
        measure: count
        unit: people
        cumulative: true
        disaggregation: [sex]
        targets: [{value: 1000, date: 2024-12-31}]
      - {id: p.events, name: Events held, measure: count, unit: events, cumulative: false}
      - {id: p.reached, name: People reached, measure: count, unit: people, cumulative: false}
      - {id: p.share, name: Share satisfied, measure: percentage, unit: percent}
"""
AS_OF = "2025-06-30"
Y23, Y24 = "2023-12-31", "2024-12-31"


@pytest.fixture
def runner():
    return CliRunner()


def _row(ws, header, indicator, end, **group):
    """The template row of ``indicator`` for the period ending ``end`` and the group (the total by default)."""
    for r in range(2, ws.max_row + 1):
        cells = {name: ws.cell(r, position).value for name, position in header.items()}
        if cells["indicator"] != indicator or str(cells["period_end"])[:10] != end:
            continue
        if all((cells.get(d) or "") == group.get(d, "") for d in ("sex",)):
            return r
    raise AssertionError(f"no row {indicator} {end} {group}")


def test_the_officer_round_trip(runner, tmp_path):
    folder = tmp_path / "portfolio"
    folder.mkdir()
    (folder / "p.yaml").write_text(PROGRAMME, encoding="utf-8")

    listed = runner.invoke(main, ["list", str(folder), "--format", "json"])
    assert [r["programme"] for r in json.loads(listed.output)] == ["p"]

    template = tmp_path / "p-report.xlsx"
    made = runner.invoke(main, ["template", "p", "-o", str(template), "--portfolio", str(folder), "--as-of", AS_OF])
    assert made.exit_code == 0, made.output
    assert "p ended on 2024-12-31, before the reference date 2025-06-30" in made.output  # (stderr is mixed in)

    book = openpyxl.load_workbook(template)
    ws = book["values"]
    header = {c.value: c.column for c in ws[1]}
    assert {"numerator", "denominator"} <= set(header) and not {"name", "last_reported"} & set(header)
    reference = [c.value for c in book["reference"][1]]  # what each indicator is: locked, beside the sortable table
    assert {"indicator", "sex", "name", "last_reported"} <= set(reference)
    assert sorted({str(ws.cell(r, header["period_end"]).value)[:10] for r in range(2, ws.max_row + 1)} - {"None"}) == [
        Y23,
        Y24,
    ]

    def cell(indicator, end, column, **group):
        return ws.cell(_row(ws, header, indicator, end, **group), header[column])

    planted = {}  # code: the cells it must mark

    def plant(code, *cells):
        planted.setdefault(code, set()).update(c.coordinate for c in cells)

    total, female = cell("p.trained", Y23, "value"), cell("p.trained", Y23, "value", sex="female")
    total.value, female.value = 520, 610  # female 610 > total 520
    plant("parts-exceed-total", total, female)
    negative = cell("p.events", Y23, "value")
    negative.value = -5
    plant("negative-count", negative)
    words = cell("p.events", Y24, "value")
    words.value = "N/A"
    plant("text-on-numeric", words)
    share = cell("p.share", Y23, "value")
    share.value = 150
    plant("percentage-out-of-range", share)
    ratio = [cell("p.share", Y24, c) for c in ("value", "numerator", "denominator")]
    ratio[0].value, ratio[1].value, ratio[2].value = 50, 10, 40  # 100 × 10 / 40 = 25%, not 50%
    plant("ratio-mismatch", *ratio)
    # figures with words: validate reads them, and the template's validation only warns
    cell("p.reached", Y23, "value").value = "over 60"
    cell("p.reached", Y24, "value").value = "approx. 5,000"
    cell("p.trained", Y24, "value").value = "3 mln"  # far above the target of 1,000: a warning
    plant("far-above-target", cell("p.trained", Y24, "value"))
    # rows the officer adds below the template: a duplicate, a year typed wrong, an id typed wrong
    free = next(r for r in range(2, ws.max_row + 2) if ws.cell(r, header["indicator"]).value is None)
    added = {
        free: ("p.events", "2023-01-01", Y23, 7),
        free + 1: ("p.events", "2052-01-01", "2052-12-31", 3),
        free + 2: ("p.evnts", "2024-01-01", Y24, 4),
    }
    for r, (indicator, start, end, value) in added.items():
        for name, text in (("programme", "p"), ("indicator", indicator), ("period_start", start)):
            ws.cell(r, header[name]).value = text
        ws.cell(r, header["period_end"]).value = end
        ws.cell(r, header["value"]).value = value
    plant("duplicate-period", ws.cell(free, header["period_end"]), cell("p.events", Y23, "period_end"))
    plant("period-far-ahead", ws.cell(free + 1, header["period_end"]))
    plant("period-outside-programme", ws.cell(free + 1, header["period_end"]))
    plant("unknown-indicator", ws.cell(free + 2, header["indicator"]))
    book.save(template)

    checked = tmp_path / "checked.xlsx"
    result = runner.invoke(
        main,
        ["validate", str(template), "--portfolio", str(folder), "--as-of", AS_OF, "--annotate", str(checked)],
    )
    assert result.exit_code == 1, result.output
    assert "annotated copy" in result.output
    found = json.loads(
        runner.invoke(
            main, ["validate", str(template), "--portfolio", str(folder), "--as-of", AS_OF, "--format", "json"]
        ).output
    )
    codes = {f["code"] for f in found}
    assert set(planted) <= codes, set(planted) - codes
    # the figures with words are read: no error on their rows
    reached = {_row(ws, header, "p.reached", end) for end in (Y23, Y24)}
    assert not [f for f in found if f["line"] in reached and f["severity"] == "error"]

    marked = openpyxl.load_workbook(checked)["values"]
    for code, cells in planted.items():
        for ref in cells:
            comment = marked[ref].comment
            assert comment is not None and code in comment.text, (code, ref)
            assert marked[ref].fill.fgColor.rgb in ("00FFC7CE", "00FFEB9C"), (code, ref)
    assert "did you mean 'p.events'" in marked[ws.cell(free + 2, header["indicator"]).coordinate].comment.text

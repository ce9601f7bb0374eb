"""The template's protected table in LibreOffice (headless, driven through UNO by ``libreoffice_sort.py``): a sort
of the table succeeds and keeps every row whole, with its reference note; a filter and an inserted row work; a
sort over a locked cell is refused (so the first result means something); and the sorted book, saved by
LibreOffice, reads back the same.

LibreOffice and its Python bridge are installed by .ci/run, which sets MPTF_REQUIRE_LIBREOFFICE=1: there a
missing office fails the test instead of skipping it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Protection

from mptf.engine.reading.load import load_portfolio
from mptf.engine.reading.template import parse_period, template_rows
from mptf.engine.rules.validate import validate
from mptf.reports.template import write_template

DRIVER = Path(__file__).with_name("libreoffice_sort.py")
PROGRAMME = """\
id: p
countries: [TJK]
start: 2022-01-01
end: 2023-12-31
results:
  - id: p.o1
    level: outcome
    title: Served
    indicators:
      - id: p.served
        name: People served
        measure: count
        unit: people
        disaggregation: [sex]
        values:
          - {value: 25, end: 2022-12-31, disaggregation: {sex: female}}
      - {id: p.share, name: Share satisfied, measure: percentage, unit: percent}
      - {id: p.events, name: Events held, measure: count, unit: events, cumulative: false}
"""


def _office() -> tuple[str, str]:
    """The ``soffice`` program and a Python that imports ``uno``."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    python = shutil.which("python3", path="/usr/bin:/usr/local/bin")
    bridge = python and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0
    if office and bridge:
        return office, python
    if os.environ.get("MPTF_REQUIRE_LIBREOFFICE"):
        pytest.fail(
            "LibreOffice is not installed (apt-get install -y --no-install-recommends libreoffice-calc python3-uno)"
        )
    pytest.skip("LibreOffice or its Python bridge (python3-uno) is not installed")


def test_libreoffice_sorts_filters_and_adds_rows_on_the_protected_template(tmp_path):
    office, python = _office()
    (tmp_path / "p.yaml").write_text(PROGRAMME, encoding="utf-8")
    portfolio = load_portfolio(tmp_path)
    filled, locked, saved = tmp_path / "filled.xlsx", tmp_path / "locked.xlsx", tmp_path / "sorted.xlsx"
    rows = write_template(
        portfolio, "p", filled, template_rows(portfolio, "p", [parse_period("2022"), parse_period("2023")])
    )
    book = openpyxl.load_workbook(filled)
    ws = book["values"]
    header = [c.value for c in ws[1]]
    column = {name: position for position, name in enumerate(header, start=1)}
    for r in range(2, len(rows) + 2):
        ws.cell(r, column["value"]).value = r * 37 % 101  # not in row order
        ws.cell(
            r, column["note"]
        ).value = f"{ws.cell(r, column['indicator']).value}|{ws.cell(r, column['sex']).value or ''}"
    book.save(filled)
    ws.cell(3, column["programme"]).protection = Protection(locked=True)
    book.save(locked)
    names = dict(zip(portfolio.indicators["indicator"], portfolio.indicators["name"], strict=True))
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "filled": str(filled),
                "locked": str(locked),
                "saved": str(saved),
                "profile": str(tmp_path / "profile"),
                "names": names,
                "soffice": office,
            }  # fmt: skip
        ),
        encoding="utf-8",
    )
    run = subprocess.run([python, str(DRIVER), str(spec)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    done = json.loads(run.stdout.strip().splitlines()[-1])

    assert done["protected"] and done["reference_protected"]
    assert done["rows"] == len(rows) == 14  # 2 periods × (5 groups of p.served, p.share, p.events)
    assert done["values_after"] == sorted(done["values_after"], reverse=True) and done["moved"] > len(rows) // 2
    assert done["same_rows"] and done["rows_whole"]  # each row's keys, value and note moved together
    assert done["notes_with_their_row"] == len(rows)  # and the note naming its indicator with them
    assert done["filtered_visible"] == done["female_rows"] and len(done["female_rows"]) == 2
    assert done["inserted_row_open"] and done["rows_after_insert"] == len(rows)
    assert not done["row_deleted"]  # a whole sheet row holds locked cells beyond the table: docs/format.md says so
    assert not done["locked_sort_changed"]  # the control: one locked cell in the table, and the sort is refused

    before, after = validate(filled, tmp_path / "p.yaml"), validate(saved, tmp_path / "p.yaml")
    assert after.rows == before.rows == len(rows)
    assert sorted(after.findings["code"]) == sorted(before.findings["code"])

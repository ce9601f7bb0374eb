"""Hostile and broken input (issue 12): every case ends in a located finding and its exit code, quickly, never a
traceback nor a silently wrong number. Large and binary inputs are generated here, never committed."""

import io
import json
import os
import sys
import time
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from mptf.engine.cli import main as cli
from mptf.engine.cli.main import main
from mptf.indicators.catalogue_examples import DEMO

ROW = "indicator,period_start,period_end,value\n"
SHEET = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def invoke(args, code):
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def only(rows, code):
    mine = [r for r in rows if r["code"] == code]
    assert mine, rows
    return mine[0]


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(DEMO, encoding="utf-8")
    return str(path)


def report(tmp_path, value, name="r.csv"):
    path = tmp_path / name
    path.write_text(ROW + f"demo.events,2022-01-01,2022-12-31,{value}\n", encoding="utf-8")
    return str(path)


# -- figures -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("\u0661\u0662\u0663", "non-ascii-digits", "'123'"),  # Arabic-Indic
        ("\uff15\uff10\uff10", "non-ascii-digits", "'500'"),  # full-width
        ("\u06f4\u06f5", "non-ascii-digits", "'45'"),  # Persian
        ("\u0967\u0968", "non-ascii-digits", "'12'"),  # Devanagari
        ("9007199254740993", "imprecise-number", "9,007,199,254,740,992"),
        ("50000000000", "implausible-figure", "10,000,000,000"),
    ],
)
def test_report_figures_are_named_findings(tmp_path, demo, value, code, words):
    row = only(invoke(["validate", report(tmp_path, value), "--portfolio", demo], 1), code)
    assert row["severity"] == "error" and row["file"].endswith("r.csv") and row["line"] == 2
    assert row["column"] == "value" and words in row["message"] + row["hint"]


def programme(tmp_path, budget="1000", value="5"):
    text = DEMO.replace("status: funded\n", f"status: funded\nbudget: {budget}\n").replace(
        "unit: events, cumulative: false}",
        f"unit: events, cumulative: false, values: [{{value: {value}, end: 2022-12-31}}]}}",
    )
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("budget", "value", "code", "column"),
    [
        ("1000000000000000000000000000000", "5", "implausible-figure", "budget"),
        ("1.0e+308", "5", "implausible-figure", "budget"),
        (".inf", "5", "bad-number", "budget"),
        (".nan", "5", "bad-number", "budget"),  # used to vanish without a finding
        ("1000", ".inf", "bad-number", "value"),
        ("1000", "1.0e+400", "bad-number", "value"),
        ("1000", "1.0e+308", "implausible-figure", "value"),
        ("1000", "9007199254740993", "imprecise-number", "value"),
    ],
)
def test_yaml_figures_are_named_findings_in_every_command(tmp_path, budget, value, code, column):
    path = programme(tmp_path, budget, value)
    row = only(invoke(["check", path], 1), code)
    assert row["file"] == path and row["column"] == column and row["line"]
    for command in (["rollup", path], ["gcm", path], ["progress", path]):
        result = CliRunner().invoke(main, command)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1), result.output


def test_a_programme_without_an_id_is_a_finding(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("programme: {id: x, budget_usd: 1e400}\n", encoding="utf-8")
    assert only(invoke(["check", str(path)], 1), "missing-field")["file"] == str(path)


# -- empty input -------------------------------------------------------------------------------------------
def test_a_report_with_a_header_only_is_an_error(tmp_path, demo):
    path = tmp_path / "r.csv"
    path.write_text(ROW, encoding="utf-8")
    row = only(invoke(["validate", str(path), "--portfolio", demo], 1), "empty-report")
    assert row["file"] == str(path) and row["line"] == 1


def test_an_empty_portfolio_is_information(tmp_path):
    (tmp_path / "portfolio").mkdir()
    row = only(invoke(["check", str(tmp_path / "portfolio")], 0), "empty-portfolio")
    assert row["severity"] == "info"


# -- the whole-program guarantee ---------------------------------------------------------------------------
def test_an_unexpected_error_is_one_paragraph_and_exit_2(tmp_path, demo, monkeypatch, capsys):
    import mptf.engine.reading.load as load

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(load, "load_portfolio", broken)
    monkeypatch.setattr(sys, "argv", ["mptf", "check", demo])
    monkeypatch.delenv("MPTF_DEBUG", raising=False)

    def leave(code):
        raise SystemExit(code)

    monkeypatch.setattr(os, "_exit", leave)
    with pytest.raises(SystemExit) as done:
        cli.run()
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and demo in err and "report it" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04truncated", b"a,b\n1,2\n", b"\xd0\xcf\x11\xe0old xls"])
def test_annotate_an_unreadable_workbook_is_a_finding(tmp_path, demo, content):
    path = tmp_path / "r.xlsx"
    path.write_bytes(content)
    rows = invoke(["validate", str(path), "--portfolio", demo, "--annotate", str(tmp_path / "out.xlsx")], 2)
    assert only(rows, "unreadable-file")["file"] == str(path)
    assert not (tmp_path / "out.xlsx").exists()


# -- limits ------------------------------------------------------------------------------------------------
def workbook(tmp_path, parts: dict, name="w.xlsx"):
    """A workbook whose parts (``xl/worksheets/sheet1.xml``, ...) are replaced or added: bytes, or a writer."""
    book = openpyxl.Workbook()
    book.active.title = "values"
    book.active.append(["indicator", "period_start", "period_end", "value"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(buffer)
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename not in parts:
                z.writestr(info, source.read(info.filename))
        for part, data in parts.items():
            if callable(data):
                with z.open(part, "w", force_zip64=True) as f:
                    data(f)
            else:
                z.writestr(part, data)
    return str(path)


def padded(size):
    def write(f):
        f.write(SHEET.encode() + b"<sheetData>")
        for _ in range(size // (1 << 20)):
            f.write(b"<!--" + b"a" * (1 << 20) + b"-->")
        f.write(b"</sheetData></worksheet>")

    return write


def quick(args, code, seconds=20):
    start = time.perf_counter()
    rows = invoke(args, code)
    assert time.perf_counter() - start < seconds
    return rows


def test_a_workbook_that_unzips_beyond_the_limit_is_refused_from_its_directory(tmp_path, demo):
    path = workbook(tmp_path, {"xl/worksheets/sheet1.xml": padded(12 << 20)})
    assert os.path.getsize(path) < 1 << 20
    row = only(quick(["validate", path, "--portfolio", demo, "--limit", "unzipped-mb=8"], 2), "too-large")
    assert row["severity"] == "fatal" and row["file"] == path
    assert "unzips to" in row["message"] and "--limit unzipped-mb=" in row["hint"]
    row = only(quick(["validate", path, "--portfolio", demo, "--limit", "zip-ratio=50"], 2), "too-large")
    assert "expands" in row["message"] and "zip-ratio" in row["hint"]


def test_a_cell_in_the_last_column_is_refused_and_the_last_row_read_quickly(tmp_path, demo):
    far = SHEET + (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    row = only(
        quick(["validate", workbook(tmp_path, {"xl/worksheets/sheet1.xml": far}), "--portfolio", demo], 2), "too-large"
    )
    assert row["sheet"] == "values" and row["line"] == 1048576 and "column 16,384" in row["message"]
    declared = SHEET + (
        '<dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
        + "".join(
            f'<c r="{c}1" t="inlineStr"><is><t>{t}</t></is></c>'
            for c, t in zip("ABCD", ROW.strip().split(","), strict=True)
        )
        + '</row><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>demo.events</t></is></c>'
        '<c r="C1048576" t="inlineStr"><is><t>2022-12-31</t></is></c><c r="D1048576"><v>5</v></c></row>'
        "</sheetData></worksheet>"
    )
    rows = quick(
        ["validate", workbook(tmp_path, {"xl/worksheets/sheet1.xml": declared}, "d.xlsx"), "--portfolio", demo], 0
    )
    assert not [r for r in rows if r["severity"] in ("error", "fatal")], rows


def test_rows_columns_and_cells_beyond_their_limits(tmp_path, demo):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(20)) + "\n", encoding="utf-8")
    row = only(invoke(["validate", str(path), "--portfolio", demo, "--limit", "columns=10"], 2), "too-large")
    assert "20 columns" in row["message"]
    long = tmp_path / "long.csv"
    long.write_text(ROW.replace("value\n", "value,note\n") + f"demo.events,2022-01-01,2022-12-31,5,{'x' * 200}\n")
    long = str(long)
    row = only(invoke(["validate", long, "--portfolio", demo, "--limit", "cell-chars=100"], 2), "too-large")
    assert "200 characters" in row["message"] and row["line"] == 2


def test_yaml_beyond_its_limits(tmp_path):
    title = tmp_path / "t.yaml"
    title.write_text("id: p\ncountries: [TJK]\ntitle: " + "x" * 5000 + "\n", encoding="utf-8")
    row = only(invoke(["check", str(title), "--limit", "cell-chars=1000"], 2), "too-large")
    assert row["line"] == 3 and "5,000 characters" in row["message"]
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]"
        for p, n in zip("abcdefg", "bcdefgh", strict=True)
    ]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    row = only(quick(["check", str(bomb)], 2, seconds=10), "too-large")
    assert "nodes" in row["message"] and "yaml-nodes" in row["hint"]
    big = tmp_path / "big.yaml"
    big.write_text("id: p\n" + "# padding\n" * 120_000, encoding="utf-8")
    row = only(invoke(["check", str(big), "--limit", "yaml-mb=1"], 2), "too-large")
    assert "MB" in row["message"] and row["file"] == str(big)


def test_a_bad_limit_is_a_usage_error():
    result = CliRunner().invoke(main, ["check", "--limit", "rowz=5"])
    assert result.exit_code == 2 and "no limit 'rowz'" in result.output


@pytest.mark.parametrize("command", [["trace", "orphans"], ["trace", "up", "demo.events"], ["trace", "export"]])
def test_the_trace_commands_take_the_limits_too(tmp_path, demo, command):
    out = ["--output", str(tmp_path / "audit.xlsx")] if command[-1] == "export" else []
    result = CliRunner().invoke(main, [*command, "--portfolio", demo, "--limit", "yaml-nodes=5", *out])
    assert result.exit_code == 2, result.output
    assert "too-large" in result.output and "yaml-nodes" in result.output

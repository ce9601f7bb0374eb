"""The rule catalogue: every entry complete, every example run through the real command and giving its finding,
and docs/rules.md generated from it."""

import ast
import json
import re
from pathlib import Path

import pytest
from builders import store_result
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.findings import Findings, Loc
from mptf.indicators.catalogue import CONTRIBUTIONS, RULES, SEVERITIES
from mptf.indicators.catalogue_examples import DEMO, KINDS, Example

ROOT = Path(__file__).resolve().parents[2]


def _write_workbook(path: Path, example: Example) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = example.sheets[0]
    for title in example.sheets[1:]:
        book.create_sheet(title)
    for line in example.text.splitlines():
        sheet.append(line.split(","))
    for cells in example.merged:
        sheet.merge_cells(cells)
    book.save(path)
    for cell, result in example.results:
        store_result(path, cell, result)


def findings_of(example: Example, tmp_path: Path) -> list[dict]:
    """The findings (as JSON rows) of running ``example`` through the command its kind names."""
    target = tmp_path / example.file_name
    if example.kind == "path":
        args = ["check", str(target)]
    elif example.kind == "directory":
        target.mkdir()
        args = ["check", str(target)]
    elif example.kind == "workbook":
        _write_workbook(target, example)
    else:
        target.write_text(example.text, encoding="utf-8")
    if example.kind in ("programme", "iati"):
        args = ["check", str(target)]
    elif example.kind in ("report", "workbook"):
        framework = tmp_path / "framework.yaml"
        framework.write_text(example.framework or DEMO, encoding="utf-8")
        args = ["validate", str(target), "--portfolio", str(framework)]
    elif example.kind == "rollup":
        from mptf.engine.reading.load import load_portfolio
        from mptf.engine.rollup.core import findings_of as rollup_findings
        from mptf.engine.rollup.core import rollup

        return rollup_findings(rollup(load_portfolio(target), ["thematic-area"])).to_dict("records")
    result = CliRunner().invoke(main, [*args, *example.options, "--format", "json"])
    assert result.exit_code in (0, 1, 2), result.output
    return json.loads(result.output)


@pytest.mark.parametrize("code", sorted(RULES))
def test_example_gives_its_finding(code, tmp_path):
    rule = RULES[code]
    example = rule.example
    assert example is not None, f"{code} has no example"
    assert example.kind in KINDS
    rows = findings_of(example, tmp_path)
    mine = [r for r in rows if r["code"] == code]
    assert mine, f"{code}: the example gave {[(r['code'], r['message']) for r in rows]}"
    assert any(r["severity"] == rule.severity and example.contains in r["message"] for r in mine), mine


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_complete(code):
    rule = RULES[code]
    assert rule.severity in SEVERITIES
    assert rule.title and rule.message and rule.hint
    assert rule.why.endswith(".") and rule.why.count(". ") == 0, "why: one sentence"
    assert not rule.fields & {"code", "loc", "message", "hint", "severity"}, "a field name Findings.add takes"


@pytest.mark.parametrize("code", sorted(RULES))
def test_templates_render_every_field_they_name(code):
    """Findings.add renders a template from exactly its fields; a field left out is a KeyError, not a gap."""
    rule = RULES[code]
    fields = {name: f"<{name}>" for name in rule.fields}
    f = Findings()
    f.add(code, Loc(file="x"), **fields)
    row = f.rows[0]
    assert row["severity"] == rule.severity
    for name in rule.fields:
        assert f"<{name}>" in row["message"] + row["hint"]
    assert not re.search(r"\{\w*\}", row["message"]), "a placeholder left unrendered"
    for name in rule.fields:
        with pytest.raises(KeyError, match=name):
            Findings().add(code, Loc(), **{k: v for k, v in fields.items() if k != name})


def test_contributions_are_complete():
    for c in CONTRIBUTIONS.values():
        assert c.rule and c.why, c.code
        assert c.counted or c.reason, c.code


def test_rules_doc_is_generated_from_the_catalogue():
    from mptf.indicators.rules_doc import rules_page

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_page(), (
        "docs/rules.md is stale: python -m mptf.indicators.rules_doc > docs/rules.md"
    )


def test_every_rule_is_in_exactly_one_section():
    from mptf.indicators.rules_doc import NOTES, SECTIONS

    placed = [code for _, _, codes in SECTIONS for code in codes]
    assert sorted(placed) == sorted(RULES), "each code once, and only codes of the catalogue"
    assert set(NOTES) <= set(RULES)


def test_rules_doc_shows_every_rule_with_its_example():
    from mptf.indicators.rules_doc import rules_page

    page = rules_page()
    assert "python -m mptf.indicators.rules_doc > docs/rules.md" in page.split("\n## ")[0]
    for code, rule in RULES.items():
        entry = page.split(f"### `{code}` ({rule.severity})\n", 1)[1].split("\n### ", 1)[0]
        assert rule.why in entry and rule.title in entry
        assert rule.example.contains in " ".join(entry.split()) or rule.example.contains in entry
    for code in CONTRIBUTIONS:
        assert f"| `{code}` |" in page


# -- the value rules give fields, and the catalogue's templates make the sentences ------------------------------
RULE_MODULES = sorted((ROOT / "engine").rglob("*.py"))  # every finding the engine makes
COLUMN = re.compile(r"^\w+$")  # a column name, never a sentence


def _calls(tree: ast.AST):
    """The ``.add(...)`` and ``.emit(...)`` calls of a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("add", "emit"):
            yield node


def _finished_texts(source: str) -> list[str]:
    """Calls that pass a finished message or hint: a ``message``/``hint`` argument, a third argument that is not a
    column (a name or a function giving one), or, past the column, anything but the fields (``emit``: a dict or a
    function giving one)."""
    bad = []
    for call in _calls(ast.parse(source)):
        where = f"line {call.lineno}: .{call.func.attr}("
        bad += [f"{where}{kw.arg}=" for kw in call.keywords if kw.arg in ("message", "hint")]
        if len(call.args) > 2:
            column = call.args[2]
            if not (
                isinstance(column, (ast.Name, ast.Lambda))
                or (isinstance(column, ast.Constant) and isinstance(column.value, str) and COLUMN.match(column.value))
            ):
                bad.append(f"{where}{ast.unparse(column)[:40]}")
        extra = call.args[3:]
        if call.func.attr == "emit" and extra and isinstance(extra[0], (ast.Dict, ast.Lambda, ast.Name)):
            if not isinstance(extra[0], ast.Lambda) or isinstance(extra[0].body, ast.Dict):
                extra = extra[1:]
        bad += [f"{where}{ast.unparse(arg)[:40]}" for arg in extra]
    return bad


def test_the_checker_finds_finished_texts():
    old = """
r.emit("negative-count", rows, "value", lambda i: f"{ctx.text(i)!r} is below zero", "write the count")
r.add("cumulative-decrease", i, "value", f"{what} decreases", "correct it")
f.add("unit-mismatch", loc, f"indicator {ident!r} counts", "link it")
f.add("value-due", loc, message="no value", hint="add a row")
r.emit("far-above-target", rows, "value", lambda i: {"value": 1}, "check the unit")
"""
    flagged = _finished_texts(old)
    assert {found.split(":")[0] for found in flagged} == {f"line {n}" for n in range(2, 7)}
    assert "line 5: .add(message=" in flagged and "line 6: .emit('check the unit'" in flagged
    new = """
r.emit("negative-count", rows, "value", lambda i: {"value": ctx.text(i)})
r.emit("incomplete-ratio", rows, lambda i: "numerator", lambda i: {"given": "numerator"}, severity=level)
r.add("cumulative-decrease", i, "value", indicator=name, before=a, after=b)
f.add("unit-mismatch", loc, indicator=ident, unit=unit)
"""
    assert _finished_texts(new) == []


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.name)
def test_value_rules_pass_fields_not_finished_messages(path):
    assert _finished_texts(path.read_text(encoding="utf-8")) == []


def _fields_given(call: ast.Call) -> set[str] | None:
    """The field names a call gives, where they are written out (None where they are not: ``**fields``)."""
    if any(kw.arg is None for kw in call.keywords):
        return None
    if call.func.attr == "add":
        return {kw.arg for kw in call.keywords if kw.arg != "severity"}
    given = [kw.value for kw in call.keywords if kw.arg == "fields"] + call.args[3:4]
    body = given[0].body if given and isinstance(given[0], ast.Lambda) else (given[0] if given else ast.Dict())
    if not isinstance(body, ast.Dict) or not all(isinstance(k, ast.Constant) for k in body.keys):
        return None
    return {k.value for k in body.keys}


def test_value_rules_give_exactly_the_fields_of_their_templates():
    """A field a template does not name would be dropped unseen; one it names and the call leaves out fails."""
    checked = 0
    for path in RULE_MODULES:
        for call in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            code = call.args[0] if call.args else None
            if not (isinstance(code, ast.Constant) and code.value in RULES):
                continue
            given = _fields_given(call)
            if given is not None:
                assert given == RULES[code.value].fields, f"{path.name} line {call.lineno}: {code.value}"
                checked += 1
    assert checked >= 30

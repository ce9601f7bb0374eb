"""Every command on degenerate portfolios (a framework before any indicator is written, indicators without
values, one programme, a programme with no country, an empty results list) runs and says what it has: exit 0
or 1, never a traceback; a selection that names nothing (trace up, trace down) is a usage error (exit 2)."""

import json

import pytest
import yaml
from builders import ind, prog
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.rollup.groupings import DIMENSIONS


def no_country():
    doc = prog("a", [ind("a.i", values=[3])])
    del doc["countries"]
    return [doc]


CASES = {
    "no indicators": lambda: [prog("a", [])],
    "no values": lambda: [
        prog("a", [ind("a.i")]),
        prog("b", [ind("b.i", common="survivor-support-rate", measure="percentage", unit="percent")]),
    ],
    "single programme": lambda: [prog("a", [ind("a.i", values=[3])], gcm=[7], sdg=["10.7"])],
    "no country": no_country,
    "empty results": lambda: [prog("a", []) | {"results": []}],
}
HAS_VALUES = {"single programme", "no country"}
HAS_INDICATORS = HAS_VALUES | {"no values"}


@pytest.fixture(params=list(CASES))
def case(request, tmp_path):
    folder = tmp_path / "portfolio"
    folder.mkdir()
    for doc in CASES[request.param]():
        (folder / f"{doc['id']}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return request.param, str(folder), tmp_path


def run(args, codes=(0, 1)):
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code in codes, result.output
    return result


def test_check_show_validate_say_what_the_portfolio_has(case):
    name, path, _ = case
    checked = run(["check", path])
    indicators = 2 if name == "no values" else int(name in HAS_INDICATORS)
    assert f"{indicators} indicators, {int(name in HAS_VALUES)} values" in checked.output
    assert run(["check", path]).exit_code == (1 if name == "no country" else 0)  # countries are required
    assert "a" in run(["show", "a", "--portfolio", path]).output
    validated = run(["validate", "--portfolio", path])
    assert f"{int(name in HAS_VALUES)} rows read" in validated.output


@pytest.mark.parametrize("by", list(DIMENSIONS))
def test_rollup_by_every_dimension(case, by):
    name, path, _ = case
    table = run(["rollup", path, "--by", by])
    data = run(["rollup", path, "--by", by, "--format", "json"])
    figures = json.loads(data.stdout)["figures"]
    if name in HAS_VALUES and by == "gcm":
        # area 2 clusters objectives 2, 7, 8, 12, 13; the single programme also states 7 (which a.i inherits)
        want = ["2:area", "7:inherited" if name == "single programme" else "7:area", "8:area", "12:area", "13:area"]
        assert [(f["gcm"], f["display"]) for f in figures] == [(k, "3") for k in want]
    elif name in HAS_VALUES:
        assert [f["display"] for f in figures] == ["3"]
        assert "People reached" in table.output  # the common indicator by its short name
    else:
        assert figures == []
        reason = "has a reported value yet" if name == "no values" else "have no indicators yet"
        assert "no fund figures: " in table.output and reason in table.output
        assert reason in data.stderr  # JSON stays parseable; the reason is on stderr
    if by != "year":
        assert "Budget" in table.output and ",000,000.00" in table.output  # budgets are there without any value


def test_progress(case):
    name, path, _ = case
    out = run(["progress", path]).output
    rows = json.loads(run(["progress", path, "--format", "json"]).stdout)
    if name in HAS_INDICATORS:
        assert {r["status"] for r in rows} == {"no target"} and "no target" in out
    else:
        assert rows == [] and "no progress to show: the portfolio has no indicators yet" in out


def test_gcm_view(case):
    name, path, _ = case
    out = run(["gcm", path]).output
    rows = {(r["gcm"], r["link"]): r for r in json.loads(run(["gcm", path, "--format", "json"]).stdout)}
    assert sorted({int(g) for g, _ in rows}) == list(range(1, 24))  # every programme is in area 2: none unknown
    assert rows[("2", "thematic area")]["programme_ids"].startswith("a")
    if name == "single programme":
        assert rows[("7", "direct")]["programme_ids"] == "a"
        assert rows[("7", "direct")]["results"] == "people-reached 3 [inherited]"
    elif name in HAS_VALUES:
        assert rows[("7", "thematic area")]["results"] == "people-reached 3"
    else:
        assert "no results under any objective" in out


def test_trace_framework_and_orphans(case):
    name, path, _ = case
    gcm = json.loads(run(["trace", "gcm", "7", "--portfolio", path, "--format", "json"]).stdout)
    sdg = run(["trace", "sdg", "10.7", "--portfolio", path])
    if name == "single programme":
        assert [i["item"] for i in gcm["items"]] == ["a", "a.r", "a.i"] and gcm["budget"]["direct"]["programmes"] == 1
        assert "a.i" in sdg.output
    else:  # objective 7 is reached through area 2 only
        assert {i["link"] for i in gcm["items"]} <= {"thematic area"} and "direct" not in gcm["budget"]
        assert [f["link"] for f in gcm["figures"]] == (["thematic area"] if name in HAS_VALUES else [])
        assert "nothing in the portfolio links to it" in sdg.output
    orphans = run(["trace", "orphans", "--portfolio", path]).output
    if name in HAS_VALUES:
        assert "of 1 reported values: 1 count in a figure" in orphans
    else:
        assert "no reported values in the portfolio" in orphans


def test_trace_up_and_down(case):
    name, path, _ = case
    if name in HAS_INDICATORS:
        up = run(["trace", "up", "a.i", "--portfolio", path])
        assert "people-reached" in up.output
    else:
        up = run(["trace", "up", "a.i", "--portfolio", path], codes=(2,))
        assert "the portfolio has no indicators yet" in up.output
    args = ["trace", "down", "--key", "2", "--indicator", "people-reached", "--portfolio", path]
    if name in HAS_VALUES:
        assert "matches the figure" in run(args).output
    else:
        assert "no fund figures to trace" in run(args, codes=(2,)).output


def test_trace_export_and_template(case):
    name, path, tmp_path = case
    out = run(["trace", "export", "-o", str(tmp_path / "audit.xlsx"), "--portfolio", path]).output
    figures = int(name in HAS_VALUES)
    assert f"{figures} figures by thematic-area" in out and f"{figures} of {figures} figures match" in out
    assert json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))["figures"] != [] or not figures
    written = run(["template", "a", "-o", str(tmp_path / "a.xlsx"), "--portfolio", path]).output
    if name in HAS_INDICATORS:
        assert "1 indicators of a" in written
    else:
        assert "0 rows" in written and "a has no indicators yet" in written
    assert (tmp_path / "a.xlsx").exists()

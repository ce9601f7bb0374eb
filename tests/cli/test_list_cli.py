"""``mptf list`` and the one did-you-mean of every unknown programme, indicator or figure id."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.reading.fields import close_matches, suggest, unknown_id


@pytest.fixture
def runner():
    return CliRunner()


def test_list_every_programme_in_every_format(runner):
    rows = json.loads(runner.invoke(main, ["list", "--format", "json"]).output)
    assert len(rows) == 41 and rows == sorted(rows, key=lambda r: r["programme"])
    tjk = next(r for r in rows if r["programme"] == "tjk-families-left-behind")
    assert tjk["countries"] == ["TJK"] and tjk["thematic_area"] == 2 and tjk["status"] == "funded"
    assert tjk["budget_cents"] == 220_000_000 and tjk["budget_usd"] == "USD 2,200,000"
    assert tjk["indicators"] == 11 and tjk["values"] == 20
    assert tjk["thematic_area_name"].startswith("Protecting the human rights, safety and wellbeing of migrants")
    listed = list(csv.DictReader(io.StringIO(runner.invoke(main, ["list", "--format", "csv"]).output)))
    assert [r["programme"] for r in listed] == [r["programme"] for r in rows]
    md = runner.invoke(main, ["list", "--format", "md"]).output
    assert md.count("\n| ") == 42  # header and 41 programmes
    assert "| 2 Protecting Human Rights" in md  # the area's short name beside its number
    table = runner.invoke(main, ["list"])
    assert table.exit_code == 0 and "41 programmes" in table.output and "budget_cents" not in table.output


def test_list_filters_combine(runner):
    def ids(*args):
        return [r["programme"] for r in json.loads(runner.invoke(main, ["list", "--format", "json", *args]).output)]

    assert ids("--country", "tjk") == ["tjk-families-left-behind", "tjk-safe-skilled-migration"]
    assert ids("--country", "TJK", "--status", "funded") == ["tjk-families-left-behind"]
    area2 = ids("--area", "2")
    assert area2 and "tjk-families-left-behind" in area2 and "tjk-safe-skilled-migration" not in area2
    assert set(ids("--area", "2", "--area", "4")) >= set(area2) | {"tjk-safe-skilled-migration"}
    none = runner.invoke(main, ["list", "--status", "fundd"])
    assert none.exit_code == 0 and "did you mean 'funded'" in none.output


def test_the_did_you_mean_helper():
    assert sorted(close_matches("tjk", ["tjk-a", "tjk-b", "phl"])) == ["tjk-a", "tjk-b"]
    assert close_matches("mesure", ["measure", "unit"]) == ["measure"]
    assert close_matches("zz", ["measure"]) == []
    assert suggest("tjk", ["tjk-a", "tjk-b"], 3) in (
        " (did you mean 'tjk-a' or 'tjk-b'?)",
        " (did you mean 'tjk-b' or 'tjk-a'?)",
    )
    assert suggest("xyz", ["abc"]) == ""
    assert unknown_id("programme", "x", [], "mptf list") == "no programme 'x': the portfolio has none"


def test_a_repeated_wrong_word_is_compared_once(monkeypatch):
    """A report repeats a wrong id on many rows: its did-you-mean is worked out once for the same allowed words
    (the same answer each time), again for other allowed words."""
    import mptf.engine.reading.fields as fields

    calls = []
    real = fields.get_close_matches
    monkeypatch.setattr(fields, "get_close_matches", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    allowed = ["phl-bridge", *(f"zz{i:04d}" for i in range(2500))]
    said = {suggest("phl-brige", allowed) for _ in range(400)}
    assert said == {" (did you mean 'phl-bridge'?)"} and calls == ["phl-brige"]
    assert suggest("phl-brige", ["phl-brig"]) == " (did you mean 'phl-brig'?)" and len(calls) == 2


@pytest.mark.parametrize(
    "args, expected",
    [
        (["show", "tjk"], "'tjk-safe-skilled-migration'"),
        (["show", "phl-brige"], "did you mean 'phl-bridge'?"),
        (["progress", "--programme", "phl-brige"], "did you mean 'phl-bridge'?"),
        (["template", "phl-brige", "-o", "{tmp}/t.xlsx"], "did you mean 'phl-bridge'?"),
        (["trace", "up", "tjk-flb.awarenes"], "did you mean 'tjk-flb.awareness-reached'"),
        (["trace", "down", "--figure", "thematic-area=2/people-reachd"], "did you mean 'people-reached'?"),
        (["trace", "down", "--figure", "thematic-aera=2/people-reached"], "did you mean 'thematic-area'?"),
    ],
)
def test_every_unknown_id_gets_a_did_you_mean(runner, tmp_path, args, expected):
    result = runner.invoke(main, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2, result.output
    assert expected in result.output and "Traceback" not in result.output

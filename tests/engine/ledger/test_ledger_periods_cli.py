"""The worked example of docs/ledger.md through the commands, against SQLite and PostgreSQL: v1 reports 2024, v2
reports 2025, v3 corrects 2024 (and leaves out a row of 2024); each replaces only the periods it reports."""

import json

import pytest
import yaml
from builders import ind, prog
from click.testing import CliRunner

from mptf.engine.cli.main import main

HEADER = "programme,indicator,period_start,period_end,value\n"
Y2024, Y2025 = "2024-01-01:2024-12-31", "2025-01-01:2025-12-31"  # as written
END2024, END2025 = "2024-12-31", "2025-12-31"  # the periods a version replaces: their last day


@pytest.fixture
def mptf(db_url, tmp_path):
    """mptf(*args, code=0): a command on the ledger ``db_url`` and a portfolio of a (a.i, linked to
    people-reached: 100 for the period ending 2023-12-31; a.j, linked to none: 5) and b (b.i: 250)."""
    folder = tmp_path / "portfolio"
    folder.mkdir()
    a = prog("a", [ind("a.i", values=[100], cumulative=False), ind("a.j", common=None, values=[5])])
    for doc in (a, prog("b", [ind("b.i", values=[250])])):
        (folder / f"{doc['id']}.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    runner = CliRunner()

    def _run(*args, code=0):
        extra = ["--db", db_url, "--portfolio", str(folder)]
        if args[0] == "rollup":
            extra = [str(folder), "--db", db_url]
        result = runner.invoke(main, [*args, *extra])
        assert result.exit_code == code, result.output
        return result

    return _run


def submit(mptf, tmp_path, name: str, lines: str, accept: bool = True):
    path = tmp_path / name
    path.write_text(HEADER + lines, encoding="utf-8")
    out = mptf("submit", str(path), "--programme", "a")
    if accept:
        version = out.output.split(" v", 1)[1].split(" ", 1)[0]
        mptf("review", "a", "--version", version, "--accept")
    return path


def fund(mptf, *args) -> tuple[float, str, str]:
    """(the people-reached figure, its versions, which versions stderr says feed it)."""
    got = mptf("rollup", "--ledger", *args, "--format", "json")
    (row,) = json.loads(got.stdout)["figures"]
    return row["value"], row["versions"], got.stderr.split(": ", 1)[1].strip()


def test_each_version_replaces_only_the_periods_it_reports(mptf, tmp_path):
    submit(mptf, tmp_path, "a-2024.csv", "a,a.i,2024-01-01,2024-12-31,40\na,a.j,2024-01-01,2024-12-31,7\n")
    # the portfolio's own 2023 value stays beside v1's 2024: 100 + 40 + 250
    assert fund(mptf) == (390, "a (framework),a v1,b (framework)", "a v1")
    submit(mptf, tmp_path, "a-2025.csv", "a,a.i,2025-01-01,2025-12-31,60\n")
    # the 2025 report does not remove 2024: 100 + 40 + 60 + 250
    assert fund(mptf) == (450, "a (framework),a v1,a v2,b (framework)", "a v1, a v2")

    v3 = tmp_path / "a-2024-corrected.csv"
    v3.write_text(HEADER + "a,a.i,2024-01-01,2024-12-31,45\n", encoding="utf-8")
    dry = json.loads(mptf("submit", str(v3), "--programme", "a", "--dry-run", "--format", "json").stdout)
    assert dry["periods"] == [END2024]
    assert [(v["change"], v["indicator"], v["period"], v["old"], v["new"]) for v in dry["values"]] == [
        ("changed", "a.i", Y2024, "40", "45"),
        ("removed", "a.j", Y2024, "7", ""),  # the whole period is replaced: a row left out is removed
    ]
    assert [(f["old"], f["new"]) for f in dry["figures"]] == [("450", "455")]
    submit(mptf, tmp_path, "a-2024-corrected.csv", "a,a.i,2024-01-01,2024-12-31,45\n")
    # v3 replaces 2024 (v1 no longer feeds anything); v2's 2025 and the portfolio's 2023 stay: 100 + 45 + 60 + 250
    assert fund(mptf) == (455, "a (framework),a v2,a v3,b (framework)", "a v2, a v3")
    assert fund(mptf, "--version", "2")[:2] == (390, "a (framework),a v1,b (framework)")  # rebuilt as it was

    history = json.loads(mptf("history", "--programme", "a", "--format", "json").stdout)
    assert [(r["version"], r["periods"], r["rows"]) for r in history] == [
        (1, END2024, 2),
        (2, END2025, 1),
        (3, END2024, 1),
    ]
    for earlier in ("1", "2"):  # after v2, 2024 still stands as v1 reported it
        out = json.loads(mptf("diff", "a", "--from", earlier, "--to", "3", "--format", "json").stdout)
        assert out["periods"] == [END2024]
        assert [(v["change"], v["indicator"], v["old"], v["new"]) for v in out["values"]] == [
            ("changed", "a.i", "40", "45"),
            ("removed", "a.j", "7", ""),
        ]

    args = ["trace", "down", "--by", "thematic-area", "--key", "2", "--indicator", "people-reached", "--ledger"]
    parts = json.loads(mptf(*args, "--format", "json").stdout)["parts"]
    got = sorted((p["programme"], p["period_end"], p["value"], p["file"].split(": ")[0]) for p in parts)
    assert [g[:3] for g in got] == [("a", "2023-12-31", 100), ("a", "2024-12-31", 45), ("a", "2025-12-31", 60),
                                    ("b", "2023-12-31", 250)]  # fmt: skip
    assert [g[3] for g in got][1:3] == ["ledger a v3", "ledger a v2"]  # each row names its version


def test_a_correction_feeds_its_period_only_once_accepted(mptf, tmp_path):
    submit(mptf, tmp_path, "a-2024.csv", "a,a.i,2024-01-01,2024-12-31,40\n")
    submit(mptf, tmp_path, "a-2024-b.csv", "a,a.i,2024-01-01,2024-12-31,90\n", accept=False)
    assert fund(mptf) == (390, "a (framework),a v1,b (framework)", "a v1")  # 100 + 40 + 250
    # under review, with --submitted it replaces 2024: 100 + 90 + 250
    assert fund(mptf, "--submitted") == (440, "a (framework),a v2,b (framework)", "a v2")
    mptf("review", "a", "--version", "2", "--return", "check 2024")
    assert fund(mptf, "--submitted") == (390, "a (framework),a v1,b (framework)", "a v1")

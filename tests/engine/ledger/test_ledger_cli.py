"""``mptf submit``, ``review``, ``history``, ``diff`` and ``rollup --ledger`` on a two-programme portfolio, against
SQLite and PostgreSQL: what is stored, what is refused, which versions feed the figures, and exact rebuilds."""

import json

import pytest
from click.testing import CliRunner

from mptf.engine.cli.main import main


@pytest.fixture
def mptf(db_url, portfolio):
    """mptf(*args, code=0) -> the result of a command on the ledger ``db_url`` and the test portfolio."""
    runner = CliRunner()

    def _run(*args, code=0):
        extra = ["--db", db_url]
        if args[0] in ("submit", "review", "history", "diff"):
            extra += ["--portfolio", str(portfolio)]
        elif args[0] == "rollup":
            extra = [str(portfolio), *extra]
        result = runner.invoke(main, [*args, *extra])
        assert result.exit_code == code, result.output
        return result

    return _run


def figure(result) -> dict:
    """The one fund figure of the test portfolio (people-reached in thematic area 2)."""
    rows = json.loads(result.stdout)["figures"]
    assert len(rows) == 1, rows
    return rows[0]


def test_submit_stores_a_version_and_the_same_file_again_is_a_no_op(mptf, report):
    path = report("a,a.i,,2023-12-31,150\n")
    assert "stored a v1 (submitted, change 1): 1 rows, 0 errors" in mptf("submit", str(path), "--programme", "a").output
    again = mptf("submit", str(path), "--programme", "a", "--by", "x")
    assert "a v1 holds this file already" in again.output and "nothing stored" in again.output
    rows = json.loads(mptf("history", "--format", "json").stdout)
    assert [(r["programme"], r["version"], r["state"], r["rows"], r["errors"]) for r in rows] == [
        ("a", 1, "submitted", 1, 0)
    ]
    assert len(rows[0]["sha256"]) == 64


def test_a_report_with_errors_is_refused_unless_accepted_with_a_reason(mptf, report):
    path = report("a,a.i,,2023-12-31,N/A\n")
    refused = mptf("submit", str(path), "--programme", "a", code=1)
    assert "text-on-numeric" in refused.output and "nothing stored" in refused.output
    assert json.loads(mptf("history", "--format", "json").stdout) == []
    mptf("submit", str(path), "--programme", "a", "--accept-with-errors", code=2)  # no reason
    mptf("submit", str(path), "--programme", "a", "--accept-with-errors", "--reason", "figure follows")
    (row,) = json.loads(mptf("history", "--format", "json").stdout)
    assert (row["errors"], row["reason"]) == (1, "stored with errors: figure follows")


def test_a_report_of_another_programme_or_an_unknown_one_is_refused(mptf, report):
    path = report("b,b.i,2023-01-01,2023-12-31,10\n")
    assert "rows of b" in mptf("submit", str(path), "--programme", "a", code=2).output
    assert "no programme 'zz'" in mptf("submit", str(path), "--programme", "zz", code=2).output


def test_only_accepted_versions_feed_the_figures(mptf, report):
    mptf("submit", str(report("a,a.i,,2023-12-31,150\n")), "--programme", "a")
    # a submitted version feeds nothing yet: the framework's own values give 100 + 250
    assert figure(mptf("rollup", "--ledger", "--format", "json"))["value"] == 350
    assert figure(mptf("rollup", "--submitted", "--format", "json"))["value"] == 400
    mptf("review", "a", "--version", "1", "--accept", "--by", "secretariat")
    got = figure(mptf("rollup", "--format", "json"))
    assert (got["value"], got["versions"]) == (400, "a v1,b (framework)")
    mptf("submit", str(report("a,a.i,,2023-12-31,170\n", "v2.csv")), "--programme", "a")
    mptf("review", "a", "--version", "2", "--return", "the 2023 figure double counts")
    assert figure(mptf("rollup", "--format", "json"))["value"] == 400  # v1 still feeds
    history = json.loads(mptf("history", "--programme", "a", "--format", "json").stdout)
    assert [(r["version"], r["state"], r["reason"]) for r in history] == [
        (1, "accepted", ""),
        (2, "returned", "the 2023 figure double counts"),
    ]
    again = mptf("review", "a", "--version", "2", "--accept", code=2)
    assert "a v2 is returned already" in again.output
    assert "no version 9" in mptf("review", "a", "--version", "9", "--accept", code=2).output
    mptf("review", "a", "--version", "1", code=2)  # neither --accept nor --return


def test_diff_compares_within_the_periods_the_new_version_reports(mptf, report):
    mptf("submit", str(report("a,a.i,,2023-12-31,150\na,a.i,2022-01-01,2022-12-31,90\n")), "--programme", "a")
    mptf("review", "a", "--version", "1", "--accept")
    v2 = report("a,a.i,,2023-12-31,170\na,a.i,2024-01-01,2024-12-31,30\n", "v2.csv")
    mptf("submit", str(v2), "--programme", "a")
    out = json.loads(mptf("diff", "a", "--from", "1", "--to", "2", "--format", "json").stdout)
    assert out["periods"] == ["2023-12-31", "2024-12-31"]
    # 2022, which v2 does not report, is kept: not removed
    assert sorted((v["change"], v["period"], v["old"], v["new"]) for v in out["values"]) == [
        ("added", "2024-01-01:2024-12-31", "", "30"),
        ("changed", "2023-12-31", "150", "170"),
    ]
    # per-period values sum: with v1, 150 + 90 + 250 = 490; with v2, 170 + 90 + 30 + 250 = 540
    assert [(f["common"], f["old"], f["new"]) for f in out["figures"]] == [("people-reached", "490", "540")]
    table = mptf("diff", "a", "--from", "1", "--to", "2").output
    assert "within the periods it replaces (2023-12-31, 2024-12-31)" in " ".join(table.split())
    assert "no version" not in mptf("diff", "a", "--from", "1", "--to", "2").output
    assert "has no v7" in mptf("diff", "a", "--from", "1", "--to", "7", code=2).output


def test_dry_run_shows_the_changes_and_stores_nothing(mptf, report):
    mptf("submit", str(report("a,a.i,,2023-12-31,150\n")), "--programme", "a")
    path = report("a,a.i,,2023-12-31,175\n", "v2.csv")
    out = mptf("submit", str(path), "--programme", "a", "--dry-run", "--format", "json")
    shown = json.loads(out.stdout)
    assert [(v["change"], v["old"], v["new"]) for v in shown["values"]] == [("changed", "150", "175")]
    assert "dry run: nothing stored" in out.stderr
    assert len(json.loads(mptf("history", "--format", "json").stdout)) == 1


def test_a_past_rollup_is_rebuilt_byte_for_byte_after_later_changes_and_framework_edits(
    mptf, report, portfolio, monkeypatch
):
    times = iter(["2024-06-10T09:00:00.000000+00:00", "2024-06-30T23:59:59.999999+00:00"] + [
        f"2024-07-0{day}T08:00:00.000000+00:00" for day in range(1, 4)
    ])  # fmt: skip
    monkeypatch.setattr("mptf.engine.ledger.store.now", lambda: next(times))
    mptf("submit", str(report("a,a.i,,2023-12-31,150\n")), "--programme", "a")
    mptf("review", "a", "--version", "1", "--accept")
    then = mptf("rollup", "--ledger", "--as-of", "2024-06-30", "--format", "json")
    assert "after change 2" in then.stderr
    mptf("submit", str(report("a,a.i,,2023-12-31,900\n", "v2.csv")), "--programme", "a")
    mptf("review", "a", "--version", "2", "--accept")
    (portfolio / "b.yaml").write_text((portfolio / "b.yaml").read_text().replace("250", "999"), encoding="utf-8")
    now = mptf("rollup", "--ledger", "--as-of", "2024-06-30", "--format", "json")
    assert figure(now)["value"] == 150 + 250 and now.stdout.encode() == then.stdout.encode()
    rebuilt = mptf("rollup", "--version", "2", "--as-of", "2024-06-30", "--format", "json")
    assert rebuilt.stdout.encode() == then.stdout.encode()
    latest = mptf("rollup", "--ledger", "--as-of", "2024-07-05", "--format", "json")
    assert figure(latest)["value"] == 900 + 250  # the framework stored with the newest submission, not the edited file
    mptf("rollup", "--version", "9", code=2)


def test_an_empty_ledger_says_so(mptf):
    assert "no submission" in mptf("rollup", "--ledger", code=2).output
    assert "no versions in the ledger" in mptf("history").output


def test_trace_down_from_the_ledger_names_the_version_of_each_row(mptf, report, db_url, portfolio):
    mptf("submit", str(report("a,a.i,,2023-12-31,150\n")), "--programme", "a")
    mptf("review", "a", "--version", "1", "--accept")
    args = ["trace", "down", "--by", "thematic-area", "--key", "2", "--indicator", "people-reached"]
    got = CliRunner().invoke(main, [*args, "--portfolio", str(portfolio), "--db", db_url, "--format", "json"])
    assert got.exit_code == 0, got.output
    files = {row["programme"]: row["file"] for row in json.loads(got.stdout)["parts"]}
    assert files["a"] == "ledger a v1: report.csv" and files["b"].endswith("b.yaml")


def test_a_first_dry_run_compares_within_its_periods_with_the_values_that_feed_the_figures_now(mptf, report):
    path = report("a,a.i,2022-01-01,2022-12-31,175\n")
    out = mptf("submit", str(path), "--programme", "a", "--dry-run", "--format", "json")
    shown = json.loads(out.stdout)
    # the portfolio's own 2023 value of a is another period: kept, not shown as removed
    assert shown["periods"] == ["2022-12-31"]
    assert [(v["change"], v["period"], v["old"], v["new"]) for v in shown["values"]] == [
        ("added", "2022-01-01:2022-12-31", "", "175")
    ]
    assert [(f["old"], f["new"]) for f in shown["figures"]] == [("350", "525")]  # 100 + 175 + 250
    assert json.loads(mptf("history", "--format", "json").stdout) == []


def test_the_framework_is_the_one_of_the_newest_submission_even_when_an_older_version_is_reviewed_last(
    mptf, report, portfolio
):
    mptf("submit", str(report("a,a.i,,2023-12-31,150\n")), "--programme", "a")
    (portfolio / "b.yaml").write_text((portfolio / "b.yaml").read_text().replace("250", "999"), encoding="utf-8")
    mptf("submit", str(report("a,a.i,,2023-12-31,170\n", "v2.csv")), "--programme", "a")
    mptf("review", "a", "--version", "1", "--accept")  # the last change is about the version of the old framework
    assert figure(mptf("rollup", "--ledger", "--format", "json"))["value"] == 150 + 999
    assert figure(mptf("rollup", "--version", "1", "--submitted", "--format", "json"))["value"] == 150 + 250


def test_a_rebuild_by_another_engine_version_says_so(mptf, report, monkeypatch):
    monkeypatch.setattr("mptf.engine.ledger.store.engine_version", lambda: "0.0.1")
    mptf("submit", str(report("a,a.i,,2023-12-31,150\n")), "--programme", "a")
    monkeypatch.undo()
    got = mptf("rollup", "--ledger", "--submitted", "--format", "json")
    assert "made by engine 0.0.1" in got.stderr and figure(got)["value"] == 400

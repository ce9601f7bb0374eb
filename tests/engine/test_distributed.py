"""The distributed engine (Dask, worker processes) gives the same findings and figures as the in-memory path."""

import sys

import pandas as pd
import pytest
from click.testing import CliRunner
from synthetic import synthetic_portfolio

from mptf.engine.distributed.parquet import buckets, read_values, write_values
from mptf.engine.distributed.run import rollup as distributed_rollup
from mptf.engine.distributed.run import run
from mptf.engine.rollup.core import rollup
from mptf.engine.rules.verdict import verdict

# One cluster for the module: every test of it runs on the same pytest-xdist worker (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("dask-cluster")

distributed = pytest.importorskip("distributed")


GROUPINGS = [["thematic-area", "year"], ["gcm", "country"], []]


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0", silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    return synthetic_portfolio(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="module")
def parquet(portfolio, tmp_path_factory):
    directory = tmp_path_factory.mktemp("values")
    write_values(portfolio[0].values, directory, n_buckets=4)
    return directory


@pytest.fixture(scope="module")
def result(portfolio, parquet, client):
    p, path = portfolio
    return run(p, parquet, client, GROUPINGS, path)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns), kind="stable").reset_index(drop=True)


def test_the_synthetic_portfolio_exercises_every_rule_that_counts(portfolio):
    p, path = portfolio
    contrib = rollup(p, ["thematic-area"], path).contributions
    assert {
        "invalid",
        "conflict",
        "overlapping-max",
        "part-of-total",
        "unique-total",
        "superseded",
        "superseded-level",
        "superseded-year",
        "summed-period",
        "summed-latest",
        "summed-level",
        "summed-year",
        "counted-once",
        "counted-percentage",
        "counted-level",
        "counted-yes-no",
        "listed",
    } <= set(contrib["rule_code"])
    figures = rollup(p, [], path).figures.set_index("common")
    assert set(figures["measure"]) == {"count", "percentage", "currency", "yes-no", "ordinal", "qualitative"}
    assert figures.loc["pooled", "rule"] == "Σ numerators / Σ denominators"
    assert figures.loc["rate", "rule"] == "median and range (never summed)"
    assert "declared overlap 25 subtracted" in figures.loc["assisted", "rule"]
    errors = set(p.verdict.findings.loc[p.verdict.findings["severity"] == "error", "code"])
    assert "duplicate-period" in errors and len(errors) >= 3 and p.verdict.left_out > 0


def test_the_values_travel_through_parquet_unchanged(portfolio, parquet):
    p = portfolio[0]
    parts = [read_values(b, p.values.dtypes) for b in buckets(parquet)]
    assert len(parts) >= 2  # several buckets, so the max policy and the reduce are exercised across them
    back = pd.concat(parts).sort_values("vid").drop(columns="vid").reset_index(drop=True)
    pd.testing.assert_frame_equal(back, p.values.reset_index(drop=True))


def test_distributed_findings_and_figures_equal_the_in_memory_ones(portfolio, result):
    p, path = portfolio
    assert result.buckets >= 2 and result.programmes == 9 and result.values == len(p.values)
    pd.testing.assert_frame_equal(_sorted(result.findings), _sorted(p.verdict.findings))
    for by, got in zip(GROUPINGS, result.rollups, strict=True):
        expected = rollup(p, by, path, contributions=False)
        pd.testing.assert_frame_equal(got.figures, expected.figures)
        pd.testing.assert_frame_equal(_sorted(got.findings), _sorted(expected.findings))
        assert got.left_out == expected.left_out > 0


def test_the_largest_programme_wins_across_buckets(portfolio, result):
    p, path = portfolio
    figures = result.rollups[GROUPINGS.index([])].figures.set_index("common")
    contrib = rollup(p, [], path).contributions
    counted = contrib[(contrib["common"] == "reached") & (contrib["rule_code"] != "overlapping-max")]
    counted = counted[counted["counted_bound"].notna()]
    assert counted["programme"].nunique() == 1  # one programme's total, the largest
    assert figures.loc["reached", "value"] == counted["value"].sum()


def test_a_programme_split_over_buckets_is_refused(portfolio, tmp_path, client):
    p, _ = portfolio
    values = p.values[p.values["programme"] == "p1"]
    write_values(values.iloc[:5], tmp_path / "a", 1)
    write_values(values.iloc[5:], tmp_path / "b", 1)
    (tmp_path / "a" / "bucket=00000").rename(tmp_path / "a" / "bucket=00001")
    (tmp_path / "b" / "bucket=00000").rename(tmp_path / "a" / "bucket=00002")
    with pytest.raises(ValueError, match="p1 are in several buckets"):
        distributed_rollup(p, tmp_path / "a", client)


def test_cli_rollup_on_dask_gives_the_in_memory_output(client):
    from mptf.engine.cli.main import main

    runner = CliRunner()
    args = ["rollup", "--by", "gcm", "--format", "json", "--as-of", "2025-01-01"]
    memory = runner.invoke(main, args)
    dask = runner.invoke(main, [*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert dask.exit_code == memory.exit_code, dask.output
    assert dask.stdout == memory.stdout


def test_cli_without_dask_says_how_to_install_it(monkeypatch):
    from mptf.engine.cli.main import main

    monkeypatch.setitem(sys.modules, "distributed", None)
    out = CliRunner().invoke(main, ["rollup", "--engine", "dask"])
    assert out.exit_code == 2
    assert "pip install 'mptf[distributed]'" in out.output


def test_cli_validate_on_dask_gives_the_in_memory_output(client, portfolio, parquet):
    from mptf.engine.cli.main import main

    runner = CliRunner()
    args = ["validate", "--as-of", "2024-06-30"]
    memory = runner.invoke(main, args)
    dask = runner.invoke(main, [*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert dask.exit_code == memory.exit_code, dask.output
    assert dask.output == memory.output and "validated the values of the embedded portfolio: 127 rows" in dask.output
    # --values: the portfolio's programme files as the framework, its values from the buckets
    folder = str(parquet.parent / "synthetic0")
    same = ["validate", "--portfolio", folder, "--as-of", "2024-06-30", "--format", "json"]
    given = [*same, "--values", str(parquet), "--engine", "dask", "--scheduler", client.scheduler.address]
    given, same = runner.invoke(main, given), runner.invoke(main, same)
    assert given.exit_code == same.exit_code == 1
    assert given.stdout == same.stdout


def test_a_report_is_judged_against_the_portfolio_as_validate_does(portfolio, client, tmp_path):
    p, _ = portfolio
    scope = {"p0", "p3", "p4"}  # p0, p3: planted errors; p4: a percentage over 100
    report = p.values[p.values["programme"].isin(scope) & (p.values["period_end"] >= "2023-01-01")]
    write_values(report, tmp_path / "report", 2)
    history = p.values[p.values["programme"].isin(scope)]
    expected = verdict(report, p, history, "report/", scope).findings
    got = run(p, tmp_path / "report", client, report_file="report/")
    assert sorted(got.scope) == sorted(scope) and len(expected) > 0
    pd.testing.assert_frame_equal(_sorted(got.findings), _sorted(expected))


def test_engine_options_need_the_dask_engine():
    from mptf.engine.cli.main import main

    out = CliRunner().invoke(main, ["rollup", "--scheduler", "tcp://127.0.0.1:1"])
    assert out.exit_code == 2 and "go with --engine dask" in out.output

"""Property: any sequence of submissions, returns and acceptances, replayed ``--as-of`` each step's date (and
``--version`` its last change), gives byte for byte the rollup printed at that step; and that rollup's figure is
what the states say: per (programme, period), the rows of the newest accepted version reporting that period,
else the framework's own; and its ``versions`` name exactly the versions (or framework) of those rows."""

import json
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from mptf.engine.cli.main import main

#: The framework's own values: (programme, period) -> value. a.i counts per period (its periods add up); b.i is
#: cumulative, reported for its one period here.
OWN = {("a", ",2023-12-31"): 100, ("b", ",2023-12-31"): 250}
PERIODS = {"a": [",2023-12-31", "2021-01-01,2021-12-31", "2022-01-01,2022-12-31"], "b": [",2023-12-31"]}
REPORT = st.one_of(
    st.tuples(st.just("a"), st.dictionaries(st.sampled_from(PERIODS["a"]), st.integers(1, 40), min_size=1, max_size=2)),
    st.tuples(st.just("b"), st.dictionaries(st.just(",2023-12-31"), st.integers(1, 40), min_size=1)),
)
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), REPORT),
        st.tuples(st.just("submit"), st.tuples(st.sampled_from("ab"), st.just("N/A"))),  # refused: an error
        st.tuples(st.sampled_from(["accept", "return"]), st.tuples(st.sampled_from("ab"), st.integers(1, 3))),
    ),
    min_size=1,
    max_size=8,
)


def expected(accepted: dict, contents: dict) -> tuple[int, str]:
    """The figure and its versions from the model: per (programme, period) the newest accepted version
    reporting it (``accepted[p]``: version numbers; ``contents[p][v - 1]``: {period: value}), else the own."""
    total, names = 0, set()
    for programme, periods in PERIODS.items():
        for period in periods:
            newest = [v for v in accepted[programme] if period in contents[programme][v - 1]]
            if newest:
                total += contents[programme][max(newest) - 1][period]
                names.add((programme, max(newest)))
            elif (programme, period) in OWN:
                total += OWN[programme, period]
                names.add((programme, 0))
    return total, ",".join(f"{p} v{v}" if v else f"{p} (framework)" for p, v in sorted(names))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each example runs the CLI ~15 times
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(actions=ACTIONS)
@example(  # a later year's report keeps the earlier year's values; a correction replaces only its own year
    actions=[
        ("submit", ("a", {"2022-01-01,2022-12-31": 5})),
        ("accept", ("a", 1)),
        ("submit", ("a", {"2021-01-01,2021-12-31": 7, ",2023-12-31": 9})),
        ("accept", ("a", 2)),
        ("submit", ("a", {"2022-01-01,2022-12-31": 6})),
        ("accept", ("a", 3)),
    ]
)
def test_each_step_is_rebuilt_exactly_from_the_ledger(actions, portfolio, monkeypatch, db_url):
    runner = CliRunner()
    clock = {"day": None}
    monkeypatch.setattr("mptf.engine.ledger.store.now", lambda: f"{clock['day']}T12:00:00.000000+00:00")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'ledger.sqlite'}"

        def mptf(*args):
            return runner.invoke(main, [*args, "--db", url])

        printed, accepted, contents = [], {"a": [], "b": []}, {"a": [], "b": []}
        for step, (kind, (programme, arg)) in enumerate(actions):
            clock["day"] = f"2024-03-{step + 1:02d}"
            if kind == "submit":
                rows = {",2023-12-31": "N/A"} if arg == "N/A" else arg
                path = Path(tmp) / f"{programme}-{step}.csv"
                lines = "".join(f"{programme},{programme}.i,{period},{value}\n" for period, value in rows.items())
                path.write_text("programme,indicator,period_start,period_end,value\n" + lines, encoding="utf-8")
                done = mptf("submit", str(path), "--programme", programme, "--portfolio", str(portfolio))
                if arg != "N/A" and arg not in contents[programme]:  # the same content again stores nothing
                    contents[programme].append(arg)
                assert done.exit_code == (1 if arg == "N/A" else 0), done.output
            else:
                flag = ["--accept"] if kind == "accept" else ["--return", "not yet"]
                done = mptf("review", programme, "--version", str(arg), *flag)
                if done.exit_code == 0 and kind == "accept":
                    accepted[programme].append(arg)
            shown = mptf("rollup", str(portfolio), "--ledger", "--as-of", clock["day"], "--format", "json")
            change = re.search(r"after change (\d+)", shown.stderr)
            printed.append((clock["day"], shown.exit_code, shown.stdout, change and change[1]))
            if shown.exit_code == 0:
                (figure,) = json.loads(shown.stdout)["figures"]
                assert (figure["value"], figure["versions"]) == expected(accepted, contents)
        for day, code, stdout, change in printed:
            again = mptf("rollup", str(portfolio), "--ledger", "--as-of", day, "--format", "json")
            assert (again.exit_code, again.stdout) == (code, stdout)
            if change:
                exact = mptf("rollup", str(portfolio), "--version", change, "--as-of", day, "--format", "json")
                assert exact.stdout == stdout

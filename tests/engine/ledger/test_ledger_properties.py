"""Property: any sequence of submissions, returns and acceptances, replayed ``--as-of`` each step's date (and
``--version`` its last change), gives byte for byte the rollup printed at that step; and that rollup's figure is
what the states say: each programme's newest accepted value, else the framework's own."""

import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from mptf.engine.cli.main import main

FRAMEWORK = {"a": 100, "b": 250}
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.sampled_from("ab"), st.integers(1, 40)),
        st.tuples(st.just("submit"), st.sampled_from("ab"), st.just("N/A")),  # refused: an error
        st.tuples(st.sampled_from(["accept", "return"]), st.sampled_from("ab"), st.integers(1, 3)),
    ),
    min_size=1,
    max_size=7,
)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each example runs the CLI ~15 times
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(actions=ACTIONS)
def test_each_step_is_rebuilt_exactly_from_the_ledger(actions, portfolio, monkeypatch, db_url):
    runner = CliRunner()
    clock = {"day": None}
    monkeypatch.setattr("mptf.engine.ledger.store.now", lambda: f"{clock['day']}T12:00:00.000000+00:00")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'ledger.sqlite'}"

        def mptf(*args):
            return runner.invoke(main, [*args, "--db", url])

        printed, accepted, submitted = [], {}, {"a": [], "b": []}
        for step, (kind, programme, arg) in enumerate(actions):
            clock["day"] = f"2024-03-{step + 1:02d}"
            if kind == "submit":
                path = Path(tmp) / f"{programme}-{str(arg).replace('/', '')}.csv"
                path.write_text(
                    f"programme,indicator,period_start,period_end,value\n{programme},{programme}.i,2023-01-01,"
                    f"2023-12-31,{arg}\n",
                    encoding="utf-8",
                )
                done = mptf("submit", str(path), "--programme", programme, "--portfolio", str(portfolio))
                if arg != "N/A" and arg not in submitted[programme]:
                    submitted[programme].append(arg)
                assert done.exit_code == (1 if arg == "N/A" else 0), done.output
            else:
                flag = ["--accept"] if kind == "accept" else ["--return", "not yet"]
                done = mptf("review", programme, "--version", str(arg), *flag)
                if done.exit_code == 0 and kind == "accept":
                    accepted[programme] = submitted[programme][arg - 1]
            shown = mptf("rollup", str(portfolio), "--ledger", "--as-of", clock["day"], "--format", "json")
            change = re.search(r"after change (\d+)", shown.stderr)
            printed.append((clock["day"], shown.exit_code, shown.stdout, change and change[1]))
            if shown.exit_code == 0:
                value = sum(accepted.get(p, FRAMEWORK[p]) for p in "ab")
                assert f'"value": {value}' in shown.stdout or f'"value": {value}.0' in shown.stdout
        for day, code, stdout, change in printed:
            again = mptf("rollup", str(portfolio), "--ledger", "--as-of", day, "--format", "json")
            assert (again.exit_code, again.stdout) == (code, stdout)
            if change:
                exact = mptf("rollup", str(portfolio), "--version", change, "--as-of", day, "--format", "json")
                assert exact.stdout == stdout

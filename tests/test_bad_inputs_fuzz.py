"""Random input through every command: random bytes as a programme file, a report or a workbook, and random
frameworks and reports that have the right shape but wrong contents. Whatever the input, no command ends in a
traceback, and the exit code is 0, 1 or 2."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
import yaml
from bad_inputs.generate import DEMO, HEADER, programme_workbook
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mptf.engine.cli.main import main

# Each example runs whole commands (most of a second each), so examples are few: random bytes almost always stop
# in the loader, whichever command reads them, and run one command that hypothesis draws; frameworks of the
# right shape get past the loader and go through every command.
BOUNDED = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
FEWER = settings(BOUNDED, max_examples=15)
PORTFOLIO_COMMANDS = [
    ["check", "{path}", "--format", "json"],
    ["rollup", "{path}"],
    ["progress", "{path}"],
    ["gcm", "{path}"],
    ["trace", "orphans", "--portfolio", "{path}"],
]


def run(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not crashed, f"mptf {' '.join(args)}: {type(result.exception).__name__}: {result.exception}"
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), f"mptf {' '.join(args)}: exit {result.exit_code}"


def every_command(portfolio: Path, report: Path | None = None) -> None:
    for command in PORTFOLIO_COMMANDS:
        run([part.format(path=portfolio) for part in command])
    run(["validate", str(report or DEMO), "--portfolio", str(portfolio), "--format", "json"])


def wild_bytes():
    """Random bytes, or a valid file with a few bytes changed, cut or repeated."""
    return st.one_of(
        st.binary(max_size=3000),
        st.tuples(st.sampled_from(["yaml", "xlsx"]), st.integers(0, 10_000), st.binary(min_size=1, max_size=8)),
    )


def bytes_for(choice, folder: Path) -> bytes:
    if isinstance(choice, bytes):
        return choice
    kind, at, patch = choice
    if kind == "yaml":
        base = DEMO.read_bytes()
    else:
        programme_workbook(folder / "base.xlsx")
        base = (folder / "base.xlsx").read_bytes()
    at %= len(base)
    return base[:at] + patch + base[at + len(patch) :]


@BOUNDED
@given(
    choice=wild_bytes(),
    suffix=st.sampled_from([".yaml", ".csv", ".xlsx"]),
    command=st.sampled_from([*PORTFOLIO_COMMANDS, ["validate", str(DEMO), "--portfolio", "{path}"]]),
)
def test_random_bytes_as_a_portfolio(choice, suffix, command):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"p{suffix}"
        path.write_bytes(bytes_for(choice, Path(folder)))
        run([part.format(path=path) for part in command])


@BOUNDED
@given(choice=wild_bytes(), suffix=st.sampled_from([".csv", ".xlsx"]), annotate=st.booleans())
def test_random_bytes_as_a_report(choice, suffix, annotate):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"r{suffix}"
        path.write_bytes(bytes_for(choice, Path(folder)))
        more = ["--annotate", str(Path(folder) / "out.xlsx")] if annotate else ["--format", "json"]
        run(["validate", str(path), "--portfolio", str(DEMO), *more])


# -- right shape, wrong contents -----------------------------------------------------------------------------
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["=1+1", "1.234", "١٢٣", "１２３", "over 5", "45%", "2023-02-31", "31/12/2023", "", "nan"]),
)
wild = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
dates = st.one_of(st.sampled_from(["2023-09-30", "2022-01-01", "2024-12-31"]), wild)
ids = st.one_of(st.sampled_from(["demo", "demo.o1", "demo.o1.trained", "x"]), wild)


@st.composite
def frameworks(draw) -> dict:
    value = st.fixed_dictionaries({"value": wild, "end": dates}, optional={"start": dates, "note": wild})
    indicator = st.fixed_dictionaries(
        {"id": ids, "name": wild, "measure": st.one_of(st.sampled_from(["count", "percentage", "currency"]), wild)},
        optional={
            "unit": st.one_of(st.just("people"), wild),
            "common": st.one_of(st.just("people-reached"), wild),
            "values": st.lists(value, max_size=3),
            "targets": st.lists(st.fixed_dictionaries({"value": wild, "date": dates}), max_size=2),
            "baseline": wild,
            "disaggregation": wild,
        },
    )
    result = st.fixed_dictionaries(
        {"id": ids, "level": st.one_of(st.sampled_from(["outcome", "output"]), wild), "title": wild},
        optional={"indicators": st.lists(indicator, max_size=2), "parent": ids, "gcm": wild, "sdg": wild},
    )
    return draw(
        st.fixed_dictionaries(
            {"id": ids, "countries": st.one_of(st.just(["TJK"]), wild)},
            optional={
                "results": st.lists(result, max_size=3),
                "budget": wild,
                "thematic_area": wild,
                "status": wild,
                "start": dates,
                "end": dates,
                "duration_months": wild,
                "gcm": wild,
                "sdg": wild,
                "organizations": wild,
            },
        )
    )


def reports():
    cell = st.one_of(st.text(max_size=10), st.sampled_from(["=1+1", "١٥٠", "1e400", "inf", "1.234", "-5", "@x"]))
    row = st.fixed_dictionaries(
        {
            "programme": st.one_of(st.just("demo"), cell),
            "indicator": st.one_of(st.sampled_from(["demo.o1.trained", "demo.o1.share"]), cell),
            "period_start": st.one_of(st.just(""), dates.map(str)),
            "period_end": st.one_of(st.just("2023-12-31"), dates.map(str)),
            "value": st.one_of(st.integers(-10, 10**20).map(str), cell),
            "note": cell,
        }
    )
    return st.lists(row, max_size=6)


def write_report(rows: list[dict], path: Path) -> None:
    if path.suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, HEADER)
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "values"
    ws.append(HEADER)
    for row in rows:
        ws.append([row[h] for h in HEADER])
    book.save(path)


@FEWER
@given(doc=frameworks())
def test_wrong_frameworks_through_every_command(doc):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        every_command(path)


@BOUNDED
@given(rows=reports(), suffix=st.sampled_from([".csv", ".xlsx"]), annotate=st.booleans())
def test_wrong_reports(rows, suffix, annotate):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"r{suffix}"
        try:
            write_report(rows, path)
        except (ValueError, openpyxl.utils.exceptions.IllegalCharacterError):
            return  # openpyxl refuses control characters: not a workbook anyone can write
        more = ["--annotate", str(Path(folder) / "out.xlsx")] if annotate else ["--format", "json"]
        run(["validate", str(path), "--portfolio", str(DEMO), *more])

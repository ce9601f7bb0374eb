"""Every case of the corpus of broken and hostile inputs (``tests/bad_inputs/cases.yaml``) gives the answer a
demanding user expects: the expected exit code and finding codes, no traceback, a located message with a hint
for a broken file, the inputs untouched, nothing written that a spreadsheet would run as a formula, and an
answer within its time (and, for bombs, memory) bound.

Small cases run in this process through click's runner; bombs and anything that could hang run in a child
process with an address-space limit and a timeout, which also gives their peak memory. The child processes are
all started together, the first time one of their cases runs (a few at a time, one per core), and each case
then checks its own child's answer: their start-up and waiting overlap instead of adding up.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import yaml
from bad_inputs.generate import HERE, make
from click.testing import CliRunner

from mptf.engine.cli.main import main

MANIFEST = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
COMMANDS: dict[str, str] = MANIFEST["commands"]
CASES: list[dict] = MANIFEST["cases"]
ADDRESS_SPACE = 2 << 30  # bytes a child process may map
WHOLE_FILE = {"file-not-found", "unreadable-file", "wrong-structure", "too-large", "empty-report", "yaml-syntax",
              "empty-portfolio"}  # fmt: skip
ENV = {"COLUMNS": "250"}  # tables wide enough that a path is never wrapped


@dataclass
class Ran:
    code: int | None  # None: killed at the time bound
    stdout: str
    output: str  # stdout and stderr
    seconds: float
    rss_mb: float = 0.0
    traceback: str = ""


def run_inside(args: list[str]) -> Ran:
    start = time.monotonic()
    result = CliRunner(env=ENV).invoke(main, args)
    seconds = time.monotonic() - start
    crash = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = f"{type(result.exception).__name__}: {result.exception}"
    return Ran(result.exit_code, result.stdout, result.output, seconds, traceback=crash)


def run_child(args: list[str], seconds: float, folder: Path) -> Ran:
    """``mptf args`` in a child process limited to :data:`ADDRESS_SPACE`, killed after ``seconds``.

    The child sets its own limit as its first statement, before anything is imported (a ``preexec_fn`` is not
    safe once threads run, and the children are started from a pool of threads). Its peak RSS is its own
    ``VmHWM``, written as it exits: the ``ru_maxrss`` of a child started by vfork (as subprocess does) also counts
    the parent's peak, here the test worker's."""
    script = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1]))); "
        "import atexit; hwm = sys.argv[2]; del sys.argv[1:3]; "
        "atexit.register(lambda: open(hwm, 'w').write("
        "[l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0])); "
        "from mptf.engine.cli.main import run; sys.argv[0] = 'mptf'; run()"
    )
    out, err, hwm = folder / "stdout", folder / "stderr", folder.with_name(f"{folder.name}.vmhwm")
    start = time.monotonic()
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        child = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-c", script, str(ADDRESS_SPACE), str(hwm), *args],
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            cwd=folder,
            env={**os.environ, **ENV},
            start_new_session=True,
        )
        code = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - start > seconds:
                os.killpg(child.pid, signal.SIGKILL)
                _, _, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        child.returncode = -1  # reaped here
    took = time.monotonic() - start
    stdout_text = out.read_text(encoding="utf-8", errors="replace")
    output = stdout_text + err.read_text(encoding="utf-8", errors="replace")
    crash = output[output.index("Traceback") :][:2000] if "Traceback (most recent call last)" in output else ""
    peak_kib = int(hwm.read_text()) if hwm.exists() else usage.ru_maxrss  # killed: no VmHWM written
    return Ran(code, stdout_text, output, took, peak_kib / 1024, crash)


def digest(path: Path) -> object:
    """What must not change: a regular file's sha256, a directory's files' digests, else the file's kind."""
    try:
        info = path.lstat()
    except OSError:
        return None
    if stat.S_ISREG(info.st_mode):
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return (info.st_mode, info.st_size, info.st_mtime_ns)
    if stat.S_ISDIR(info.st_mode):
        return {child.name: digest(child) for child in sorted(path.iterdir())}
    return stat.S_IFMT(info.st_mode)


def findings_of(stdout: str) -> list[dict] | None:
    """The findings of a ``--format json`` listing; ``None`` when the output is not one."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return None
    return data if isinstance(data, list) and all(isinstance(f, dict) and "code" in f for f in data) else None


def located(finding: dict, names: set[str]) -> bool:
    where = Path(str(finding.get("file") or "")).name
    placed = finding.get("line") not in (None, "") or bool(finding.get("sheet"))
    return where in names and bool(finding.get("hint")) and (placed or finding["code"] in WHOLE_FILE)


def formulas_in(path: Path) -> list[str]:
    """Every formula cell of a workbook written by mptf."""
    book = openpyxl.load_workbook(path)
    return [f"{ws.title}!{c.coordinate}: {c.value}" for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]  # fmt: skip


def case_id(case: dict) -> str:
    return case["file"] + ("" if case["run"] in ("check", "validate") else f" [{case['run']}]")


@dataclass
class Prepared:
    """One case ready to run in ``folder``: its inputs (relative to ``folder``), arguments and output path,
    and the digests of its inputs before the run."""

    folder: Path
    inputs: dict[str, Path]
    args: list[str]
    out: Path
    before: dict[str, object]


def prepare(case: dict, folder: Path) -> Prepared:
    """Write the case's inputs under ``folder`` (the working directory of its run: short relative paths, so a
    table never wraps them)."""
    inputs = {
        "file": make(case["file"], folder / "in").relative_to(folder),
        "portfolio": make(case.get("portfolio", "portfolio/demo.yaml"), folder / "framework").relative_to(folder),
        "report": make("csv/valid.csv", folder / "given").relative_to(folder),
    }
    out = Path("out", "out.xlsx")
    (folder / out).parent.mkdir()
    args = [part.format(**inputs, out=out) for part in shlex.split(COMMANDS[case["run"]])]
    before = {name: digest(folder / path) for name, path in inputs.items()}
    return Prepared(folder, inputs, args, out, before)


def bound_of(case: dict) -> float:
    return case.get("seconds", 15 if case.get("child") else 10)


def child_run(case: dict, folder: Path) -> tuple[Prepared, Ran]:
    prepared = prepare(case, folder)
    return prepared, run_child(prepared.args, bound_of(case) + 2, folder)


@pytest.fixture(scope="session")
def child_runs(tmp_path_factory: pytest.TempPathFactory):
    """Every child case's run, started together in a pool of one thread per core (at least two), so that one
    child's start-up and waiting overlap another's; each case waits for its own."""
    pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2))
    runs: dict[str, Future] = {
        case_id(case): pool.submit(child_run, case, tmp_path_factory.mktemp("child"))
        for case in CASES
        if case.get("child") and not (case.get("unreadable") and os.geteuid() == 0)
    }
    yield runs
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_bad_input(case: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    if case.get("unreadable") and os.geteuid() == 0:
        pytest.skip("running as root: a chmod 000 file is readable")
    if case.get("child"):
        prepared, ran = request.getfixturevalue("child_runs")[case_id(case)].result()
    else:
        prepared = prepare(case, tmp_path)
        monkeypatch.chdir(tmp_path)
        ran = run_inside(prepared.args)
    check_answer(case, prepared, ran)


def check_answer(case: dict, prepared: Prepared, ran: Ran) -> None:
    folder, args, bound = prepared.folder, prepared.args, bound_of(case)
    inputs = {name: folder / path for name, path in prepared.inputs.items()}
    out = folder / prepared.out
    said = f"mptf {' '.join(args)}\n{ran.output[-3000:]}"

    assert ran.code is not None, f"still running after {bound + 2} s: {said}"
    assert not ran.traceback and "Traceback" not in ran.output, f"{ran.traceback}\n{said}"
    expected = case["exit"] if isinstance(case["exit"], list) else [case["exit"]]
    assert ran.code in expected, f"exit {ran.code}, expected {expected}: {said}"
    assert ran.seconds <= bound, f"{ran.seconds:.1f} s > {bound} s: {said}"
    if case.get("child"):
        assert ran.rss_mb <= case.get("rss_mb", 600), f"peak RSS {ran.rss_mb:.0f} MB: {said}"

    findings = findings_of(ran.stdout)
    names = {p.name for path in inputs.values() for p in [path, *(path.iterdir() if path.is_dir() else [])]}
    for wanted in case.get("codes", []):
        either = wanted.split("|")
        if findings is None:
            squashed = re.sub(r"[\s│┃]", "", ran.output)  # a table may wrap a long path or code
            assert any(code in squashed for code in either), f"no {wanted}: {said}"
            assert any(name in squashed for name in names), f"the file is not named: {said}"
            continue
        hits = [f for f in findings if f["code"] in either]
        assert hits, f"no {wanted} among {sorted({f['code'] for f in findings})}: {said}"
        assert any(located(f, names) for f in hits), f"{wanted} not located (file, line or sheet, hint): {said}"
    if ran.code in (1, 2) and not case.get("codes"):
        if findings:
            bad = [f for f in findings if f["severity"] in ("error", "fatal")]
            assert any(located(f, names) for f in bad), f"no located error: {said}"
        else:  # a usage error: it says why
            assert ran.output.strip(), said

    assert {name: digest(path) for name, path in inputs.items()} == prepared.before, f"an input was changed: {said}"
    for text in case.get("absent", []):
        assert text not in ran.output, f"{text!r} in the output: {said}"
    if case.get("safe_output"):
        assert out.exists(), said
        assert not formulas_in(out), f"formulas written into {out.name}: {formulas_in(out)}"

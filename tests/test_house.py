"""The house a newcomer reads: no import cycle between the package's modules (imports inside functions
included), reports/ renders only (it imports no rule or validation module), and no module in engine/ over 450
lines."""

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"frameworks": "mptf.frameworks", "indicators": "mptf.indicators", "engine": "mptf.engine",
            "reports": "mptf.reports"}  # fmt: skip
RULE_MODULES = ("mptf.engine.rules", "mptf.engine.rules.validate", "mptf.engine.rules.checks")


def modules() -> dict[str, Path]:
    out = {}
    for folder, package in PACKAGES.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            name = ".".join((package, *parts))
            out[name.removesuffix(".__init__")] = path
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            bases = [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            bases = [(base, [alias.name for alias in node.names])]
        else:
            continue
        for base, names in bases:
            targets = [f"{base}.{n}" for n in names if f"{base}.{n}" in known] or [base]
            found |= {t for t in targets if t in known and t != name}
    return found


def graph() -> nx.DiGraph:
    known = modules()
    g = nx.DiGraph()
    for name, path in known.items():
        g.add_node(name)
        g.add_edges_from((name, target) for target in imports(name, path, known))
    return g


def test_the_import_graph_is_read_right():
    g = graph()
    assert ("mptf.engine.rules.cells", "mptf.engine.rules.context") in g.edges
    assert ("mptf.engine.rules.verdict", "mptf.engine.rules.cells") in g.edges  # from . import cells
    assert ("mptf.engine.rollup.core", "mptf.engine.rollup.sqlengine") in g.edges  # from . import sqlengine
    assert ("mptf.engine.cli.main", "mptf.engine.rules.checks") in g.edges  # an import inside a function


def test_no_import_cycle():
    cycles = [c for c in nx.strongly_connected_components(graph()) if len(c) > 1]
    assert not cycles, cycles


def test_reports_render_only():
    g = graph()
    wrong = [
        (name, target)
        for name, target in g.edges
        if name.startswith("mptf.reports") and target.startswith(RULE_MODULES)
    ]
    assert not wrong, wrong


def test_no_engine_module_over_450_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "engine").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert not long, long


HEAVY = ("pandas", "numpy", "pyarrow", "duckdb", "networkx", "pandera", "openpyxl", "sqlalchemy", "yaml", "rich")
_HELP_EVERYWHERE = """
import sys
import click
from mptf.engine.cli.main import main

def walk(group, path):
    yield path
    if isinstance(group, click.Group):
        for name, command in group.commands.items():
            yield from walk(command, path + [name])

for path in walk(main, []):
    try:
        main.main(path + ["--help"], prog_name="mptf", standalone_mode=False)
    except SystemExit:
        pass
print("LOADED", *sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1:])))
"""


def test_help_loads_no_data_library():
    """``mptf --help`` and every command's ``--help`` import click and the CLI's own modules only: the data
    libraries (pandas alone takes most of a second) load inside the commands that use them."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _HELP_EVERYWHERE, *HEAVY], capture_output=True, text=True, check=True
    ).stdout
    assert "Usage: mptf trace down" in out and "Usage: mptf rollup" in out
    loaded = out.rsplit("LOADED", 1)[1].split()
    assert loaded == [], loaded

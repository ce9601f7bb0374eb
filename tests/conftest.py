"""Shared fixtures: where the shared reference material is, and tiny programme files written on the fly."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

# Tables are rendered as wide as the terminal: the same width everywhere (a terminal, CI, a pytest-xdist worker).
os.environ["COLUMNS"] = "160"

# Loaded portfolios are cached in a directory of the run's own (each pytest-xdist worker its own), never in the
# user's cache: commands run by the tests inherit it.
os.environ.setdefault("MPTF_CACHE_DIR", tempfile.mkdtemp(prefix="mptf-test-cache-"))

# Property tests assert results, never speed (speed lives in benchmarks/): no per-example deadline, which a loaded
# machine would miss.
settings.register_profile("mptf", deadline=None)
settings.load_profile("mptf")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared/ is not beside the project")
    return SHARED


MINIMAL = """
id: demo
title: Demo programme
countries: [TJK]
thematic_area: 2
status: funded
budget: 1000000
duration_months: 24
results:
  - id: demo.o1
    level: outcome
    title: Families are more resilient
    gcm: [7]
    indicators:
      - id: demo.o1.trained
        name: People trained
        measure: count
        unit: people
        values:
          - {value: 100, end: 2023-09-30}
"""


@pytest.fixture
def minimal() -> str:
    """A small valid programme: one outcome, one indicator, one value (the value is on line 20)."""
    return MINIMAL


@pytest.fixture
def write(tmp_path: Path):
    """write(text, name='p.yaml') -> path of a dedented file in a fresh directory."""

    def _write(text: str, name: str = "p.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write

"""The examples in module docstrings run (networkx-style docstrings that are tests)."""

import doctest
import importlib

import pytest

MODULES = [
    "mptf.indicators.quantity",
    "mptf.indicators.aggregation",
    "mptf.indicators.common",
    "mptf.frameworks.gcm",
    "mptf.frameworks.sdg",
    "mptf.frameworks.areas",
    "mptf.frameworks.graph",
    "mptf.indicators.codes",
    "mptf.indicators.report_schema",
    "mptf.engine.trace.down",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0

"""Access to the reference files shipped inside the package (``frameworks/data``)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml

__all__ = ["data_path", "portfolio_path", "read_data_yaml"]


def data_path(name: str) -> Path:
    """Path of a reference file in the package."""
    return Path(str(resources.files("mptf.frameworks") / "data" / name))


def portfolio_path() -> Path:
    """Directory of the embedded Migration MPTF portfolio (one YAML file per programme)."""
    return Path(str(resources.files("mptf.frameworks") / "portfolio"))


@cache
def read_data_yaml(name: str) -> dict:
    with data_path(name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)

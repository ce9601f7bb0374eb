"""A cache of loaded portfolios, keyed by what a load depends on: each file's name and sha256, the limits, and
the engine's own code and data.

Loading parses YAML with line marks, reads workbooks and validates every table with pandera: about a second for
a few dozen programme files, at the start of every command. A portfolio loaded before from the same bytes by the
same code is read back from a pickle instead (milliseconds). Any change to an input file, to the limits, or to
any module or data file of the engine gives another key, so a cached portfolio is always the one a fresh load
would give; the reference date is applied after loading (``dated``) and is not part of it.

The cache lives in ``$MPTF_CACHE_DIR``, else the user's cache directory (``platformdirs``), created private
(mode 0700); ``MPTF_CACHE=off`` turns it off. It keeps the :data:`KEEP` most recently used portfolios. A cache
file that cannot be read is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

__all__ = ["KEEP", "cache_dir", "cached", "code_fingerprint"]

KEEP = 16
#: The packages whose code and data decide what a load gives.
_PACKAGES = ("mptf.engine", "mptf.frameworks", "mptf.indicators")
_SUFFIXES = (".py", ".yaml", ".csv")


def cache_dir() -> Path | None:
    """Where cached portfolios live, or None when ``MPTF_CACHE`` is ``off`` (or ``0``, ``no``)."""
    if os.environ.get("MPTF_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    given = os.environ.get("MPTF_CACHE_DIR")
    if given:
        return Path(given)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mptf", appauthor=False)) / "portfolios"


@cache
def code_fingerprint() -> str:
    """The sha256 of the engine's modules and data files (their paths and bytes), and of the Python and
    library versions a pickle depends on."""
    import networkx
    import pandas

    digest = hashlib.sha256(f"{sys.version}|{pandas.__version__}|{networkx.__version__}".encode())
    for name in _PACKAGES:
        root = Path(importlib.util.find_spec(name).origin).parent
        for path in sorted(root.rglob("*")):
            if path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cached(parts: list[str], load: Callable[[], object]) -> object:
    """What ``load()`` returns, read from the cache when the same ``parts`` (file names and hashes, limits) were
    loaded before by the same code; else loaded and stored. Never raises for the cache's own sake."""
    folder = cache_dir()
    if folder is None:
        return load()
    key = hashlib.sha256("\n".join([code_fingerprint(), *parts]).encode()).hexdigest()
    path = folder / f"{key}.pickle"
    try:
        with open(path, "rb") as handle:
            loaded = pickle.load(handle)
        os.utime(path)  # most recently used
        return loaded
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a cache file damaged or from elsewhere: load afresh and replace it
        pass
    loaded = load()
    try:
        _store(folder, path, loaded)
    except OSError:  # a read-only or full disk: the command goes on without the cache
        pass
    return loaded


def _store(folder: Path, path: Path, loaded: object) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            pickle.dump(loaded, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)

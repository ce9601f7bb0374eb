"""The cache of loaded portfolios gives what a fresh load gives, and only then: the same files (names and bytes),
the same limits, the same engine code."""

from __future__ import annotations

import pandas as pd
import pytest

from mptf.engine.reading import cache, load
from mptf.engine.reading.load import load_portfolio
from mptf.indicators.limits import Limits

TABLES = ("programmes", "claims", "results", "indicators", "targets", "links", "values", "context", "files")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("MPTF_CACHE_DIR", str(where))
    monkeypatch.delenv("MPTF_CACHE", raising=False)
    return where


@pytest.fixture
def no_reading(monkeypatch):
    """Loading a file fails from here on: a load that still succeeds came from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("read a file that the cache holds")

    return lambda: monkeypatch.setattr(load, "load_file", refuse)


def same(a, b) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    pd.testing.assert_frame_equal(a.load_findings, b.load_findings)


def test_a_second_load_is_read_back_and_equal(folder, no_reading):
    first = load_portfolio()
    assert len(list(folder.glob("*.pickle"))) == 1
    no_reading()
    second = load_portfolio()
    same(first, second)
    assert second is not first and len(second.programmes) == 41


def test_a_changed_file_is_loaded_afresh(tmp_path, folder, minimal, no_reading):
    path = tmp_path / "p.yaml"
    path.write_text(minimal, encoding="utf-8")
    assert load_portfolio(path).values["text"].tolist() == ["100"]
    path.write_text(minimal.replace("value: 100", "value: 250"), encoding="utf-8")
    assert load_portfolio(path).values["text"].tolist() == ["250"]
    no_reading()
    assert load_portfolio(path).values["text"].tolist() == ["250"]
    assert len(list(folder.glob("*.pickle"))) == 2


def test_the_same_bytes_elsewhere_keep_their_own_provenance(tmp_path, folder, minimal):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "p.yaml").write_text(minimal, encoding="utf-8")
    a, b = load_portfolio(tmp_path / "a"), load_portfolio(tmp_path / "b")
    assert a.values["file"].tolist() == [str(tmp_path / "a" / "p.yaml")]
    assert b.values["file"].tolist() == [str(tmp_path / "b" / "p.yaml")]


def test_limits_and_code_are_part_of_the_key(tmp_path, folder, minimal, monkeypatch):
    path = tmp_path / "p.yaml"
    path.write_text(minimal, encoding="utf-8")
    load_portfolio(path)
    load_portfolio(path, Limits().with_values(["rows=10"]))
    assert len(list(folder.glob("*.pickle"))) == 2
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another engine")
    load_portfolio(path)
    assert len(list(folder.glob("*.pickle"))) == 3


def test_a_damaged_cache_file_is_replaced(tmp_path, folder, minimal):
    path = tmp_path / "p.yaml"
    path.write_text(minimal, encoding="utf-8")
    fresh = load_portfolio(path)
    (pickle,) = folder.glob("*.pickle")
    pickle.write_bytes(b"not a pickle")
    same(load_portfolio(path), fresh)
    assert pickle.read_bytes() != b"not a pickle"


def test_off_writes_nothing_and_the_cache_keeps_the_latest(tmp_path, folder, minimal, monkeypatch):
    path = tmp_path / "p.yaml"
    monkeypatch.setenv("MPTF_CACHE", "off")
    path.write_text(minimal, encoding="utf-8")
    load_portfolio(path)
    assert not folder.exists()
    monkeypatch.delenv("MPTF_CACHE")
    monkeypatch.setattr(cache, "KEEP", 2)
    for n in (1, 2, 3):
        path.write_text(minimal.replace("value: 100", f"value: {n}"), encoding="utf-8")
        load_portfolio(path)
    assert len(list(folder.glob("*.pickle"))) == 2

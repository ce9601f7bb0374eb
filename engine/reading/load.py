"""Load a portfolio from a path: a directory of programme files, one YAML file, or a workbook.

With no path, the embedded Migration MPTF portfolio is loaded. Every loaded file is recorded with its sha256,
and every problem becomes a located finding (``load_findings``); nothing here raises for bad input.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from mptf.engine.findings import Findings, Loc
from mptf.engine.model import Portfolio, assemble
from mptf.engine.reading.cache import cached
from mptf.engine.reading.files import not_regular
from mptf.engine.reading.load_yaml import load_programme_yaml
from mptf.engine.reading.rows import Rows
from mptf.frameworks._data import portfolio_path
from mptf.indicators.formats import (
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    PARQUET_SUFFIXES,
    PORTFOLIO_SUFFIXES,
    XML_SUFFIXES,
    YAML_SUFFIXES,
)
from mptf.indicators.limits import Limits, TooLarge

__all__ = ["EMBEDDED", "load_portfolio", "sha256"]

EMBEDDED = "embedded"


def sha256(path: Path) -> str:
    """The file's sha256 (hex), read in blocks: a large report is never held whole for it."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _readable_sha256(path: Path) -> str | None:
    """The file's sha256, or None when it cannot be read (the load reports why)."""
    try:
        return sha256(path)
    except OSError:
        return None


def _files_in(directory: Path) -> list[Path]:
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in PORTFOLIO_SUFFIXES and not p.name.startswith(("~$", "."))
    )


def load_portfolio(path: str | Path | None = None, limits: Limits | None = None) -> Portfolio:
    """Load a portfolio; problems are in ``portfolio.load_findings`` (severity ``fatal`` for unusable input,
    ``too-large`` for a file beyond ``limits``)."""
    findings = Findings()
    rows = Rows()
    if path is None:
        root, label_root = portfolio_path(), EMBEDDED
    else:
        root = Path(path)
        label_root = None
    files: list[dict] = []
    if not root.exists():
        findings.add(
            "file-not-found",
            Loc(file=str(path)),
            path=path,
            expected="a programme file (.yaml), a workbook (.xlsx) or a directory of them",
        )
        return assemble(rows, findings=findings.frame())
    special = not_regular(root)
    if special:
        findings.add(
            "unreadable-file",
            Loc(file=str(path)),
            what=f"{root.name} is {special}",
            fix="give a programme file (.yaml), a workbook (.xlsx) or a directory of them",
        )
        return assemble(rows, findings=findings.frame())
    paths = _files_in(root) if root.is_dir() else [root]
    if root.is_dir() and not paths:
        findings.add("empty-portfolio", Loc(file=str(root)), what=str(path))
    labels = [f"{label_root}/{file.name}" if label_root else str(file) for file in paths]

    hashes: dict[Path, str] = {}

    def read() -> Portfolio:
        for file, label in zip(paths, labels, strict=True):
            files.append({"file": label, "sha256": hashes.get(file) or _readable_sha256(file)})
            rows.extend(load_file(file, label, findings, limits))
        return assemble(rows, pd.DataFrame(files, columns=["file", "sha256"]), findings.frame())

    try:
        hashes.update((file, sha256(file)) for file in paths)  # each file read once for its hash
    except OSError:  # an unreadable file: its finding comes from the load itself
        return read()
    return cached(
        [
            repr(limits or Limits()),
            str(path),
            *(f"{label}\t{hashes[file]}" for file, label in zip(paths, labels, strict=True)),
        ],
        read,
    )


def load_file(file: Path, label: str, findings: Findings, limits: Limits | None = None) -> Rows:
    """Rows of one file, chosen by its suffix; a workbook or CSV file beyond the ``file-mb`` limit is not read."""
    suffix = file.suffix.lower()
    limits = limits or Limits()
    if suffix in YAML_SUFFIXES:
        return load_programme_yaml(file, label, findings, limits)
    if suffix in XML_SUFFIXES:
        from mptf.engine.reading.iati import load_iati

        return load_iati(file, label, findings, limits)
    if suffix in EXCEL_SUFFIXES + CSV_SUFFIXES + PARQUET_SUFFIXES:
        try:
            limits.check_size(file.stat().st_size, "file-mb")
        except TooLarge as err:
            findings.add("too-large", Loc(file=label), **err.fields)
            return Rows()
    if suffix in EXCEL_SUFFIXES:
        from mptf.engine.reading.load_excel import load_workbook_rows

        return load_workbook_rows(file, label, findings, limits)
    if suffix in CSV_SUFFIXES:
        from mptf.engine.reading.load_values import load_values_csv

        return load_values_csv(file, label, findings, limits)
    if suffix in PARQUET_SUFFIXES:
        from mptf.engine.reading.load_values import load_values_parquet

        return load_values_parquet(file, label, findings, limits)
    findings.add(
        "unreadable-file",
        Loc(file=label),
        what=f"{file.name} is not a programme file",
        fix="give a .yaml programme file, an .xlsx workbook, a .csv of reported values or an IATI .xml file",
    )
    return Rows()

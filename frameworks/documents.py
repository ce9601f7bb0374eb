"""Provenance a user can follow: where an embedded programme file is installed, and which public document a
``source`` file name stands for (``data/documents.yaml``)."""

from __future__ import annotations

from pathlib import Path

from mptf.frameworks._data import portfolio_path, read_data_yaml

__all__ = ["EMBEDDED_PREFIX", "document", "installed_file", "provenance_lines"]

#: How findings and traces name the files of the embedded portfolio (``embedded/tjk-....yaml``).
EMBEDDED_PREFIX = "embedded/"


def installed_file(label: str) -> Path | None:
    """The file a provenance label names, as installed: ``embedded/x.yaml`` is the package's
    ``frameworks/portfolio/x.yaml``; any other label is the path it was read from. None for an empty label."""
    if not isinstance(label, str) or not label:
        return None
    if label.startswith(EMBEDDED_PREFIX):
        return portfolio_path() / label[len(EMBEDDED_PREFIX) :]
    return Path(label)


def document(source: str) -> str:
    """The document a ``source`` file name stands for: ``Migration MPTF in Action, 2nd edition (Migration
    Multi-Partner Trust Fund, 2024-01)``; the file name itself when it is not one of the embedded portfolio's."""
    known = read_data_yaml("documents.yaml")["documents"].get(source)
    if not known:
        return source
    return f"{known['title']} ({known['publisher']}, {known['date']})"


def provenance_lines(files, sources) -> list[str]:
    """Lines that say where each embedded file is installed and which document each source is, for the files
    and sources given (others are left out: they name themselves)."""
    lines = []
    embedded = sorted({f for f in files if isinstance(f, str) and f.startswith(EMBEDDED_PREFIX)})
    if embedded:
        lines.append(
            f"{EMBEDDED_PREFIX}… is the embedded portfolio, installed in {portfolio_path()} "
            "(mptf show --source PROGRAMME prints a programme's file)"
        )
    for source in sorted({s for s in sources if isinstance(s, str) and s}):
        title = document(source)
        if title != source:
            lines.append(f"{source}: {title}; the quote beside each figure is its passage")
    return lines

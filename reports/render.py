"""Render tables for people and programs: a rich table, JSON or CSV, from any DataFrame.

Formatters are pure (they return text); the CLI prints.
"""

from __future__ import annotations

import io
import json
import shutil

import pandas as pd
from rich.console import Console
from rich.table import Table

from .cells import csv_text
from .formats import FORMATS

__all__ = ["FORMATS", "render_frame", "to_csv", "to_json", "to_markdown", "to_rich"]

_SEVERITY_STYLE = {"fatal": "bold red", "error": "red", "warning": "yellow", "info": "cyan"}


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def to_json(frame: pd.DataFrame) -> str:
    records = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return json.dumps(records, ensure_ascii=False, indent=2, default=str)


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text, every cell written by :func:`~mptf.reports.cells.csv_text` (text that looks like a formula is
    quoted)."""
    out = frame.copy()
    for col in out.columns:
        cells = [", ".join(v) if isinstance(v, tuple) else _plain(v) for v in out[col].tolist()]
        out[col] = pd.Series(cells, index=out.index, dtype=object)  # object: a line number never turns into 2.0
    return csv_text(out)


def to_rich(frame: pd.DataFrame, title: str | None = None, width: int | None = None) -> str:
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in frame.columns:
        table.add_column(str(col), overflow="fold")
    for row in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, row, strict=True):
            plain = _plain(value)
            text = ", ".join(map(str, plain)) if isinstance(plain, list) else ("" if plain is None else str(plain))
            style = _SEVERITY_STYLE.get(text) if col == "severity" else None
            cells.append(f"[{style}]{text}[/]" if style else text.replace("[", "\\["))
        table.add_row(*cells)
    width = width or shutil.get_terminal_size((160, 40)).columns
    console = Console(width=width, record=True, file=io.StringIO(), force_terminal=False)
    console.print(table)
    return console.export_text()


def to_markdown(frame: pd.DataFrame, title: str | None = None) -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped)."""

    def cell(value: object) -> str:
        plain = _plain(value)
        text = ", ".join(map(str, plain)) if isinstance(plain, list) else ("" if plain is None else str(plain))
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"### {title}", ""] if title else []
    lines.append("| " + " | ".join(map(str, frame.columns)) + " |")
    lines.append("|" + "---|" * len(frame.columns))
    lines.extend("| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False))
    return "\n".join(lines) + "\n"


def render_frame(frame: pd.DataFrame, fmt: str, title: str | None = None) -> str:
    if fmt == "md":
        return to_markdown(frame, title)
    if fmt == "json":
        return to_json(frame)
    if fmt == "csv":
        return to_csv(frame)
    return to_rich(frame, title)

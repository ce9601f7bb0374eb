"""The one cell writer: every workbook and CSV cell the package writes goes through here, and text stays text.

Text that a spreadsheet would run as a formula (it starts with ``= + - @``, a tab or a carriage return, also after
leading spaces, or with a full-width ``＝ ＋ － ＠``) is written as text: in a workbook as a string cell with the
quote-prefix style (Excel shows it as typed and keeps it text when edited), in a CSV file behind a single quote,
as OWASP advises against CSV injection. A text that is only a number (``-5``, ``+1,500``) is harmless and kept
as written; numbers, dates and booleans are written as they are.

Files are written through :func:`write_atomically`: to a hidden temporary file next to the target, flushed and
synced, then moved into place in one step, so a killed writer leaves the old file whole.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from copy import copy
from glob import escape as glob_escape
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

__all__ = [
    "append_cells",
    "atomic_file",
    "csv_text",
    "dangerous",
    "defused",
    "only_cell",
    "save_text",
    "save_workbook",
    "write_atomically",
    "write_cell",
    "workbook_bytes",
    "write_row",
    "writable",
]

_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?%?")


def dangerous(value: object) -> bool:
    """Whether ``value`` is text that a spreadsheet could take for a formula.

    A lone sign (``=``, ``-``: a figure's bound, an empty mark) carries nothing to run and is kept as written.

    >>> [dangerous(v) for v in ("=1+1", "  @SUM(A1)", "\\t=x", "\uff1dcmd", "-5", "people", 7, "=", "-")]
    [True, True, True, True, False, False, False, False, False]
    """
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "\t\r":
        return True
    stripped = value.lstrip()
    if len(stripped) == 1 and value[-1] not in "\t\r":
        return False
    return bool(stripped) and stripped[0] in _TRIGGERS and not _NUMBER.fullmatch(stripped)


def defused(value: object) -> object:
    """``value`` as a CSV cell: dangerous text behind a single quote, anything else as it is.

    >>> defused("=cmd|' /C calc'!A0"), defused("-5"), defused(3)
    ("'=cmd|' /C calc'!A0", '-5', 3)
    """
    return "'" + value if dangerous(value) else value  # type: ignore[operator]


#: The control characters XML 1.0 forbids, as openpyxl refuses them (its ``ILLEGAL_CHARACTERS_RE``; a test keeps
#: the two equal): held here so that writing CSV or JSON does not import openpyxl.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def writable(value: object) -> object:
    """``value`` as a workbook can hold it: the control characters XML 1.0 forbids (a CSV cell may carry them)
    each become U+FFFD, the replacement character, instead of failing the whole workbook.

    >>> writable("a\x01b"), writable(7)
    ('a\ufffdb', 7)
    """
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _as_text(cell) -> None:
    """Keep a string cell a string (openpyxl takes any text starting with ``=`` for a formula)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if dangerous(cell.value):
            cell.quotePrefix = True


def write_cell(ws, row: int, column: int, value: object):
    """Write ``value`` into ``ws`` at (``row``, ``column``), text as text; returns the cell."""
    cell = ws.cell(row=row, column=column)
    cell.value = writable(value)
    _as_text(cell)
    return cell


def write_row(ws, row: int, values: Iterable[object], start: int = 1) -> list:
    """Write ``values`` into row ``row`` of ``ws`` from column ``start``; returns the cells (``None`` left empty)."""
    return [write_cell(ws, row, column, value) for column, value in enumerate(values, start=start)]


def only_cell(ws, value: object, like: Cell | None = None, **style) -> Cell:
    """A cell of a write-only sheet holding ``value`` (text as text), styled as the cell ``like`` (a copy of its
    style, much faster than setting each part again) and with ``style`` (``fill=...``, ``font=...``)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=writable(value))
    if like is not None:
        cell._style = copy(like._style)
    for name, setting in style.items():
        setattr(cell, name, setting)
    _as_text(cell)
    return cell


def append_cells(ws, values: Sequence[object]) -> None:
    """Append a row to a write-only sheet: cells go in as they are, dangerous text as :func:`only_cell` cells, and
    anything else as a plain value (openpyxl writes a plain value as it is, and text not starting with ``=`` as
    text; plain values are several times faster to write than cells)."""
    ws.append([only_cell(ws, v) if dangerous(v) or _formula(v) else writable(v) for v in values])


def _formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (header first, no index), every cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([defused(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow(["" if v is None else defused(v) for v in row])
    return buffer.getvalue()


def write_atomically(path: str | Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write ``path`` in one step: ``write`` fills a hidden temporary file next to it, then it replaces ``path``
    (see :func:`atomic_file`)."""
    with atomic_file(path) as handle:
        write(handle)


@contextmanager
def atomic_file(path: str | Path) -> Iterator[IO[bytes]]:
    """A binary handle on a hidden temporary file next to ``path``, which replaces ``path`` when the block ends
    without error: the file is flushed and synced before the move, and removed when anything fails (a killed
    process leaves at most a hidden ``.NAME.*.tmp`` file, never a partial file under ``path``)."""
    path = Path(path)
    _clear_stale(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _clear_stale(path: Path) -> None:
    """Remove the temporary files that writers of ``path`` killed before they finished left behind."""
    for tmp in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def save_workbook(book, path: str | Path) -> None:
    """Save an openpyxl workbook to ``path`` atomically."""
    write_atomically(path, book.save)


def workbook_bytes(book) -> bytes:
    """An openpyxl workbook saved to bytes (for a writer that fixes its dates before writing the file)."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def save_text(text: str, path: str | Path) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_atomically(path, lambda handle: handle.write(text.encode("utf-8")))

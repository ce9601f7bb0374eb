"""What kind of file a path names, asked before anything opens it.

Opening a named pipe (FIFO) for reading waits for a writer that may never come, and a character device such as
``/dev/zero`` never ends: anything that is not a regular file is refused before it is opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["not_regular"]

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def not_regular(path: Path) -> str | None:
    """Why ``path`` (a symbolic link followed) cannot be read as a file: ``"not a regular file: a named pipe
    (FIFO)"``; ``None`` for a regular file, a directory, or a path that cannot be examined (its reader says
    why)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return f"not a regular file: {_KINDS.get(stat.S_IFMT(mode), 'a special file')}"

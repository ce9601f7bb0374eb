"""The id syntax (``docs/format.md``): what a programme, result or indicator id may be written with.

An id is letters, digits, ``-``, ``.``, ``_`` and ``/``, starting with a letter or a digit, at most
``MAX_ID_LENGTH`` characters: the lower-case dotted ids of hand-written programmes (``tjk-flb.wellbeing.1``)
and IATI identifiers (``XM-DAC-41114-PROJECT-00123``, ``GB-GOV-1-300123/101``). Nothing else is an id: not a
space, not a formula (``=HYPERLINK(...)``, ``@cmd``), since ids are copied into every report, workbook and CSV.
"""

from __future__ import annotations

import re

__all__ = ["ID_PATTERN", "MAX_ID_LENGTH", "id_problem"]

MAX_ID_LENGTH = 200
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")


def id_problem(ident: str) -> str | None:
    """Why ``ident`` is not an id, in words, or None when it is one.

    >>> id_problem("tjk-flb.wellbeing.1"), id_problem("XM-DAC-41114-PROJECT-00123")
    (None, None)
    >>> id_problem('=HYPERLINK("http://x")')
    "it starts with '='"
    >>> id_problem("tjk flb")
    "it holds ' '"
    """
    if len(ident) > MAX_ID_LENGTH:
        return f"it is {len(ident)} characters long, over {MAX_ID_LENGTH}"
    if ID_PATTERN.fullmatch(ident):
        return None
    if not ident[:1].isascii() or not ident[:1].isalnum():
        return f"it starts with {ident[:1]!r}"
    bad = next(c for c in ident if not (c.isascii() and (c.isalnum() or c in "._/-")))
    return f"it holds {bad!r}"

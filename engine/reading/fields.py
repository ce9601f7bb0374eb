"""Read one field of a programme as written by hand, with a located finding instead of an exception.

Both loaders (YAML and Excel) read fields through a :class:`FieldReader`, so a budget, a date or a list means
the same thing and fails the same way whichever format it came in.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from difflib import get_close_matches
from functools import lru_cache

from mptf.engine.findings import Findings, Loc
from mptf.indicators.ids import MAX_ID_LENGTH, id_problem
from mptf.indicators.quantity import (
    FigureError,
    Money,
    Quantity,
    implausible,
    parse_date,
    parse_money,
    parse_period,
    parse_quantity,
)

__all__ = ["FieldReader", "close_matches", "suggest", "unknown_id"]


def close_matches(word: str, allowed, n: int = 3) -> list[str]:
    """The allowed words closest to ``word``: difflib's close matches, then those that start with or (from three
    characters) contain it, case folded; at most ``n``."""
    return list(_close_matches(str(word).strip(), tuple(str(a) for a in allowed), n))


@lru_cache(maxsize=1024)
def _close_matches(text: str, known: tuple[str, ...], n: int) -> tuple[str, ...]:
    """What :func:`close_matches` gives, worked out once for a word and its allowed words: a report repeats a
    wrong id on many rows, and difflib compares it with every allowed word (20 ms against 2,500 programmes)."""
    close = get_close_matches(text, known, n=n, cutoff=0.6)
    folded = text.casefold()
    if folded:
        close += [k for k in known if k.casefold().startswith(folded)]
        close += [k for k in known if len(folded) >= 3 and folded in k.casefold()]
    return tuple(dict.fromkeys(close))[:n]


def suggest(word: str, allowed: list[str] | tuple[str, ...] | set[str], n: int = 1) -> str:
    """``" (did you mean 'measure'?)"`` when close allowed words exist (up to ``n``), else ``""``: the one
    did-you-mean of every unknown key, column, sheet, programme, indicator, group or figure."""
    match = close_matches(word, allowed, n)
    if not match:
        return ""
    shown = [repr(m) for m in match]
    return f" (did you mean {shown[0] if len(shown) == 1 else ', '.join(shown[:-1]) + ' or ' + shown[-1]}?)"


def unknown_id(kind: str, word: str, known, listing: str) -> str:
    """The message for an id that names nothing: ``no programme 'tjk' in the portfolio (did you mean
    'tjk-families-left-behind' or 'tjk-safe-skilled-migration'?); mptf list lists the programmes``."""
    if not len(known):
        return f"no {kind} {word!r}: the portfolio has none"
    return f"no {kind} {word!r} in the portfolio{suggest(word, known, 3)}; {listing}"


def _example(text: str) -> str:
    """``text`` made into an id, as an example for a hint."""
    ident = re.sub(r"[^A-Za-z0-9._/-]+", "-", text).strip("-._/")[:MAX_ID_LENGTH]
    return ident or "p.o1"


def _empty(raw: object) -> bool:
    """Nothing written: ``None``, blank text, or a spreadsheet's empty NaN (YAML's ``.nan`` is written: a
    :class:`~.yamlio.YFloat` keeps its text, and is a ``bad-number``)."""
    return (
        raw is None
        or (isinstance(raw, str) and not raw.strip())
        or (isinstance(raw, float) and raw != raw and not hasattr(raw, "text"))
    )


def _not_text(raw: object) -> str:
    """What a value that cannot be read as text is (``"a list"``, ``"binary data (!!binary)"``), else ``""``:
    YAML's explicit tags build bytes, sets and pairs where a field holds text."""
    if isinstance(raw, dict):
        return "a mapping"
    if isinstance(raw, (list, tuple)):
        return "a list"
    if isinstance(raw, (bytes, bytearray)):
        return "binary data (!!binary)"
    if isinstance(raw, (set, frozenset)):
        return "a set (!!set)"
    return ""


class FieldReader:
    """Parses raw field values and records a finding for each one it cannot use."""

    def __init__(self, findings: Findings) -> None:
        self.findings = findings

    # -- structure -----------------------------------------------------------------------------------------
    def check_keys(self, mapping: dict, allowed: tuple[str, ...], loc: Loc, what: str) -> None:
        """Report unknown keys (with a suggestion) and keys repeated in one YAML mapping."""
        lines = getattr(mapping, "key_lines", {})
        for key in mapping:
            if key not in allowed:
                self.findings.add(
                    "unknown-key",
                    loc.at(line=lines.get(key, loc.line), column=str(key)),
                    kind="key",
                    name=key,
                    where=what,
                    suggestion=suggest(key, allowed),
                    allowed=", ".join(allowed),
                )
        for key, line in getattr(mapping, "duplicates", []):
            self.findings.add(
                "duplicate-key",
                loc.at(line=line, column=str(key)),
                kind="key",
                name=key,
                within=f" in {what}",
                kept="last would count",
                fix="keep one, or turn the field into a list of claims",
            )

    def required(self, raw: object, loc: Loc, field: str, what: str) -> bool:
        if _empty(raw):
            self.findings.add("missing-field", loc.at(column=field), what=what, field=repr(field), example="")
            return False
        return True

    # -- scalars -------------------------------------------------------------------------------------------
    def text(self, raw: object, loc: Loc, field: str) -> str | None:
        if _empty(raw):
            return None
        kind = _not_text(raw)
        if kind:
            self.findings.add(
                "wrong-type",
                loc.at(column=field),
                subject=repr(field),
                problem=f"should be text, not {kind}",
                fix=f"write {field!r} as one line of text",
            )
            return None
        return str(getattr(raw, "text", raw)).strip()

    def ident(self, raw: object, loc: Loc, field: str, kind: str) -> str | None:
        """An id (:mod:`mptf.indicators.ids`): its text, with ``bad-id`` when it is not written as an id."""
        text = self.text(raw, loc, field)
        problem = id_problem(text) if text else None
        if problem:
            self.findings.add(
                "bad-id", loc.at(column=field), kind=kind, ident=text, problem=problem, example=_example(text)
            )
        return text

    def integer(self, raw: object, loc: Loc, field: str, most: int = 10**6) -> int | None:
        """A whole number up to ``most`` (above it: ``implausible-figure``)."""
        if _empty(raw):
            return None
        try:
            q = parse_quantity(raw)
        except FigureError as err:
            if err.code != "bad-number" or isinstance(raw, (int, float, Decimal)):  # .nan, .inf, 1e400, 10**5000
                self.findings.add(err.code, loc.at(column=field), field=field, problem=err, fix=err.hint)
            else:
                self.findings.add("wrong-type", loc.at(column=field), subject=f"{field!r}:", problem=err, fix=err.hint)
            return None
        self.note(q.note, loc, field)
        if q.bound != "=" or q.percent or q.value != q.value.to_integral_value():
            self.findings.add(
                "wrong-type",
                loc.at(column=field),
                subject=repr(field),
                problem=f"should be a whole number, not {raw!r}",
                fix="write a whole number, e.g. 24",
            )
            return None
        if abs(q.value) > most:
            err = implausible(float(q.value), f"{field!r}", most)
            self.findings.add(err.code, loc.at(column=field), field=field, problem=err, fix=err.hint)
            return None
        return int(q.value)

    def quantity(self, raw: object, loc: Loc, field: str) -> Quantity | None:
        if _empty(raw):
            return None
        try:
            q = parse_quantity(getattr(raw, "text", raw) if not isinstance(raw, (int, float)) else raw)
        except FigureError as err:
            self.findings.add(err.code, loc.at(column=field), field=field, problem=err, fix=err.hint)
            return None
        self.note(q.note, loc, field)
        return q

    def finite(self, raw: object, loc: Loc, field: str) -> bool:
        """False, with ``bad-number``, for YAML's ``.nan``, ``.inf`` and a float beyond range (``1.0e400``): a
        field kept as written (a context statistic, its year) still holds no such number."""
        if isinstance(raw, float) and not math.isfinite(raw):
            text = getattr(raw, "text", str(raw))
            self.findings.add(
                "bad-number",
                loc.at(column=field),
                field=field,
                problem=f"{text!r} is not a finite number",
                fix="write the figure as digits, e.g. 1234 (or leave it out)",
            )
            return False
        return True

    def money(self, raw: object, loc: Loc, field: str, currency: str | None = None) -> Money | None:
        if _empty(raw):
            return None
        try:
            money = parse_money(raw, currency or "USD")
        except FigureError as err:
            self.findings.add(err.code, loc.at(column=field), field=field, problem=err, fix=err.hint)
            return None
        self.note(money.note, loc, field)
        return money

    def note(self, note: str | None, loc: Loc, field: str) -> None:
        """``figure-read`` (info) for a figure written with a scale word or an exponent, naming its reading."""
        if note:
            self.findings.add("figure-read", loc.at(column=field), field=field, reading=note)

    def date(self, raw: object, loc: Loc, field: str, period: str | None = None) -> dt.date | None:
        """An ISO date; for the ``period`` ``"start"`` or ``"end"`` of a span (a reporting period, a programme),
        also a month (``2019-07``) or a quarter (``2022-Q1``), read as its first or last day (``period-read``)."""
        if _empty(raw):
            return None
        try:
            day, note = parse_period(raw, end=period == "end") if period else (parse_date(raw), None)
        except FigureError as err:
            self.findings.add("bad-date", loc.at(column=field), field=field, problem=err, fix=err.hint)
            return None
        if note:
            self.findings.add("period-read", loc.at(column=field), field=field, reading=note)
        return day

    def boolean(self, raw: object, loc: Loc, field: str, default: bool) -> bool:
        if _empty(raw):
            return default
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in {"true", "yes", "1", "y"}:
            return True
        if word in {"false", "no", "0", "n"}:
            return False
        self.findings.add(
            "wrong-type",
            loc.at(column=field),
            subject=repr(field),
            problem=f"should be true or false, not {raw!r}",
            fix="write true or false",
        )
        return default

    def choice(
        self, raw: object, loc: Loc, field: str, allowed: tuple[str, ...], aliases: dict[str, str] | None = None
    ) -> str | None:
        word = self.text(raw, loc, field)
        if word is None:
            return None
        folded = word.lower().replace("_", "-") if field == "measure" else word.lower()
        folded = (aliases or {}).get(folded, folded)
        if folded in allowed:
            return folded
        self.findings.add(
            "unknown-value",
            loc.at(column=field),
            subject=f"{field!r} is {word!r},",
            allowed=", ".join(allowed),
            suggestion=suggest(folded, allowed),
        )
        return None

    # -- lists ---------------------------------------------------------------------------------------------
    def str_list(self, raw: object, loc: Loc, field: str) -> list[str]:
        """A YAML list, or one comma-separated cell, of words."""
        if _empty(raw):
            return []
        if isinstance(raw, str):
            return [part.strip() for part in raw.split(",") if part.strip()]
        if isinstance(raw, list) and not any(_not_text(x) for x in raw):
            return [str(getattr(x, "text", x)).strip() for x in raw if not _empty(x)]
        if isinstance(raw, (int, float, Decimal)):
            return [str(getattr(raw, "text", raw))]
        self.findings.add(
            "wrong-type",
            loc.at(column=field),
            subject=repr(field),
            problem="should be a list of words",
            fix=f"write {field}: [A, B] or 'A, B'",
        )
        return []

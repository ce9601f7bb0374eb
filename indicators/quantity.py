"""Figures as people write them: numbers with qualifiers, percentages, money, dates.

A figure keeps the qualifier it was written with: ``"over 200,000"`` is ``Quantity(200000, ">")``, never a plain
200,000. Anything that has two readings (``"1.234"``) or none (``"N/A"``) raises :class:`FigureError` with a
hint; nothing is guessed. :func:`parse_quantities` does the same over a whole column in one vectorised pass.

>>> parse_quantity("over 200,000")
Quantity(value=Decimal('200000'), bound='>', qualifier='over', percent=False)
>>> str(parse_quantity("almost 1,900"))
'≈ 1,900'
>>> parse_money("1.500.000")
Money(cents=150000000, currency='USD')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

__all__ = [
    "FigureError",
    "Money",
    "Quantity",
    "QUALIFIERS",
    "format_number",
    "parse_date",
    "parse_money",
    "parse_quantities",
    "parse_quantity",
]


class FigureError(ValueError):
    """A figure that cannot be read without guessing; ``hint`` says how to write it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


#: Qualifier words (lower case) and the bound each states.
QUALIFIERS: dict[str, str] = {
    "over": ">",
    "more than": ">",
    "above": ">",
    "in excess of": ">",
    ">": ">",
    "at least": "≥",
    "no less than": "≥",
    "not less than": "≥",
    "minimum of": "≥",
    "minimum": "≥",
    "min.": "≥",
    "≥": "≥",
    ">=": "≥",
    "up to": "≤",
    "at most": "≤",
    "no more than": "≤",
    "not more than": "≤",
    "maximum of": "≤",
    "maximum": "≤",
    "max.": "≤",
    "≤": "≤",
    "<=": "≤",
    "less than": "<",
    "fewer than": "<",
    "under": "<",
    "below": "<",
    "<": "<",
    "approximately": "≈",
    "approx.": "≈",
    "approx": "≈",
    "about": "≈",
    "around": "≈",
    "almost": "≈",
    "nearly": "≈",
    "roughly": "≈",
    "some": "≈",
    "circa": "≈",
    "ca.": "≈",
    "c.": "≈",
    "~": "≈",
    "≈": "≈",
}

_QUAL_RE = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
_FIGURE_RE = re.compile(
    rf"^\s*(?P<qual>{_QUAL_RE})?\s*(?P<cur>[A-Z]{{3}}\s*|\$\s*)?"
    r"(?P<num>[+-]?[0-9][0-9.,\u00a0\u202f' ]*)\s*(?P<plus>\+)?\s*(?P<pct>%)?\s*$",
    re.IGNORECASE,
)
_MISSING = {"", "n/a", "na", "n.a.", "-", "—", "–", "none", "nil", "null", "tbd", "unknown", "?"}


@dataclass(frozen=True)
class Quantity:
    """A number with the bound it was stated with (``=`` exact, ``>``, ``≥``, ``≤``, ``<``, ``≈``)."""

    value: Decimal
    bound: str = "="
    qualifier: str | None = None
    percent: bool = False

    def __str__(self) -> str:
        number = format_number(self.value) + ("%" if self.percent else "")
        return number if self.bound == "=" else f"{self.bound} {number}"


@dataclass(frozen=True)
class Money:
    """An amount exact to the cent, held as an integer number of cents."""

    cents: int
    currency: str = "USD"

    @property
    def amount(self) -> Decimal:
        return Decimal(self.cents) / 100

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.2f}"


def format_number(value: Decimal | float | int) -> str:
    """``1234567`` → ``'1,234,567'``; decimals kept as given (``99.6`` → ``'99.6'``)."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d:,f}".rstrip("0").rstrip(".")


def _normalise_number(raw: str) -> Decimal:
    """Read one number written with thousands separators; raise FigureError when it has two readings."""
    s = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("'", " ").strip()
    sign = ""
    if s[:1] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:].strip()
    if re.fullmatch(r"\d{1,3}( \d{3})+(\.\d+)?", s):
        s = s.replace(" ", "")
    elif " " in s:
        raise FigureError(f"{raw!r} is not one number", "write the figure as digits, e.g. 1234 or 1,234")
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        if re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", s):
            s = s.replace(",", "")
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", s):
            s = s.replace(".", "").replace(",", ".")
        else:
            raise FigureError(
                f"{raw!r} mixes ',' and '.' in a way that has no single reading",
                "write the figure as plain digits with '.' for decimals, e.g. 1234.5",
            )
    elif commas:
        if re.fullmatch(r"\d{1,3}(,\d{3})+", s):
            s = s.replace(",", "")
        else:
            raise FigureError(
                f"{raw!r}: a ',' that is not a thousands separator is ambiguous",
                "write decimals with '.', e.g. 1.5, and thousands as 1,234",
            )
    elif dots > 1:
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
            s = s.replace(".", "")
        else:
            raise FigureError(f"{raw!r} is not a number", "write the figure as digits, e.g. 1234")
    elif dots == 1 and re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", s):
        raise FigureError(
            f"{raw!r} is ambiguous: one thousand and more, or a decimal?",
            f"write {s.replace('.', '')} (or {s.replace('.', ',')}) for the thousands, or {s}0 for the decimal",
        )
    try:
        return Decimal(sign + s)
    except InvalidOperation:
        raise FigureError(f"{raw!r} is not a number", "write the figure as digits, e.g. 1234") from None


def parse_quantity(raw: object) -> Quantity:
    """Read a figure as written: a number, optionally with a qualifier, thousands separators or a ``%``.

    Raises
    ------
    FigureError
        For a missing marker (``"N/A"``), text, or a number with two readings.
    """
    if isinstance(raw, bool):
        raise FigureError(f"{raw!r} is a yes/no, not a number", "write a number")
    if isinstance(raw, int):
        return Quantity(Decimal(raw))
    if isinstance(raw, float):
        if raw != raw:
            raise FigureError("the figure is empty", "write the figure, or leave the row out")
        return Quantity(Decimal(repr(raw)))
    if isinstance(raw, Decimal):
        return Quantity(raw)
    text = str(raw).strip()
    if text.lower() in _MISSING:
        raise FigureError(f"{text!r} is not a figure", "write the number, or leave the row out if there is none")
    match = _FIGURE_RE.match(text)
    if not match or match["cur"]:
        raise FigureError(f"{text!r} is not a number", "write digits, optionally after a qualifier, e.g. 'over 500'")
    value = _normalise_number(match["num"])
    qual = match["qual"]
    bound = QUALIFIERS[qual.lower()] if qual else "="
    if match["plus"]:
        if qual:
            raise FigureError(f"{text!r} has two qualifiers", "keep one, e.g. 'over 500'")
        bound, qual = "≥", "+"
    return Quantity(value, bound, qual.lower() if qual else None, bool(match["pct"]))


def parse_money(raw: object, currency: str = "USD") -> Money:
    """Read an amount exactly (``"USD 2,200,000.50"``, ``"1.500.000"``, ``2200000``) as integer cents."""
    if isinstance(raw, float):
        raw = repr(raw)
    text = str(raw).strip()
    m = re.match(r"^(?P<cur>[A-Z]{3})\s+(?P<rest>.+)$", text)
    if m:
        currency, text = m["cur"], m["rest"]
    text = text.lstrip("$").strip()
    quantity = parse_quantity(text)
    if quantity.bound != "=" or quantity.percent:
        raise FigureError(f"{raw!r} is not an exact amount", "write the amount itself, e.g. 2200000")
    cents = quantity.value * 100
    if cents != cents.to_integral_value():
        raise FigureError(f"{raw!r} has fractions of a cent", "round the amount to the cent")
    return Money(int(cents), currency)


_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(raw: object) -> dt.date:
    """Read an ISO 8601 date (``YYYY-MM-DD``); a ``datetime`` from a spreadsheet cell is taken as its date."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, pd.Timestamp):
        return raw.date()
    text = str(raw).strip()
    m = _DATE_RE.match(text)
    if not m:
        hint = "write the date as YYYY-MM-DD, e.g. 2023-09-30"
        if re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}", text):
            hint += f" ({text!r} could be day/month or month/day)"
        raise FigureError(f"{text!r} is not a date in YYYY-MM-DD form", hint)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as err:
        raise FigureError(f"{text!r} is not a real date ({err})", "check the day and the month") from None


def parse_quantities(texts: pd.Series) -> pd.DataFrame:
    """Parse a column of figures in one vectorised pass.

    Returns a frame aligned on ``texts`` with ``value`` (float), ``bound``, ``qualifier``, ``percent`` and
    ``error`` (a message where the cell cannot be read, else ``<NA>``). Cells that the fast path cannot settle
    (mixed separators, ambiguous dots) fall back to :func:`parse_quantity`, so both paths agree.
    """
    s = texts.astype("string").str.strip()
    parts = s.str.extract(_FIGURE_RE)
    num = parts["num"].str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    plain = num.str.fullmatch(r"[+-]?\d+(\.\d+)?") & ~num.str.fullmatch(r"[+-]?[1-9]\d{0,2}\.\d{3}")
    grouped = num.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
    # Spaces in a number only group thousands ("1 234 567"): "12 34", like "over 5+", is parse_quantity's to reject.
    spaced = parts["num"].str.replace(r"[\u00a0\u202f']", " ", regex=True).str.strip()
    one_number = ~spaced.str.contains(" ", regex=False) | spaced.str.fullmatch(r"[+-]?\d{1,3}( \d{3})+(\.\d+)?")
    two_qualifiers = parts["qual"].notna() & parts["plus"].notna()
    fast = (plain | grouped).fillna(False) & one_number.fillna(False) & parts["cur"].isna() & ~two_qualifiers
    out = pd.DataFrame(index=texts.index)
    out["value"] = pd.to_numeric(num.where(fast).str.replace(",", "", regex=False), errors="coerce")
    qual = parts["qual"].str.lower()
    out["bound"] = qual.map(QUALIFIERS).fillna("=").astype("string")
    out.loc[parts["plus"].notna(), "bound"] = "≥"
    out["qualifier"] = qual.where(parts["plus"].isna(), "+").astype("string")
    out["percent"] = parts["pct"].notna()
    out["error"] = pd.Series(pd.NA, index=texts.index, dtype="string")
    slow = ~fast & s.notna()
    # Collected, then set once per column: setting one cell at a time copies an Arrow-backed column each time.
    errors: dict = {}
    read: dict[str, dict] = {"value": {}, "bound": {}, "qualifier": {}, "percent": {}}
    for idx in s.index[slow.to_numpy()]:
        try:
            q = parse_quantity(s.at[idx])
        except FigureError as err:
            errors[idx] = str(err)
            read["value"][idx] = np.nan
            continue
        read["value"][idx] = float(q.value)
        read["bound"][idx] = q.bound
        read["qualifier"][idx] = q.qualifier if q.qualifier else pd.NA
        read["percent"][idx] = q.percent
    if errors:
        out.loc[list(errors), "error"] = pd.Series(errors, dtype="string")
    for column, cells in read.items():
        if cells:
            out.loc[list(cells), column] = pd.Series(cells, dtype=out[column].dtype)
    out.loc[s.isna(), "error"] = "the figure is empty"
    return out

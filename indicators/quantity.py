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
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

__all__ = [
    "EXACT_INTEGER",
    "MAX_COUNT",
    "MAX_MONEY",
    "FigureError",
    "Money",
    "Quantity",
    "QUALIFIERS",
    "ascii_digits",
    "format_number",
    "implausible",
    "SCALES",
    "excel_serial_date",
    "parse_date",
    "parse_period",
    "period_bounds",
    "parse_money",
    "parse_quantities",
    "parse_quantity",
]


#: The largest plausible count (people, events, ...): ten billion, more than the world's population.
MAX_COUNT = 10**10
#: The largest plausible amount of money, in the currency written: ten trillion (10^13).
MAX_MONEY = 10**13
#: Integers up to 2^53 are held exactly by a float (the numbers every figure becomes); beyond, not all are.
EXACT_INTEGER = 2**53
#: Above this (10^18, beyond a 64-bit integer's range and far beyond every plausible count or amount), a figure
#: is ``implausible-figure`` whatever it measures, rather than ``imprecise-number``.
BEYOND_ANY_FIGURE = 10**18

# Separators that come with non-ASCII digits: Arabic decimal and thousands signs, full-width '.' ',' '%'.
_SEPARATORS = {"\u066b": ".", "\u066c": ",", "\uff0e": ".", "\uff0c": ",", "\uff05": "%", "\u066a": "%"}


class FigureError(ValueError):
    """A figure that cannot be read without guessing; ``hint`` says how to write it, ``code`` is its finding
    (``bad-number``; ``non-ascii-digits``, ``imprecise-number`` or ``implausible-figure`` for those kinds)."""

    def __init__(self, message: str, hint: str, code: str = "bad-number") -> None:
        super().__init__(message)
        self.hint = hint
        self.code = code


def ascii_digits(text: str) -> str | None:
    """``text`` with its digits outside 0-9 (Arabic-Indic, Persian, full-width, Devanagari, ...) written as
    0-9, or ``None`` when it has none.

    >>> ascii_digits("\u0661\u0662\u0663"), ascii_digits("\uff15\uff10\uff10"), ascii_digits("500")
    ('123', '500', None)
    """
    if text.isascii():
        return None
    out = [str(unicodedata.digit(c)) if not c.isascii() and unicodedata.category(c) == "Nd" else c for c in text]
    if all(a == c for a, c in zip(out, text, strict=True)):
        return None
    return "".join(_SEPARATORS.get(c, c) for c in out)


def implausible(value: float, what: str, limit: int) -> FigureError:
    """The error for a figure above the plausible bound ``limit`` of ``what`` (``"a count"``, ``"an amount"``)."""
    return FigureError(
        f"{value:,.6g} is more than {limit:,}, the most {what} can plausibly be",
        "check the figure (a typo, a misplaced decimal point, or the wrong unit); it is left out of every total",
        "implausible-figure",
    )


#: No figure is read beyond this: a float cannot hold it (``1e400`` is infinite), nor can anything computed.
FLOAT_MAX = Decimal("1.7976931348623157e308")


def _in_range(value: Decimal, written: str) -> Decimal:
    """``value``, or :class:`FigureError` ``bad-number`` for one beyond what a float holds (a hundred-digit
    integer, ``1e400`` written as text): not an implausible figure, no number at all."""
    if not value.is_finite() or abs(value) > FLOAT_MAX:
        shown = written if len(written) <= 40 else f"{written[:20]}...{written[-10:]} ({len(written):,} characters)"
        raise FigureError(
            f"{shown} is beyond the range of numbers", "write the figure as digits, e.g. 1234 (or leave it out)"
        )
    return value


def _exact(value: Decimal, written: str) -> Decimal:
    """``value``, or :class:`FigureError` ``imprecise-number`` for an integer a float cannot hold exactly
    (``bad-number`` for one beyond a float's range)."""
    value = _in_range(value, written)
    if abs(value) > BEYOND_ANY_FIGURE:  # 10^30 is implausible before it is imprecise: say the more useful
        raise implausible(float(value), "any figure", BEYOND_ANY_FIGURE)
    if abs(value) > EXACT_INTEGER and value == value.to_integral_value() and Decimal(float(value)) != value:
        raise FigureError(
            f"{written} has more digits than a number can hold exactly: it would be read as "
            f"{format_number(Decimal(float(value)))}",
            f"figures are exact up to {EXACT_INTEGER:,}; check the figure, or round it",
            "imprecise-number",
        )
    return value


def _finite(raw: float) -> Decimal:
    """A float as written (YAML ``1.5e3``); :class:`FigureError` for ``.inf``, ``.nan`` or ``1e400`` (infinite)."""
    if not math.isfinite(raw):
        written = getattr(raw, "text", repr(raw))
        raise FigureError(
            f"{written!r} is not a finite number", "write the figure as digits, e.g. 1234 (or leave it out)"
        )
    return Decimal(repr(float(raw)))


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

#: Scale words written after a number (lower case), and the power of ten each stands for: "3 mln" is 3,000,000.
SCALES: dict[str, int] = {
    "thousand": 3,
    "thousands": 3,
    "mln": 6,
    "mn": 6,
    "million": 6,
    "millions": 6,
    "bn": 9,
    "billion": 9,
    "billions": 9,
}

_QUAL_RE = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
_SCALE_RE = "|".join(sorted(SCALES, key=len, reverse=True))
_FIGURE_RE = re.compile(
    rf"^\s*(?P<qual>{_QUAL_RE})?\s*(?P<cur>[A-Z]{{3}}\s*|\$\s*)?"
    r"(?P<num>[+-]?[0-9][0-9.,\u00a0\u202f' ]*?)(?P<exp>e[+-]?[0-9]+)?"
    rf"\s*(?:(?P<scale>{_SCALE_RE})\.?)?\s*(?P<plus>\+)?\s*(?P<pct>%)?\s*$",
    re.IGNORECASE,
)
#: A figure written with a scale word or in scientific notation: read, with a note naming the number read.
SCALED_RE = re.compile(rf"^.*[0-9](?:e[+-]?[0-9]+|\s*(?:{_SCALE_RE})\b)", re.IGNORECASE)
_MISSING = {"", "n/a", "na", "n.a.", "-", "—", "–", "none", "nil", "null", "tbd", "unknown", "?"}


@dataclass(frozen=True)
class Quantity:
    """A number with the bound it was stated with (``=`` exact, ``>``, ``≥``, ``≤``, ``<``, ``≈``)."""

    value: Decimal
    bound: str = "="
    qualifier: str | None = None
    percent: bool = False
    #: How a figure written with a scale word or an exponent was read ("read '1.2 million' as 1,200,000").
    note: str | None = field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        number = format_number(self.value) + ("%" if self.percent else "")
        return number if self.bound == "=" else f"{self.bound} {number}"


@dataclass(frozen=True)
class Money:
    """An amount exact to the cent, held as an integer number of cents."""

    cents: int
    currency: str = "USD"
    #: How an amount written with a scale word or an exponent was read (see :attr:`Quantity.note`).
    note: str | None = field(default=None, repr=False, compare=False)

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


def _digits(number: int | Decimal) -> str:
    """A number as written, for a message, without Python's limit on converting a long integer to text."""
    if isinstance(number, int) and abs(number) >= 10**40:
        return f"a {len(format(Decimal(number), 'f').lstrip('-'))}-digit number"
    return str(number)


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
        return Quantity(_exact(Decimal(raw), _digits(raw)))
    if isinstance(raw, float):
        if raw != raw and not hasattr(raw, "text"):  # a NaN that is not YAML's .nan: an empty spreadsheet cell
            raise FigureError("the figure is empty", "write the figure, or leave the row out")
        return Quantity(_finite(raw))
    if isinstance(raw, Decimal):
        return Quantity(_in_range(raw, _digits(raw)))
    text = str(raw).strip()
    if text.lower() in _MISSING:
        raise FigureError(f"{text!r} is not a figure", "write the number, or leave the row out if there is none")
    written = ascii_digits(text)
    if written is not None:
        raise FigureError(
            f"{text!r} is written with digits outside 0-9",
            f"write it with the digits 0-9: {written!r}",
            "non-ascii-digits",
        )
    match = _FIGURE_RE.match(text)
    if not match or match["cur"]:
        raise FigureError(f"{text!r} is not a number", "write digits, optionally after a qualifier, e.g. 'over 500'")
    value, note = _normalise_number(match["num"]), None
    if match["exp"] or match["scale"]:
        value, note = _scaled(text, value, match)
    value = _exact(value, repr(text))
    qual = match["qual"]
    bound = QUALIFIERS[qual.lower()] if qual else "="
    if match["plus"]:
        if qual:
            raise FigureError(f"{text!r} has two qualifiers", "keep one, e.g. 'over 500'")
        bound, qual = "≥", "+"
    return Quantity(value, bound, qual.lower() if qual else None, bool(match["pct"]), note)


def _scaled(text: str, value: Decimal, match: re.Match) -> tuple[Decimal, str]:
    """``value`` times its exponent (``1.5E+03``) or scale word (``1.2 million``), and the note saying so."""
    if match["pct"]:
        raise FigureError(f"{text!r} is not a number", "write a percentage as digits, e.g. 45%")
    if match["exp"] and match["scale"]:
        raise FigureError(f"{text!r} has both an exponent and a scale word", "write the figure as digits")
    if match["exp"]:
        power = int(match["exp"][1:])
        if abs(power) > 15:
            raise FigureError(
                f"{text!r} is not a figure a report can hold (10 to the power {power})",
                "write the figure as digits, e.g. 1500",
                "implausible-figure" if 0 < power <= 308 else "bad-number",  # beyond any count or amount; or no float
            )
    else:
        power = SCALES[match["scale"].lower()]
    value = value.scaleb(power)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    written = text[match.start("num") : match.end("scale") if match["scale"] else match.end("exp")].strip()
    return value, f"read {written!r} as {format_number(value)}"


def parse_money(raw: object, currency: str = "USD") -> Money:
    """Read an amount exactly (``"USD 2,200,000.50"``, ``"1.500.000"``, ``2200000``) as integer cents.

    An amount above :data:`MAX_MONEY` is :class:`FigureError` ``implausible-figure``; an infinite or NaN float
    (YAML ``.inf``, ``.nan``, ``1e400``) is ``bad-number``.
    """
    if isinstance(raw, float):
        raw = _finite(raw)
    text = format(raw, "f") if isinstance(raw, Decimal) else str(raw).strip()
    m = re.match(r"^(?P<cur>[A-Z]{3})\s+(?P<rest>.+)$", text)
    if m:
        currency, text = m["cur"], m["rest"]
    text = text.lstrip("$").strip()
    try:
        quantity = parse_quantity(text)
    except FigureError as err:
        if err.code in ("imprecise-number", "implausible-figure"):  # beyond 2^53, far beyond any plausible amount
            raise implausible(float(Decimal(re.sub(r"[^0-9.+-]", "", text) or 0)), "an amount", MAX_MONEY) from None
        raise
    if quantity.bound != "=" or quantity.percent:
        raise FigureError(f"{raw!r} is not an exact amount", "write the amount itself, e.g. 2200000")
    if abs(quantity.value) > MAX_MONEY:
        raise implausible(float(quantity.value), "an amount", MAX_MONEY)
    cents = quantity.value * 100
    if cents != cents.to_integral_value():
        raise FigureError(f"{raw!r} has fractions of a cent", "round the amount to the cent")
    return Money(int(cents), currency, quantity.note)


_DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")  # \d would take Arabic-Indic digits too


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
        written = ascii_digits(text)
        if written is not None:
            raise FigureError(
                f"{text!r} is written with digits outside 0-9", f"write it with the digits 0-9: {written!r}"
            )
        hint = "write the date as YYYY-MM-DD, e.g. 2023-09-30"
        if re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{4}", text):
            hint += f" ({text!r} could be day/month or month/day)"
        serial = excel_serial_date(text)
        if serial is not None:
            hint = f"{text} is Excel's serial number for {serial.isoformat()}: write {serial.isoformat()}"
        raise FigureError(f"{text!r} is not a date in YYYY-MM-DD form", hint)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as err:
        raise FigureError(f"{text!r} is not a real date ({err})", "check the day and the month") from None


#: Excel's day 0: serial number n is this date plus n days (day 60, Excel's 1900-02-29, is long past).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RE = re.compile(r"^([1-9][0-9]),?([0-9]{3})(?:\.0+)?$")  # "44562", or a number cell's "44,562"
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_RE = re.compile(r"^(?:(\d{4})\s*[-/ ]?\s*Q([1-4])|Q([1-4])\s*[-/ ]?\s*(\d{4}))$", re.IGNORECASE)


def excel_serial_date(text: str) -> dt.date | None:
    """The date a five-digit number stands for as an Excel serial number (``"44562"`` is 2022-01-01), or
    ``None`` for any other text. Such a number in a date column is a date cell that lost its format.

    >>> excel_serial_date("44562"), excel_serial_date("2022")
    (datetime.date(2022, 1, 1), None)
    """
    m = _SERIAL_RE.match(str(text).strip())
    return _EXCEL_EPOCH + dt.timedelta(days=int(m[1] + m[2])) if m else None


def period_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a month (``"2019-07"``) or a quarter (``"2022-Q1"``, ``"Q1 2022"``), or
    ``None`` for any other text.

    >>> period_bounds("2021-06"), period_bounds("Q4 2022")[1], period_bounds("2022-06-30")
    ((datetime.date(2021, 6, 1), datetime.date(2021, 6, 30)), datetime.date(2022, 12, 31), None)
    """
    text = str(text).strip()
    m = _MONTH_RE.match(text)
    if m:
        year, first_month, months = int(m[1]), int(m[2]), 1
        if not 1 <= first_month <= 12:
            return None
    else:
        m = _QUARTER_RE.match(text)
        if not m:
            return None
        year, quarter = int(m[1] or m[4]), int(m[2] or m[3])
        first_month, months = 3 * quarter - 2, 3
    if year < 1:
        return None
    first = dt.date(year, first_month, 1)
    after = first_month + months
    last = (dt.date(year + 1, 1, 1) if after > 12 else dt.date(year, after, 1)) - dt.timedelta(days=1)
    return first, last


def parse_period(raw: object, end: bool) -> tuple[dt.date, str | None]:
    """A period's start (``end=False``) or end date: an ISO date as :func:`parse_date` reads it, or a month or
    a quarter read as its first day (a start) or its last day (an end), with a note saying so.

    >>> parse_period("2019-07", end=False)
    (datetime.date(2019, 7, 1), "read '2019-07' as 2019-07-01, the first day of the month")
    >>> parse_period("2022-Q1", end=True)[0], parse_period("2022-06-30", end=True)
    (datetime.date(2022, 3, 31), (datetime.date(2022, 6, 30), None))
    """
    if not isinstance(raw, (dt.date, pd.Timestamp)):
        text = str(getattr(raw, "text", raw)).strip()
        bounds = period_bounds(text)
        if bounds is not None:
            day = bounds[1] if end else bounds[0]
            which = "last" if end else "first"
            kind = "month" if _MONTH_RE.match(text) else "quarter"
            return day, f"read {text!r} as {day.isoformat()}, the {which} day of the {kind}"
    return parse_date(raw), None


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
    # More than 15 digits may be more than a float holds exactly: parse_quantity says so (imprecise-number).
    short = num.str.count(r"[0-9]").le(15)
    fast = (plain | grouped).fillna(False) & one_number.fillna(False) & parts["cur"].isna() & ~two_qualifiers
    fast &= parts["exp"].isna() & parts["scale"].isna()  # "1.5E+03", "1.2 million": parse_quantity reads them
    fast &= short.fillna(False)
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

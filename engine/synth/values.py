"""The report of a synthetic portfolio: M reported values, clean but for a known share of planted errors.

Rows run indicator by indicator, period (month) by period, and within a period over :data:`GROUPS`: the total,
then its parts (the four sexes, which add up to it; children and adults; migrants), so a clean report passes
every check: running totals grow, year-to-date totals restart each January, parts add up, figures fit their
measure. Then, on distinct indicators, one row each is made wrong in one of the ways of :data:`PLANTS`; each
planted error is one expected finding ``(code, severity, row, column)``. Errors that would change a fund figure
are planted on parts (a total exists for every period, so parts never count) or on the currency indicator
(linked to no common indicator); the warnings leave the value counting as written.

Columns are built as codes into small lists of texts (dictionary-encoded), so ten million rows stay small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mptf.engine.synth.framework import FIRST_YEAR, KINDS, LEVELS

__all__ = ["DIMENSIONS", "GROUPS", "PLANTS", "Plant", "Report", "make_report", "targets"]

#: The disaggregation columns of the report.
DIMENSIONS = ("sex", "age", "migratory_status", "disability")
#: Each period's rows: (sex, age, migratory_status, disability) and the part of the total, in twentieths.
GROUPS: tuple[tuple[tuple[str, str, str, str], int], ...] = (
    (("", "", "", ""), 20),
    (("female", "", "", ""), 10),
    (("male", "", "", ""), 6),
    (("other", "", "", ""), 2),
    (("unknown", "", "", ""), 2),
    (("", "child", "", ""), 8),
    (("", "adult", "", ""), 10),
    (("", "", "migrant", ""), 5),
)
G = len(GROUPS)
COUNT = tuple(i for i, kind in enumerate(KINDS) if kind.measure == "count")
PER_PERIOD = tuple(i for i in COUNT if KINDS[i].series == "per-period")
PEOPLE = tuple(i for i in COUNT if KINDS[i].unit == "people")
CUMULATIVE = tuple(i for i in COUNT if KINDS[i].series == "cumulative")
K_PCT, K_CUR, K_ORD, K_QUAL, K_YN = (
    next(i for i, kind in enumerate(KINDS) if kind.measure == m)
    for m in ("percentage", "currency", "ordinal", "qualitative", "yes-no")
)
K_LEVEL = next(i for i, kind in enumerate(KINDS) if kind.series == "level")


@dataclass(frozen=True)
class Plant:
    """A way to make one row wrong: the finding it gives, on which kinds of indicator and which group's row."""

    code: str
    severity: str
    kinds: tuple[int, ...]
    group: int
    column: str
    on_total: bool = False  # the finding stands on the period's total row (the parts are checked against it)


#: Every planted error. The row changed is the indicator's row of ``group`` in a period after the first; the
#: finding stands on that row, or on the period's total row (``on_total``).
PLANTS: tuple[Plant, ...] = (
    Plant("negative-count", "error", PER_PERIOD, 5, "value"),
    Plant("non-integer-count", "error", PEOPLE, 6, "value"),
    Plant("bad-number", "error", COUNT, 5, "value"),
    Plant("non-ascii-digits", "error", COUNT, 6, "value"),
    Plant("text-on-numeric", "error", COUNT, 7, "value"),
    Plant("inexact-value", "warning", COUNT, 7, "value"),
    Plant("percentage-out-of-range", "error", (K_PCT,), 1, "value"),
    Plant("fraction-or-percent", "warning", (K_PCT,), 2, "value"),
    Plant("unexpected-percent", "error", (K_CUR,), 0, "value"),
    Plant("wrong-type", "error", (K_YN,), 1, "value"),
    Plant("ordinal-outside-scale", "error", (K_ORD,), 1, "value"),
    Plant("number-on-qualitative", "warning", (K_QUAL,), 1, "value"),
    Plant("unknown-indicator", "error", COUNT, 3, "indicator"),
    Plant("unknown-programme", "error", COUNT, 4, "programme"),
    Plant("bad-date", "error", (K_CUR,), 5, "period_end"),
    Plant("missing-field", "error", (K_CUR,), 6, "period_end"),
    Plant("unknown-value", "error", COUNT, 1, "sex"),
    Plant("undeclared-dimension", "warning", COUNT, 7, "disability"),
    Plant("cumulative-decrease", "error", CUMULATIVE, 7, "value"),
    Plant("duplicate-period", "error", PER_PERIOD, 6, "period_end"),
    Plant("overlapping-periods", "error", PER_PERIOD, 5, "period_start"),
    Plant("period-outside-programme", "warning", (K_CUR,), 7, "period_start"),
    Plant("far-above-target", "warning", (K_LEVEL,), 0, "value"),
    Plant("parts-exceed-total", "error", (K_CUR,), 1, "value", on_total=True),
    Plant("parts-differ-from-total", "error", (K_CUR,), 4, "value", on_total=True),
)


@dataclass
class Report:
    """The report's columns as codes into texts (``codes[name]``, ``texts[name]``), and the planted errors
    (``expected``: columns ``code, severity, row, line, column, programme, indicator``; ``row`` 1-based in
    the table, ``line`` the CSV line, header line 1)."""

    codes: dict[str, np.ndarray]
    texts: dict[str, list[str]]
    expected: pd.DataFrame
    periods: int

    @property
    def rows(self) -> int:
        return len(self.codes["value"])

    def column(self, name: str) -> np.ndarray:
        """One column as an array of texts."""
        return np.asarray(self.texts[name], dtype=object)[self.codes[name]]


def _totals(k: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Each row's total (in units), by its indicator's series: growing, per period, level or year to date."""
    series = np.asarray([KINDS[i].series or "" for i in range(len(KINDS))], dtype=object)[k]
    measure = np.asarray([KINDS[i].measure for i in range(len(KINDS))], dtype=object)[k]
    total = np.select(
        [series == "cumulative", series == "level", series == "year-to-date"],
        [b * (t + 1), b + (3 * t) % 5, b * (t % 12 + 1)],
        default=b + t % 7,
    )
    return 20 * total * np.where(measure == "currency", 10, 1)


def targets(indicators: pd.DataFrame, periods: int) -> dict[str, object]:
    """Each indicator's target: four times its largest total for counts and money, 80 (%), the top level."""
    out: dict[str, object] = {}
    for row in indicators.itertuples():
        measure = KINDS[row.k].measure
        if measure in ("count", "currency"):
            t = np.arange(periods)
            out[row.indicator] = int(4 * _totals(np.full(periods, row.k), np.full(periods, row.b), t).max())
        elif measure == "percentage":
            out[row.indicator] = 80
        elif measure == "ordinal":
            out[row.indicator] = LEVELS[-1]
    return out


def make_report(indicators: pd.DataFrame, n_values: int, share: float, seed: int) -> Report:
    """``n_values`` rows over every indicator, as many monthly periods as it takes; ``share``: the planted
    errors' share of the rows (at least one of each kind of :data:`PLANTS` the indicators allow; none at 0)."""
    n_ind = len(indicators)
    periods = max(2, -(-n_values // (n_ind * G)))
    r = np.arange(n_values, dtype=np.int64)
    ind, t, g = r // (periods * G), (r // G) % periods, r % G
    k = indicators["k"].to_numpy()[ind]
    b = indicators["b"].to_numpy()[ind]
    total = _totals(k, b, t)
    share_of = np.asarray([s for _, s in GROUPS])
    number = total * share_of[g] // 20

    month = pd.period_range(f"{FIRST_YEAR}-01", periods=periods, freq="M")
    starts = list(month.start_time.strftime("%Y-%m-%d"))
    ends = list(month.end_time.strftime("%Y-%m-%d"))
    years = [f"{y}-01-01" for y in sorted(set(month.year))]
    date_texts = starts + ends + years + ["2021-02-30", f"{FIRST_YEAR - 1}-06-01", f"{FIRST_YEAR - 1}-06-30"]
    shifted = (month.start_time - pd.Timedelta(days=10)).strftime("%Y-%m-%d")
    date_texts += list(shifted)
    series = np.asarray([KINDS[i].series or "" for i in range(len(KINDS))], dtype=object)[k]
    year_code = 2 * periods + (month.year.to_numpy() - FIRST_YEAR)[t]
    start_code = np.where(series == "cumulative", 2 * periods, np.where(series == "year-to-date", year_code, t))
    end_code = periods + t

    measure = np.asarray([KINDS[i].measure for i in range(len(KINDS))], dtype=object)[k]
    numeric = (measure == "count") | (measure == "currency")
    uniques, value_code = np.unique(np.where(numeric, number, 0), return_inverse=True)
    value_texts = [str(int(v)) for v in uniques]
    extra = {
        "percentage": [str(v) for v in range(10, 90)],
        "ordinal": list(LEVELS),
        "qualitative": ["Referral practice improved in the districts"],
        "yes-no": ["no", "yes"],
    }
    offsets = {}
    for name, texts in extra.items():
        offsets[name] = len(value_texts)
        value_texts += texts
    value_code = value_code.astype(np.int64)
    pct = measure == "percentage"
    value_code[pct] = offsets["percentage"] + (b[pct] * 7 + t[pct]) % 80
    ordinal = measure == "ordinal"
    value_code[ordinal] = offsets["ordinal"] + np.minimum(t[ordinal] // 6, 1)
    value_code[measure == "qualitative"] = offsets["qualitative"]
    yn = measure == "yes-no"
    value_code[yn] = offsets["yes-no"] + (t[yn] >= 2)

    ids = indicators["indicator"].tolist()
    programme_ids = list(dict.fromkeys(indicators["programme"]))
    codes = {
        "programme": indicators["p"].to_numpy()[ind],
        "indicator": ind.copy(),
        "period_start": start_code,
        "period_end": end_code.copy(),
        "value": value_code,
    }
    texts = {
        "programme": programme_ids + ["syn-unknown"],
        "indicator": ids + ["syn-unknown.i00"],
        "period_start": date_texts,
        "period_end": date_texts,
        "value": value_texts,
    }
    for d, dim in enumerate(DIMENSIONS):
        cells = sorted({group[d] for group, _ in GROUPS} | {"", "femail", "yes"})
        lookup = {c: i for i, c in enumerate(cells)}
        codes[dim] = np.asarray([lookup[group[d]] for group, _ in GROUPS])[g]
        texts[dim] = cells
    report = Report(codes, texts, pd.DataFrame(), periods)
    report.expected = _plant(report, indicators, number, total, share, seed)
    return report


def _plant(report: Report, indicators: pd.DataFrame, number: np.ndarray, total: np.ndarray, share: float, seed: int):
    """Plant the errors (changing ``report`` in place); the expected findings, one row per planted error."""
    rng = np.random.default_rng(seed + 1)
    n, periods = report.rows, report.periods
    wanted = max(1, round(share * n / len(PLANTS))) if share > 0 else 0
    complete = np.flatnonzero((np.arange(len(indicators)) + 1) * periods * G <= n)  # every row of every period
    free = set(rng.permutation(complete).tolist())
    kind_of = indicators["k"].to_numpy()
    by_kind = {k: [i for i in rng.permutation(complete).tolist() if kind_of[i] == k] for k in range(len(KINDS))}
    rows, done = [], []
    codes, texts = report.codes, report.texts

    def text(column: str, value: str) -> int:
        if value not in texts[column]:
            texts[column].append(value)
        return texts[column].index(value)

    for _ in range(wanted):  # round by round, so every kind is planted before any runs out of indicators
        for plant in PLANTS:
            pool = [i for k in plant.kinds for i in by_kind[k][:64] if i in free]
            if not pool:
                continue
            i = pool[rng.integers(0, len(pool))]
            free.discard(i)
            for k in plant.kinds:
                by_kind[k] = [j for j in by_kind[k] if j != i]
            t = int(rng.integers(1, periods))
            row = (i * periods + t) * G + plant.group
            _apply(plant.code, row, codes, texts, text, number, total)
            rows.append(row - plant.group if plant.on_total else row)
            done.append(plant)
    line = np.asarray(rows, dtype=np.int64)
    ind = codes["indicator"][line] if len(line) else np.asarray([], dtype=np.int64)
    return pd.DataFrame(
        {
            "code": [p.code for p in done],
            "severity": [p.severity for p in done],
            "row": line + 1,
            "line": line + 2,
            "column": [p.column for p in done],
            "programme": [texts["programme"][codes["programme"][r]] for r in rows],
            "indicator": [texts["indicator"][j] for j in ind],
        }
    ).sort_values("row", ignore_index=True)


def _apply(code: str, row: int, codes, texts, text, number: np.ndarray, total: np.ndarray) -> None:
    """Make ``row`` wrong in the way ``code`` names."""
    value = int(number[row])
    set_value = {
        "negative-count": f"-{value + 1}",
        "non-integer-count": f"{value}.5",
        "bad-number": "1.234",
        "non-ascii-digits": "\u0661\u0662\u0663",
        "text-on-numeric": "see annex",
        "inexact-value": f"about {value}",
        "percentage-out-of-range": "150",
        "fraction-or-percent": "0.5",
        "unexpected-percent": "45%",
        "wrong-type": "maybe",
        "ordinal-outside-scale": "adoptd",
        "number-on-qualitative": "42",
        "cumulative-decrease": str(int(number[row - G]) - 1),
        "parts-exceed-total": str(int(total[row]) + 200),
        "parts-differ-from-total": str(value - 10),
    }
    if code in set_value:
        codes["value"][row] = text("value", set_value[code])
    elif code == "unknown-indicator":
        codes["indicator"][row] = len(texts["indicator"]) - 1
    elif code == "unknown-programme":
        codes["programme"][row] = len(texts["programme"]) - 1
    elif code == "missing-field":
        codes["period_end"][row] = text("period_end", "")
    elif code == "bad-date":
        codes["period_end"][row] = text("period_end", "2021-02-30")
    elif code == "unknown-value":
        codes["sex"][row] = texts["sex"].index("femail")
    elif code == "undeclared-dimension":
        codes["migratory_status"][row] = texts["migratory_status"].index("")
        codes["disability"][row] = texts["disability"].index("yes")
    elif code == "duplicate-period":  # the row of the period before, again (a second claim for that period)
        for column in ("period_start", "period_end", "value"):
            codes[column][row] = codes[column][row - G]
    elif code == "overlapping-periods":
        start = texts["period_start"][codes["period_start"][row]]
        shifted = (pd.Timestamp(start) - pd.Timedelta(days=10)).strftime("%Y-%m-%d")
        codes["period_start"][row] = text("period_start", shifted)
    elif code == "period-outside-programme":
        codes["period_start"][row] = text("period_start", f"{FIRST_YEAR - 1}-06-01")
        codes["period_end"][row] = text("period_end", f"{FIRST_YEAR - 1}-06-30")
    elif code == "far-above-target":  # ten times the target and more; the unknown sex takes the difference
        far = 400 * int(total[row])  # a level's largest total is at most 5 times any of its totals
        codes["value"][row] = text("value", str(far))
        unknown = row + 4
        codes["value"][unknown] = text("value", str(int(number[unknown]) + far - value))
    else:
        raise ValueError(f"no way to plant {code}")

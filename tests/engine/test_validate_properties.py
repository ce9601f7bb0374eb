"""Property tests of ``mptf validate``: a report made from a random valid framework with valid values passes, and
corrupting one cell gives exactly the finding for that cell, at that line and column, and nothing else."""

import csv
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mptf.engine.rules import batches as batches_module
from mptf.engine.rules.batches import programme_batches
from mptf.engine.rules.validate import validate
from mptf.indicators.measures import DIMENSIONS

MEASURES = ["count", "percentage", "currency", "ordinal", "qualitative", "yes-no"]
SCALE = ["none", "draft", "adopted"]
WORDS = ["progress made", "plan adopted by the council", "training ongoing in 3 districts"]
HEADER = ["programme", "indicator", "period_start", "period_end", "value", "sex", "age", "note"]
HEADER += ["numerator", "denominator"]  # the counts a percentage was computed from
NUM, DEN = HEADER.index("numerator"), HEADER.index("denominator")


def split(total: int, dim: str) -> dict[str, int]:
    """Parts of a total that add up to it exactly (youth, which overlaps child and adult, is a share of it)."""
    if dim == "sex":
        parts = {"female": total // 2, "male": total // 3, "other": 0}
    else:
        parts = {"child": total // 3, "adult": total // 2, "youth": total // 4}
    rest = total - sum(v for k, v in parts.items() if k != "youth")
    return {**parts, "unknown": rest}


@st.composite
def reports(draw):
    """(programme files, report rows, facts about each row) for one or two programmes."""
    programmes, rows, facts = {}, [], []
    years = draw(st.lists(st.integers(2020, 2024), min_size=1, max_size=4, unique=True))
    for p in range(draw(st.integers(1, 2))):
        pid = f"p{p}"
        indicators = []
        for k in range(draw(st.integers(1, 4))):
            iid = f"{pid}.i{k}"
            measure = draw(st.sampled_from(["count", "count", *MEASURES]))  # counts have the most rules
            cumulative = draw(st.booleans()) if measure in ("count", "currency") else True
            dims = draw(st.sampled_from([[], ["sex"], ["age"], ["sex", "age"]])) if measure == "count" else []
            spec = {"id": iid, "measure": measure, "cumulative": cumulative, "dims": dims}
            running = largest = 0
            parts = {dim: dict.fromkeys(split(0, dim), 0) for dim in dims}  # a running total's parts run too
            for year in sorted(years):
                counts = None
                if measure in ("count", "currency"):
                    step = draw(st.integers(0, 500))
                    running = running + step if cumulative else step
                    largest = max(largest, running)
                    groups = [("", "", running)]
                    for dim in dims:
                        for val, v in split(step, dim).items():
                            parts[dim][val] = parts[dim][val] + v if cumulative else v
                        groups += [(dim, val, v) for val, v in parts[dim].items()]
                    cells = [(dim, val, str(v)) for dim, val, v in groups]
                elif measure == "percentage" and draw(st.booleans()):  # with its counts, rounded as officers do
                    den = draw(st.integers(1, 400))
                    counts = (draw(st.integers(0, den)), den)
                    places = Decimal(1).scaleb(-draw(st.integers(0, 2)))
                    share = (Decimal(100 * counts[0]) / den).quantize(places, ROUND_HALF_UP)
                    cells = [("", "", f"{share}{'%' if share < 1 else ''}")]
                elif measure == "percentage":
                    cells = [("", "", str(draw(st.integers(1, 100))))]
                elif measure == "ordinal":
                    cells = [("", "", draw(st.sampled_from(SCALE)))]
                elif measure == "qualitative":
                    cells = [("", "", draw(st.sampled_from(WORDS)))]
                else:
                    cells = [("", "", draw(st.sampled_from(["yes", "no"])))]
                for dim, val, text in cells:
                    row = [pid, iid, f"{year}-01-01", f"{year}-12-31", text, "", "", "", "", ""]
                    if dim:
                        row[HEADER.index(dim)] = val
                    if counts:
                        row[NUM], row[DEN] = map(str, counts)
                    rows.append(row)
                    facts.append({"measure": measure, "dims": dims, "dim": dim, "year": year, "counts": counts})
            spec["target"] = largest or None  # the largest total: no value is far above it
            indicators.append(spec)
        programmes[pid] = indicators
    order = draw(st.permutations(range(len(rows))))
    return programmes, [rows[i] for i in order], [facts[i] for i in order]


def programme_yaml(pid: str, indicators: list[dict]) -> str:
    lines = [
        f"id: {pid}",
        "countries: [TJK]",
        "thematic_area: 2",
        "status: funded",
        "start: 2020-01-01",
        "end: 2024-12-31",
        "results:",
        f"  - id: {pid}.o",
        "    level: outcome",
        "    title: An outcome",
        "    gcm: [7]",
        "    indicators:",
    ]
    for ind in indicators:
        fields = [f"id: {ind['id']}", "name: An indicator", f"measure: {ind['measure']}"]
        unit = {"count": "people", "percentage": "percent", "currency": "USD", "ordinal": "stage"}.get(ind["measure"])
        fields += [f"unit: {unit}"] if unit else []
        fields += [f"scale: [{', '.join(SCALE)}]"] if ind["measure"] == "ordinal" else []
        fields += [f"cumulative: {str(ind['cumulative']).lower()}"]
        fields += [f"disaggregation: [{', '.join(ind['dims'])}]"] if ind["dims"] else []
        fields += [f"targets: [{{value: {ind['target']}}}]"] if ind["target"] and ind["measure"] == "count" else []
        lines.append("      - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"


def run(programmes: dict, rows: list[list[str]], *, batches: tuple[int, ...] = ()):
    """The findings of validating ``rows`` against ``programmes``; with ``batches``, a list of them, one for each
    ``BATCH_ROWS`` given (the same files each time)."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "portfolio"
        directory.mkdir()
        for pid, indicators in programmes.items():
            (directory / f"{pid}.yaml").write_text(programme_yaml(pid, indicators), encoding="utf-8")
        report = Path(tmp) / "report.csv"
        with open(report, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        if not batches:
            return validate(report, directory).findings
        found = []
        for size in batches:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(batches_module, "BATCH_ROWS", size)
                found.append(validate(report, directory).findings)
        return found


def corruptions(row: list[str], fact: dict, programmes: dict) -> list[tuple[int, str, str, str]]:
    """(column, new text, code, column named by the finding) for every corruption that fits this row."""
    year = fact["year"]
    out = [
        (1, "zz.unknown", "unknown-indicator", "indicator"),
        (0, "nowhere", "unknown-programme", "programme"),
        (3, f"{year}-02-30", "bad-date", "period_end"),
        (3, f"{year - 1}-12-31", "end-before-start", "period_end"),
    ]
    if len(programmes) > 1:
        other = next(p for p in programmes if p != row[0])
        out.append((0, other, "unknown-indicator", "programme"))
    measure = fact["measure"]
    if measure not in ("count", "currency"):  # no running total or sum of parts can be disturbed by moving it
        out.append((3, "2025-12-31", "period-outside-programme", "period_end"))  # ended, so not period-not-ended
    values = {
        "count": [("-5", "negative-count"), ("12.5", "non-integer-count"), ("N/A", "text-on-numeric"),
                  ("1.234", "bad-number")],
        "percentage": [("150", "percentage-out-of-range"), ("0.45", "fraction-or-percent"),
                       ("many", "text-on-numeric")],
        "currency": [("N/A", "text-on-numeric"), ("1.234", "bad-number")],
        "ordinal": [("zzz", "ordinal-outside-scale")],
        "qualitative": [("42", "number-on-qualitative")],
        "yes-no": [("maybe", "wrong-type")],
    }  # fmt: skip
    counts = fact["counts"]
    if counts:  # with its counts, "0.45" would be two findings (a fraction, and not the counts): 10 off instead
        near = round(100 * counts[0] / counts[1])
        values["percentage"][1] = (str(near + 10 if near <= 80 else near - 10), "ratio-mismatch")
        num, den = counts
        out += [
            (NUM, str(den + 1), "numerator-exceeds-denominator", "numerator"),
            (NUM, "-1", "negative-numerator", "numerator"),
            (DEN, "0", "denominator-not-positive", "denominator"),
            (DEN, "", "incomplete-ratio", "denominator"),
        ]
    elif measure == "percentage":
        out.append((NUM, "5", "incomplete-ratio", "denominator"))
    else:
        out.append((NUM, "5", "unexpected-ratio", "numerator"))
    if not fact["dim"]:  # on a part, "45%" may be a share of its total (part-from-share)
        values["count"].append(("45%", "unexpected-percent"))
    out += [(4, text, code, "value") for text, code in values[measure]]
    if not fact["dim"] and "sex" not in fact["dims"]:  # a total becomes a part by a dimension not declared
        out.append((HEADER.index("sex"), "female", "undeclared-dimension", "sex"))
    if fact["dim"]:
        column = HEADER.index(fact["dim"])
        out.append((column, row[column][:1].upper(), "unknown-value", fact["dim"]))
        assert row[column] in DIMENSIONS[fact["dim"]]
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_a_valid_report_passes(report):
    programmes, rows, _ = report
    findings = run(programmes, rows)
    assert findings.empty, findings[["code", "line", "column", "message"]].to_string()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.data())
def test_one_corrupted_cell_gives_exactly_its_finding(report, data):
    programmes, rows, facts = report
    position = data.draw(st.integers(0, len(rows) - 1), label="row")
    choices = corruptions(rows[position], facts[position], programmes)
    column, text, code, named = data.draw(st.sampled_from(choices), label="corruption")
    rows = [list(r) for r in rows]
    rows[position][column] = text
    findings = run(programmes, rows)
    got = list(zip(findings["code"], findings["line"].astype(int), findings["column"], strict=True))
    assert got == [(code, position + 2, named)], findings[["code", "line", "column", "message"]].to_string()


def test_programme_batches_keep_each_programme_whole():
    programmes = pd.Series(["a", "b", "a", None, "c", "c", "c", "b", None])
    # a: 2 rows, b: 2, missing: 2, c: 3; batches start a new one past every 4 rows, in order of appearance
    assert programme_batches(programmes, 4).tolist() == [0, 0, 0, 1, 1, 1, 1, 0, 1]
    assert programme_batches(programmes, 1).tolist() == [0, 2, 0, 4, 6, 6, 6, 2, 4]
    assert programme_batches(programmes, 100).tolist() == [0] * 9


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.data())
def test_a_report_judged_in_batches_gives_the_same_findings(report, data):
    """A large report is judged programme by programme (``BATCH_ROWS``): the findings are those of one pass."""
    programmes, rows, facts = report
    rows = [list(r) for r in rows]
    for position in data.draw(st.lists(st.integers(0, len(rows) - 1), max_size=4, unique=True), label="rows"):
        column, text, _, _ = data.draw(st.sampled_from(corruptions(rows[position], facts[position], programmes)))
        rows[position][column] = text
    whole, batched = run(programmes, rows, batches=(10**6, 1))
    pd.testing.assert_frame_equal(whole, batched)

"""The audit export of the embedded portfolio, read back with openpyxl and json, and every figure recomputed
offline from its parts by rules written out here (no engine code)."""

import hashlib
import json
import statistics
from collections import Counter, defaultdict

import openpyxl
import pytest

from mptf.engine.reading.load import load_portfolio
from mptf.engine.trace import orphans, trace_rollup
from mptf.frameworks._data import portfolio_path
from mptf.indicators.aggregation import display
from mptf.reports.audit import write_audit


def bound_of(bounds):
    """The bound of a sum (docs/trace.md): ≈ if any part is ≈ or lower and upper mix, else the strictest."""
    b = set(bounds)
    lower, upper = b & {">", "≥"}, b & {"<", "≤"}
    if "≈" in b or (lower and upper):
        return "≈"
    for strict in (">", "≥", "<", "≤"):
        if strict in b:
            return strict
    return "="


def offline(figure, parts):
    """Recompute a figure from its counted parts, by the rules of docs/rollup.md."""
    counted = [p for p in parts if p["counted"]]
    measure, across = figure["measure"], figure["across"]
    if measure in ("count", "currency") and across == "once":
        return str(len({p["programme"] for p in counted}))
    if measure == "count":
        return display(sum(p["value"] for p in counted), bound_of(p["counted_bound"] for p in counted))
    if measure == "currency":
        cents = sum(round(p["value"] * 100) for p in counted)
        return display(cents / 100, bound_of(p["counted_bound"] for p in counted))
    if measure == "yes-no":
        answering = {p["programme"] for p in counted}
        yes = {p["programme"] for p in counted if p["value"] == 1}
        return f"{len(yes)} of {len(answering)} programmes"
    if measure == "ordinal":
        return ", ".join(f"{t}: {n}" for t, n in sorted(Counter(p["text"] for p in counted).items()))
    if measure == "percentage":
        if all(p["numerator"] is not None and p["denominator"] is not None for p in counted):
            ratio = 100 * sum(p["numerator"] for p in counted) / sum(p["denominator"] for p in counted)
            return display(ratio, "=", "percentage") + " (recomputed from numerators and denominators)"
        values = [p["value"] for p in counted]
        pct = [display(v, "=", "percentage") for v in (statistics.median(values), min(values), max(values))]
        return f"median {pct[0]} (range {pct[1]}–{pct[2]}, n={len(values)})"
    return " | ".join(sorted({p["text"] for p in counted}))


@pytest.fixture(scope="module")
def portfolio():
    return load_portfolio()


@pytest.fixture(scope="module", params=[["thematic-area"], ["gcm"], ["country", "year"]], ids=lambda b: "-".join(b))
def exported(request, portfolio, tmp_path_factory):
    folder = tmp_path_factory.mktemp("audit")
    audit = trace_rollup(portfolio, request.param)
    xlsx, lineage = write_audit(audit, folder / "audit.xlsx", None, orphans(portfolio), portfolio.files)
    return audit, xlsx, lineage


def test_the_json_lineage_recomputes_every_figure(exported):
    audit, _, lineage = exported
    doc = json.loads(lineage.read_text(encoding="utf-8"))
    assert doc["by"] == audit.by and len(doc["figures"]) == len(audit.figures)
    for fig in doc["figures"]:
        assert fig["matches"] and fig["recomputed"]["display"] == fig["display"]
        if fig["measure"] == "qualitative":
            assert set(offline(fig, fig["parts"]).split(" | ")) == set(fig["display"].split(" | "))
        else:
            assert offline(fig, fig["parts"]) == fig["display"], fig["id"]
        assert {p["vid"] for p in fig["parts"] if p["counted"]} and fig["id"].endswith("/" + fig["common"])
        assert set(fig["group"]) == set(audit.by)


def test_the_workbook_recomputes_every_figure(exported):
    audit, xlsx, _ = exported
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["figures", "contributions", "orphans", "files"]

    def rows(sheet):
        it = book[sheet].iter_rows(values_only=True)
        header = next(it)
        return [dict(zip(header, row, strict=True)) for row in it]

    parts = defaultdict(list)
    for part in rows("contributions"):
        parts[part["figure"]].append(part)
    figures = rows("figures")
    assert [f["id"] for f in figures] == audit.figures["id"].tolist()
    for fig in figures:
        mine = parts[fig["id"]]
        assert mine, fig["id"]
        for p in mine:  # the workbook leaves empty cells empty
            p["numerator"], p["denominator"] = p.get("numerator"), p.get("denominator")
        got = offline(fig, mine)
        if fig["measure"] == "qualitative":
            assert set(got.split(" | ")) == set(fig["display"].split(" | "))
        else:
            assert got == fig["display"], fig["id"]
        assert fig["matches"] is True
    assert sum(len(v) for v in parts.values()) == len(audit.parts)


def test_provenance_hashes_are_the_files_hashes(exported):
    _, xlsx, lineage = exported
    book = openpyxl.load_workbook(xlsx)
    hashes = {row[0]: row[1] for row in book["files"].iter_rows(min_row=2, values_only=True)}
    for label, digest in hashes.items():
        if label.startswith("embedded/"):
            assert (
                hashlib.sha256((portfolio_path() / label.removeprefix("embedded/")).read_bytes()).hexdigest() == digest
            )
    assert len([k for k in hashes if k.startswith("embedded/")]) == 41
    doc = json.loads(lineage.read_text(encoding="utf-8"))
    for fig in doc["figures"]:
        for part in fig["parts"]:
            assert part["sha256"] == hashes[part["file"]]
            assert part["source"] and part["quote"]  # the embedded portfolio quotes its seed for every value


def test_nothing_but_the_two_files_is_written(exported):
    _, xlsx, lineage = exported
    assert sorted(p.name for p in xlsx.parent.iterdir()) == sorted([xlsx.name, lineage.name])

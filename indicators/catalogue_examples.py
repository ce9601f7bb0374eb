"""One example per finding code: an input that produces the finding, and a fragment of the message it gets.

An :class:`Example` is run as a test (``tests/indicators/test_catalogue.py``) and shown in ``docs/rules.md``.
Its ``kind`` says what the text is and which command reads it:

- ``programme``: a YAML programme file, checked with ``mptf check FILE``;
- ``rollup``: a YAML programme file, rolled up (``mptf rollup``; its link findings);
- ``report``: a CSV report, validated with ``mptf validate FILE --portfolio DEMO`` (:data:`DEMO`, or the
  example's own ``framework``);
- ``workbook``: the same, as the CSV text written into the first sheet of an .xlsx workbook;
- ``path``: a path that does not exist, given to ``mptf check``;
- ``directory``: an empty directory of that name, given to ``mptf check``;
- ``iati``: an IATI activities file (XML), checked with ``mptf check FILE``.

``options`` are more command-line options (``--limit rows=2``).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEMO", "EXAMPLES", "KINDS", "Example"]

KINDS: tuple[str, ...] = ("programme", "rollup", "report", "workbook", "path", "directory", "iati")


@dataclass(frozen=True)
class Example:
    """An input (``text``, of ``kind``) whose findings include the rule's code with a message containing
    ``contains``; ``name`` is the file it is written to, ``framework`` the programme a report is validated
    against (default :data:`DEMO`), ``sheets`` the sheets of a workbook (its rows
    go in the first, the others are empty)."""

    kind: str
    text: str
    contains: str
    name: str = ""
    framework: str = ""
    sheets: tuple[str, ...] = ("values",)
    results: tuple[tuple[str, str], ...] = ()  # (cell, result): a workbook formula's stored result, as Excel saves it
    merged: tuple[str, ...] = ()  # ranges of a workbook's first sheet to merge ("A1:D1")
    options: tuple[str, ...] = ()

    @property
    def file_name(self) -> str:
        if self.name:
            return self.name
        return {
            "programme": "p.yaml",
            "rollup": "p.yaml",
            "report": "report.csv",
            "workbook": "report.xlsx",
            "iati": "activities.xml",
        }.get(self.kind, "nowhere")


#: The programme the report examples are validated against.
DEMO = """\
id: demo
countries: [TJK]
thematic_area: 2
status: funded
start: 2022-01-01
end: 2024-12-31
results:
  - id: demo.o1
    level: outcome
    title: An outcome
    gcm: [7]
    indicators:
      - id: demo.trained
        name: People trained
        measure: count
        unit: people
        disaggregation: [sex, age]
        targets: [{value: 1000, date: 2023-12-31}]
      - {id: demo.events, name: Events held, measure: count, unit: events, cumulative: false}
      - {id: demo.share, name: Share satisfied, measure: percentage, unit: percent}
      - {id: demo.stage, name: Policy stage, measure: ordinal, unit: stage, scale: [none, draft, adopted]}
      - {id: demo.story, name: Change observed, measure: qualitative}
      - {id: demo.law, name: Law passed, measure: yes-no}
"""

# The start of a programme file that checks clean but for the lines an example adds.
_P = "id: p\ncountries: [TJK]\nthematic_area: 2\nstatus: funded\ngcm: [7]\n"
_RESULT = "results:\n  - id: p.o1\n    level: outcome\n    title: An outcome\n"
_INDICATORS = _RESULT + "    indicators:\n"
_ROW = "indicator,period_start,period_end,value\n"
_RATIO = "indicator,period_start,period_end,value,numerator,denominator\n"
_Y22 = "2022-01-01,2022-12-31"
_BASELINE = (
    DEMO + "      - {id: demo.baseline, name: Baseline, measure: count, unit: people, baseline: {date: 2021-01-01}}\n"
)
_TITLE_8 = "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work"


def _p(lines: str) -> str:
    return _P + lines


def _ind(line: str) -> str:
    return _p(_INDICATORS + "      - " + line + "\n")


#: An IATI activity whose result and indicator both declare a reference (IATI rule 8.11.1).
_IATI_REFERENCE_TWICE = """\
<iati-activities version="2.03">
 <iati-activity>
  <iati-identifier>XM-1</iati-identifier>
  <reporting-org ref="XM" type="40"><narrative>Fund</narrative></reporting-org>
  <title><narrative>Activity</narrative></title>
  <description><narrative>Activity</narrative></description>
  <participating-org role="1" ref="XM"/>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2022-01-01"/>
  <result type="1">
   <title><narrative>Result</narrative></title>
   <reference vocabulary="99" code="B1"/>
   <indicator measure="5">
    <title><narrative>Indicator</narrative></title>
    <reference vocabulary="99" code="B1"/>
   </indicator>
  </result>
 </iati-activity>
</iati-activities>
"""

EXAMPLES: dict[str, Example] = {
    # input that cannot be used
    "file-not-found": Example("path", "nowhere", "nowhere does not exist"),
    "unreadable-file": Example(
        "report",
        "indicator;period_end;value\ndemo.events;2022-12-31;5\n",
        "the columns are separated by semicolons, not commas",
    ),
    "yaml-syntax": Example("programme", "countries: [TJK\nresults: []\n", "not valid YAML: while parsing"),
    "wrong-structure": Example(
        "programme", "- a\n", "the file does not hold a programme (a mapping with 'id', 'countries', ...)"
    ),
    "too-large": Example(
        "report",
        _ROW + f"demo.events,{_Y22},5\ndemo.events,2023-01-01,2023-12-31,6\ndemo.events,2024-01-01,2024-12-31,7\n",
        "the file has 3 rows, more than the limit of 2 rows",
        options=("--limit", "rows=2"),
    ),
    "empty-report": Example("report", _ROW, "the report has a header but no rows of values"),
    "empty-portfolio": Example("directory", "portfolio", "portfolio holds no programme file", name="portfolio"),
    "missing-sheet": Example(
        "workbook", _ROW + f"demo.events,{_Y22},5\n", "the workbook has no sheet 'values'", sheets=("data", "notes")
    ),
    "missing-column": Example(
        "report",
        "indicator,period_start,value\ndemo.events,2022-01-01,5\n",
        "the values table has no 'period_end' column",
    ),
    # fields
    "unnamed-column": Example(
        "report",
        "indicator,period_start,period_end,value,\ndemo.events,2022-01-01,2022-12-31,5,female\n",
        "column 5 of the table holds values but has no header",
    ),
    "unknown-key": Example(
        "programme",
        _ind("{id: p.i, name: Events, mesure: count, unit: events}"),
        "unknown key 'mesure' in an indicator (did you mean 'measure'?)",
    ),
    "duplicate-key": Example(
        "programme", _p("status: pipeline\n"), "key 'status' appears twice in a programme; only the last would count"
    ),
    "missing-field": Example(
        "programme", _p("results:\n  - {id: p.o1, level: outcome}\n"), "result 'p.o1' has no 'title'"
    ),
    "bad-id": Example(
        "programme",
        _ind("{id: '=HYPERLINK(\"http://x\")', name: Events, measure: count, unit: events}"),
        "indicator id '=HYPERLINK(\"http://x\")' is not an id: it starts with '='",
    ),
    "wrong-type": Example("programme", _p("duration_months: two years\n"), "'duration_months': 'two years'"),
    "non-ascii-digits": Example(
        "report", _ROW + f"demo.events,{_Y22},\u0661\u0662\u0663\n", "is written with digits outside 0-9"
    ),
    "imprecise-number": Example(
        "report",
        _ROW + f"demo.events,{_Y22},9007199254740993\n",
        "it would be read as 9,007,199,254,740,992",
    ),
    "implausible-figure": Example(
        "report",
        _ROW + f"demo.events,{_Y22},50000000000\n",
        "5e+10 is more than 10,000,000,000, the most a count can plausibly be",
    ),
    "bad-number": Example(
        "programme",
        _ind('{id: p.i, name: Events, measure: count, unit: events, values: [{value: "1.234", end: 2022-12-31}]}'),
        "'1.234' is ambiguous: one thousand and more, or a decimal?",
    ),
    "bad-date": Example("programme", _p("end: 2021-02-31\n"), "'2021-02-31' is not a real date"),
    "figure-read": Example("programme", _p("budget: USD 1.2 million\n"), "'budget': read '1.2 million' as 1,200,000"),
    "period-read": Example(
        "report", _ROW + "demo.events,2022-Q1,2022-Q4,5\n", "read '2022-Q4' as 2022-12-31, the last day of the quarter"
    ),
    "unknown-value": Example(
        "programme",
        _ind("{id: p.i, name: Events, measure: cuont, unit: events}"),
        "'measure' is 'cuont', not one of: count, percentage, currency, ordinal, qualitative, yes-no (did you mean "
        "'count'?)",
    ),
    # references
    "duplicate-id": Example(
        "programme",
        _p("results:\n  - {id: p.o1, level: outcome, title: One}\n  - {id: p.o1, level: outcome, title: Two}\n"),
        "result id 'p.o1' is used 2 times",
    ),
    "unknown-gcm-objective": Example(
        "programme",
        _p(_RESULT + "    gcm: [24]\n"),
        "GCM objective '24' does not exist: the GCM has objectives 1 to 23",
    ),
    "unknown-sdg-target": Example("programme", _p("sdg: [10.99]\n"), "SDG target '10.99' does not exist"),
    "unknown-thematic-area": Example(
        "programme",
        "id: p\ncountries: [TJK]\nthematic_area: 6\ngcm: [7]\n",
        "thematic area 6 does not exist: the fund has areas 1 to 5",
    ),
    "unknown-country": Example(
        "programme",
        "id: p\ncountries: [TJK, XYZ]\nthematic_area: 2\ngcm: [7]\n",
        "'XYZ' is not an ISO 3166-1 alpha-3 country code",
    ),
    "unknown-region": Example(
        "programme",
        "id: p\nscope: regional\nregions: [Atlantis]\nthematic_area: 2\ngcm: [7]\n",
        "'Atlantis' is not a region code or name",
    ),
    "no-region": Example(
        "programme",
        "id: p\nscope: regional\nthematic_area: 2\ngcm: [7]\n",
        "programme 'p' is regional but names no region",
    ),
    "unknown-parent": Example(
        "programme",
        _p("results:\n  - {id: p.child, level: output, title: Child, parent: nowhere}\n"),
        "result 'p.child' names parent 'nowhere', which does not exist",
    ),
    "unknown-indicator": Example(
        "report",
        _ROW + f"demo.event,{_Y22},5\n",
        "indicator 'demo.event' is not in the results framework of 'demo' (did you mean 'demo.events'?)",
    ),
    # graph integrity
    "cycle": Example(
        "programme",
        _p(
            "results:\n  - {id: x, level: outcome, title: X, parent: y}\n"
            "  - {id: y, level: outcome, title: Y, parent: x}\n"
        ),
        "results contain each other: ",
    ),
    "orphan": Example(
        "programme",
        _p("results:\n  - {id: p.child, level: output, title: Child, parent: nowhere}\n"),
        "result 'p.child' cannot be reached from the fund: its parent does not exist or is itself cut off",
    ),
    "wrong-nesting": Example(
        "programme",
        _p(
            "results:\n  - {id: a, level: outcome, title: A}\n  - id: b\n    level: outcome\n    title: B\n"
            "    results:\n      - {id: b1, level: output, title: B1, parent: a}\n"
        ),
        "result 'b1' declares parent 'a' but is nested under 'b'",
    ),
    "no-indicators": Example("programme", _p(""), "programme 'p' (funded) has no indicator"),
    "no-unit": Example(
        "programme", _ind("{id: p.i, name: Events, measure: count}"), "indicator 'p.i' (count) has no unit"
    ),
    "series-disagrees": Example(
        "programme",
        _ind("{id: p.i, name: Cases pending, measure: count, unit: cases, series: level, cumulative: true}"),
        "indicator 'p.i' says series: level but cumulative: true; series is used",
    ),
    "decrease-never-improves": Example(
        "programme",
        _ind("{id: p.i, name: Cases pending, measure: count, unit: cases, direction: decrease}"),
        "indicator 'p.i' should decrease (baseline none, target none), but its series is cumulative",
    ),
    "no-measure": Example("programme", _ind("{id: p.i, name: Events, unit: events}"), "indicator 'p.i' has no measure"),
    "no-thematic-area": Example(
        "programme",
        "id: p\ncountries: [TJK]\ngcm: [7]\n",
        "no source gives the thematic area of 'p': it is unknown",
    ),
    "no-gcm-link": Example(
        "programme",
        "id: p\ncountries: [TJK]\n",
        "no source links 'p' or its results to a GCM objective",
    ),
    "gcm-through-area-only": Example(
        "programme",
        "id: p\ncountries: [TJK]\nthematic_area: 2\n",
        "no source links 'p' or its results to a GCM objective: it reaches objectives 2, 7, 8, 12, 13 only through "
        "thematic area 2; note: the thematic area → GCM objective mapping is unconfirmed",
    ),
    "area-gcm-mismatch": Example(
        "programme",
        "id: p\ncountries: [TJK]\nthematic_area: 2\ngcm: [6]\n",
        "GCM objective 6 is outside thematic area 2 (objectives 2, 7, 8, 12, 13); note: the thematic area → GCM "
        "objective mapping is unconfirmed (no consulted source lists it)",
    ),
    "gcm-title-mismatch": Example(
        "programme",
        f'id: p\ncountries: [TJK]\nthematic_area: 2\ngcm:\n  - {{objective: 8, title: "{_TITLE_8}"}}\n',
        f'objective 8 is cited as "{_TITLE_8}", which is the title of objective 6',
    ),
    "end-before-start": Example(
        "programme", _p("start: 2022-01-01\nend: 2021-12-31\n"), "programme ends 2021-12-31 before it starts 2022-01-01"
    ),
    "budget-not-positive": Example("programme", _p("budget: 0\n"), "budget is USD 0.00"),
    "conflicting-claims": Example(
        "programme",
        _p(
            "duration_months:\n"
            '  - {value: 24, source: booklet.txt, quote: "DURATION (MONTHS) 24"}\n'
            '  - {value: 31, source: leaflet.txt, quote: "Duration (Months) 31"}\n'
        ),
        "sources disagree on the duration months of 'p': 24 (booklet.txt: \"DURATION (MONTHS) 24\") vs 31 "
        '(leaflet.txt: "Duration (Months) 31")',
    ),
    "conflicting-values": Example(
        "programme",
        _ind(
            "id: p.i\n        name: People reached\n        measure: count\n        unit: people\n        values:\n"
            "          - {value: 125750, end: 2023-12-31, source: a.pdf}\n"
            "          - {value: 125800, end: 2023-12-31, source: b.pdf}"
        ),
        "sources give different values for 'p.i' for the period ending 2023-12-31: 125,750 (a.pdf) vs 125,800 (b.pdf)",
    ),
    "status-history": Example(
        "programme",
        "id: p\ncountries: [TJK]\nthematic_area: 2\ngcm: [7]\nstatus:\n"
        "  - {value: document submitted, as_of: 2021-06-30, source: booklet.txt}\n"
        "  - {value: funded, as_of: 2023-09-30, source: leaflet.txt}\n",
        "status of 'p' moved on: document submitted (2021-06-30, booklet.txt) → funded (2023-09-30, leaflet.txt)",
    ),
    # links to common indicators
    "unknown-common-indicator": Example(
        "rollup",
        _ind("{id: p.i, name: Reached, measure: count, unit: people, common: people-reachd}"),
        "indicator 'p.i' feeds 'people-reachd', which is not a common indicator",
    ),
    "measure-mismatch": Example(
        "rollup",
        _ind("{id: p.i, name: Share, measure: percentage, unit: percent, common: people-reached}"),
        "indicator 'p.i' (percentage) feeds 'people-reached', which is a count",
    ),
    "unit-mismatch": Example(
        "rollup",
        _ind("{id: p.i, name: Households, measure: count, unit: households, common: people-reached}"),
        "indicator 'p.i' counts 'households' (a households unit) but 'people-reached' counts people (accepts "
        "people: people, person, persons",
    ),
    # reported values
    "unknown-programme": Example(
        "report", "programme," + _ROW + f"nope,demo.events,{_Y22},5\n", "programme 'nope' is not in the portfolio"
    ),
    "formula-without-value": Example(
        "workbook",
        _ROW + f"demo.events,{_Y22},=2+3\n",
        "the cell holds a formula (=2+3) with no computed value",
    ),
    "merged-cells": Example(
        "workbook",
        f"Report 2022\n{_ROW}demo.events,{_Y22},5\n",
        "cells A1:D1 are merged: a title above the header",
        merged=("A1:D1",),
    ),
    "formula-read": Example(
        "workbook",
        _ROW + f"demo.events,{_Y22},=2+3\n",
        "the cell holds the formula =2+3: its result as last computed, '5', is read",
        results=(("D2", "5"),),
    ),
    "value-from-counts": Example(
        "report",
        _RATIO + f"demo.share,{_Y22},,45,120\n",
        "'demo.share' has no value: it is computed from its counts, 100 × 45 / 120 = 37.5",
    ),
    "part-from-share": Example(
        "report",
        "indicator,period_start,period_end,value,sex\n" + f"demo.trained,{_Y22},801,\ndemo.trained,{_Y22},35%,female\n",
        "'demo.trained' [sex=female]: 35% of the total 801 (line 2) is counted as ≈ 280",
    ),
    "text-on-numeric": Example(
        "report",
        _ROW + f"demo.events,{_Y22},N/A\n",
        "'demo.events' is a count indicator: its value must be a number, not 'N/A' (IATI rule 8.10.2)",
    ),
    "inexact-value": Example(
        "report", _ROW + f"demo.events,{_Y22},approx. 2000\n", "'approx. 2000' is not an exact figure (≈ 2,000)"
    ),
    "number-on-qualitative": Example(
        "report",
        _ROW + f"demo.story,{_Y22},42\n",
        "'demo.story' is qualitative: its value is described in words, not '42' (IATI rule 8.10.3)",
    ),
    "missing-value": Example(
        "report",
        "indicator,period_start,period_end,value,note\n" + f"demo.events,{_Y22},,measured next year\n",
        "the row for 'demo.events' has a note or a source but no value (IATI rule 8.10.1)",
    ),
    "baseline-without-value": Example(
        "report",
        _ROW + f"demo.events,{_Y22},5\n",
        "the baseline of 'demo.baseline' (count) has a date (2021-01-01) but no value (IATI rule 8.8.1)",
        framework=_BASELINE,
    ),
    "period-outside-programme": Example(
        "report",
        _ROW + "demo.events,2026-01-01,2026-12-31,5\n",
        "the period 2026-01-01 to 2026-12-31 is outside the dates of programme 'demo' (2022-01-01 to 2024-12-31)",
    ),
    "duplicate-period": Example(
        "report",
        _ROW + f"demo.events,{_Y22},5\ndemo.events,{_Y22},5\n",
        "'demo.events' has another row for the period 2022-01-01 to 2022-12-31 (line 2)",
    ),
    "overlapping-periods": Example(
        "report",
        _ROW + f"demo.events,{_Y22},5\ndemo.events,2022-07-01,2023-06-30,6\n",
        "'demo.events' counts each period on its own (not cumulative), but 2022-07-01 to 2023-06-30 overlaps "
        "2022-01-01 to 2022-12-31 (line 2)",
    ),
    "percentage-out-of-range": Example(
        "report",
        _ROW + f"demo.share,{_Y22},150\n",
        "'150' is outside 0 to 100 for the percentage indicator 'demo.share'",
    ),
    "fraction-or-percent": Example(
        "report",
        _ROW + f"demo.share,{_Y22},0.45\n",
        "'0.45' for the percentage indicator 'demo.share': a fraction or a percent? It reads as 0.45%",
    ),
    "unexpected-percent": Example(
        "report",
        _ROW + f"demo.events,{_Y22},45%\n",
        "'45%' is a share, but 'demo.events' is a count indicator (events)",
    ),
    "ratio-mismatch": Example(
        "report",
        _RATIO + f"demo.share,{_Y22},35,1,3\n",
        "'35' for 'demo.share' does not match its counts: 100 × 1 / 3 = 33.33%",
    ),
    "numerator-exceeds-denominator": Example(
        "report",
        _RATIO + f"demo.share,{_Y22},40,120,45\n",
        "the numerator of 'demo.share' (120) is greater than its denominator (45): 266.67%",
    ),
    "denominator-not-positive": Example(
        "report",
        _RATIO + f"demo.share,{_Y22},40,4,0\n",
        "the denominator of 'demo.share' is 0: no percentage is out of that",
    ),
    "negative-numerator": Example(
        "report", _RATIO + f"demo.share,{_Y22},0,-4,10\n", "the numerator of 'demo.share' is -4, below zero"
    ),
    "incomplete-ratio": Example(
        "report", _RATIO + f"demo.share,{_Y22},40,4,\n", "'demo.share' has a numerator (4) but no denominator"
    ),
    "unexpected-ratio": Example(
        "report",
        _RATIO + f"demo.events,{_Y22},5,5,10\n",
        "'demo.events' is a count indicator: a numerator and denominator (5 / 10) mean nothing there",
    ),
    "negative-count": Example(
        "report", _ROW + f"demo.events,{_Y22},-5\n", "'-5' is below zero: 'demo.events' counts events"
    ),
    "non-integer-count": Example(
        "report", _ROW + f"demo.trained,{_Y22},12.5\n", "'12.5' is not a whole number of people ('demo.trained')"
    ),
    "ordinal-outside-scale": Example(
        "report",
        _ROW + f"demo.stage,{_Y22},drafted\n",
        "'drafted' is not a level of the scale of 'demo.stage': none, draft, adopted",
    ),
    "undeclared-dimension": Example(
        "report",
        "indicator,period_start,period_end,value,sex\n" + f"demo.events,{_Y22},5,female\n",
        "'demo.events' is broken down by 'sex', which it does not declare (declared: none)",
    ),
    "parts-exceed-total": Example(
        "report",
        "indicator,period_start,period_end,value,sex\n"
        + f"demo.trained,{_Y22},100,\ndemo.trained,{_Y22},60,female\ndemo.trained,{_Y22},50,male\n",
        "'demo.trained' for 2022-01-01 to 2022-12-31: its parts by 'sex' add up to 110 (60 + 50; lines 3, 4), more "
        "than the total 100",
    ),
    "parts-differ-from-total": Example(
        "report",
        "indicator,period_start,period_end,value,sex\n"
        + f"demo.trained,{_Y22},100,\ndemo.trained,{_Y22},60,female\ndemo.trained,{_Y22},30,male\n"
        + f"demo.trained,{_Y22},0,other\ndemo.trained,{_Y22},0,unknown\n",
        "'demo.trained' for 2022-01-01 to 2022-12-31: its complete breakdown by 'sex' add up to 90",
    ),
    "cumulative-decrease": Example(
        "report",
        _ROW + f"demo.trained,{_Y22},100\ndemo.trained,2023-01-01,2023-12-31,80\n",
        "'demo.trained' is cumulative (a running total), but it decreases: 100 (2022-12-31, line 2) then 80 "
        "(2023-12-31, line 3)",
    ),
    "looks-year-to-date": Example(
        "report",
        _ROW + f"demo.trained,{_Y22},100\ndemo.trained,2023-01-01,2023-12-31,80\n",
        "'demo.trained' is cumulative since the start (2022-01-01), but its period 2023-01-01 to 2023-12-31 "
        "starts later and its value drops from 100 (2022-12-31, line 2) to 80 (2023-12-31, line 3)",
    ),
    "stale-level": Example(
        "report",
        _ROW + "p.pending,2020-01-01,2020-12-31,5\n",
        "'p.pending': its latest level 5 is of 2020-12-31, before the reporting period current at the reference date",
        framework=_P
        + "start: 2020-01-01\nend: 2040-12-31\n"
        + _INDICATORS
        + "      - {id: p.pending, name: Cases pending, measure: count, unit: cases, series: level}\n",
    ),
    "far-above-target": Example(
        "report",
        _ROW + f"demo.trained,{_Y22},20000\n",
        "'20000' is more than 10 times the target of 'demo.trained' (1,000)",
    ),
    "period-not-ended": Example(
        "report",
        _ROW + "demo.events,2024-01-01,2024-12-31,5\n",
        "'demo.events' has a value for the period 2024-01-01 to 2024-12-31, which ends after the reference date "
        "2024-06-30",
        options=("--as-of", "2024-06-30"),
    ),
    "period-far-ahead": Example(
        "report",
        _ROW + "demo.events,2024-01-01,2024-12-31,5\n",
        "'demo.events' has a value for the period 2024-01-01 to 2024-12-31, which ends 5 years after the "
        "reference date 2019-12-31",
        options=("--as-of", "2019-12-31"),
    ),
    "value-due": Example(
        "report", _ROW + f"demo.events,{_Y22},\n", "'demo.events' has no value for the period 2022-01-01 to 2022-12-31"
    ),
    # IATI activities files
    "xml-syntax": Example(
        "iati", '<iati-activities version="2.03">\n<iati-activity>\n</iati-activities>\n', "not well-formed XML"
    ),
    "unsafe-xml": Example(
        "iati",
        '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e "e">]>\n<iati-activities>&e;</iati-activities>\n',
        "the file declares a document type declaration (DTD) or an entity",
    ),
    "not-iati": Example("iati", "<result><iati-activities/></result>\n", "its root element is <result>"),
    "iati-schema": Example(
        "iati",
        '<iati-activities version="2.03">\n <iati-activity>\n  <iati-identifier>XM-1</iati-identifier>\n'
        " </iati-activity>\n</iati-activities>\n",
        "Element 'iati-activity': Missing child element(s).",
    ),
    "iati-rule": Example("iati", _IATI_REFERENCE_TWICE, "IATI rule 8.11.1: A reference code must only be declared"),
}

"""``docs/rules.md``, generated from the catalogue: ``python -m mptf.indicators.rules_doc > docs/rules.md``.

The page has an introduction, the finding rules grouped in :data:`SECTIONS` (each with an introduction that
defines the terms its rules use), every rule with its severity, title, why it matters, its example input and
the message it gives, its message and hint templates, and :data:`NOTES` where a rule needs more words; then the
contribution rules as one table. A test asserts that ``docs/rules.md`` is this text.
"""

from __future__ import annotations

from .catalogue import CONTRIBUTIONS, RULES, Rule
from .catalogue_examples import DEMO

__all__ = ["NOTES", "SECTIONS", "rules_page"]

_VALIDATE_INTRO = """\
`mptf validate REPORT` checks a table of reported values (CSV, or the `values` sheet of a workbook; the
long table of `docs/format.md`) against the results frameworks of the portfolio (`--portfolio`, default: the
embedded one); with no REPORT it checks the values the portfolio itself holds. Every problem is found in one
run. Rows are located by file, sheet, line (CSV line or Excel row) and column. The examples below are
validated against this programme (`demo`, 2022-01-01 to 2024-12-31): `demo.trained` (count of people,
cumulative, disaggregated by sex and age, target 1,000 dated 2023-12-31), `demo.events` (count of events, not
cumulative), `demo.share` (percentage), `demo.stage` (ordinal: none, draft, adopted), `demo.story`
(qualitative) and `demo.law` (yes-no):

```yaml
{demo}```

**Reading.** The raw table is checked first with a pandera schema (`REPORT_SCHEMA`): the columns `programme`,
`indicator`, `period_end` and `value` (a missing one is `missing-column`, fatal; with a single-programme
framework `programme` may be left out), ids that are not empty (`missing-field`, and the row is dropped), dates
that are real `YYYY-MM-DD` dates (`bad-date`). Values are read as officers type them when that is unambiguous
(`"1,234"`, `"45%"`, `" 12 "`; in a workbook a number formatted as a percentage, `0.45` shown as `45%`, reads
`45%`) and reported when not. A row whose value is empty is not reported yet (a template's slot): it is no
finding by itself, but see `value-due` and `missing-value`. `numerator` and `denominator` must be plain numbers
(`bad-number`).

**One problem, one finding.** A row with a wrong id, period or value is reported for that and left out of the
rules that compare rows (sums of parts, cumulative series, targets), so one bad cell does not also make its
total, its series or its neighbours wrong.

**Figures with a qualifier** are compared as intervals: `over 60` is more than 60, `up to 50` is 0 to 50,
`approx. 100` is 90 to 110 (± 10 %). A rule that compares rows reports only what is certain.

**IATI.** The results rules of the IATI ruleset (`standard.json`, version 2.03) map to these codes:
8.6.1 (period start after end) → `end-before-start`; 8.8.1 (baseline without a value) → `baseline-without-value`;
8.8.2, 8.9.2 (baseline or target not a number) → `bad-number` when the framework is read (a baseline or target
of the model is always a number); 8.8.3, 8.9.3, 8.10.3 (a value on a qualitative indicator) →
`number-on-qualitative`; 8.9.1 (target without a value) → `missing-field` when the framework is read;
8.10.1 (actual without a value) → `missing-value` (`missing-field` in an IATI file); 8.10.2 (actual not a number)
→ `text-on-numeric` (an error here: a value that cannot be added up is not a figure, where IATI only warns);
8.11.1 (a reference at both the result and the indicator level) → `iati-rule`, checked on the XML of an IATI file
read (the model keeps no reference). A file written by `mptf export-iati` passes every one of them and the 2.03
schema (`docs/iati.md`).

`unknown-indicator` and `end-before-start` (above) apply to a report's rows too: `demo.event` → `indicator
'demo.event' is not in the results framework of 'demo' (did you mean 'demo.events'?)`; the row `other,
demo.events, …` → `indicator 'demo.events' belongs to programme 'demo', not 'other'` (column `programme`);
`demo.events, 2023-01-01, 2022-12-31, 5` → `period ends 2022-12-31 before it starts 2023-01-01` (IATI 8.6.1).
""".replace("{demo}", DEMO)

_RATIOS_INTRO = """\
**Numerators and denominators** are the counts a percentage was computed from (45 of 120 people surveyed);
the rollup recomputes percentages as Σ numerators / Σ denominators when every contribution has both
(`docs/rollup.md`), so the counts must be possible, come in pairs, belong to a percentage and agree with its
figure. The figure is checked only when it is a valid percentage and both counts are possible: a bad value or an
impossible count is reported for that alone.
"""

#: (title, introduction, codes): the page's sections, in order; every code is in exactly one.
SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "Input that cannot be used",
        "Nothing else is checked in a file that cannot be read; the command exits with code 2.\n",
        (
            "file-not-found",
            "unreadable-file",
            "yaml-syntax",
            "wrong-structure",
            "missing-sheet",
            "missing-column",
            "too-large",
            "empty-report",
            "empty-portfolio",
        ),
    ),
    (
        "Fields",
        "Each field is read as written by hand, in YAML or in a workbook cell, and fails the same way in both.\n",
        (
            "unknown-key",
            "unnamed-column",
            "duplicate-key",
            "missing-field",
            "bad-id",
            "wrong-type",
            "bad-number",
            "non-ascii-digits",
            "imprecise-number",
            "implausible-figure",
            "bad-date",
            "figure-read",
            "period-read",
            "unknown-value",
            "formula-without-value",
            "merged-cells",
            "formula-read",
        ),
    ),
    (
        "References",
        "Ids and the codes of the reference frameworks (`mptf frameworks gcm|sdg|areas`) must name something "
        "that exists.\n",
        (
            "duplicate-id",
            "unknown-gcm-objective",
            "unknown-sdg-target",
            "unknown-thematic-area",
            "unknown-country",
            "unknown-region",
            "no-region",
            "unknown-parent",
            "unknown-indicator",
        ),
    ),
    (
        "Graph integrity",
        "Every item must be reachable from the fund through its programme, with the levels in order (impact, "
        "outcome, output, indicator).\n",
        (
            "cycle",
            "orphan",
            "wrong-nesting",
            "no-indicators",
            "no-unit",
            "no-measure",
            "series-disagrees",
            "decrease-never-improves",
            "no-thematic-area",
            "no-gcm-link",
            "gcm-through-area-only",
            "area-gcm-mismatch",
            "gcm-title-mismatch",
            "end-before-start",
            "budget-not-positive",
        ),
    ),
    (
        "Sources that disagree",
        "Every fact keeps its source and quote. Claims that disagree all stay in the model, and the fact is left "
        "unresolved until a confirmed claim is recorded.\n",
        ("conflicting-claims", "conflicting-values", "status-history"),
    ),
    (
        "Links to common indicators (mptf rollup)",
        "An indicator reaches a fund figure through its `common` link; a link that does not fit leaves its values "
        "out of the rollup, in the open (`mptf trace orphans`).\n",
        ("unknown-common-indicator", "measure-mismatch", "unit-mismatch"),
    ),
    (
        "Reported values (mptf validate)",
        _VALIDATE_INTRO,
        (
            "unknown-programme",
            "period-outside-programme",
            "duplicate-period",
            "overlapping-periods",
            "percentage-out-of-range",
            "fraction-or-percent",
            "unexpected-percent",
        ),
    ),
    (
        "Reported values: numerators and denominators",
        _RATIOS_INTRO,
        (
            "ratio-mismatch",
            "numerator-exceeds-denominator",
            "denominator-not-positive",
            "negative-numerator",
            "incomplete-ratio",
            "unexpected-ratio",
        ),
    ),
    (
        "Reported values: figures, sums and series",
        "The rules on a single figure, then those that compare rows: parts with their totals, a cumulative series "
        "with itself, a figure with its target, a period with the values due in it.\n",
        (
            "negative-count",
            "non-integer-count",
            "ordinal-outside-scale",
            "number-on-qualitative",
            "text-on-numeric",
            "inexact-value",
            "missing-value",
            "value-from-counts",
            "part-from-share",
            "undeclared-dimension",
            "parts-exceed-total",
            "parts-differ-from-total",
            "cumulative-decrease",
            "looks-year-to-date",
            "stale-level",
            "far-above-target",
            "period-not-ended",
            "period-far-ahead",
            "value-due",
            "baseline-without-value",
        ),
    ),
    (
        "IATI activities files",
        "An IATI activities file (`.xml`) is read wherever a portfolio is (`docs/iati.md`): parsed safely, checked "
        "against the IATI 2.03 activity schema and the ruleset's results rules that only the XML shows; its values "
        "then meet every rule above.\n",
        ("xml-syntax", "unsafe-xml", "not-iati", "iati-schema", "iati-rule"),
    ),
]

#: More words for the rules that need them: definitions, what passes, what else a rule covers.
NOTES: dict[str, str] = {
    "unreadable-file": "A `.xlsx` that is not a workbook, or a `.pdf` given as a programme file (`report.pdf is "
    "not a programme file`), is refused the same way; so is a report that is not UTF-8, or a line with more cells "
    'than the header, at its line. A report saved as Excel\'s "CSV (semicolon)" gets the hint to save it as '
    '"CSV UTF-8 (comma delimited)" (its decimal commas would be misread).',
    "missing-field": "A programme without `countries` → `programme 'p' has no countries` (unless its `scope` is "
    "`regional` or `global`: a programme with no single country names its `regions` instead).",
    "bad-number": "Hint: write 1234 (or 1,234) for the thousands, or 1.2340 for the decimal.",
    "bad-date": "`end: 31/02/2021` → `'31/02/2021' is not a date in YYYY-MM-DD form`. A five-digit number in a "
    "date column is a date cell that lost its format: `44562` gets the hint `44562 is Excel's serial number for "
    "2022-01-01: write 2022-01-01`.",
    "figure-read": "Scale words: thousand, mln (mn), million, bn, billion; a qualifier stays (`about 1.2 million` is "
    "≈ 1,200,000). Scientific notation: `1.5E+03` → `read '1.5E+03' as 1,500`.",
    "period-read": "A month `2019-07` as a start is 2019-07-01, `2021-06` as an end 2021-06-30; a quarter "
    "`2022-Q1` or `Q1 2022` is 2022-01-01 to 2022-03-31. Other dates (baseline, target, as-of) need a day.",
    "unknown-sdg-target": '`sdg: ["10.7.2"]` gets the hint `10.7.2 is an SDG indicator; link its target 10.7`.',
    "unknown-indicator": "For an indicator of another programme → `indicator 'i' belongs to programme 'a', not 'b'`.",
    "orphan": "Anything under a missing parent or in a cycle is an orphan.",
    "wrong-nesting": "Also: an indicator `p.o1.j` placed under `p.o2` → `indicator id 'p.o1.j' says it belongs "
    "under 'p.o1', but it is placed elsewhere`; an outcome under an output → `outcome 'oc' sits under output "
    "'out': a output cannot hold a outcome`; a result hanging on another programme's result.",
    "no-indicators": "A warning for funded programmes, info otherwise.",
    "area-gcm-mismatch": "Objective 23 is cross-cutting and fits every area.",
    "end-before-start": "The same for a reported value's period.",
    "conflicting-claims": "Both claims stay in the model; the fact is left unresolved.",
    "status-history": "Status claims with different dates are a history, not a conflict; the latest is used.",
    "unknown-common-indicator": "Its values reach no fund figure.",
    "measure-mismatch": "Its values are left out of the rollup.",
    "period-outside-programme": "A programme's dates are its `start` and `end`, or one of them and "
    "`duration_months`; when they are unknown (most of the embedded portfolio) there is nothing to check.",
    "duplicate-period": "Rows are duplicates when they share indicator, group, period and provenance (`source` and "
    "`quote`, usually empty in a report); rows of different sources for the same period are restatements (same "
    "figure: nothing) or `conflicting-values` (different figures).",
    "overlapping-periods": "A cumulative indicator's periods all start with the programme, so they are not compared.",
    "fraction-or-percent": "Hint: write 45 if you mean 45%; write 0.45% if it really is under 1%.",
    "ratio-mismatch": "Hint: `write 33 (100 × 1 / 3), the percentage the rollup recomputes from the counts; or, if "
    "35 is right, correct the numerator or the denominator`. A figure may be rounded: it passes within half a "
    "unit of its last written decimal (for 1 / 3, `33`, `33.3` and `33.33%` pass; `35` and `33.4` do not). A "
    "figure with a qualifier is checked as its interval, widened the same way: for 1 / 3, `over 30` and `under "
    "34` pass (with `inexact-value`), `over 40` does not; `about 40` (36 to 44) passes for 45 / 120 = 37.5. When "
    "a whole numerator gives the figure the hint names it (`40` with 45 / 100: `correct the numerator to 40`); a "
    "figure that is the fraction itself (`0.45` with 45 / 100, also `fraction-or-percent`) gets `0.45 is the "
    "fraction 45 / 100 itself: write the percentage, 45`. The decimals are read from the value as written; in a "
    "programme file a number's trailing zeros are not kept (`33.30` counts as `33.3`).",
    "numerator-exceeds-denominator": "Hint: `the numerator counts some of the denominator: correct the one that "
    "is wrong`, or, when the figure is 37.5, `the two look swapped: numerator 45 and denominator 120 give 37.5`.",
    "incomplete-ratio": "Located at the empty cell (`denominator`).",
    "unexpected-ratio": "One finding per row, at the first count given. Only a percentage has a numerator and a "
    "denominator.",
    "non-integer-count": "An error for people, a warning otherwise (`demo.events, …, 2.5`: `check the figure: can "
    "there be a fraction of events?`). People units: people, persons, individuals, officials, households, "
    "families, children, women, men, migrants, returnees, survivors, participants, students, ... (`PEOPLE_UNITS` "
    "in `engine/rules/validate.py`).",
    "ordinal-outside-scale": "Hint: `write one of: none, draft, adopted (did you mean 'draft'?)`. Levels match "
    "without regard to case.",
    "number-on-qualitative": "`42 communities adopted the plan` is words. The framework's own baseline or target "
    "of a qualitative indicator is reported the same way (IATI 8.8.3, 8.9.3).",
    "text-on-numeric": "Hint: leave the value empty when there is none. A figure with two readings (`1.234`, "
    "`1,5`) is `bad-number` instead, with the quantity reader's message.",
    "inexact-value": "The figure is kept, with its bound, and compared as an interval.",
    "missing-value": "A qualitative indicator may leave the value to the note.",
    "undeclared-dimension": "A value in a standard dimension that is not one of its values is `unknown-value`: "
    "`sex: F` → `'sex' is 'F', not one of: female, male, other, unknown`.",
    "parts-exceed-total": "The parts of a total are the rows whose group is the total's group plus one dimension "
    "(`sex=female` for the total, `age=child;sex=female` for `sex=female`). Age `youth` (15-24) overlaps child "
    "and adult and is left out of sums.",
    "parts-differ-from-total": "A dimension is **complete** when every value of its list has a figure (sex: "
    "female, male, other, unknown; age: child, adult, unknown; write 0 for none); only then must the parts add "
    "up.",
    "cumulative-decrease": "Each period end is compared with the one before it, per indicator and group; a report "
    "continues the series of values the portfolio already holds for its programmes, cited with their source and "
    "quote (in the embedded portfolio: `tto.actors-trained` [actor=government] `219 (2023-09-30, "
    'migration-mptf-in-action-2023.txt: "…") then 21 (2024-01-31, migration-mptf-in-action-2024.txt: "…")`).',
    "series-disagrees": "`cumulative: true` is `series: cumulative`; `cumulative: false` agrees with any other "
    "series (per-period, level, year-to-date). A `resets` that is not a month is `wrong-type`.",
    "decrease-never-improves": "Counts and amounts only; the case of a level (`series: level`) or a per-period "
    "count passes.",
    "looks-year-to-date": "Given with the `cumulative-decrease` it explains: the row that drops has a period "
    "starting on the first of a month after the programme's start.",
    "stale-level": "Per indicator and group, the latest level at or before the reference date (`--as-of`, "
    "default today) is compared with the reporting period current then: the last calendar year ended by the "
    "reference date, or a closed programme's final year. A stale level still counts in the rollup, as "
    "approximate (`summed-stale-level`, bound ≈).",
    "far-above-target": "Totals of counts and money are compared with the indicator's largest target.",
    "value-due": "An indicator is **due** in a period when the report has a row for it in that period (a "
    "template's slot: the value left empty), or when one of its targets is dated inside a period the report gives "
    "for its programme. It has a value when any row of it in that period (the total or a part) has one. A report "
    "of 2023 without `demo.trained` → `'demo.trained' has a target dated 2023-12-31 (1,000), in the period "
    "2023-01-01 to 2023-12-31, but no value for that period` (no line: the row is missing).",
    "baseline-without-value": "Checked for the programmes of the report.",
}

_COMMANDS = {
    "programme": "mptf check p.yaml",
    "rollup": "mptf rollup p.yaml",
    "report": "mptf validate report.csv",
    "workbook": "mptf validate report.xlsx",
    "path": "mptf check",
    "directory": "mptf check",
    "iati": "mptf check activities.xml",
}

_HEAD = """\
# Finding codes

<!-- generated: do not edit. Edit indicators/catalogue.py (rules), indicators/catalogue_examples.py (examples)
or indicators/rules_doc.py (sections and notes), then run: python -m mptf.indicators.rules_doc > docs/rules.md -->

This page is generated from the rule catalogue (`indicators/catalogue.py`) by
`python -m mptf.indicators.rules_doc > docs/rules.md`, and a test keeps the two in step; every example below is
run as a test (`tests/indicators/test_catalogue.py`).

Every check reports findings in one table: `severity, code, file, sheet, line, column, programme, item,
message, hint`. Severities: **fatal** (the input cannot be used; exit code 2), **error** (exit 1), **warning**
and **info** (exit 0). Codes are stable. Each entry gives the rule's severity and title, why it matters, an
example input and the message it produces, and the templates its message and hint are rendered from
(`{field}` is filled by the check that finds it).
"""


def _code(text: str) -> str:
    """``text`` as inline code, fenced with enough backticks."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _example(rule: Rule) -> list[str]:
    example = rule.example
    if example is None:
        return []
    if example.kind in ("path", "directory"):
        lines = [
            f"`{_COMMANDS['path']} {example.text}`" + (" (an empty directory)" if example.kind == "directory" else "")
        ]
    else:
        lang = {"report": "csv", "workbook": "csv", "iati": "xml"}.get(example.kind, "yaml")
        where = f"`{' '.join([_COMMANDS[example.kind], *example.options])}`"
        if example.kind == "workbook":
            where += f" (sheets {', '.join(repr(s) for s in example.sheets)}; rows in the first)"
        lines = [f"{where} on", "", f"```{lang}", example.text.rstrip("\n"), "```"]
        if example.framework:
            extra = example.framework[len(DEMO) :] if example.framework.startswith(DEMO) else example.framework
            lines[1:1] = ["", "against the demo programme with:", "", "```yaml", extra.rstrip("\n"), "```"]
    return [*lines, "", f"→ {_code(example.contains)}"]


def _rule(rule: Rule) -> list[str]:
    out = [f"### `{rule.code}` ({rule.severity})", "", f"**{rule.title}.** {rule.why}", ""]
    example = _example(rule)
    if example:
        out += [*example, ""]
    if rule.code in NOTES:
        out += [NOTES[rule.code], ""]
    out += [f"Message: {_code(rule.message)}; hint: {_code(rule.hint)}.", ""]
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rules_page() -> str:
    """The whole of ``docs/rules.md``."""
    out = [_HEAD]
    for title, intro, codes in SECTIONS:
        out += [f"## {title}", "", intro.rstrip("\n"), ""]
        for code in codes:
            out += _rule(RULES[code])
    out += [
        "## Contribution rules (mptf rollup, mptf trace)",
        "",
        "What becomes of one reported value in one fund figure. The rollup emits the code; a traced row shows the "
        "sentence, and a row that is not simply counted gives the reason. Kinds: **counted** (in the figure), "
        "**represented** (excluded, but another row stands for it in the figure), **no figure** (excluded: it "
        "reaches no figure), **validation** (excluded: `mptf validate` found an error in it).",
        "",
        "| code | kind | sentence | reason | why |",
        "|---|---|---|---|---|",
    ]
    for c in CONTRIBUTIONS.values():
        out.append(f"| `{c.code}` | {c.kind} | {_cell(c.rule)} | {_cell(c.reason) or '—'} | {_cell(c.why)} |")
    return "\n".join(out).rstrip("\n") + "\n"


if __name__ == "__main__":
    print(rules_page(), end="")

"""The rule catalogue: every finding code and every contribution rule, each with one entry.

A **finding** rule (:data:`RULES`) has a stable code, a severity, a title, one sentence on why it matters, and the
templates its message and hint are rendered from. A **contribution** rule (:data:`CONTRIBUTIONS`) says what
becomes of one reported value in one fund figure: counted (and how), excluded but represented by another row
(a duplicate, a superseded value, a part of a reported total, ...), excluded with no figure to reach (no common
indicator, a unit or measure that does not fit, no number), or excluded by a validation error. The rollup's SQL
emits contribution codes; the sentences people read are rendered from here, and nothing parses them back.
``docs/rules.md`` is generated from this module (``python -m mptf.indicators.rules_doc > docs/rules.md``; the
page's sections are in :mod:`.rules_doc`, each rule's example in :mod:`.catalogue_examples`) and a test keeps the
two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from string import Formatter

from .catalogue_examples import EXAMPLES, Example

__all__ = [
    "CONTRIBUTIONS",
    "COUNTED",
    "COUNTED_CODES",
    "NO_FIGURE",
    "REPRESENTED",
    "RULES",
    "SEVERITIES",
    "VALIDATION",
    "Contribution",
    "Example",
    "Rule",
    "render",
]

#: fatal: the input cannot be used (exit 2); error: exit 1; warning and info: exit 0.
SEVERITIES: tuple[str, ...] = ("fatal", "error", "warning", "info")


def render(template: str, fields: dict[str, object]) -> str:
    """``template`` with its ``{names}`` filled from ``fields``; KeyError names a field the caller left out."""
    return template.format_map(fields)


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@dataclass(frozen=True)
class Rule:
    """A finding type: its code, default severity, title, why it matters, and its message and hint templates."""

    code: str
    severity: str
    title: str
    why: str = ""
    message: str = ""
    hint: str = ""
    example: Example | None = None

    @property
    def fields(self) -> set[str]:
        """The names the message and hint templates need."""
        return _names(self.message) | _names(self.hint)


# Templates are str.format_map templates: {name} is a field the call site gives, {name!r} its repr, {{ and }}
# literal braces. Fields in brackets below say what a field holds where its name does not: a field written
# "{within}" or "{suggestion}" is empty or starts with a space or punctuation, so it can be left out.
_RULES = [
    # -- input that cannot be used ---------------------------------------------------------------------------
    Rule(
        "file-not-found",
        "fatal",
        "The path does not exist",
        "Nothing can be checked in a file that is not there, and a typo in a path must not pass as an empty report.",
        "{path} does not exist",
        "give {expected}",  # [expected: what the command reads, e.g. "a programme file (.yaml), ..."]
    ),
    Rule(
        "unreadable-file",
        "fatal",
        "The file is not YAML, an Excel workbook or CSV, or cannot be read",
        "A file that cannot be read is refused as a whole, so that no figure is taken from a guess at its contents.",
        "{what}",  # [what: the problem, e.g. "report.pdf is not a programme file", "cannot read the file: ..."]
        "{fix}",
    ),
    Rule(
        "yaml-syntax",
        "fatal",
        "The YAML file does not parse",
        "A syntax error makes the whole file unreadable; the line it is on is where to look.",
        "not valid YAML: {error}",
        "fix the YAML syntax at that line (indentation, a ':' inside text needs quotes)",
    ),
    Rule(
        "wrong-structure",
        "fatal",
        "The file parses but is not a programme (or a workbook lacks a sheet)",
        "A file that parses but holds no programme would otherwise load as an empty portfolio and check clean.",
        "{what}",  # [what: "the file does not hold a programme (...)", "the directory holds no programme file"]
        "{fix}",
    ),
    Rule(
        "missing-sheet",
        "fatal",
        "A workbook lacks a required sheet",
        "Without the sheet the engine reads, a workbook would be read as holding nothing.",
        "the workbook has no sheet {sheet!r}{suggestion}",
        "{fix}",
    ),
    Rule(
        "missing-column",
        "fatal",
        "A table lacks a required column",
        "Without its required columns no row of the table can be placed, so none is read.",
        "{table} has no {column!r} column{suggestion}",  # [table: "the values table", "sheet 'values'"]
        "{fix}",
    ),
    Rule(
        "too-large",
        "fatal",
        "Input beyond a limit of the engine",
        "A file, sheet or cell far larger than any report or programme would take minutes and gigabytes to read, "
        "or never finish; it is refused before it is read, naming the limit that stopped it (docs/limits.md).",
        "{what} {size}, more than the limit of {limit}",  # [what: "the file"; size: "is 3,000 MB", "has 4 rows"]
        "check that this is the file you meant; if it is, raise the limit: --limit {name}=N (docs/limits.md)",
    ),
    Rule(
        "empty-report",
        "error",
        "A report with no rows of values",
        "A report that holds only its header has nothing to submit; passing it clean would pass a blank report.",
        "{what} has a header but no rows of values",  # [what: "the report", "sheet 'values'"]
        "write one row per indicator, period and group under the header (mptf template writes the rows to fill)",
    ),
    Rule(
        "empty-portfolio",
        "info",
        "A portfolio with no programme yet",
        "An empty folder is a portfolio not yet written, not a broken one: every command says it has nothing.",
        "{what} holds no programme file",
        "put .yaml or .xlsx programme files in it (docs/format.md)",
    ),
    # -- fields ----------------------------------------------------------------------------------------------
    Rule(
        "unknown-key",
        "error",
        "A key the format does not define (often a typo)",
        "A misspelt key is silently ignored by most tools, so the fact it was meant to give is lost unseen.",
        "unknown {kind} {name!r} in {where}{suggestion}",  # [kind: key, column, ...; where: "an indicator"]
        "allowed {kind}s: {allowed}",
    ),
    Rule(
        "unnamed-column",
        "error",
        "A column holds values but has no header",
        "Values under no header belong to no field, so they would be read as nothing without a word.",
        "column {position} of {table} holds values but has no header",  # [table: "the table", "sheet 'indicators'"]
        "give the column a header (in a report, a disaggregation dimension such as sex), or empty it",
    ),
    Rule(
        "duplicate-key",
        "error",
        "The same key twice in one YAML mapping: one would silently win",
        "When a key is written twice only one value counts, and nothing tells the officer which.",
        "{kind} {name!r} appears twice{within}; only the {kept}",  # [within: " in a programme"; kept: "last ..."]
        "{fix}",
    ),
    Rule(
        "missing-field",
        "error",
        "A required field is absent or empty",
        "An item without its required fields (an id, a title, a period end) cannot be identified or placed.",
        "{what} has no {field}",  # [what: "result 'r'"; field: "'title'" or "countries"]
        "add {field}{example}",  # [example: "" or ": [ISO3, ...]"]
    ),
    Rule(
        "bad-id",
        "error",
        "An id is not written with the id alphabet",
        "Ids are copied into every report, workbook and CSV file: an id with a space, an accent or a leading '=' "
        "would not match its references, and could run as a formula in a spreadsheet.",
        "{kind} id {ident!r} is not an id: {problem}",  # [kind: programme, result, indicator]
        "write the id with letters, digits, '-', '.', '_' and '/' only, starting with a letter or a digit "
        "(e.g. {example!r})",
    ),
    Rule(
        "wrong-type",
        "error",
        "A value of the wrong kind: text where a number, list or date belongs",
        "A value of the wrong kind cannot be used as the field it stands in, so the field is left unknown.",
        "{subject} {problem}",  # [subject: "'duration_months'", "thematic area '6a'"; problem: "should be ..."]
        "{fix}",
    ),
    Rule(
        "bad-number",
        "error",
        "A figure that cannot be read without guessing",
        "A figure read the wrong way (1.234 as one, or as a thousand) changes every total it reaches.",
        "{field!r}: {problem}",
        "{fix}",
    ),
    Rule(
        "non-ascii-digits",
        "error",
        "A figure written with digits outside 0-9",
        "Arabic-Indic, Persian, full-width or Devanagari digits read as text in one program and as a number in "
        "another; the engine reads only 0-9, and says which number it thinks was meant.",
        "{field!r}: {problem}",
        "{fix}",  # [fix: "write it with the digits 0-9: '123'"]
    ),
    Rule(
        "imprecise-number",
        "error",
        "A whole number with more digits than a figure holds exactly",
        "Above 2^53 (9,007,199,254,740,992) not every whole number has a float of its own: 9007199254740993 "
        "would silently become ...992.",
        "{field!r}: {problem}",
        "{fix}",
    ),
    Rule(
        "implausible-figure",
        "error",
        "A figure larger than any count or amount can be",
        "A count above ten billion or an amount above ten trillion is a typo, a unit or a test value; added to "
        "a total it would swamp every other figure, or overflow it.",
        "{field!r}: {problem}",
        "{fix}",
    ),
    Rule(
        "bad-date",
        "error",
        "A date that is not a real YYYY-MM-DD date",
        "A date read the wrong way (day and month swapped) puts a value in the wrong period.",
        "{field!r}: {problem}",
        "{fix}",
    ),
    Rule(
        "figure-read",
        "info",
        "A figure written with a scale word or in scientific notation, read as the number it is",
        "'1.2 million', '3 mln' and '1.5E+03' have one reading each; the finding names the number read, so that a "
        "figure typed as words is seen as the number that is counted.",
        "{field!r}: {reading}",  # [reading: "read '1.2 million' as 1,200,000"]
        "write the figure as digits if this is not the number meant",
    ),
    Rule(
        "period-read",
        "info",
        "A period start or end written as a month or a quarter, read as its first or last day",
        "'2019-07' to '2021-06' or '2022-Q1' states a span of whole months; it is read as the first day of its "
        "start and the last day of its end, and the finding names the dates read.",
        "{field!r}: {reading}",  # [reading: "read '2019-07' as 2019-07-01, the first day of the month"]
        "write the date itself (YYYY-MM-DD) if the period starts or ends on another day",
    ),
    Rule(
        "unknown-value",
        "error",
        "A word outside the allowed list (measure, level, status, ...)",
        "A word outside its list (a misspelt measure or sex) cannot be given the rules that word stands for.",
        "{subject} not one of: {allowed}{suggestion}",  # [subject: "'measure' is 'cuont',", "level 'goal' is"]
        "write one of: {allowed}",
    ),
    # -- references ------------------------------------------------------------------------------------------
    Rule(
        "duplicate-id",
        "error",
        "Two items of the same kind share an id",
        "Values, links and children are attached by id, so two items with one id cannot be told apart.",
        "{kind} id {ident!r} is used {count} times ({places})",
        "give each {kind} its own id",
    ),
    Rule(
        "unknown-gcm-objective",
        "error",
        "A GCM objective number outside 1-23",
        "A link to an objective that does not exist reports contributions to nothing in the GCM view.",
        "GCM objective {ref!r} does not exist: the GCM has objectives 1 to 23",
        "use an objective number from 1 to 23 (mptf frameworks gcm lists them)",
    ),
    Rule(
        "unknown-sdg-target",
        "error",
        "An SDG target that does not exist",
        "A link to a target that does not exist, often an SDG indicator code, is lost from the SDG view.",
        "SDG target {ref!r} does not exist",
        "{fix}",
    ),
    Rule(
        "unknown-thematic-area",
        "error",
        "A thematic area number outside 1-5",
        "A programme in an area the fund does not have is missing from every fund figure by area.",
        "thematic area {area} does not exist: the fund has areas 1 to 5",
        "use 1 to 5 (mptf frameworks areas lists them)",
    ),
    Rule(
        "unknown-country",
        "error",
        "Not an ISO 3166-1 alpha-3 country code",
        "Figures by country are grouped by ISO code, so any other code makes a country of its own.",
        "{country!r} is not an ISO 3166-1 alpha-3 country code",
        "use three-letter codes such as TJK, PHL, ZAF",
    ),
    Rule(
        "unknown-region",
        "error",
        "Not a region of the region vocabulary (UN M49 regions, regional bodies)",
        "Figures of regional programmes are read by region code, so any other code makes a region of its own.",
        "{region!r} is not a region code or name",
        'use an M49 code written as text ("014" Eastern Africa, "009" Oceania, "001" the world), a '
        "regional body (IGAD, ECOWAS, SADC) or the region's name; frameworks/data/regions.csv lists them",
    ),
    Rule(
        "no-region",
        "warning",
        "A regional programme names no region",
        "A regional programme with neither countries nor a region cannot be placed on any map or in any figure "
        "by place.",
        "programme {programme!r} is {scope} but names no region",
        'add regions: ["014"] (an M49 code, a regional body such as IGAD, or a region\'s name)',
    ),
    Rule(
        "unknown-parent",
        "error",
        "A parent (result, programme or indicator) that does not exist",
        "An item hung on a parent that does not exist is cut off from its programme and from every fund figure.",
        "{kind} {item!r} {relation} {parent_kind} {parent!r}, which does not exist{suggestion}",  # [relation: "names"]
        "correct the {parent_kind} id{addition}",  # [addition: "" or ", or add that result"]
    ),
    Rule(
        "unknown-indicator",
        "error",
        "A reported value for an indicator the framework does not have",
        "A value for an indicator the framework does not have, or has under another programme, reaches no figure.",
        # [problem: "is not in the results framework of 'p'", "belongs to programme 'a', not 'b'"]
        "indicator {indicator!r} {problem}",
        "{fix}",
    ),
    # -- graph integrity -------------------------------------------------------------------------------------
    Rule(
        "cycle",
        "error",
        "Results that contain each other",
        "Results that contain each other have no place in the tree from impact to indicators.",
        "results contain each other: {path}",
        "make one of them a top-level result or give it another parent",
    ),
    Rule(
        "orphan",
        "error",
        "An item that no path from the fund reaches",
        "An item that no path from the fund reaches is left out of every rollup and trace.",
        "{kind} {item!r} cannot be reached from the fund: {why}",
        "attach it to an existing parent",
    ),
    Rule(
        "wrong-nesting",
        "error",
        "An item placed under a parent that its declared parent, id or level contradicts",
        "When the place of an item and what it says about itself disagree, one of them is wrong, and its values "
        "may be counted under the wrong result.",
        "{what}",  # [what: "result 'b1' declares parent 'a' but is nested under 'b'", ...]
        "{fix}",
    ),
    Rule(
        "no-indicators",
        "warning",
        "A programme with no indicator",
        "A funded programme without indicators cannot show any result to the fund.",
        "programme {programme!r} ({status}) has no indicator",
        "add its results framework: results with indicators",
    ),
    Rule(
        "no-unit",
        "error",
        "An indicator without a unit",
        "A count without its unit cannot be matched to a common indicator, so it is never added up.",
        "indicator {indicator!r} ({measure}) has no unit",
        "add unit: people, officials, policies, ... (what one counts)",
    ),
    Rule(
        "series-disagrees",
        "warning",
        "An indicator's series and its cumulative flag disagree",
        "cumulative: true/false is the old spelling of series; two answers to one question leave the reader "
        "guessing which one the figures follow.",
        "indicator {indicator!r} says series: {series} but cumulative: {cumulative}; series is used",
        "remove cumulative (series says how the values combine), or make them agree: cumulative: true is "
        "series: cumulative, cumulative: false any other series",
    ),
    Rule(
        "decrease-never-improves",
        "warning",
        "A decreasing indicator whose values are a running total since the start",
        "A since-start running total can only rise, so an indicator meant to go down can never show improvement.",
        "indicator {indicator!r} should decrease (baseline {baseline}, target {target}), but its series is "
        "cumulative (a running total since the start), which can never go down",
        "if each value is the level at the period's end (cases pending, committees operating), set series: "
        "level; if it counts only its own period, set series: per-period",
    ),
    Rule(
        "no-measure",
        "error",
        "An indicator without a measure",
        "The measure decides how values are checked and aggregated; without it none of the rules can apply.",
        "indicator {indicator!r} has no measure",
        "add measure: count, percentage, currency, ordinal, qualitative or yes-no",
    ),
    Rule(
        "no-thematic-area",
        "warning",
        "No source gives the programme's thematic area",
        "A programme with no thematic area is missing from the fund's figures by area.",
        "no source gives the thematic area of {programme!r}: it is unknown",
        "add thematic_area with its source, if a document states it",
    ),
    Rule(
        "no-gcm-link",
        "info",
        "No source links the programme or its results to a GCM objective, and it has no thematic area",
        "The fund reports by GCM objective; a programme with neither a link nor a thematic area reaches no "
        "objective and stands apart in that view.",
        "no source links {programme!r} or its results to a GCM objective",
        "add gcm: [N] with its source, if a document states it",
    ),
    Rule(
        "gcm-through-area-only",
        "info",
        "The programme reaches the GCM only through its thematic area (mapping unconfirmed)",
        "Where no document states a programme's GCM objectives, the views place it under the objectives its "
        "thematic area clusters, as links of their own kind; this says where the fund's documents are silent.",
        "no source links {programme!r} or its results to a GCM objective: it reaches objectives {objectives} "
        "only through thematic area {area}; note: the thematic area → GCM objective mapping is unconfirmed",
        "add gcm: [N] with its source, if a document states it",
    ),
    Rule(
        "area-gcm-mismatch",
        "warning",
        "A GCM objective outside the programme's thematic area (mapping unconfirmed)",
        "A link outside the programme's area is often a wrong objective number, or a wrong area.",
        "GCM objective {objective} is outside thematic area {area} (objectives {objectives}); note: the thematic "
        "area → GCM objective mapping is unconfirmed (no consulted source lists it)",
        "check the link and the programme's thematic area; a programme may serve objectives beyond its area",
    ),
    Rule(
        "gcm-title-mismatch",
        "warning",
        "A GCM objective number cited with another objective's title",
        "When a document's objective number and title disagree, one of them was copied wrong.",
        'objective {number} is cited as "{cited}", which is the title of objective {closest}; objective {number} '
        'is "{title}" ({cite})',
        "check which objective is meant: {closest} (by title) or {number} (by number)",
    ),
    Rule(
        "end-before-start",
        "error",
        "A period or programme that ends before it starts",
        "A period that ends before it starts has no length, so elapsed time, progress and overlaps mean nothing "
        "(IATI rule 8.6.1).",
        "{what} ends {end} before it starts {start}",  # [what: "programme", "period"]
        "{fix}",
    ),
    Rule(
        "budget-not-positive",
        "error",
        "A budget of zero or less",
        "A budget of zero or less is a placeholder or a sign error, and distorts the fund's budget figures.",
        "budget is {budget}",
        "give the programme's budget, greater than zero",
    ),
    Rule(
        "conflicting-claims",
        "warning",
        "Sources give different values for the same programme fact",
        "When sources disagree on a fact, any single value chosen silently could be the wrong one; an auditor "
        "needs to see both.",
        "sources disagree on the {field} of {programme!r}{when}: {claims}",  # [when: "" or " at the same date"]
        "{fix}",
    ),
    Rule(
        "conflicting-values",
        "warning",
        "Sources give different values for the same indicator, period and group",
        "Two figures for one indicator, group and period cannot both be right; the rollup keeps the lowest.",
        # [disagree: "give different values for", "disagree on the running total"; when: "" or " for the period
        # 2022"; figures: "5 (a) vs 6 (b)", "it cannot go down, but they give ..."]
        "sources {disagree} {indicator!r}{group}{when}: {figures}",
        # [kept: "values are kept", "claims are kept, and the rollup counts the lowest as a lower bound"]
        "all {kept}; confirm the figure with the programme's report and keep one",
    ),
    Rule(
        "status-history",
        "info",
        "The programme's status moved on between sources",
        "Statuses dated differently are a history, not a conflict; the latest one decides funded or pipeline.",
        "status of {programme!r} moved on: {steps}",
        "no action needed; the latest status is used",
    ),
    # -- links to common indicators (mptf rollup) ------------------------------------------------------------
    Rule(
        "unknown-common-indicator",
        "error",
        "An indicator feeds a common indicator that is not defined",
        "A link to a common indicator that does not exist takes the indicator's values out of every fund figure.",
        "indicator {indicator!r} feeds {common!r}, which is not a common indicator",
        "use an id from indicators/common.yaml",
    ),
    Rule(
        "measure-mismatch",
        "error",
        "An indicator feeds a common indicator of another measure",
        "Adding a percentage to counts (or the reverse) gives a fund figure that means nothing.",
        "indicator {indicator!r} ({measure}) feeds {common!r}, which is a {common_measure}",
        "link it to a common indicator of its measure",
    ),
    Rule(
        "unit-mismatch",
        "warning",
        "An indicator's unit is not what its common indicator counts: left out",
        "Households added to people, or kilometres to people, would inflate the fund's figure; a unit word the "
        "vocabulary does not know is refused in the open, never dropped silently.",
        "indicator {indicator!r} counts {unit!r} ({unit_class}) but {common!r} counts {common_unit} (accepts "
        "{accepts}); its values are left out, never added",
        "link it to a common indicator of its unit class (households and families are never added to people), or, "
        "if {unit!r} names what {common!r} counts, add the word to its class in indicators/units.yaml",
    ),
    # -- reported values (mptf validate) ---------------------------------------------------------------------
    Rule(
        "unknown-programme",
        "error",
        "A reported value for a programme the portfolio does not have",
        "A row for a programme the portfolio does not have cannot be checked against any results framework.",
        "programme {programme!r} is not in the portfolio{suggestion}",
        "correct the programme id (mptf check lists the portfolio's programmes), or validate against the "
        "portfolio that holds it (--portfolio)",
    ),
    Rule(
        "formula-without-value",
        "error",
        "A workbook cell holds a formula with no stored result",
        "A workbook written by a program stores formulas without their results: the cell has no figure to read, "
        "and the row would silently count as an empty slot.",
        "the cell holds a formula ({formula}) with no computed value: the workbook was saved by a program that "
        "does not calculate formulas",
        "open and save the workbook in Excel or LibreOffice so the result is stored, or type the figure",
    ),
    Rule(
        "merged-cells",
        "warning",
        "Merged cells in a table sheet of a workbook",
        "A merged range holds its value in its first cell only: a merged title row above the header hides the "
        "column names, and a value merged over several rows is read in the first row and missing from the others.",
        "cells {cells} are merged: {problem}",
        "{fix}",
    ),
    Rule(
        "formula-read",
        "info",
        "A workbook cell holds a formula: its stored result is read",
        "A figure computed by a formula changes when its inputs do: the report should say which figure it states.",
        "the cell holds the formula {formula}: its result as last computed, {text!r}, is read",
        "type the figure itself if the formula's inputs may change",
    ),
    Rule(
        "value-from-counts",
        "info",
        "A percentage with no value, computed from its numerator and denominator",
        "Officers often key the two counts and let the system compute the share; the row must count, not vanish.",
        "{indicator!r} has no value: it is computed from its counts, 100 × {numerator} / {denominator} = {value}",
        "write {value} in the value cell to state it yourself",
    ),
    Rule(
        "part-from-share",
        "info",
        "A part of a count written as a share of its total, counted as the count it stands for",
        "Reports say '35% of the 800 trainees were young people': the part is kept as written and counted as a "
        "number of units, with the bound a sum may use, never as 35 units and never added to the total.",
        "{indicator!r} [{group}]: {share} of the total {total}{where} is counted as {count}",
        "write the count itself in the value cell to state it exactly",
    ),
    Rule(
        "text-on-numeric",
        "error",
        "Text where the indicator's measure needs a number (IATI 8.10.2)",
        "Text where a number is due cannot be added up, so the row would silently count as nothing.",
        "{indicator!r} is a {measure} indicator: its value must be a number, not {value!r} (IATI rule 8.10.2)",
        "{fix}",
    ),
    Rule(
        "inexact-value",
        "warning",
        "A figure with a qualifier (approx., over, ...) where a report gives the number",
        "A report should give the figure itself; a bound is kept as an interval and only certain comparisons use it.",
        "{value!r} is not an exact figure ({bound} {figure})",  # [bound: "≈", ">", ...; figure: "2,000"]
        "a report gives the figure itself; if only an estimate exists, write it as a number and say so in the note",
    ),
    Rule(
        "number-on-qualitative",
        "warning",
        "A number for a qualitative indicator (IATI 8.8.3, 8.9.3, 8.10.3)",
        "A qualitative indicator is described in words; a bare number there says nothing and is never counted.",
        "{indicator!r} is qualitative{problem}",  # [problem: ": its value is described in words, not '42' ..."]
        "{fix}",
    ),
    Rule(
        "missing-value",
        "error",
        "A row with a note or source but no value, on a measured indicator (IATI 8.10.1)",
        "A row that explains a value but does not give it looks reported while it counts as nothing.",
        # [given: "a note or a source", "a numerator and a denominator"; iati: " (IATI rule 8.10.1)" or ""]
        "the row for {indicator!r} has {given} but no value{iati}",
        "{fix}",  # [fix: "write the value; if there is none, empty the note too, or delete the row", ...]
    ),
    Rule(
        "baseline-without-value",
        "error",
        "A dated baseline without a value, on a measured indicator (IATI 8.8.1)",
        "Progress is measured from the baseline; a dated baseline with no value gives nothing to measure from.",
        "the baseline of {indicator!r} ({measure}) has a date ({date}) but no value (IATI rule 8.8.1)",
        "give the baseline's value, e.g. baseline: {{value: 0, date: 2021-01-01}}",
    ),
    Rule(
        "period-outside-programme",
        "warning",
        "A reporting period outside the programme's dates",
        "A value for a period outside the programme's dates is a typo in a year, or an extension not recorded.",
        "the period {period} is outside the dates of programme {programme!r} ({start} to {end})",
        "correct the period; if the programme was extended, update its end date in the framework",
    ),
    Rule(
        "duplicate-period",
        "error",
        "Two rows for the same indicator, group and period",
        "Two rows for one indicator, group and period would be counted twice, or one would silently win.",
        "{indicator!r}{group} has another row for the period {period} (line {line}{gives})",  # [gives: ", which ..."]
        "keep one row per indicator, group and period: delete this one, or correct its period or group",
    ),
    Rule(
        "overlapping-periods",
        "error",
        "Overlapping periods of a non-cumulative indicator for the same group",
        "Overlapping periods of a per-period count count the same people twice when they are added up.",
        "{indicator!r}{group} counts each period on its own (not cumulative), but {period} overlaps {other} "
        "(line {line})",
        "give periods that do not overlap, or mark the indicator cumulative if each value is a running total",
    ),
    Rule(
        "percentage-out-of-range",
        "error",
        "A percentage below 0 or above 100",
        "A percentage outside 0 to 100 is a count or a typo, and would distort every median and range.",
        "{value!r} is outside 0 to 100 for the percentage indicator {indicator!r}",
        "write a percentage from 0 to 100 (45 for 45%)",
    ),
    Rule(
        "fraction-or-percent",
        "warning",
        "A percentage between 0 and 1: a fraction, or really under 1%?",
        "0.45 may be 45% written as a fraction, a hundredfold error in the fund's figure.",
        "{value!r} for the percentage indicator {indicator!r}: a fraction or a percent? It reads as {value}%",
        "write {percent} if you mean {percent}%; write {value}% if it really is under 1%",
    ),
    Rule(
        "unexpected-percent",
        "error",
        "A value written with % for an indicator that is not a percentage",
        "A share where a count is due cannot be added to the other counts.",
        "{value!r} is a share, but {indicator!r} is a {measure} indicator ({unit})",
        # [fix: "write the number itself, not a percentage"; for a target, "write the absolute target: ..."]
        "{fix}",
    ),
    Rule(
        "ratio-mismatch",
        "error",
        "A percentage that is not 100 × numerator / denominator, within its rounding",
        "The rollup recomputes percentages from their counts, so a figure at odds with them changes unseen.",
        "{value!r} for {indicator!r} does not match its counts: 100 × {numerator} / {denominator} = {share}%",
        "{fix}",
    ),
    Rule(
        "numerator-exceeds-denominator",
        "error",
        "A numerator greater than its denominator",
        "A numerator counts some of its denominator; more than all of it means one of the two is wrong.",
        "the numerator of {indicator!r} ({numerator}) is greater than its denominator ({denominator}): {share}%",
        "{fix}",
    ),
    Rule(
        "denominator-not-positive",
        "error",
        "A denominator of zero or less",
        "No percentage is out of zero people; the rollup would divide by it.",
        "the denominator of {indicator!r} is {denominator}: no percentage is out of that",
        "write the count the percentage is out of (e.g. everyone surveyed); leave both counts empty if unknown",
    ),
    Rule(
        "negative-numerator",
        "error",
        "A numerator below zero",
        "A count of people below zero is a sign error that the recomputed percentage would carry.",
        "the numerator of {indicator!r} is {numerator}, below zero",
        "the numerator counts those the percentage is of (45 of 120 surveyed): write it as zero or more",
    ),
    Rule(
        "incomplete-ratio",
        "warning",
        "A numerator without a denominator, or a denominator without a numerator",
        "Half a pair of counts cannot be summed into the fund's recomputed percentage.",
        "{indicator!r} has a {given} ({counts}) but no {absent}",
        "give the {absent} too, or neither: the rollup recomputes a percentage from Σ numerators / Σ denominators "
        "only when every part has both",
    ),
    Rule(
        "unexpected-ratio",
        "warning",
        "A numerator or denominator for an indicator that is not a percentage",
        "Counts given for an indicator that is not a percentage are never used, and often sit in the wrong row.",
        "{indicator!r} is {a_measure} indicator: a {given} ({counts}) {mean} nothing there",  # [mean: means/mean]
        "empty the numerator and denominator: they are the counts a percentage indicator's value is computed from",
    ),
    Rule(
        "negative-count",
        "error",
        "A count below zero",
        "A count below zero is a sign error that would lower every total it reaches.",
        "{value!r} is below zero: {indicator!r} counts {unit}",
        "write the count, zero or more",
    ),
    Rule(
        "non-integer-count",
        "error",
        "A count with a fraction (an error for people, a warning for other units)",
        "Half a person is a typo or an average; a fraction of another unit may be real but is worth a look.",
        "{value!r} is not a whole number of {unit} ({indicator!r})",
        "{fix}",
    ),
    Rule(
        "ordinal-outside-scale",
        "error",
        "An ordinal value that is not a level of the indicator's scale",
        "A level outside the scale cannot be placed in the fund's distribution of levels.",
        "{value!r} is not a level of the scale of {indicator!r}: {scale}",
        "write one of: {scale}{suggestion}",
    ),
    Rule(
        "undeclared-dimension",
        "warning",
        "A value broken down by a dimension the indicator does not declare",
        "A breakdown the indicator does not declare cannot be checked against its total.",
        "{indicator!r} is broken down by {dimension!r}, which it does not declare (declared: {declared})",
        "add {dimension!r} to the indicator's disaggregation, or empty the {dimension!r} cell",
    ),
    Rule(
        "parts-exceed-total",
        "error",
        "Disaggregated parts whose sum exceeds the total",
        "The parts of one dimension do not overlap, so parts adding up to more than the total mean one is wrong.",
        # [under: "" or " of [sex=female] (which has no value)"; lines: "line 3" or "lines 3, 4"]
        "{indicator!r}{group} for {period}: its parts{under} by {dimension!r} add up to {added} ({parts}; "
        "{lines}), more than the total {total}",
        "correct the total or a part; the parts of one dimension do not overlap, so they cannot add up to more "
        "than the total",
    ),
    Rule(
        "parts-differ-from-total",
        "error",
        "The parts of a complete disaggregation do not add up to the total",
        "When every value of a dimension is given, its parts are the total; any gap is a figure missing or wrong.",
        "{indicator!r}{group} for {period}: its complete breakdown{under} by {dimension!r} add up to {added} "
        "({parts}; {lines}), less than the total {total}",
        "correct the total or a part; every value of the dimension is given, so the parts must add up to the total",
    ),
    Rule(
        "cumulative-decrease",
        "error",
        "A running total (since the start, or within a year) whose value decreases between periods",
        "A running total cannot go down; a decrease is a wrong figure or an indicator that is not cumulative.",
        "{indicator!r}{group} is {kind}, but it decreases: {before} then {after}",  # [kind: "cumulative (...)"]
        "a running total cannot go down: correct the figure that is wrong; if each value counts only its own "
        "period, set series: per-period on the indicator; if it is the level at the period's end, series: level",
    ),
    Rule(
        "looks-year-to-date",
        "warning",
        "A since-start running total that restarts, as a year-to-date series does",
        "A running total whose period starts after the programme began and drops at a year boundary is usually "
        "a year-to-date figure; read as since-start, its drop is an error and its earlier years are lost.",
        "{indicator!r}{group} is cumulative since the start ({start}), but its period {period} starts later and "
        "its value drops from {before} to {after}: it looks like a year-to-date series",
        "if each value counts from the start of its year, set series: year-to-date on the indicator (with "
        "resets: MM if the year starts in another month than January); if it is a total since the start, "
        "give period_start {start} and correct the figure",
    ),
    Rule(
        "stale-level",
        "warning",
        "A level older than the reporting period current at the reference date",
        "A level is a state at a date; a state measured before the reporting period the figure stands for may no "
        "longer hold, so the figure that adds it is only approximate.",
        "{indicator!r}{group}: its latest level {value} is of {end}, before the reporting period current at the "
        "reference date {as_of} (from {since})",
        "report the level at the end of the latest period, or say in the note why it cannot be measured",
    ),
    Rule(
        "far-above-target",
        "warning",
        "A value over 10 times the indicator's target: check the unit",
        "Ten times the target is usually a unit (thousands) or a decimal point that slipped.",
        "{value!r} is more than {factor} times the target of {indicator!r} ({target})",
        "check the unit and the decimal point; if the figure is right, the target may need revising",
    ),
    Rule(
        "period-not-ended",
        "warning",
        "A value for a period that ends after the reference date",
        "A figure for a period not yet over is a forecast or a typo in the date; the fund's figures leave it out "
        "(after-reference) until the reference date (--as-of) reaches the period's end, so a past run is "
        "repeated exactly.",
        "{indicator!r} has a value for the period {period}, which ends after the reference date {as_of}",
        "check the period's end; for a figure to date, end the period at the date it was counted",
    ),
    Rule(
        "period-far-ahead",
        "warning",
        "A value for a period that ends more than a year after the reference date",
        "No result is known for a period that far ahead: the year is a typo (2052 for 2025), or the figure is a "
        "target entered as a value; once its date passes, it would count in the fund's figures as achieved.",
        "{indicator!r} has a value for the period {period}, which ends {years} after the reference date {as_of}",
        "correct the period's year; a target belongs in the framework's targets, not among the reported values",
    ),
    Rule(
        "value-due",
        "warning",
        "An indicator due in a period has no value for it",
        "A value due and not given leaves a gap the fund's figures cannot show; the officer should say why.",
        "{indicator!r} has {what}",  # [what: "no value for the period ...", "a target dated ..., but no value ..."]
        "{fix}",
    ),
    # -- IATI activities files (docs/iati.md) -------------------------------------------------------------
    Rule(
        "xml-syntax",
        "fatal",
        "An XML file that is not well-formed",
        "A file that is not well-formed XML has no reading a program can trust, so nothing in it is read.",
        "not well-formed XML: {error}",
        "correct the XML at this line (an unclosed element, a stray '&' or '<'), or export the file again",
    ),
    Rule(
        "unsafe-xml",
        "fatal",
        "An XML file that declares a DTD or entities",
        "Entity declarations are how a small XML file expands to gigabytes or reads another file, and IATI "
        "files need none, so such a file is not parsed.",
        "the file declares {what}, which is not read",
        "remove the <!DOCTYPE ...> and <!ENTITY ...> declarations: IATI activity files need none",
    ),
    Rule(
        "not-iati",
        "fatal",
        "An XML file that is not an IATI 2.0x activities file",
        "The importer reads IATI activities files of version 2.01 to 2.03, whose root is <iati-activities>; "
        "anything else would be read as something it is not.",
        "not an IATI activities file: {what}",
        'give an IATI activities file (root <iati-activities version="2.03">); an API response wrapping one '
        "must be unwrapped first",
    ),
    Rule(
        "iati-schema",
        "error",
        "An IATI file that the IATI 2.03 activity schema refuses",
        "Other IATI tools refuse a file the schema refuses, and the engine reads such an element only as far "
        "as it can, so what it holds may be incomplete.",
        "not valid against the IATI 2.03 activity schema (file version {version}): {error}",
        "correct the element at this line as the IATI Standard's activity schema says "
        "(https://iatistandard.org/en/iati-standard/203/activity-standard/)",
    ),
    Rule(
        "iati-rule",
        "error",
        "A results rule of the IATI ruleset fails",
        "The IATI Validator applies the Standard's ruleset to every published file, and a result that fails "
        "it is flagged to everyone who reads the file.",
        "IATI rule {rule}: {requirement}",  # [requirement: the ruleset's message for the rule]
        "correct the element at this line (IATI ruleset, standard.json, rule {rule})",
    ),
]
RULES: dict[str, Rule] = {rule.code: replace(rule, example=EXAMPLES.get(rule.code)) for rule in _RULES}

#: The cells of its own row a finding involves besides the column it names (the annotated copy marks them all,
#: each with the finding's comment). The other rows a finding names in its message ("line 3", "lines 3, 4": the
#: parts of a total, the other row of a duplicate) are marked in the finding's column.
ROW_CELLS: dict[str, tuple[str, ...]] = {
    "ratio-mismatch": ("value", "numerator", "denominator"),
    "numerator-exceeds-denominator": ("numerator", "denominator"),
    "incomplete-ratio": ("numerator", "denominator"),
    "end-before-start": ("period_start", "period_end"),
    "overlapping-periods": ("period_start", "period_end"),
    "duplicate-period": ("period_start", "period_end"),
}

#: What becomes of a value in a figure: counted in it, represented there by another row, reaching no figure,
#: or left out because validation found an error in it.
COUNTED, REPRESENTED, NO_FIGURE, VALIDATION = "counted", "represented", "no figure", "validation"


@dataclass(frozen=True)
class Contribution:
    """A contribution rule: its code, its kind (:data:`COUNTED`, ...), the sentence a traced row shows
    (``rule``, a template over the row's fields) and, for a row that is not simply counted, why (``reason``)."""

    code: str
    kind: str
    rule: str
    reason: str = ""
    why: str = ""
    fields: tuple[str, ...] = field(default=())

    @property
    def counted(self) -> bool:
        return self.kind == COUNTED


_CONTRIBUTIONS = [
    # counted
    Contribution("summed-period", COUNTED, "summed: value of its period", why="A per-period count adds up."),
    Contribution(
        "summed-latest",
        COUNTED,
        "summed: latest cumulative value",
        why="A running total is read at its latest date, never added to its earlier values.",
    ),
    Contribution(
        "summed-level",
        COUNTED,
        "summed: level at the reference date (the latest at or before it)",
        why="A level is a state at a date: each programme's latest level at the reference date counts once, "
        "never added to its earlier levels; programmes' levels add up.",
    ),
    Contribution(
        "summed-stale-level",
        COUNTED,
        "summed, as approximate: the latest level, but stale (older than the reporting period current at the reference "
        "date)",
        why="A level measured long before the reference date may no longer hold: it counts, as approximate.",
    ),
    Contribution(
        "summed-year",
        COUNTED,
        "summed: last year-to-date value of its year",
        why="A year-to-date total restarts each year: each year's last value is that year's figure, and the "
        "years add up.",
    ),
    Contribution(
        "summed-part",
        COUNTED,
        "summed: part of a group (no total reported)",
        why="Parts with no total reported are summed, and the sum is only a lower bound of the total.",
    ),
    Contribution(
        "counted-once",
        COUNTED,
        "counted once for the programme",
        why="A common indicator counted per programme takes each contributing programme once.",
    ),
    Contribution(
        "counted-percentage",
        COUNTED,
        "counted: percentage (never summed)",
        why="Percentages are recomputed from their counts, or summarised by median and range.",
    ),
    Contribution(
        "counted-level",
        COUNTED,
        "counted: level in the distribution",
        why="Ordinal levels are distributed over the scale, never added or averaged.",
    ),
    Contribution(
        "counted-yes-no", COUNTED, "counted: yes/no of the programme", why="Yes/no answers give k of n programmes."
    ),
    Contribution("listed", COUNTED, "listed", why="Qualitative results are listed, never counted."),
    Contribution(
        "subtracted-overlap",
        COUNTED,
        "subtracted: declared overlap between {programmes}",
        why="A declared overlap between programmes is subtracted once.",
        fields=("programmes",),
    ),
    # excluded, represented in the figure by another row
    Contribution(
        "duplicate",
        REPRESENTED,
        "excluded: the same claim again (duplicate)",
        "excluded as a duplicate: the same claim is counted once",
        why="The same figure stated twice is one fact.",
    ),
    Contribution(
        "conflict",
        REPRESENTED,
        "excluded: sources disagree; the lowest claim is kept as a lower bound",
        "sources disagree: the lowest claim is counted, as a lower bound",
        why="Where sources disagree, the figure keeps only what every claim supports.",
    ),
    Contribution(
        "superseded",
        REPRESENTED,
        "excluded: superseded by a later cumulative value",
        "superseded by a later cumulative value of the same indicator",
        why="A running total's earlier values are contained in its latest one.",
    ),
    Contribution(
        "superseded-level",
        REPRESENTED,
        "excluded: an earlier level; the latest level at the reference date counts",
        "an earlier level of the same indicator; the latest at the reference date is counted instead",
        why="A level is not added over periods: only the latest state counts.",
    ),
    Contribution(
        "superseded-year",
        REPRESENTED,
        "excluded: superseded by a later year-to-date value of the same year",
        "superseded by a later year-to-date value of the same year",
        why="Within a year a year-to-date total's earlier values are contained in its latest one.",
    ),
    Contribution(
        "country-figure",
        REPRESENTED,
        "excluded: the programme reports a figure of this country",
        "the country's own figure is counted instead",
        why="By country, a programme's own country figure replaces its programme-wide one.",
    ),
    Contribution(
        "part-of-total",
        REPRESENTED,
        "excluded: part of a reported total",
        "part of a reported total, which is counted instead",
        why="Adding a total and its parts counts the same people twice.",
    ),
    Contribution(
        "unique-total",
        REPRESENTED,
        "excluded: the programme reports a unique total for this common indicator",
        "the programme's unique total is counted instead",
        why="A programme's count of unique people replaces the sum of its overlapping indicators.",
    ),
    Contribution(
        "overlapping-max",
        REPRESENTED,
        "excluded: overlapping figures; the largest programme figure is taken",
        "overlaps a larger programme figure, which is counted instead",
        why="Where programmes reach the same people, only the largest figure is defensible.",
    ),
    # excluded: no figure to reach
    Contribution(
        "no-common",
        NO_FIGURE,
        "excluded: indicator linked to no common indicator",
        "indicator linked to no common indicator",
        why="Only indicators linked to a common indicator reach a fund figure.",
    ),
    Contribution(
        "unknown-common",
        NO_FIGURE,
        "excluded: unknown common indicator {common!r}",
        "unknown common indicator {common!r}",
        why="A link to nothing cannot be counted.",
        fields=("common",),
    ),
    Contribution(
        "measure-mismatch",
        NO_FIGURE,
        "excluded: {measure} indicator linked to a {common_measure} common indicator",
        "measure mismatch: {measure} indicator linked to a {common_measure} common indicator",
        why="A count added to percentages (or the reverse) gives a number that means nothing.",
        fields=("measure", "common_measure"),
    ),
    Contribution(
        "unit-mismatch",
        NO_FIGURE,
        "excluded: unit {unit!r} is not what {common!r} counts ({common_unit})",
        "unit mismatch: unit {unit!r} is not what {common!r} counts ({common_unit})",
        why="Kilometres are never added to people.",
        fields=("unit", "common", "common_unit"),
    ),
    Contribution(
        "after-reference",
        NO_FIGURE,
        "excluded: a period that ends after the reference date",
        "a value for a period that ends after the reference date (--as-of)",
        why="A figure at a reference date counts what was reported by then: a value for a period not yet over "
        "is not, so a past run gives the figure it gave then, whatever was added since.",
    ),
    Contribution(
        "no-figure",
        NO_FIGURE,
        "excluded: no figure to add",
        "no figure to add (the value is not a number)",
        why="A text where a number belongs has nothing to add.",
    ),
    # excluded by validation
    Contribution(
        "invalid",
        VALIDATION,
        "excluded: {codes} (mptf validate says why)",
        "validation error: {codes}; run mptf validate for the finding and its fix",
        why="A value with an error never counts silently: validate and the rollup give one verdict.",
        fields=("codes",),
    ),
]
CONTRIBUTIONS: dict[str, Contribution] = {c.code: c for c in _CONTRIBUTIONS}
#: The contribution rules that count their row into a figure.
COUNTED_CODES: frozenset[str] = frozenset(c.code for c in _CONTRIBUTIONS if c.counted)

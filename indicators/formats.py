"""The input formats of ``docs/format.md``, declared once: readers and writers import these names.

- the keys a YAML programme file allows at each level (programme, result, indicator, claim, link, baseline,
  target, reported value, context statistic);
- the sheets of a programme workbook and their columns, in the order ``mptf`` writes them, and which are
  required;
- the long table of reported values (a CSV file, or a workbook's ``values`` sheet): its own columns, required and
  optional, in the order ``mptf`` writes them; every other column is a disaggregation dimension, written after
  ``value`` (:func:`values_header`).

Every name is a tuple of lower-case column or key names (dicts of them by sheet); nothing here reads a file.

>>> values_header(["sex", "age"], TEMPLATE_COLUMNS)
('programme', 'indicator', 'period_start', 'period_end', 'value', 'sex', 'age', 'note')
"""

from __future__ import annotations

from collections.abc import Iterable

from .measures import DIMENSIONS

__all__ = [
    "BASELINE_KEYS",
    "CLAIM_FIELDS",
    "CLAIM_KEYS",
    "CONTEXT_KEYS",
    "CSV_SUFFIXES",
    "PARQUET_SUFFIXES",
    "DIMENSION_COLUMNS",
    "EXCEL_SUFFIXES",
    "GUIDE_SHEET",
    "INDICATOR_KEYS",
    "LINK_KEYS",
    "LINK_KINDS",
    "PROGRAMME_FIELDS",
    "PROGRAMME_KEYS",
    "PORTFOLIO_SUFFIXES",
    "REFERENCE_SHEET",
    "REQUIRED_SHEETS",
    "RESULT_KEYS",
    "SHEETS",
    "SHEET_COLUMNS",
    "SHEET_REQUIRED",
    "TARGET_KEYS",
    "TEMPLATE_COLUMNS",
    "TEMPLATE_REFERENCE",
    "VALUES_SHEET",
    "VALUE_COLUMNS",
    "VALUE_KEYS",
    "VALUE_OPTIONAL",
    "VALUE_REQUIRED",
    "XML_SUFFIXES",
    "YAML_SUFFIXES",
    "values_header",
]

# -- files -------------------------------------------------------------------------------------------------
#: The suffixes of the files the engine reads: programme files, workbooks (programmes or reports), value tables.
YAML_SUFFIXES: tuple[str, ...] = (".yaml", ".yml")
EXCEL_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm")
CSV_SUFFIXES: tuple[str, ...] = (".csv",)
#: A table of reported values may also be Parquet (read by pyarrow; a row's number is its line).
PARQUET_SUFFIXES: tuple[str, ...] = (".parquet",)
#: IATI activities files (``docs/iati.md``).
XML_SUFFIXES: tuple[str, ...] = (".xml",)
#: What a portfolio directory is read from.
PORTFOLIO_SUFFIXES: tuple[str, ...] = YAML_SUFFIXES + EXCEL_SUFFIXES + CSV_SUFFIXES + PARQUET_SUFFIXES + XML_SUFFIXES

# -- programme files (YAML) --------------------------------------------------------------------------------
#: Programme facts that sources may state (and contradict): a plain value or a list of claims.
CLAIM_FIELDS: tuple[str, ...] = (
    "title",
    "countries",
    "thematic_area",
    "status",
    "budget",
    "duration_months",
    "start",
    "end",
    "organizations",
    "donors",
    "scope",
    "regions",
)
PROGRAMME_KEYS: tuple[str, ...] = (
    "id",
    *CLAIM_FIELDS,
    "partners",
    "gcm",
    "sdg",
    "source",
    "quote",
    "context",
    "results",
)
RESULT_KEYS: tuple[str, ...] = (
    "id",
    "level",
    "title",
    "parent",
    "gcm",
    "sdg",
    "source",
    "quote",
    "editorial",
    "indicators",
    "results",
)
INDICATOR_KEYS: tuple[str, ...] = (
    "id",
    "name",
    "measure",
    "unit",
    "scale",
    "currency",
    "direction",
    "cumulative",
    "series",
    "resets",
    "unique",
    "baseline",
    "targets",
    "disaggregation",
    "gcm",
    "sdg",
    "common",
    "source",
    "quote",
    "values",
)
CLAIM_KEYS: tuple[str, ...] = ("value", "source", "quote", "as_of", "currency", "note")
LINK_KEYS: tuple[str, ...] = ("objective", "target", "title", "share", "source", "quote")
#: A context statistic: a figure a document states about the programme's setting (workforce abroad, remittances
#: as a share of GDP), with its source; shown, never rolled up as a result.
CONTEXT_KEYS: tuple[str, ...] = ("statistic", "value", "unit", "year", "place", "note", "source", "quote")
TARGET_KEYS: tuple[str, ...] = ("value", "group", "share", "date", "source", "quote", "note")
BASELINE_KEYS: tuple[str, ...] = ("value", "date", "source", "quote")
VALUE_KEYS: tuple[str, ...] = (
    "value",
    "start",
    "end",
    "disaggregation",
    "numerator",
    "denominator",
    "note",
    "source",
    "quote",
)

# -- the long table of reported values ---------------------------------------------------------------------
#: Columns every values table needs, in the order they are checked.
VALUE_REQUIRED: tuple[str, ...] = ("programme", "indicator", "period_end", "value")
#: The table's own optional columns; any other column is a disaggregation dimension (``sex``, ``age``, ...).
VALUE_OPTIONAL: tuple[str, ...] = ("period_start", "numerator", "denominator", "note", "source", "quote")
#: The columns that are not disaggregation dimensions, in the order ``mptf`` writes them.
VALUE_COLUMNS: tuple[str, ...] = (
    "programme",
    "indicator",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "note",
    "source",
    "quote",
)
#: The standard disaggregation dimensions, in the order ``mptf`` writes their columns (others follow, sorted).
DIMENSION_COLUMNS: tuple[str, ...] = tuple(DIMENSIONS)
#: The own columns of a reporting template (``mptf template``): keys, the value and a note.
TEMPLATE_COLUMNS: tuple[str, ...] = ("programme", "indicator", "period_start", "period_end", "value", "note")
#: What the reporting template says of each row (what the indicator is, its baseline and the target and value
#: last reported for the row's group): for the officer's eyes, on the locked sheet ``REFERENCE_SHEET`` and in a
#: note on each row's indicator cell; readers skip these columns (older templates had them on ``values``).
TEMPLATE_REFERENCE: tuple[str, ...] = ("name", "unit", "measure", "baseline", "target", "last_reported")


def values_header(dimensions: Iterable[str], columns: tuple[str, ...] = VALUE_COLUMNS) -> tuple[str, ...]:
    """The header of a values table that ``mptf`` writes: ``columns`` (the table's own, in ``VALUE_COLUMNS``
    order) with the ``dimensions`` columns right after ``value``."""
    at = columns.index("value") + 1
    return (*columns[:at], *dimensions, *columns[at:])


# -- programme workbooks -----------------------------------------------------------------------------------
VALUES_SHEET = "values"
#: The template's sheet explaining each indicator (not read back).
GUIDE_SHEET = "guide"
#: The template's locked sheet of ``TEMPLATE_REFERENCE`` by indicator and group (not read back).
REFERENCE_SHEET = "reference"
#: Columns of each sheet, in the order ``mptf`` writes them (the ``values`` sheet: ``VALUE_COLUMNS``).
SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    "programme": ("programme", "field", "value", "currency", "source", "quote", "as_of"),
    "results": ("programme", "id", "level", "parent", "title", "gcm", "sdg", "source", "quote", "editorial"),
    "indicators": (
        "programme",
        "id",
        "result",
        "name",
        "measure",
        "unit",
        "scale",
        "currency",
        "direction",
        "cumulative",
        "series",
        "resets",
        "unique",
        "baseline",
        "baseline_date",
        "disaggregation",
        "gcm",
        "sdg",
        "common",
        "source",
        "quote",
    ),
    "targets": ("programme", "indicator", "value", "group", "share", "date", "source", "quote"),
    "links": ("programme", "item", "kind", "framework", "ref", "cited_title", "share", "source", "quote"),
    "context": ("programme", *CONTEXT_KEYS),
}
#: Required columns of each sheet.
SHEET_REQUIRED: dict[str, tuple[str, ...]] = {
    "programme": ("field", "value"),
    "results": ("id", "level", "title"),
    "indicators": ("id", "result", "name", "measure"),
    "targets": ("indicator", "value"),
    "links": ("item", "framework", "ref"),
    "context": ("statistic", "value", "source"),
}
REQUIRED_SHEETS: tuple[str, ...] = ("programme", "results", "indicators")
#: Every sheet a programme workbook may hold, in the order ``mptf`` writes them.
SHEETS: tuple[str, ...] = (*SHEET_COLUMNS, VALUES_SHEET)
#: What the ``field`` column of the ``programme`` sheet may say.
PROGRAMME_FIELDS: tuple[str, ...] = ("id", *CLAIM_FIELDS, "partners", "gcm", "sdg")
#: What the ``kind`` column of the ``links`` sheet may say.
LINK_KINDS: tuple[str, ...] = ("programme", "result", "indicator")

"""The IATI 2.03 codes the engine reads and writes, and its extension namespace (see ``docs/iati.md``).

Codelists are the IATI Standard's (version 2.03): result type, indicator measure, activity status, activity
date type, organisation role, activity scope, tag vocabulary. Each dict maps an IATI code to the model's word,
or the model's word to the IATI code written for it. What IATI cannot say (qualifiers, series, GCM links,
sourced claims) is written in attributes and elements of :data:`NAMESPACE`.
"""

from __future__ import annotations

__all__ = [
    "ACTIVITY_SCOPE",
    "DATE_TYPES",
    "GCM_VOCABULARY_URI",
    "MEASURE_CODES",
    "MEASURE_OF_CODE",
    "NAMESPACE",
    "PREFIX",
    "RESULT_TYPES",
    "ROLES",
    "SCOPE_OF_CODE",
    "STATUS_CODES",
    "STATUS_OF_CODE",
    "TYPE_OF_LEVEL",
    "VERSION",
]

VERSION = "2.03"
#: The extension namespace: what IATI cannot express travels in attributes and elements of this namespace,
#: which the 2.03 schema allows (``xsd:any`` and ``xsd:anyAttribute`` of namespace ``##other``).
NAMESPACE = "urn:x-mptf:iati-extension:1"
PREFIX = "mptf"

#: Result type (codelist ResultType): the model's level for each code; 9 (other) has no level.
RESULT_TYPES: dict[str, str | None] = {"1": "output", "2": "outcome", "3": "impact", "9": None}
TYPE_OF_LEVEL: dict[str, str] = {"output": "1", "outcome": "2", "impact": "3"}

#: Indicator measure (codelist IndicatorMeasure): 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative.
MEASURE_OF_CODE: dict[str, str] = {"1": "count", "2": "percentage", "3": "yes-no", "4": "ordinal", "5": "qualitative"}
MEASURE_CODES: dict[str, str] = {
    "count": "1",
    "currency": "1",
    "percentage": "2",
    "yes-no": "3",
    "ordinal": "4",
    "qualitative": "5",
}

#: Activity status (codelist ActivityStatus): 1 pipeline, 2 implementation, 3 finalisation, 4 closed; 5
#: (cancelled) and 6 (suspended) have no status of the fund.
STATUS_OF_CODE: dict[str, str] = {"1": "concept note approved", "2": "funded", "3": "funded", "4": "completed"}
STATUS_CODES: dict[str, str] = {
    "concept note approved": "1",
    "document solicited": "1",
    "document submitted": "1",
    "funded": "2",
    "completed": "4",
}

#: Activity date type (codelist ActivityDateType): which programme fact each date is.
DATE_TYPES: dict[str, str] = {"1": "start", "2": "start", "3": "end", "4": "end"}

#: Organisation role (codelist OrganisationRole): 1 funding → donors, 4 implementing → organizations, 2
#: accountable and 3 extending → partners.
ROLES: dict[str, str] = {"1": "donors", "2": "partners", "3": "partners", "4": "organizations"}

#: Activity scope (codelist ActivityScope): 1 global, 2 regional, 3 multi-national, 4 national.
SCOPE_OF_CODE: dict[str, str] = {"1": "global", "2": "regional", "3": "country", "4": "country"}
ACTIVITY_SCOPE: dict[str, str] = {"global": "1", "regional": "2", "country": "4"}

#: GCM objectives have no IATI vocabulary: they are written as tags of vocabulary 99 (the reporting
#: organisation's own) with this vocabulary URI (the Global Compact, A/RES/73/195), code ``GCM-<n>``.
GCM_VOCABULARY_URI = (
    "https://www.un.org/en/development/desa/population/migration/generalassembly/docs/globalcompact/A_RES_73_195.pdf"
)

"""The framework of a synthetic portfolio: programmes, their nested results and indicators, as tables and YAML.

Every programme has the same shape: an outcome holding two outputs, twelve indicators (one of each kind in
:data:`KINDS`: every measure, every series type, each linked to its own common indicator where one fits),
disaggregated by sex, age and migratory status, with a baseline and targets. Programmes differ by thematic area
(1-5), countries, GCM objectives (on the outcome and the first output) and SDG targets (on the programme), and
by each indicator's scale factor ``b`` (1-50), from which :mod:`mptf.engine.synth.values` makes its figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["FIRST_YEAR", "KINDS", "LEVELS", "PER_PROGRAMME", "Kind", "framework", "programme_yaml"]

FIRST_YEAR = 2020
#: Ordinal levels of the synthetic ordinal indicator (the scale of the common indicator policy-stage).
LEVELS = ("developed", "adopted")
COUNTRIES = ("KEN", "ETH", "TJK", "GIN", "SLE", "LBR", "MEX", "GTM", "BGD", "IDN", "PHL", "MAR", "SEN", "NGA", "ECU")
SDG_TARGETS = ("10.7", "8.8", "5.2", "16.2", "17.18", "10.c")


@dataclass(frozen=True)
class Kind:
    """One indicator of every programme: its measure, series, common indicator and unit (``None``: none)."""

    name: str
    measure: str
    series: str | None
    common: str | None
    unit: str | None
    result: str  # "oc" (the outcome), "op1" or "op2" (the outputs)


#: The twelve indicators of every programme, in order (an indicator's ``k``).
KINDS: tuple[Kind, ...] = (
    Kind("People reached by outreach", "count", "cumulative", "people-reached", "people", "oc"),
    Kind("People trained", "count", "per-period", "people-trained", "people", "oc"),
    Kind("Mechanisms operating", "count", "level", "mechanisms-established", "mechanisms", "oc"),
    Kind("Migrants assisted (year to date)", "count", "year-to-date", "people-assisted", "people", "oc"),
    Kind("Officials trained", "count", "cumulative", "officials-trained", "people", "op1"),
    Kind("Awareness events held", "count", "per-period", "awareness-campaigns", "events", "op1"),
    Kind("Share of participants satisfied", "percentage", None, "satisfaction-rate", "percent", "op1"),
    Kind("Cash assistance disbursed", "currency", "per-period", None, "USD", "op1"),
    Kind("Stage of the national migration policy", "ordinal", None, "policy-stage", "stage", "op2"),
    Kind("Changes observed in referral practice", "qualitative", None, None, None, "op2"),
    Kind("Referral mechanism in place", "yes-no", None, "structures-in-place", None, "op2"),
    Kind("Households assisted", "count", "per-period", "households-assisted", "households", "op2"),
)
PER_PROGRAMME = len(KINDS)


def framework(n_programmes: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The programmes and their indicators.

    Returns ``(programmes, indicators)``: programmes with columns ``programme, area, countries, gcm_outcome,
    gcm_output, sdg, budget``; indicators with ``indicator, programme, p, k, measure, series, common, unit,
    result, b`` (``p``, ``k``: the programme's and the kind's positions; ``b``: the scale factor, 1-50), in
    programme order then kind order.
    """
    rng = np.random.default_rng(seed)
    n = n_programmes
    ids = [f"syn-{p:05d}" for p in range(n)]
    area = 1 + np.arange(n) % 5
    first = rng.integers(0, len(COUNTRIES), n)
    second = np.where(rng.random(n) < 0.3, (first + 1 + rng.integers(0, len(COUNTRIES) - 1, n)) % len(COUNTRIES), -1)
    countries = [(COUNTRIES[a],) if b < 0 else (COUNTRIES[a], COUNTRIES[b]) for a, b in zip(first, second, strict=True)]
    programmes = pd.DataFrame(
        {
            "programme": ids,
            "area": area,
            "countries": countries,
            "gcm_outcome": 1 + rng.integers(0, 23, n),
            "gcm_output": 1 + rng.integers(0, 23, n),
            "sdg": [SDG_TARGETS[i] for i in rng.integers(0, len(SDG_TARGETS), n)],
            "budget": 500_000 + 10_000 * rng.integers(0, 300, n),
        }
    )
    k = np.tile(np.arange(PER_PROGRAMME), n)
    p = np.repeat(np.arange(n), PER_PROGRAMME)
    indicators = pd.DataFrame(
        {
            "indicator": [f"{ids[i]}.i{j:02d}" for i, j in zip(p, k, strict=True)],
            "programme": np.asarray(ids, dtype=object)[p],
            "p": p,
            "k": k,
            "measure": [KINDS[j].measure for j in k],
            "series": [KINDS[j].series for j in k],
            "common": [KINDS[j].common for j in k],
            "unit": [KINDS[j].unit for j in k],
            "result": [f"{ids[i]}.{KINDS[j].result}" for i, j in zip(p, k, strict=True)],
            "b": 1 + rng.integers(0, 50, len(k)),
        }
    )
    return programmes, indicators


def programme_yaml(programme: pd.Series, indicators: pd.DataFrame, targets: dict[str, object], end: str) -> str:
    """One programme file (YAML): facts, links, an outcome holding two outputs, and its indicators.

    ``targets`` maps an indicator id to its target value (a number, or an ordinal level); ``end`` is the
    programme's end date (ISO). Text is written with JSON quoting, which YAML reads as it is.
    """
    pid = programme["programme"]
    q = json.dumps
    lines = [
        f"id: {pid}",
        f"title: {q('Synthetic joint programme ' + pid)}",
        f"countries: [{', '.join(programme['countries'])}]",
        f"thematic_area: {int(programme['area'])}",
        "status: funded",
        f"budget: {int(programme['budget'])}",
        f"start: {FIRST_YEAR}-01-01",
        f"end: {end}",
        "organizations: [IOM, UNDP]",
        f"sdg: [{q(programme['sdg'])}]",
        "results:",
        f"  - id: {pid}.oc",
        "    level: outcome",
        f"    title: {q('Migrants and communities benefit from ' + pid)}",
        f"    gcm: [{int(programme['gcm_outcome'])}]",
    ]

    def block(result: str, indent: str) -> list[str]:
        out = [f"{indent}indicators:"]
        for row in indicators[indicators["result"] == f"{pid}.{result}"].itertuples():
            kind = KINDS[row.k]
            fields = [f"id: {row.indicator}", f"name: {q(kind.name)}", f"measure: {kind.measure}"]
            fields += [f"unit: {kind.unit}"] if kind.unit else []
            fields += [f"series: {kind.series}"] if kind.series else []
            fields += [f"common: {kind.common}"] if kind.common else []
            fields += [f"scale: [{', '.join(LEVELS)}]"] if kind.measure == "ordinal" else []
            fields += ["disaggregation: [sex, age, migratory_status]"]
            if kind.measure in ("count", "currency", "percentage"):
                fields.append(f"baseline: {{value: 0, date: {FIRST_YEAR}-01-01}}")
            target = targets.get(row.indicator)
            if target is not None:
                fields.append(f"targets: [{{value: {target}, date: {end}}}]")
            out.append(f"{indent}  - {{{', '.join(fields)}}}")
        return out

    lines += block("oc", "    ")
    lines += ["    results:"]
    for output, gcm in (("op1", programme["gcm_output"]), ("op2", None)):
        lines += [f"      - id: {pid}.{output}", "        level: output", f"        title: {q('Output ' + output)}"]
        lines += [f"        gcm: [{int(gcm)}]"] if gcm is not None else []
        lines += block(output, "        ")
    return "\n".join(lines) + "\n"

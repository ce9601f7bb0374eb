"""Fund-level rollup: reported values → common indicators, by thematic area, GCM objective, SDG target,
country, agency or year, with measure-aware rules, double counting handled in the open, and coverage.

Two tables come out: ``contributions`` (one row per reported value and group, with the rule that decided how
it counts; what ``trace`` shows) and ``figures`` (one row per group and common indicator). Every figure is the
aggregate of its counted contribution rows, nothing else. The aggregation runs in one vectorised pass
through :mod:`mptf.engine.rollup.sqlengine`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mptf.engine.dates import programme_dates, reference_date
from mptf.engine.findings import findings_frame
from mptf.engine.model import Portfolio
from mptf.engine.rollup import sqlengine
from mptf.engine.rollup.groupings import DIMENSIONS, MULTI_VALUED
from mptf.engine.rules.links import common_links
from mptf.frameworks.reach import group_key, mapping_note, split_key
from mptf.indicators.aggregation import display
from mptf.indicators.catalogue import CONTRIBUTIONS, render
from mptf.indicators.common import common_indicators, declared_overlaps

__all__ = [
    "DIMENSIONS",
    "Rollup",
    "finished",
    "group_links",
    "indicator_links",
    "left_out",
    "rollup",
    "rollup_in_batches",
    "rule_sentences",
    "values_left_out",
]

UNKNOWN = "unknown"
_LINK_ORDER = {"direct": 0, "inherited": 1, "thematic area": 2}
#: What the SQL needs to know of each indicator's link to a common indicator.
LINK_COLUMNS = (
    "indicator",
    "programme",
    "common",
    "measure",
    "cumulative",
    "series",
    "resets",
    "prog_end",
    "uniq",
    "people",
    "across",
    "link_rule",
)
#: What the sentences of the link rules name besides the row's own columns.
RULE_FIELDS = ("unit", "common_measure", "common_unit")


@dataclass
class Rollup:
    """The result of a rollup: its figures, the contributions behind them (``rule_code`` the code of each row's
    contribution rule, ``rule`` its sentence), findings made on the way, and how many values validation errors
    left out (``left_out``: those of indicators linked to a common indicator)."""

    by: list[str]
    figures: pd.DataFrame
    contributions: pd.DataFrame
    findings: pd.DataFrame
    left_out: int = 0


def _inherited(portfolio: Portfolio, framework: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The group keys of each indicator by ``framework``: one per ref it reaches, carrying the link's kind and
    dispute (see :mod:`mptf.frameworks.reach`); and the claims of each disputed key."""
    reach = portfolio.reach(framework)
    reach = reach[reach["kind"] == "indicator"]
    keys: dict[str, list[str]] = {}
    claims: dict[str, dict[str, None]] = {}
    for item, ref, link, disputed, said in reach[["item", "ref", "link", "disputed", "claims"]].itertuples(index=False):
        key = group_key(ref, link, disputed)
        keys.setdefault(item, []).append(key)
        if said:
            claims.setdefault(key, {})[said] = None
    return keys, {key: " / ".join(said) for key, said in claims.items()}


def link_columns(figures: pd.DataFrame, dim: str, claims: dict[str, str]) -> pd.DataFrame:
    """``figures`` with ``{dim}_ref``, ``{dim}_link`` (direct, inherited, thematic area, or ``none stated for
    <programme>``), ``{dim}_disputed`` (both claims of a disputed link, else empty) and ``{dim}_mapping`` (the
    area mapping's status and source, on thematic-area rows) read from the group key in column ``dim``."""
    parts = figures[dim].map(split_key)
    out = figures.copy()
    out[f"{dim}_ref"] = parts.map(lambda p: p[0])
    out[f"{dim}_link"] = [
        f"none stated for {str(k).partition(':')[2]}" if p[1] == "none" else p[1]
        for k, p in zip(figures[dim], parts, strict=True)
    ]
    out[f"{dim}_disputed"] = figures[dim].map(lambda k: claims.get(str(k), "")).astype(object)
    out[f"{dim}_mapping"] = [mapping_note() if p[1] == "thematic area" else "" for p in parts]
    return out


def natural(col: pd.Series) -> pd.Series:
    """Sort key: numbers in numeric order (10.7 after 10.2; objective 10 after 9), 'unknown' last."""

    def key(v: object) -> tuple:
        text = str(v)
        if text == UNKNOWN or text.startswith(UNKNOWN + ":"):
            return (1, (), 0, text)
        ref, link, disputed = split_key(text) if ":" in text else (text, "direct", False)
        parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in ref.split("."))
        return (0, parts, _LINK_ORDER.get(link, 0) * 2 + disputed, "")

    return col.map(key)


def indicator_links(portfolio: Portfolio, common_path: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each indicator's common indicator, the rule of its link, and its group keys (one row per key combination
    when a programme sits in several groups). Also returns the link findings (unit mismatches, unknown ids)."""
    common = common_indicators(common_path)
    ind = portfolio.indicators.drop_duplicates("indicator").merge(
        portfolio.programmes[["programme", "thematic_area", "countries", "organizations"]].assign(
            prog_end=programme_dates(portfolio.programmes)[1]
        ),
        on="programme",
        how="left",
    )
    com = common.reindex(ind["common"].where(ind["common"].isin(common.index)))
    codes, findings = common_links(ind, common)
    ind["link_rule"] = pd.Series(codes, index=ind.index, dtype=object)  # text even when there are no indicators
    ind["common_measure"] = com["measure"].to_numpy(dtype=object)
    ind["common_unit"] = com["unit"].to_numpy(dtype=object)
    ind["people"] = com["people"].fillna(False).to_numpy(dtype=bool)
    ind["across"] = com["across"].fillna("sum").to_numpy(dtype=object)
    ind["k_area"] = ind["thematic_area"].map(lambda a: UNKNOWN if pd.isna(a) else str(int(a))).astype(object)
    (gcm, _), (sdg, _) = _inherited(portfolio, "gcm"), _inherited(portfolio, "sdg")
    none = ind["programme"].map(lambda p: [f"{UNKNOWN}:{p}"])
    for col, keys in (("k_gcm", gcm), ("k_sdg", sdg)):
        got = [keys.get(i) or n for i, n in zip(ind["indicator"], none, strict=True)]
        ind[col] = pd.Series(got, index=ind.index, dtype=object)
    ind["k_country"] = ind["countries"].map(lambda c: list(c) if isinstance(c, tuple) and c else [UNKNOWN])
    ind["k_agency"] = ind["organizations"].map(lambda o: list(o) if isinstance(o, tuple) and o else [UNKNOWN])
    for col in ("k_gcm", "k_sdg", "k_country", "k_agency"):
        ind = ind.explode(col)
    links = ind.rename(columns={"unique": "uniq"})[
        [*LINK_COLUMNS, *RULE_FIELDS, "k_area", "k_gcm", "k_sdg", "k_country", "k_agency"]
    ].reset_index(drop=True)
    return links, findings


def rollup(
    portfolio: Portfolio,
    by: list[str] | tuple[str, ...] = ("thematic-area",),
    common_path: str | None = None,
    contributions: bool = True,
) -> Rollup:
    """Roll the portfolio's reported values up to common indicators by the given dimensions.

    With ``contributions=False`` the per-row contributions stay inside the SQL engine (faster for large
    portfolios); ``Rollup.contributions`` is then empty.
    """
    if contributions:
        result, batches = rollup_in_batches(portfolio, by, common_path, None)
        (result.contributions,) = batches
        return result
    by, keys, links, link_findings, values, as_of = _inputs(portfolio, by, common_path)
    figures = sqlengine.rollup_pass(values, group_links(links, keys), keys, "k_country" in keys, as_of)
    return _result(portfolio, by, figures, links, values, link_findings, common_path)


def rollup_in_batches(
    portfolio: Portfolio,
    by: list[str] | tuple[str, ...] = ("thematic-area",),
    common_path: str | None = None,
    rows: int | None = 500_000,
) -> tuple[Rollup, Iterator[pd.DataFrame]]:
    """The :func:`rollup` (its ``contributions`` empty) and its contributions in their order, in batches of
    about ``rows`` rows (``None``: one batch), so that millions of them need never be held at once. The SQL
    session stays open until the last batch is taken or the iterator is closed."""
    by, keys, links, link_findings, values, as_of = _inputs(portfolio, by, common_path)
    details = links.drop_duplicates("indicator")[["indicator", *RULE_FIELDS]]
    batches = sqlengine.rollup_batches(
        values, group_links(links, keys), keys, "k_country" in keys, as_of, details, rule_sentences, rows
    )
    figures = next(batches)
    return _result(portfolio, by, figures, links, values, link_findings, common_path), batches


def _inputs(portfolio: Portfolio, by, common_path: str | None):
    by = list(dict.fromkeys(by))
    links, link_findings = indicator_links(portfolio, common_path)
    values = portfolio.verdict.values.assign(vid=lambda f: np.arange(len(f)))
    return by, [DIMENSIONS[d] for d in by], links, link_findings, values, reference_date(portfolio)


def _result(portfolio, by, figures, links, values, link_findings, common_path) -> Rollup:
    figures = finished(portfolio, figures, links, by, common_path)
    return Rollup(by, figures, pd.DataFrame(), link_findings, values_left_out(values, links))


def group_links(links: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """What the SQL reads of :func:`indicator_links`: one row per indicator and combination of the group keys
    ``keys`` (``k_country`` empty when not grouped by country)."""
    plain_keys = [k for k in keys if k != "k_year"]
    links_k = links.drop_duplicates(["indicator", *plain_keys])[[*LINK_COLUMNS, *plain_keys]]
    return links_k if "k_country" in keys else links_k.assign(k_country=None)


def finished(
    portfolio: Portfolio, figures: pd.DataFrame, links: pd.DataFrame, by: list[str], common_path: str | None
) -> pd.DataFrame:
    """The figures as :func:`rollup` gives them, from those of the SQL engine: declared overlaps subtracted,
    coverage, names, display, rule, link columns (by GCM or SDG) and the reference date."""
    keys = [DIMENSIONS[d] for d in by]
    if figures.empty:
        figures = _empty_figures(keys)
    figures = _with_overlaps(figures, common_path)
    figures = _with_coverage(figures, links, keys)
    figures = _presented(figures, keys, by, common_path)
    for dim in (d for d in by if d in ("gcm", "sdg")):
        figures = link_columns(figures, dim, _inherited(portfolio, dim)[1])
    figures["reference_date"] = reference_date(portfolio).date().isoformat()
    return figures


def values_left_out(values: pd.DataFrame, links: pd.DataFrame) -> int:
    """How many of ``values`` (judged) an error leaves out of a figure they would count towards."""
    linked = values["indicator"].isin(links.loc[links["link_rule"].isna(), "indicator"])
    return int((linked & (values["excluded"] != "")).sum())


def left_out(portfolio: Portfolio, common_path: str | None = None) -> int:
    """How many values of indicators linked to a common indicator validation errors leave out of the figures."""
    return values_left_out(portfolio.verdict.values, indicator_links(portfolio, common_path)[0])


def rule_sentences(distinct: pd.DataFrame) -> list[str | None]:
    """The sentence of each row's contribution rule (``rule_code``, a code of the catalogue; None for none),
    rendered from its template with the fields it names (``common``, ``measure``, ``unit``, ``common_measure``,
    ``common_unit``, ``excluded`` as ``codes``): one row per distinct combination of them."""
    return [
        None if pd.isna(r["rule_code"]) else render(CONTRIBUTIONS[r["rule_code"]].rule, {**r, "codes": r["excluded"]})
        for r in distinct.to_dict("records")
    ]


def _empty_figures(keys: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            *keys,
            "common",
            "measure",
            "value",
            "bound",
            "recomputed",
            "min_value",
            "max_value",
            "programmes",
            "contributors",
            "rows",
            "distribution",
            "listed",
        ]
    )


def _with_overlaps(figures: pd.DataFrame, common_path: str | None) -> pd.DataFrame:
    """Subtract each declared overlap from the figures to which every programme it names contributes."""
    overlaps = declared_overlaps(common_path)
    figures = figures.assign(overlap=0.0)
    if overlaps.empty or figures.empty:
        return figures
    policy = common_indicators(common_path)["across"]
    present = figures["contributors"].fillna("").str.split(",").map(set)
    for o in overlaps.itertuples():
        if policy.get(o.common) != "overlap":
            continue
        mask = (figures["common"] == o.common) & present.map(lambda ps, need=set(o.programmes): need <= ps)
        figures.loc[mask, "overlap"] += o.value
        figures.loc[mask, "value"] -= o.value
    return figures


def _with_coverage(figures: pd.DataFrame, links: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Programmes in scope (an indicator linked to the common indicator in that group) and those not reporting."""
    plain = [k for k in keys if k != "k_year"]
    scope = links[links["link_rule"].isna()].groupby([*plain, "common"])["programme"].nunique().rename("in_scope")
    figures = figures.merge(scope.reset_index(), on=[*plain, "common"], how="left")
    figures["in_scope"] = figures["in_scope"].fillna(figures["programmes"]).astype(int)
    figures["not_reporting"] = (figures["in_scope"] - figures["programmes"]).clip(lower=0).astype(int)
    return figures


def _presented(figures: pd.DataFrame, keys: list[str], by: list[str], common_path: str | None) -> pd.DataFrame:
    common = common_indicators(common_path)
    out = figures.rename(columns=dict(zip(keys, by, strict=True)))
    out["name"] = out["common"].map(common["name"])
    out["short"] = out["common"].map(common["short"])
    out["display"] = [_display(r) for r in out.itertuples()]
    out["rule"] = [_rule(r, common) for r in out.itertuples()]
    multi = sorted(set(by) & MULTI_VALUED)
    out["additive"] = not multi
    cols = [
        *by,
        "common",
        "name",
        "short",
        "measure",
        "display",
        "value",
        "bound",
        "programmes",
        "in_scope",
        "not_reporting",
        "contributors",
        "rows",
        "rule",
        "additive",
        "min_value",
        "max_value",
        "distribution",
        "listed",
    ]
    return out[cols].sort_values([*by, "common"], key=natural, kind="stable").reset_index(drop=True)


def _display(r) -> str:
    if r.measure in ("count", "currency"):
        return display(r.value, None if pd.isna(r.bound) else r.bound, "count")  # a `once` figure has no bound
    if r.measure == "percentage":
        if r.recomputed:
            return display(r.value, "=", "percentage") + " (recomputed from numerators and denominators)"
        return (
            f"median {display(r.value, '=', 'percentage')} (range {display(r.min_value, '=', 'percentage')}–"
            f"{display(r.max_value, '=', 'percentage')}, n={int(r.rows)})"
        )
    if r.measure == "yes-no":
        return f"{int(r.value)} of {int(r.programmes)} programmes"
    if r.measure == "ordinal":
        return r.distribution or ""
    return r.listed or ""


def _rule(r, common: pd.DataFrame) -> str:
    if r.measure == "count":
        across = common.loc[r.common, "across"]
        text = {
            "sum": "sum",
            "max": "largest programme figure",
            "once": "programmes contributing",
            "overlap": "sum minus declared overlaps",
        }[across]
        if getattr(r, "overlap", 0):
            text += f" (declared overlap {display(r.overlap, '=')} subtracted)"
        return text
    if r.measure == "percentage":
        return "Σ numerators / Σ denominators" if r.recomputed else "median and range (never summed)"
    return {
        "currency": "exact sum in cents",
        "ordinal": "distribution (never summed)",
        "yes-no": "k of n programmes",
        "qualitative": "listed",
    }[r.measure]


def findings_of(result: Rollup) -> pd.DataFrame:
    return findings_frame(result.findings.to_dict("records"))

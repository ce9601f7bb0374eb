"""Validation and rollup over partitioned Parquet on a Dask cluster, with the rules of the in-memory path.

Each bucket of programmes (:mod:`~mptf.engine.distributed.parquet`) goes to a worker, with the portfolio's
framework tables (programmes, indicators, targets, links: broadcast once). The worker gives its values the one
verdict (:func:`mptf.engine.rules.verdict.verdict`, without the framework's own baselines and targets) and keeps
them in memory; then classifies them with the rollup's SQL and reduces the counted rows to parts that add up
over programmes (:func:`mptf.engine.rollup.sqlengine.partial_figures`). The driver concatenates the findings,
adds those on the framework (:func:`~mptf.engine.rules.verdict.framework_verdict`, once), and combines the
parts with the same SQL as the one-pass rollup (:func:`~mptf.engine.rollup.sqlengine.combine_partials`): sums
of each programme's sums, pooled numerators and denominators, medians and ranges over every counted
percentage, level counts, distinct texts; never an average of averages. Then the same finishing steps
(:func:`mptf.engine.rollup.core.finished`: declared overlaps, coverage, presentation).

What looks across programmes: the ``max`` policy (the largest programme total in a group counts) takes two
steps: each bucket's programme totals, the winners over every bucket on the driver, then the classification
with them; declared overlaps and coverage run on the combined figures. Every other rule compares values of
one indicator or one programme, which a bucket holds whole.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from mptf.engine.dates import reference_date
from mptf.engine.distributed.parquet import buckets, read_values
from mptf.engine.findings import findings_frame
from mptf.engine.model import Portfolio
from mptf.engine.rollup import sqlengine
from mptf.engine.rollup.core import (
    DIMENSIONS,
    Rollup,
    finished,
    group_links,
    indicator_links,
    values_left_out,
)
from mptf.engine.rules.verdict import framework_verdict, verdict
from mptf.indicators.codes import filled

__all__ = ["Distributed", "rollup", "run", "validate"]


@dataclass
class Distributed:
    """What a distributed run gives: ``findings`` (the verdict's, as ``portfolio.verdict.findings`` would be
    for these values), ``rollups`` (one :class:`~mptf.engine.rollup.core.Rollup` per requested grouping, without
    contributions), how many rows, programmes and buckets were read, how many rows give a value (``texts``), and
    the programmes read (``scope``)."""

    findings: pd.DataFrame
    rollups: list[Rollup]
    values: int
    programmes: int
    buckets: int
    texts: int = 0
    scope: list[str] = field(default_factory=list)


@dataclass
class _Judged:
    values: pd.DataFrame
    findings: pd.DataFrame
    programmes: list[str]


def _judge(bucket: str, framework: Portfolio, report_file: str | None) -> _Judged:
    values = read_values(bucket, framework.values.dtypes)
    if report_file is None:  # the portfolio's values
        judged = verdict(values, framework, framework=False)
    else:  # a report: the portfolio's own values of its programmes are the history its running totals continue
        scope = set(values["programme"].astype(object).unique())
        history = framework.values[framework.values["programme"].isin(scope)]
        judged = verdict(values, framework, history, report_file, scope, framework=False)
    return _Judged(judged.values, judged.findings, sorted(values["programme"].dropna().astype(str).unique()))


def _findings(judged: _Judged) -> tuple[pd.DataFrame, int, list[str], int]:
    return judged.findings, len(judged.values), judged.programmes, int(filled(judged.values["text"]).sum())


def _totals(judged: _Judged, links_k: pd.DataFrame, keys: list[str], as_of: pd.Timestamp) -> pd.DataFrame:
    return sqlengine.programme_totals(judged.values, links_k, keys, "k_country" in keys, as_of)


def _parts(judged: _Judged, links_k, links, keys, as_of, winners) -> tuple[dict[str, pd.DataFrame], int]:
    parts = sqlengine.partial_figures(judged.values, links_k, keys, "k_country" in keys, as_of, winners)
    return parts, values_left_out(judged.values, links)


def _framework(portfolio: Portfolio, history: bool) -> Portfolio:
    """What every worker is sent: the portfolio, without its values unless they are a report's ``history``."""
    empty = replace(portfolio, values=portfolio.values if history else portfolio.values.iloc[0:0].copy())
    empty.as_of = portfolio.as_of
    return empty


def _figures(client, judged, portfolio, by, linked, common_path) -> Rollup:
    links, link_findings = linked
    keys = [DIMENSIONS[d] for d in by]
    links_k = client.scatter(group_links(links, keys), broadcast=True)
    as_of = reference_date(portfolio)
    winners = None
    if (links["across"] == "max").any():  # the largest programme total over every bucket
        totals = client.gather(client.map(_totals, judged, links_k=links_k, keys=keys, as_of=as_of, pure=False))
        winners = sqlengine.max_winners(pd.concat(totals, ignore_index=True), keys)
    links_all = client.scatter(links, broadcast=True)
    done = client.gather(
        client.map(
            _parts, judged, links_k=links_k, links=links_all, keys=keys, as_of=as_of, winners=winners, pure=False
        )
    )
    parts = {name: pd.concat([d[0][name] for d in done], ignore_index=True) for name in done[0][0]}
    figures = finished(portfolio, sqlengine.combine_partials(parts, keys), links, by, common_path)
    return Rollup(by, figures, pd.DataFrame(), link_findings, sum(d[1] for d in done))


def run(
    portfolio: Portfolio,
    parquet_dir: str | Path,
    client,
    groupings: list[list[str]] | tuple = (),
    common_path: str | None = None,
    report_file: str | None = None,
) -> Distributed:
    """Judge the values under ``parquet_dir`` (written by :func:`~mptf.engine.distributed.parquet.write_values`
    or laid out alike) against ``portfolio``'s framework on the cluster of ``client`` (a
    ``distributed.Client``), and roll them up by each of ``groupings`` (lists of dimensions, as for
    :func:`mptf.engine.rollup.core.rollup`). The portfolio's own values are not read, unless the values are a
    report (``report_file``, the name findings about missing rows give): then, as ``mptf validate REPORT`` does,
    the portfolio's values of the report's programmes are the history its running totals continue, and the
    framework's baselines and targets are judged for those programmes only. Raises
    ``FileNotFoundError`` when there are no buckets, ``ValueError`` when a programme's values are in two."""
    paths = [str(p) for p in buckets(parquet_dir)]
    framework = client.scatter(_framework(portfolio, report_file is not None), broadcast=True)
    judged = client.map(_judge, paths, framework=framework, report_file=report_file, pure=False)
    try:
        return _run(client, judged, portfolio, parquet_dir, groupings, common_path, report_file)
    finally:
        client.cancel(judged)


def _run(client, judged, portfolio, parquet_dir, groupings, common_path, report_file) -> Distributed:
    seen = client.gather(client.map(_findings, judged, pure=False))
    programmes = [p for s in seen for p in s[2]]
    if len(programmes) != len(set(programmes)):
        split = sorted(p for p, n in Counter(programmes).items() if n > 1)
        raise ValueError(f"{parquet_dir}: the values of {', '.join(split[:5])} are in several buckets")
    scope = None if report_file is None else set(programmes)
    on_framework, _ = framework_verdict(portfolio, scope)
    findings = findings_frame(pd.concat([*(s[0] for s in seen), findings_frame(on_framework)], ignore_index=True))
    linked = indicator_links(portfolio, common_path) if groupings else None
    by_lists = [list(dict.fromkeys(by)) for by in groupings]
    rollups = [_figures(client, judged, portfolio, by, linked, common_path) for by in by_lists]
    texts = sum(s[3] for s in seen)
    return Distributed(findings, rollups, sum(s[1] for s in seen), len(programmes), len(judged), texts, programmes)


def rollup(
    portfolio: Portfolio,
    parquet_dir: str | Path,
    client,
    by: list[str] | tuple[str, ...] = ("thematic-area",),
    common_path: str | None = None,
) -> Rollup:
    """The rollup of the values under ``parquet_dir`` by ``by`` (see :func:`run`): the same figures as
    ``mptf.engine.rollup.core.rollup(portfolio, by, contributions=False)`` on a portfolio holding those values."""
    return run(portfolio, parquet_dir, client, [list(by)], common_path).rollups[0]


def validate(portfolio: Portfolio, parquet_dir: str | Path, client) -> pd.DataFrame:
    """The findings of the one verdict on the values under ``parquet_dir`` (see :func:`run`): the same table as
    ``portfolio.verdict.findings`` on a portfolio holding those values."""
    return run(portfolio, parquet_dir, client).findings

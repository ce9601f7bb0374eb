"""The verdict on a large set of values, in batches of whole programmes.

Every rule compares values of one programme (a series, its parts, its duplicates, the periods it is due), so a
batch of whole programmes is judged exactly as it would be among all values, and the verdict's working memory
is that of one batch, whatever the number of values. The framework's own baselines and targets are judged once.
The distributed engine (:mod:`mptf.engine.distributed`) gives its workers batches the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from mptf.engine.findings import findings_frame
from mptf.engine.rules.verdict import Verdict, framework_verdict, verdict

__all__ = ["BATCH_ROWS", "batched_verdict", "programme_batches", "verdicts"]

#: Values judged at once: more are judged in batches of whole programmes of about this many rows.
BATCH_ROWS = 1_000_000


def programme_batches(programmes: pd.Series, rows: int) -> np.ndarray:
    """The batch of each row: whole programmes (a missing id is one more), in order of first appearance, packed
    until a batch holds ``rows`` rows (a programme larger than that is a batch of its own)."""
    codes, _ = pd.factorize(programmes, use_na_sentinel=False)
    counts = np.bincount(codes)
    return ((np.cumsum(counts) - counts) // max(rows, 1))[codes]


def verdicts(
    values: pd.DataFrame, portfolio, history: pd.DataFrame | None = None, report_file: str | None = None
) -> Iterator[Verdict]:
    """The verdict on each batch of ``values`` (:data:`BATCH_ROWS` rows of whole programmes), without the
    framework's baselines and targets (:func:`~mptf.engine.rules.verdict.framework_verdict` judges those);
    ``history``: earlier values, of which each batch gets its own programmes'."""
    batch = programme_batches(values["programme"], BATCH_ROWS)
    for b in np.unique(batch):
        part = values[batch == b]
        mine = part["programme"].astype(object).unique()
        earlier = None if history is None else history[history["programme"].isin(mine)]
        yield verdict(part, portfolio, earlier, report_file, framework=False)


def batched_verdict(
    values: pd.DataFrame,
    portfolio,
    history: pd.DataFrame | None = None,
    report_file: str | None = None,
    programmes: set[str] | None = None,
) -> Verdict:
    """:func:`~mptf.engine.rules.verdict.verdict`, in batches when ``values`` has more than :data:`BATCH_ROWS`
    rows: the same findings; the judged values batch after batch (each programme's rows in their order)."""
    if len(values) <= BATCH_ROWS:
        return verdict(values, portfolio, history, report_file, programmes)
    parts = list(verdicts(values, portfolio, history, report_file))
    on_framework, figures_out = framework_verdict(portfolio, programmes)
    findings = findings_frame(pd.concat([*(p.findings for p in parts), findings_frame(on_framework)]))
    return Verdict(findings, pd.concat([p.values for p in parts], ignore_index=True), figures_out)

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
from mptf.engine.rules.context import Framework
from mptf.engine.rules.verdict import Verdict, framework_verdict, verdict

__all__ = ["BATCH_ROWS", "JUDGED_COLUMNS", "batched_verdict", "programme_batches", "verdicts"]

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
    for _, judged in _judged_batches(values, portfolio, history, report_file):
        yield judged


def _judged_batches(
    values: pd.DataFrame, portfolio, history: pd.DataFrame | None, report_file: str | None
) -> Iterator[tuple[np.ndarray, Verdict]]:
    """The positions of each batch's rows in ``values`` and the batch's verdict (see :func:`verdicts`)."""
    batch = programme_batches(values["programme"], BATCH_ROWS)
    arrays = Framework(portfolio)  # built once: 0.3 s a batch for 30,000 indicators
    for b in np.unique(batch):
        rows = np.flatnonzero(batch == b)
        part = values.iloc[rows]
        mine = part["programme"].astype(object).unique()
        earlier = None if history is None else history[history["programme"].isin(mine)]
        yield rows, verdict(part, portfolio, earlier, report_file, framework=False, arrays=arrays)


#: The columns the verdict may change or add (a value computed from counts or from a share, and the ruling);
#: every other column of a judged value is the column as given.
JUDGED_COLUMNS = ("value", "text", "bound", "percent", "from_share", "excluded", "conflict")


def batched_verdict(
    values: pd.DataFrame,
    portfolio,
    history: pd.DataFrame | None = None,
    report_file: str | None = None,
    programmes: set[str] | None = None,
) -> Verdict:
    """:func:`~mptf.engine.rules.verdict.verdict`, in batches when ``values`` has more than :data:`BATCH_ROWS`
    rows: the same findings and the same judged values, in the same order. Each batch's ruling is written into
    the rows it judged; the values are not copied (only the :data:`JUDGED_COLUMNS` are new arrays)."""
    if len(values) <= BATCH_ROWS:
        return verdict(values, portfolio, history, report_file, programmes)
    values = values.reset_index(drop=True)
    judged: dict[str, np.ndarray] = {}
    findings = []
    for rows, one in _judged_batches(values, portfolio, history, report_file):
        findings.append(one.findings)
        for column in JUDGED_COLUMNS:
            if column not in one.values:
                continue
            given = one.values[column].to_numpy()
            if column not in judged:
                judged[column] = _column_like(values, column, given.dtype)
            judged[column][rows] = given
    on_framework, figures_out = framework_verdict(portfolio, programmes)
    findings = findings_frame(pd.concat([*findings, findings_frame(on_framework)]))
    typed = {c: pd.Series(a, dtype=values[c].dtype, copy=False) if c in values else a for c, a in judged.items()}
    return Verdict(findings, values.assign(**typed), figures_out)


def _column_like(values: pd.DataFrame, column: str, dtype: np.dtype) -> np.ndarray:
    """A column to write a batch's judged cells into: the given column as an array (a copy), or, for a column
    the verdict adds (``from_share`` where no batch computed a count from a share), what it means by absent."""
    if column in values:
        return values[column].to_numpy(dtype=object if dtype.kind == "O" else None, copy=True)
    return np.zeros(len(values), dtype=bool) if column == "from_share" else np.empty(len(values), dtype=dtype)

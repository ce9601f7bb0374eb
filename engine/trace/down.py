"""Down: any fund figure to the reported values it is made of, each counted or excluded with its rule and
provenance (file, sheet, line, the file's sha256, source, quote); the audit of a whole rollup."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from mptf.engine.model import Portfolio
from mptf.engine.reading.fields import suggest
from mptf.engine.rollup.core import DIMENSIONS, Rollup, natural, rollup, rollup_in_batches
from mptf.engine.trace.recompute import recompute_figures
from mptf.indicators.aggregation import display
from mptf.indicators.catalogue import CONTRIBUTIONS, COUNTED_CODES, render
from mptf.indicators.codes import joined
from mptf.indicators.common import common_indicators, declared_overlaps

PART_COLUMNS: tuple[str, ...] = (
    "figure",
    "vid",
    "programme",
    "indicator",
    "period_start",
    "period_end",
    "disaggregation",
    "text",
    "value",
    "bound",
    "numerator",
    "denominator",
    "measure",
    "across",
    "counted",
    "counted_bound",
    "rule_code",
    "resets",
    "rule",
    "file",
    "sheet",
    "line",
    "sha256",
    "source",
    "quote",
)


class TraceError(LookupError):
    """A selection that names nothing in the portfolio (an unknown indicator, group or figure); the message
    says what exists, with a did-you-mean where one is close."""


# -- figures and their parts ---------------------------------------------------------------------------------
def figure_id(by: Sequence[str], keys: Sequence[object], common: str) -> str:
    """A figure's stable id: ``thematic-area=2/people-reached``, ``gcm=8;year=2023/people-reached``.

    >>> figure_id(["gcm", "year"], ["8", "2023"], "people-reached")
    'gcm=8;year=2023/people-reached'
    """
    return ";".join(f"{d}={k}" for d, k in zip(by, keys, strict=True)) + "/" + common


def parse_figure_id(ident: str) -> tuple[list[str], list[str], str]:
    """``(by, keys, common)`` of a figure id; :class:`TraceError` when it is not one.

    >>> parse_figure_id("gcm=8;year=2023/people-reached")
    (['gcm', 'year'], ['8', '2023'], 'people-reached')
    """
    group, sep, common = ident.rpartition("/")
    pairs = [p.partition("=") for p in group.split(";")] if group else []
    if not sep or not common or not pairs or any(not d or not eq or not k for d, eq, k in pairs):
        raise TraceError(f"{ident!r} is not a figure id (like 'thematic-area=2/people-reached')")
    return [d for d, _, _ in pairs], [k for _, _, k in pairs], common


def is_counted(rule_code: pd.Series) -> pd.Series:
    """Whether each contribution rule (a code of the catalogue) counts its row into a figure (every other rule
    excludes it, saying why)."""
    return rule_code.isin(COUNTED_CODES)


@dataclass
class Audit:
    """Every figure of a rollup with its id, its recomputation from its parts and whether they match; and the
    parts (``PART_COLUMNS``), each naming its figure."""

    by: list[str]
    figures: pd.DataFrame
    parts: pd.DataFrame
    common_file: dict = field(default_factory=dict)


def _common_file(common_path: str | None) -> dict:
    """The common-indicators file behind the figures, with its sha256 (declared overlaps are parts from it)."""
    from mptf.engine.reading.load import sha256

    path = Path(common_path) if common_path else Path(str(resources.files("mptf.indicators") / "common.yaml"))
    label = str(common_path) if common_path else "mptf/indicators/common.yaml"
    return {"file": label, "sha256": sha256(path)}


def _with_ids(figures: pd.DataFrame, by: list[str], common_path: str | None) -> pd.DataFrame:
    out = figures.copy()
    out.insert(0, "id", [figure_id(by, keys[:-1], keys[-1]) for keys in out[[*by, "common"]].itertuples(index=False)])
    out["across"] = out["common"].map(common_indicators(common_path)["across"])
    return out


def _traced(portfolio: Portfolio, by: list[str], contributions: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The traced rows (``PART_COLUMNS``) of those ``contributions`` that belong to one of ``figures`` (which
    carry ``id``), in the contributions' order."""
    if contributions.empty or figures.empty:
        return _no_parts()
    key = [*by, "common"]
    # each row's figure by position (a figure per group and common indicator), in the contributions' order
    at = row_positions(figures[key], contributions[[*(DIMENSIONS[d] for d in by), "common"]])
    rows = np.flatnonzero(at >= 0)
    taken = {name: contributions[name].array.take(rows) for name in PART_COLUMNS if name in contributions}
    taken["figure"] = figures["id"].array.take(at[rows])
    taken["sha256"] = file_sha256(portfolio.files, taken["file"])
    parts = joined({n: taken[n] for n in PART_COLUMNS if n in taken})  # the traced rows' columns, taken once
    parts["counted"] = is_counted(parts["rule_code"])
    return _finished(parts)


def _no_parts() -> pd.DataFrame:
    return _finished(pd.DataFrame(columns=list(PART_COLUMNS)))


def _finished(parts: pd.DataFrame) -> pd.DataFrame:
    parts = parts.reindex(columns=list(PART_COLUMNS)).reset_index(drop=True)
    parts["vid"] = pd.array(parts["vid"], dtype="Int64")
    parts["line"] = pd.array(parts["line"], dtype="Int64")
    parts["counted"] = parts["counted"].astype(bool)
    return parts


def _with_overlaps(parts: pd.DataFrame, figures: pd.DataFrame, common_path: str | None, common_file: dict):
    """``parts`` (whole figures, of ``figures``) with the declared overlaps subtracted from those figures, each
    right after its figure's rows (a figure with no rows in ``parts``: at the end, in the order of ``figures``)."""
    overlaps = _overlap_parts(figures, common_path, common_file)
    if overlaps.empty:
        return parts
    both = pd.concat([parts, overlaps], ignore_index=True)
    first = {fid: n for n, fid in enumerate(parts["figure"].drop_duplicates())}
    at = pd.Index(figures["id"]).get_indexer(overlaps["figure"])
    tail = [first.get(f, len(first) + a) for f, a in zip(overlaps["figure"], at, strict=True)]
    order = np.concatenate([parts["figure"].map(first).to_numpy(dtype=np.int64), np.asarray(tail, dtype=np.int64)])
    return _finished(both.iloc[np.argsort(order, kind="stable")])


def _whole_figures(chunks: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The traced rows of ``chunks`` (in figure order, a figure's rows perhaps split between chunks) again, in
    chunks that each hold every row of their figures: the rows of each chunk's last figure wait for the next,
    and only they are copied, with the next chunk's rows of the same figure."""
    held = None
    for parts in chunks:
        if parts.empty:
            continue
        figure = parts["figure"].to_numpy(dtype=object)
        if held is not None:
            last = held["figure"].iat[0]
            same = len(parts) if figure[-1] == last else int(np.argmin(figure == last))  # its rows lead the chunk
            held = pd.concat([held, parts.iloc[:same]], ignore_index=True)
            if same == len(parts):
                continue
            yield held
            parts, figure = parts.iloc[same:], figure[same:]
        starts = np.flatnonzero(figure[1:] != figure[:-1]) + 1
        cut = int(starts[-1]) if len(starts) else 0
        if cut:
            yield parts.iloc[:cut].reset_index(drop=True)
        held = parts.iloc[cut:]
    if held is not None and len(held):
        yield held.reset_index(drop=True)


def file_sha256(files: pd.DataFrame, labels) -> np.ndarray:
    """The sha256 of the file each of ``labels`` names, from ``files`` (``file``, ``sha256``; the portfolio's
    files), as an object array of one text per file; None for a file not among them."""
    files = files.drop_duplicates("file")
    known = _texts(files["file"]).get_indexer(_texts(labels))
    return np.append(np.asarray(files["sha256"], dtype=object), None)[known]


def _texts(values) -> pd.Index:
    """``values`` as an object Index (a plain array would be inferred as, and converted to, pandas' str)."""
    return pd.Index(np.asarray(values, dtype=object), dtype=object, copy=False)


def row_positions(target: pd.DataFrame, rows: pd.DataFrame) -> np.ndarray:
    """The position in ``target`` (rows unique) of each row of ``rows`` (the same columns, in order; values
    equal as a merge finds them), -1 where there is none: the columns are coded against ``target``'s values
    and the codes combined into one integer per row, so millions of rows are looked up without a tuple each."""
    mine, theirs = np.zeros(len(target), dtype=np.int64), np.zeros(len(rows), dtype=np.int64)
    for ours, other in zip(target.columns, rows.columns, strict=True):
        levels = pd.Index(pd.unique(target[ours].to_numpy(dtype=object)), dtype=object)
        width = len(levels) + 1  # code 0: a value target does not have
        mine = mine * width + levels.get_indexer(_texts(target[ours])) + 1
        theirs = theirs * width + levels.get_indexer(_texts(rows[other])) + 1
        seen = pd.Index(pd.unique(mine))  # renumbered, so the codes stay below len(target)² at any width
        mine, theirs = seen.get_indexer(mine) + 1, seen.get_indexer(theirs) + 1
    return pd.Index(mine).get_indexer(theirs)


def _overlap_parts(figures: pd.DataFrame, common_path: str | None, common_file: dict) -> pd.DataFrame:
    """One negative part per declared overlap subtracted from a figure (as the rollup subtracts them)."""
    overlaps = declared_overlaps(common_path)
    if overlaps.empty:
        return pd.DataFrame()
    policy = common_indicators(common_path)["across"]
    rows = []
    for fig in figures.itertuples():
        present = set((fig.contributors or "").split(","))
        for o in overlaps.itertuples():
            if o.common == fig.common and policy.get(o.common) == "overlap" and set(o.programmes) <= present:
                rows.append(
                    {
                        "figure": fig.id,
                        "programme": ", ".join(o.programmes),
                        "value": -o.value,
                        "bound": "=",
                        "text": display(-o.value, "="),
                        "measure": fig.measure,
                        "across": "overlap",
                        "counted": True,
                        "counted_bound": "=",
                        "rule_code": "subtracted-overlap",
                        "rule": render(
                            CONTRIBUTIONS["subtracted-overlap"].rule, {"programmes": ", ".join(o.programmes)}
                        ),
                        "source": o.source,
                        "quote": o.quote,
                        "sheet": "",
                        **common_file,
                    }
                )
    return pd.DataFrame(rows)


def trace_rollup(
    portfolio: Portfolio,
    by: Sequence[str] = ("thematic-area",),
    common_path: str | None = None,
    result: Rollup | None = None,
    sink: Callable[[pd.DataFrame], object] | None = None,
    rows: int = 500_000,
) -> Audit:
    """Trace every figure of a rollup to its parts and recompute it from them (``recomputed_value``,
    ``recomputed_bound``, ``recomputed_display``, ``matches``).

    With ``sink``, the parts are never held at once: the rollup's contributions come out of SQL in batches of
    about ``rows`` rows, and ``sink`` is given the parts in their order, in chunks that each hold every part of
    their figures (each recomputed as its chunk passes); ``Audit.parts`` is then empty. ``RuntimeError`` if a
    figure's parts were not together (a bug).
    """
    by = list(dict.fromkeys(by))
    if result is None:
        result, batches = rollup_in_batches(portfolio, by, common_path, rows if sink else None)
    else:
        batches = iter([result.contributions])
    common_file = _common_file(common_path)
    figures = _with_ids(result.figures, result.by, common_path)
    kept: list[pd.DataFrame] = []
    again: list[pd.DataFrame] = []
    done = pd.Series(False, index=pd.Index(figures["id"]))
    for parts in _whole_figures(_traced(portfolio, result.by, b, figures) for b in batches):
        ids = parts["figure"].unique()
        if done[ids].any():
            raise RuntimeError(f"the parts of figure {ids[done[ids].to_numpy()][0]} are not together")
        done[ids] = True
        mine = figures[figures["id"].isin(ids)]
        parts = _with_overlaps(parts, mine, common_path, common_file)
        again.append(recompute_figures(parts, mine).set_axis(pd.Index(mine["id"])))
        (sink or kept.append)(parts)
    rest = figures[~done.to_numpy()]
    if len(rest) or not again:  # figures with no part at all: recomputed from nothing (or a declared overlap)
        parts = _with_overlaps(_no_parts(), rest, common_path, common_file)
        again.append(recompute_figures(parts, rest).set_axis(pd.Index(rest["id"])))
        if len(parts):
            (sink or kept.append)(parts)
    recomputed = pd.concat(again).reindex(figures["id"])
    figures["recomputed_value"] = recomputed["value"].astype(object).where(recomputed["value"].notna(), None).to_numpy()
    figures["recomputed_bound"] = recomputed["bound"].to_numpy()
    figures["recomputed_display"] = recomputed["display"].to_numpy()
    figures["matches"] = recomputed["matches"].to_numpy()
    parts = pd.concat(kept, ignore_index=True) if len(kept) > 1 else kept[0] if kept else _no_parts()
    return Audit(result.by, figures, parts, common_file)


def select_figure(
    result: Rollup, by: Sequence[str], keys: Sequence[object], common: str | None, common_path: str | None = None
) -> pd.Series:
    """The figure of ``result`` in the group ``keys`` (one per ``by``) for the common indicator ``common``, with
    its ``id`` and policy ``across``.

    Raises :class:`TraceError`, saying which groups and figures exist, when there is no such figure.
    """
    by, keys = list(by), [str(k) for k in keys]
    if len(keys) != len(by):
        raise TraceError(f"give one key per dimension: {len(by)} dimension(s) ({', '.join(by)}), {len(keys)} key(s)")
    if by != list(result.by):
        raise TraceError(f"the rollup is by {', '.join(result.by)}, not by {', '.join(by)}")
    figures = result.figures
    if figures.empty:
        raise TraceError("no fund figures to trace: no reported value counts towards a common indicator")
    for dim, key in zip(by, keys, strict=True):
        known = sorted(figures[dim].astype(str).unique(), key=lambda k: natural(pd.Series([k])).iloc[0])
        if key not in known:
            listed = ", ".join(known) or "none"
            kinds = [k for k in known if k.split(":")[0] == key]  # a GCM or SDG key carries its link's kind
            hint = f" (did you mean {' or '.join(map(repr, kinds))}?)" if kinds else suggest(key, known)
            raise TraceError(
                f"no figure by {dim} {key!r}{hint}: no counted value reaches that group; "
                f"{dim} groups with figures: {listed}"
            )
        figures = figures[figures[dim].astype(str) == key]
    where = ", ".join(f"{d} {k}" for d, k in zip(by, keys, strict=True))
    known = figures["common"].tolist()
    if not common or common not in known:
        what = f"no figure for {common!r} under {where}{suggest(common or '', known)}" if common else "name a figure"
        raise TraceError(f"{what}; common indicators with a figure under {where}: {', '.join(known) or 'none'}")
    return _with_ids(figures[figures["common"] == common], result.by, common_path).iloc[0]


def trace_down(
    portfolio: Portfolio,
    by: Sequence[str],
    keys: Sequence[object],
    common: str,
    common_path: str | None = None,
    result: Rollup | None = None,
) -> pd.DataFrame:
    """Every reported value behind one figure (``PART_COLUMNS``): the counted ones and those excluded, each with
    its rule and provenance, in the order of the rollup's contributions; a declared overlap is a negative part.

    The figure is selected the way :func:`~mptf.engine.rollup.core.rollup` groups: ``by=["gcm"], keys=["8"],
    common="people-reached"``. Raises :class:`TraceError` when it does not exist.
    """
    by = list(dict.fromkeys(by))
    if result is None:
        result = rollup(portfolio, by, common_path)
    figure = select_figure(result, by, keys, common, common_path).to_frame().T
    return _with_overlaps(_traced(portfolio, by, result.contributions, figure), figure, common_path,
                          _common_file(common_path))  # fmt: skip

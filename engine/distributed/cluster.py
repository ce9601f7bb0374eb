"""A Dask client: to a running scheduler, or to a cluster of worker processes started on this machine."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator

__all__ = ["MissingExtra", "client"]


class MissingExtra(RuntimeError):
    """Dask is not installed (``pip install 'mptf[distributed]'``)."""


def _distributed():
    try:
        import distributed
    except ImportError as err:
        raise MissingExtra(
            f"the Dask engine needs dask.distributed ({err}); install it with: pip install 'mptf[distributed]'"
        ) from None
    return distributed


@contextlib.contextmanager
def client(scheduler: str | None = None, workers: int | None = None) -> Iterator[object]:
    """A ``distributed.Client`` to ``scheduler`` (``tcp://host:8786``), or, with none, to a ``LocalCluster`` of
    ``workers`` processes (default: one per core) of one thread each, closed on exit (its workers' logs
    silenced: a failure reaches the caller as the task's exception). Raises
    :class:`MissingExtra` without Dask, ``OSError`` when the scheduler cannot be reached."""
    distributed = _distributed()
    if scheduler:
        with distributed.Client(scheduler, timeout="10s") as c:
            yield c
        return
    n = workers or os.cpu_count() or 1
    with (
        distributed.LocalCluster(
            n_workers=n, processes=True, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.CRITICAL
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c

"""The same validation and rollup on a Dask cluster, over reported values stored as partitioned Parquet.

- :mod:`~mptf.engine.distributed.parquet`: the values table as Parquet, one directory per hash bucket of
  programmes (every value of a programme in one bucket), and read back with the model's column types.
- :mod:`~mptf.engine.distributed.run`: :func:`~mptf.engine.distributed.run.rollup`,
  :func:`~mptf.engine.distributed.run.validate` and :func:`~mptf.engine.distributed.run.run`: each bucket is
  judged by the one verdict and classified by the rollup's SQL on a worker; the driver combines the parts.
- :mod:`~mptf.engine.distributed.cluster`: a client to a running scheduler, or to a cluster on this machine.

Dask is an optional dependency (``pip install 'mptf[distributed]'``); see docs/scaling.md.
"""

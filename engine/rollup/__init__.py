"""Rollup: the fund-level figures, from the verdict on every value.

- :mod:`~mptf.engine.rollup.core`: :func:`~mptf.engine.rollup.core.rollup` (contributions and figures by
  thematic area, GCM objective, SDG target, country, agency or year, with coverage).
- :mod:`~mptf.engine.rollup.sqlengine`: the one vectorised pass (DuckDB) that applies the aggregation rules.
- :mod:`~mptf.engine.rollup.progress`: each indicator's latest value against its baseline and target.
- :mod:`~mptf.engine.rollup.budget`, :mod:`~mptf.engine.rollup.gcm_view`: budgets and the GCM objectives'
  reach.
- :mod:`~mptf.engine.rollup.groupings`: the dimensions a rollup groups by.
"""

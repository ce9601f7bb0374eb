"""The engine, in stages: :mod:`~mptf.engine.reading` (files into a portfolio and a values table),
:mod:`~mptf.engine.rules` (integrity checks and the one verdict on every value), :mod:`~mptf.engine.rollup`
(fund-level figures, progress, budgets, GCM reach), :mod:`~mptf.engine.trace` (any figure down to its rows,
any indicator up to the GCM) and :mod:`~mptf.engine.cli`. Shared by all: :mod:`~mptf.engine.model` (the
portfolio), :mod:`~mptf.engine.findings` (the findings table) and :mod:`~mptf.engine.dates`."""

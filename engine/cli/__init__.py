"""The ``mptf`` command line (:mod:`~mptf.engine.cli.main`, the trace group in :mod:`~mptf.engine.cli.trace`,
shared options in :mod:`~mptf.engine.cli.options`): parse options, call one library function, render."""

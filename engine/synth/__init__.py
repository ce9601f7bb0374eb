"""Synthetic portfolios for tests and benchmarks: programme files, a report of reported values and the findings
planted in it (``mptf synth``; see ``docs/benchmarks.md``)."""

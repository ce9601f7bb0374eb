"""The value rules, each a function ``rule(ctx, rows) -> Ruling`` of its own findings and the rows it rules
out, and :func:`~mptf.engine.rules.verdict.verdict`, which runs them once, in one order, for every command."""

"""Alembic environment of the ledger: migrations run on the connection :func:`mptf.engine.ledger.store.open_ledger`
passes in ``config.attributes["connection"]``, never on a URL of their own."""

from alembic import context

from mptf.engine.ledger.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

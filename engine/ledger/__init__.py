"""The submission ledger: every report a programme submits, kept as a numbered version with its content hash,
findings, rows and review state, in a SQL database (SQLite by default, any SQLAlchemy URL for a shared server).
See docs/ledger.md."""

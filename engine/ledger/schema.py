"""The ledger's tables (SQLAlchemy Core). The schema is created and migrated by Alembic
(``migrations/versions``); a change here needs a new revision there.

- ``blobs``: file contents by SHA-256 (the portfolio files each version was validated against).
- ``frameworks`` / ``framework_files``: a portfolio as submitted against: its files' names and hashes.
- ``versions``: one per stored report of a programme (``version`` 1, 2, ... per programme).
- ``changes``: every change to the ledger in order (``seq``): a submission, a return, an acceptance.
- ``ledger_rows``: the reported values of each version, with their provenance (file, sheet, line).
- ``ledger_findings``: the findings of each version when it was submitted.
- ``ledger_lock``: one row every writing transaction updates first, so writers queue rather than interleave.
"""

from __future__ import annotations

import sqlalchemy as sa

from mptf.engine.findings import COLUMNS

__all__ = ["FINDING_COLUMNS", "ROW_COLUMNS", "metadata"]

metadata = sa.MetaData()

blobs = sa.Table(
    "blobs",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("content", sa.LargeBinary, nullable=False),
)
frameworks = sa.Table(
    "frameworks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
)
framework_files = sa.Table(
    "framework_files",
    metadata,
    sa.Column("framework_id", sa.Integer, sa.ForeignKey("frameworks.id"), primary_key=True),
    sa.Column("name", sa.String(255), primary_key=True),
    sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
)
versions = sa.Table(
    "versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("programme", sa.String(200), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("submitted_at", sa.String(32), nullable=False),
    sa.Column("submitted_by", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("infos", sa.Integer, nullable=False),
    sa.Column("forced_reason", sa.Text, nullable=False),
    sa.Column("reference_date", sa.String(10), nullable=False),
    sa.Column("engine_version", sa.String(40), nullable=False),
    sa.Column("framework_id", sa.Integer, sa.ForeignKey("frameworks.id"), nullable=False),
    sa.UniqueConstraint("programme", "version", name="uq_versions_programme_version"),
    sa.UniqueConstraint("programme", "sha256", name="uq_versions_programme_sha256"),
)
changes = sa.Table(
    "changes",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(12), nullable=False),  # submitted, returned, accepted
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("engine_version", sa.String(40), nullable=False),
)
ledger_rows = sa.Table(
    "ledger_rows",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    sa.Column("ordinal", sa.Integer, primary_key=True),
    sa.Column("programme", sa.Text, nullable=False),
    sa.Column("indicator", sa.Text, nullable=False),
    sa.Column("period_start", sa.String(10)),
    sa.Column("period_end", sa.String(10)),
    sa.Column("value", sa.Double),
    sa.Column("bound", sa.String(4)),
    sa.Column("qualifier", sa.Text),
    sa.Column("percent", sa.Boolean, nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("numerator", sa.Double),
    sa.Column("denominator", sa.Double),
    sa.Column("disaggregation", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("sheet", sa.Text, nullable=False),
    sa.Column("line", sa.Integer),
)
#: The reported values' columns a version keeps (the model's values table), in the table's order.
ROW_COLUMNS = tuple(c.name for c in ledger_rows.columns if c.name not in ("version_id", "ordinal"))
#: The findings table's columns, stored as they are.
FINDING_COLUMNS = COLUMNS
ledger_findings = sa.Table(
    "ledger_findings",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    sa.Column("ordinal", sa.Integer, primary_key=True),
    *(sa.Column(c, sa.Integer if c == "line" else sa.Text, nullable=c == "line") for c in FINDING_COLUMNS),
)
ledger_lock = sa.Table(
    "ledger_lock",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("writes", sa.Integer, nullable=False),
)

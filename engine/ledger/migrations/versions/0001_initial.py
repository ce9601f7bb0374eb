"""The ledger's first schema: blobs, frameworks, versions, changes, rows, findings, the writers' lock.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_FINDINGS = ("severity", "code", "file", "sheet", "line", "column", "programme", "item", "message", "hint")


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "frameworks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    )
    op.create_table(
        "framework_files",
        sa.Column("framework_id", sa.Integer, sa.ForeignKey("frameworks.id"), primary_key=True),
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256"), nullable=False),
    )
    op.create_table(
        "versions",
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
    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("engine_version", sa.String(40), nullable=False),
    )
    op.create_table(
        "ledger_rows",
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
    op.create_table(
        "ledger_findings",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("ordinal", sa.Integer, primary_key=True),
        *(sa.Column(c, sa.Integer if c == "line" else sa.Text, nullable=c == "line") for c in _FINDINGS),
    )
    op.create_table(
        "ledger_lock",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("writes", sa.Integer, nullable=False),
    )
    op.execute("INSERT INTO ledger_lock (id, writes) VALUES (1, 0)")


def downgrade() -> None:
    for name in ("ledger_lock", "ledger_findings", "ledger_rows", "changes", "versions", "framework_files"):
        op.drop_table(name)
    op.drop_table("frameworks")
    op.drop_table("blobs")

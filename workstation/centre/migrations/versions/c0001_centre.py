"""The centre: registered workstations, enrollment tokens, received packages, intake decisions.

Revision ID: c0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "centre_workstations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("commune", sa.String(16), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("certificate", sa.Text, nullable=False),
        sa.Column("key_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "centre_tokens",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("commune", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("workstation_id", sa.String(64), nullable=True),
    )
    op.create_table(
        "centre_packages",
        sa.Column("package_id", sa.String(36), primary_key=True),
        sa.Column("workstation_id", sa.String(64), sa.ForeignKey("centre_workstations.id"), nullable=False,
                  index=True),
        sa.Column("commune", sa.String(16), nullable=False, index=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("citizen_key", sa.String(64), nullable=False, index=True),
        sa.Column("package", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "centre_intake_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("package_id", sa.String(64), nullable=False, index=True),
        sa.Column("workstation_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("centre_intake_audit", "centre_packages", "centre_tokens", "centre_workstations"):
        op.drop_table(table)

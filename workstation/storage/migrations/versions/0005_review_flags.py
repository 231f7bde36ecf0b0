"""Enrollments: what a supervisor should look at (flags: a face accepted by a supervisor, a chain
approved, a finger missing or below the bar, an amber check), and the supervisor's end-of-day
review of it (approved or flagged, by whom). Flags are names, never personal data.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrollments") as batch:
        batch.add_column(sa.Column("flags", sa.Text(), nullable=True))
        batch.add_column(sa.Column("review", sa.String(16), nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrollments") as batch:
        batch.drop_column("reviewed_by")
        batch.drop_column("review")
        batch.drop_column("flags")

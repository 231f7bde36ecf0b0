"""Enrollments: the citizen's ID number and name no longer in clear. A keyed hash of the ID number
(for finding the same citizen again) and the ID number and name encrypted with the data key; the
old clear columns become nullable and are emptied by the store the first time it opens the
database with its key (a migration holds no key).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrollments") as batch:
        batch.add_column(sa.Column("citizen_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("citizen_nonce", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("citizen_blob", sa.LargeBinary(), nullable=True))
        batch.alter_column("id_number", existing_type=sa.String(12), nullable=True)
        batch.alter_column("full_name", existing_type=sa.String(200), nullable=True)
        batch.create_index("ix_enrollments_citizen_key", ["citizen_key"])


def downgrade() -> None:
    with op.batch_alter_table("enrollments") as batch:
        batch.drop_index("ix_enrollments_citizen_key")
        batch.drop_column("citizen_blob")
        batch.drop_column("citizen_nonce")
        batch.drop_column("citizen_key")

"""Invitations of a mobile team's day: which team (home visits are invitations too, so check-in,
outcomes and progress treat them alike).

Revision ID: c002
Revises: c001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "c002"
down_revision = "c001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaign_invitations") as batch:
        batch.add_column(sa.Column("team", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("campaign_invitations") as batch:
        batch.drop_column("team")

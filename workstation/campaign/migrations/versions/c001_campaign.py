"""The campaign: its settings, villages, residents (encrypted at rest) and invitations.

Revision ID: c001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "c001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_info",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("commune", sa.String(100), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "campaign_villages",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("officer", sa.String(64)),
        sa.Column("quota", sa.Integer()),
    )
    op.create_table(
        "campaign_residents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("id_key", sa.String(64), nullable=False, unique=True),
        sa.Column("household_key", sa.String(64), nullable=False, index=True),
        sa.Column("village", sa.String(100), sa.ForeignKey("campaign_villages.name"), nullable=False, index=True),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.Column("birth_doy", sa.Integer(), nullable=False),
        sa.Column("head", sa.Boolean(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("bedridden", sa.Boolean(), nullable=False),
        sa.Column("level2", sa.Boolean(), nullable=False),
        sa.Column("door", sa.String(16)),
        sa.Column("door_reason", sa.Text()),
        sa.Column("door_officer", sa.String(64)),
        sa.Column("door_at", sa.DateTime(timezone=True)),
        sa.Column("outcome", sa.String(16)),
        sa.Column("outcome_reason", sa.Text()),
        sa.Column("outcome_at", sa.DateTime(timezone=True)),
        sa.Column("misses", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("home_visit", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "campaign_invitations",
        sa.Column("ref", sa.String(16), primary_key=True),
        sa.Column("resident_id", sa.Integer(), sa.ForeignKey("campaign_residents.id"), nullable=False, index=True),
        sa.Column("day", sa.Date(), nullable=False, index=True),
        sa.Column("shift", sa.String(16), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("arrived_at", sa.DateTime(timezone=True)),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("reason", sa.Text()),
        sa.Column("officer", sa.String(64)),
        sa.Column("mobile", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("campaign_invitations", "campaign_residents", "campaign_villages", "campaign_info"):
        op.drop_table(table)

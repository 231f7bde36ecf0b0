"""One campaign, several workstations: the commune's campaign key (wrapped with the data key) and
the invitations of a plan published at the centre (references, keyed citizen hashes, slots,
village: no names, no ID numbers), with who checked each in first.

Revision ID: c003
Revises: c002
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "c003"
down_revision = "c002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_shared_plan",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("commune_code", sa.String(16), nullable=False),
        sa.Column("made_at", sa.String(40), nullable=False),
        sa.Column("publisher", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),            # published | fetched
        sa.Column("key_nonce", sa.LargeBinary, nullable=False),
        sa.Column("key_blob", sa.LargeBinary, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "campaign_shared_invitations",
        sa.Column("ref", sa.String(16), primary_key=True),
        sa.Column("citizen", sa.String(64), nullable=False, index=True),
        sa.Column("household", sa.String(64), nullable=False),
        sa.Column("village", sa.String(100), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("shift", sa.String(16), nullable=False),
        sa.Column("start", sa.DateTime, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("checked_in_by", sa.String(64)),
        sa.Column("checked_in_at", sa.DateTime(timezone=True)),
        sa.Column("posted", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_table("campaign_shared_invitations")
    op.drop_table("campaign_shared_plan")

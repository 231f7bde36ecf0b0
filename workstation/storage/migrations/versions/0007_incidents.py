"""Incidents: forged, cloned or withholding chips met at the counter, for the supervisor (issue 20
finding 6). Verdict codes and certificate fingerprints only; the claimed citizen as a keyed hash.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("officer", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("codes", sa.Text(), nullable=False),
        sa.Column("fingerprints", sa.Text(), nullable=False),
        sa.Column("citizen_key", sa.String(64), nullable=True),
        sa.Column("workstation_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_incidents_at", "incidents", ["at"])
    op.create_index("ix_incidents_citizen_key", "incidents", ["citizen_key"])


def downgrade() -> None:
    op.drop_index("ix_incidents_citizen_key", "incidents")
    op.drop_index("ix_incidents_at", "incidents")
    op.drop_table("incidents")

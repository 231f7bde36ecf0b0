"""Failed logins counted per typed user name, whether or not an account has that name, so a lockout
does not tell which names exist (issue 20, finding 18). The name is kept only as a keyed hash.
The officers' own counters (0003) are no longer used.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("name_key", sa.String(64), primary_key=True),
        sa.Column("failed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("login_failures")

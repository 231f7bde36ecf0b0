"""PostgreSQL: store packages without TOAST compression. They are encrypted: pglz only spends the
server's CPU trying (measured: most of the database's time per upload, bench centre).

Revision ID: c0002
Revises: c0001
"""
from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE centre_packages ALTER COLUMN package SET STORAGE EXTERNAL")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE centre_packages ALTER COLUMN package SET STORAGE EXTENDED")

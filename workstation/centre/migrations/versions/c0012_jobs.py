"""After intake, a queue (docs/centre-storage.md "After intake"): jobs in the database itself (no
new server; PostgreSQL's SELECT ... FOR UPDATE SKIP LOCKED lets several workers take jobs without
waiting on each other, SQLite's write lock serialises a small site's one worker), the reviewers'
decisions on duplicates, and which package went out in which signed export batch.

Revision ID: c0012
Revises: c0011
"""
import sqlalchemy as sa
from alembic import op

revision = "c0012"
down_revision = "c0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "centre_jobs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),           # review | export
        sa.Column("ref", sa.String(64), nullable=False),            # the package id, or the batch's
        sa.Column("payload", sa.Text, nullable=False, server_default="{}"),
        sa.Column("state", sa.String(16), nullable=False),          # queued | running | waiting | done | failed
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("result", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_centre_jobs_state_kind_id", "centre_jobs", ["state", "kind", "id"])
    op.create_index("ix_centre_jobs_kind_ref", "centre_jobs", ["kind", "ref"])
    op.create_table(
        "centre_reviews",
        sa.Column("package_id", sa.String(36), primary_key=True),
        sa.Column("earlier_package_id", sa.String(36), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),       # accepted | duplicate | refused
        sa.Column("reviewer", sa.String(64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "centre_exports",
        sa.Column("package_id", sa.String(36), primary_key=True),
        sa.Column("batch_id", sa.String(36), nullable=False, index=True),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("centre_exports")
    op.drop_table("centre_reviews")
    op.drop_index("ix_centre_jobs_kind_ref", table_name="centre_jobs")
    op.drop_index("ix_centre_jobs_state_kind_id", table_name="centre_jobs")
    op.drop_table("centre_jobs")

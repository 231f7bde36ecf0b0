"""The province's console: its users and event log, and the indexes its pages read by (each page
renders within 300 ms over a million index rows, `python -m bench console`).

Revision ID: c0010
Revises: c0002
"""
import sqlalchemy as sa
from alembic import op

revision = "c0010"
down_revision = "c0003"
branch_labels = None
depends_on = None

INDEXES = [
    # workstations' last seen: max(at) per workstation; the audit search by workstation
    ("ix_console_audit_workstation_at", "centre_intake_audit", ["workstation_id", "at"]),
    # the audit search by commune or workstation and decision, newest first (without it a filter
    # that matches nothing walks the whole table: 190 ms at a million rows, 0.1 ms with it)
    ("ix_console_audit_workstation_status_id", "centre_intake_audit", ["workstation_id", "status", "id"]),
    # the audit search by status (refusals) in time order
    ("ix_console_audit_status_at", "centre_intake_audit", ["status", "at"]),
    # the duplicates list, newest first
    ("ix_console_packages_status_received", "centre_packages", ["status", "received_at"]),
]


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("totp_secret", sa.String(128), nullable=False),
        sa.Column("last_totp_step", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "console_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index("ix_console_events_at", "console_events", ["at"])
    # the login rate limit counts recent failures per name and per source address
    op.create_index("ix_console_events_user_event_at", "console_events", ["user", "event", "at"])
    op.create_index("ix_console_events_source_event_at", "console_events", ["source", "event", "at"])
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_table("console_events")
    op.drop_table("console_users")

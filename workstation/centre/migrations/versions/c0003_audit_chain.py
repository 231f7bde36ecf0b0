"""The audit becomes append-only and hash-chained; a shared rate-limit table; cancellable tokens.

Each audit entry keeps the caller's address (`source`), the previous entry's hash and its own
(sha256 over a canonical encoding, workstation/centre/audit.py). Entries already there are chained
in id order. A trigger refuses UPDATE, DELETE and TRUNCATE of the audit (PostgreSQL and SQLite);
`workstation centre grant-serving ROLE` gives a serving role no such rights in the first place.

Revision ID: c0003
Revises: c0002
"""
import sqlalchemy as sa
from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION centre_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'centre_intake_audit is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    from workstation.centre.audit import GENESIS, entry_hash

    with op.batch_alter_table("centre_intake_audit") as batch:
        batch.add_column(sa.Column("source", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("entry_hash", sa.String(64), nullable=False, server_default=""))
    with op.batch_alter_table("centre_tokens") as batch:
        batch.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "centre_rate_windows",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("window", sa.BigInteger, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )
    bind = op.get_bind()
    table = sa.table("centre_intake_audit", sa.column("id", sa.Integer), sa.column("at", sa.DateTime(timezone=True)),
                     *(sa.column(c, sa.Text) for c in ("package_id", "workstation_id", "channel", "status", "reason",
                                                       "detail", "source", "prev_hash", "entry_hash")))
    prev = GENESIS
    for row in bind.execute(sa.select(table).order_by(table.c.id)).mappings():
        digest = entry_hash(prev, row)
        bind.execute(table.update().where(table.c.id == row["id"]).values(prev_hash=prev, entry_hash=digest))
        prev = digest
    if bind.dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute("CREATE TRIGGER centre_audit_no_change BEFORE UPDATE OR DELETE ON centre_intake_audit "
                   "FOR EACH ROW EXECUTE FUNCTION centre_audit_append_only()")
        op.execute("CREATE TRIGGER centre_audit_no_truncate BEFORE TRUNCATE ON centre_intake_audit "
                   "FOR EACH STATEMENT EXECUTE FUNCTION centre_audit_append_only()")
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON centre_intake_audit FROM PUBLIC")
    else:
        op.execute("CREATE TRIGGER centre_audit_no_update BEFORE UPDATE ON centre_intake_audit "
                   "BEGIN SELECT RAISE(ABORT, 'centre_intake_audit is append-only'); END")
        op.execute("CREATE TRIGGER centre_audit_no_delete BEFORE DELETE ON centre_intake_audit "
                   "BEGIN SELECT RAISE(ABORT, 'centre_intake_audit is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER centre_audit_no_change ON centre_intake_audit")
        op.execute("DROP TRIGGER centre_audit_no_truncate ON centre_intake_audit")
        op.execute("DROP FUNCTION centre_audit_append_only()")
    else:
        op.execute("DROP TRIGGER centre_audit_no_update")
        op.execute("DROP TRIGGER centre_audit_no_delete")
    op.drop_table("centre_rate_windows")
    with op.batch_alter_table("centre_tokens") as batch:
        batch.drop_column("cancelled_at")
    with op.batch_alter_table("centre_intake_audit") as batch:
        for column in ("entry_hash", "prev_hash", "source"):
            batch.drop_column(column)

"""PostgreSQL: the package index partitioned by month of received_at (workstation/centre/partitions.py).

The table is rebuilt: a partitioned table of the same columns, its months from the oldest row to
the next month plus a DEFAULT partition, the rows copied over, the old table dropped. Its primary
key becomes (package_id, received_at) - PostgreSQL requires the partition key in every unique
constraint - so one id is kept unique by the intake itself (an advisory lock on the id around the
insert, intake.py). The copy reads and writes every row once: on a centre whose packages were
still in the table (before c0011) that is the whole table, so run this upgrade in a maintenance
window (docs/centre-storage.md). SQLite keeps its plain table.

Revision ID: c0013
Revises: c0012
"""
from datetime import UTC, date, datetime

from alembic import op
from sqlalchemy import text

revision = "c0013"
down_revision = "c0012"
branch_labels = None
depends_on = None

INDEXES = [("ix_centre_packages_workstation_id", ["workstation_id"]), ("ix_centre_packages_commune", ["commune"]),
           ("ix_centre_packages_received_at", ["received_at"]), ("ix_centre_packages_citizen_key", ["citizen_key"]),
           ("ix_console_packages_status_received", ["status", "received_at"])]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from workstation.centre.partitions import _next

    op.execute("CREATE TABLE centre_packages_by_month (LIKE centre_packages INCLUDING DEFAULTS) "
               "PARTITION BY RANGE (received_at)")
    op.execute("ALTER TABLE centre_packages_by_month ADD CONSTRAINT centre_packages_by_month_pkey "
               "PRIMARY KEY (package_id, received_at)")
    op.execute("ALTER TABLE centre_packages_by_month ADD CONSTRAINT centre_packages_by_month_workstation_fkey "
               "FOREIGN KEY (workstation_id) REFERENCES centre_workstations (id)")
    op.execute("ALTER TABLE centre_packages_by_month ALTER COLUMN package SET STORAGE EXTERNAL")
    op.execute("CREATE TABLE centre_packages_default PARTITION OF centre_packages_by_month DEFAULT")
    oldest = bind.execute(text("SELECT min(received_at) FROM centre_packages")).scalar()
    now = datetime.now(UTC)
    first = date((oldest or now).year, (oldest or now).month, 1)
    last = _next(date(now.year, now.month, 1))
    while first <= last:
        bind.execute(text(
            f"CREATE TABLE centre_packages_y{first.year:04d}m{first.month:02d} PARTITION OF centre_packages_by_month "
            f"FOR VALUES FROM ('{first.isoformat()} 00:00:00+00') TO ('{_next(first).isoformat()} 00:00:00+00')"))
        first = _next(first)
    op.execute("INSERT INTO centre_packages_by_month SELECT * FROM centre_packages")
    op.execute("DROP TABLE centre_packages")
    op.execute("ALTER TABLE centre_packages_by_month RENAME TO centre_packages")
    op.execute("ALTER TABLE centre_packages RENAME CONSTRAINT centre_packages_by_month_pkey TO centre_packages_pkey")
    op.execute("ALTER TABLE centre_packages RENAME CONSTRAINT centre_packages_by_month_workstation_fkey "
               "TO centre_packages_workstation_id_fkey")
    for name, columns in INDEXES:
        op.create_index(name, "centre_packages", columns)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE centre_packages_plain (LIKE centre_packages INCLUDING DEFAULTS)")
    op.execute("INSERT INTO centre_packages_plain SELECT * FROM centre_packages")
    op.execute("DROP TABLE centre_packages CASCADE")
    op.execute("ALTER TABLE centre_packages_plain RENAME TO centre_packages")
    op.execute("ALTER TABLE centre_packages ADD PRIMARY KEY (package_id)")
    op.execute("ALTER TABLE centre_packages ADD FOREIGN KEY (workstation_id) REFERENCES centre_workstations (id)")
    op.execute("ALTER TABLE centre_packages ALTER COLUMN package SET STORAGE EXTERNAL")
    for name, columns in INDEXES:
        op.create_index(name, "centre_packages", columns)

"""PostgreSQL: the package index (centre_packages) is partitioned by month of `received_at`
(migration c0013), so a month is a table of its own: old months can be detached, archived or
moved to other tablespaces without touching the current one, and each month's indexes stay small.
The server (`centre serve`) and the worker create the partitions of the current and the next month
when they start (`ensure_months`), so the month boundary never waits on anyone; a row that finds
no month (a centre left stopped for more than a month) goes to the DEFAULT partition rather than
failing its upload, and a month that already has rows there is reported, not created (PostgreSQL
refuses it: move those rows first). SQLite keeps one plain table."""
from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)
TABLE = "centre_packages"


def month_name(first: date) -> str:
    return f"{TABLE}_y{first.year:04d}m{first.month:02d}"


def _next(first: date) -> date:
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def create_month(connection, first: date) -> str:  # noqa: ANN001 - a Connection
    """The month starting at `first` (idempotent)."""
    name = month_name(first)
    connection.execute(text(
        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {TABLE} "
        f"FOR VALUES FROM ('{first.isoformat()} 00:00:00+00') TO ('{_next(first).isoformat()} 00:00:00+00')"))
    connection.execute(text(f"ALTER TABLE {name} ALTER COLUMN package SET STORAGE EXTERNAL"))
    return name


def ensure_months(engine: Engine, now: datetime | None = None, ahead: int = 1) -> list[str]:
    """The current month's partition and `ahead` more; [] on SQLite. Never raises: a month that
    cannot be made is logged (rows then go to the DEFAULT partition)."""
    if engine.dialect.name != "postgresql":
        return []
    now = now or datetime.now(UTC)
    first = date(now.year, now.month, 1)
    made = []
    for _ in range(ahead + 1):
        try:
            with engine.begin() as connection:
                # a month already there is not made again: CREATE ... IF NOT EXISTS still needs the
                # right to create, which the serving role (`grant-serving`) does not have
                if connection.execute(text("SELECT to_regclass(:n)"), {"n": month_name(first)}).scalar() is not None:
                    made.append(month_name(first))
                else:
                    made.append(create_month(connection, first))
        except SQLAlchemyError as exc:
            log.error("the package index's partition for %s could not be made (%s): its rows go to the "
                      "default partition", first.strftime("%Y-%m"), getattr(exc, "orig", exc))
        first = _next(first)
    return made


def months(engine: Engine) -> list[str]:
    """The partitions of the package index, by name (PostgreSQL)."""
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as connection:
        return sorted(connection.execute(text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = :t"), {"t": TABLE}).scalars())

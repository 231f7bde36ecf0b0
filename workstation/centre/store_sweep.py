"""`centre store-sweep`: package objects no index row names.

The intake stores a package's bytes before the transaction that writes its index row (intake.py:
"first the bytes, then the row that names them"), so a transaction that fails after the store took
the bytes leaves an object nobody names: an orphan. Harmless (it is ciphertext nobody can find),
but it takes space. This finds them and, when asked, removes them.

How, at any scale: the store's listing comes in ascending order of key, so of SHA-256, and the
index is read sorted by sha256 (byte order, COLLATE "C" on PostgreSQL) through a server-side
cursor; the two are walked side by side like a merge join. Memory holds only the orphans found,
the index is read once, no sha256 index is needed (none is kept: it would cost every upload).

Safety (fail closed):
  * only objects older than the grace period (`older_than`, 24 h by default, at least 1 h) are
    candidates: an upload in progress has stored its bytes and not yet written its row;
  * the whole listing is read before anything is removed: a store that stops answering midway,
    or lists out of order, raises and nothing is deleted;
  * right before removing, the candidates are looked up in the index again (a package re-sent
    since the walk is kept);
  * what is left is a narrow race: a workstation re-sending, after more than the grace period,
    the very package whose first transaction failed, with its row committed between that last
    look and the removal. The package is then named by a row but missing from the store:
    `centre status --verify` says so and the workstation's copy can be sent again.
Every sweep that deletes writes one audit entry (channel `admin`, status `swept`, reason
`store_sweep`, with the count and bytes and who ran it).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.centre.models import ReceivedPackage
from workstation.centre.object_store import ObjectStore, StoredObject
from workstation.centre.registry import Registry
from workstation.errors import WorkstationError
from workstation.messages import Message

MIN_HOURS = 1.0
RECHECK_BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    store: str                       # kind and location, never credentials
    older_than_hours: float
    listed: int = 0                  # package objects in the store
    named: int = 0                   # of those, named by an index row
    recent: int = 0                  # not named, but younger than the grace period: left alone
    orphans: tuple[StoredObject, ...] = field(default_factory=tuple)
    deleted: int = 0
    deleted_bytes: int = 0
    kept: int = 0                    # named by a row between the walk and the removal

    @property
    def orphan_bytes(self) -> int:
        return sum(o.size for o in self.orphans)

    def as_dict(self) -> dict[str, object]:
        return {"store": self.store, "older_than_hours": self.older_than_hours, "listed": self.listed,
                "named": self.named, "recent": self.recent, "orphan_count": len(self.orphans),
                "orphan_bytes": self.orphan_bytes, "deleted": self.deleted, "deleted_bytes": self.deleted_bytes,
                "kept": self.kept,
                "orphans": [{"sha256": o.sha256, "key": o.key, "size": o.size,
                             "modified": o.modified.astimezone(UTC).isoformat(timespec="seconds")}
                            for o in self.orphans]}


class ListingOutOfOrder(WorkstationError):
    def __init__(self, location: str) -> None:
        super().__init__(Message(f"Kho {location} liệt kê không theo thứ tự; không xoá gì.",
                                 f"The store {location} listed its objects out of order: nothing was deleted."))


def find_orphans(registry: Registry, store: ObjectStore, older_than_hours: float,
                 now: datetime | None = None) -> SweepReport:
    """The walk: every object, beside the index; raises (nothing found, nothing deleted) when the
    store cannot be listed to its end."""
    if older_than_hours < MIN_HOURS:
        raise WorkstationError(Message(f"--older-than ít nhất {MIN_HOURS:g} giờ.",
                                       f"--older-than is at least {MIN_HOURS:g} hour: an upload in progress has "
                                       "stored its bytes and not yet written its row."))
    cutoff = (now or datetime.now(UTC)) - timedelta(hours=older_than_hours)
    health = store.health()
    if health.error is not None:
        raise health.error                        # nothing listed, nothing deleted
    where = f"{health.kind} {health.location}"
    listed = named = recent = 0
    orphans: list[StoredObject] = []
    with registry.sessions() as session:
        names = _sorted_names(session)
        current = next(names, None)
        previous = ""
        for stored in store.listing():
            if stored.sha256 <= previous:
                raise ListingOutOfOrder(where)
            previous = stored.sha256
            listed += 1
            while current is not None and current < stored.sha256:
                current = next(names, None)
            if current == stored.sha256:
                named += 1
            elif stored.modified > cutoff:
                recent += 1
            else:
                orphans.append(stored)
    return SweepReport(where, older_than_hours, listed, named, recent, tuple(orphans))


def _sorted_names(session: Session) -> Iterator[str]:
    """The index's sha256 values in byte order. PostgreSQL: through a server-side cursor, 10,000 a
    fetch. SQLite (a small site): read at once, as its every transaction holds the write lock
    (registry.centre_engine) and the walk must not keep the intake waiting."""
    column = ReceivedPackage.sha256
    if session.get_bind().dialect.name != "postgresql":
        names = list(session.scalars(select(column).order_by(column)))
        session.rollback()                        # the lock goes now, not after the walk
        yield from names
        return
    query = select(column).order_by(column.collate("C")).execution_options(yield_per=10_000)
    yield from session.scalars(query)


def sweep(registry: Registry, store: ObjectStore, older_than_hours: float, delete: bool, actor: str,
          now: datetime | None = None) -> SweepReport:
    """Find the orphans; with `delete`, remove them (each looked up again first) and audit once."""
    found = find_orphans(registry, store, older_than_hours, now)
    if not delete:
        return found
    deleted = deleted_bytes = kept = 0
    problem: Exception | None = None
    try:
        for start in range(0, len(found.orphans), RECHECK_BATCH):
            batch = found.orphans[start:start + RECHECK_BATCH]
            with registry.sessions() as session:
                named_now = set(session.scalars(select(ReceivedPackage.sha256).where(
                    ReceivedPackage.sha256.in_([o.sha256 for o in batch]))))
            for orphan in batch:
                if orphan.sha256 in named_now:
                    kept += 1
                    continue
                store.delete(orphan.sha256)
                deleted += 1
                deleted_bytes += orphan.size
    except Exception as exc:  # noqa: BLE001 - audited with what was removed, then raised
        problem = exc
    registry.audit("-", "-", "admin", "swept", "store_sweep", by=actor, store=found.store,
                   older_than_hours=older_than_hours, count=deleted, bytes=deleted_bytes, kept=kept,
                   **({"stopped": type(problem).__name__} if problem else {}))
    if problem is not None:
        raise problem
    return SweepReport(found.store, older_than_hours, found.listed, found.named, found.recent, found.orphans,
                       deleted, deleted_bytes, kept)


def summary(report: SweepReport, deleting: bool) -> str:
    line = (f"{report.listed} objects in {report.store}: {report.named} named by the index, "
            f"{len(report.orphans)} orphans older than {report.older_than_hours:g} h ({report.orphan_bytes} bytes)")
    if report.recent:
        line += f", {report.recent} unnamed but younger (left alone)"
    if deleting:
        line += f"; {report.deleted} deleted ({report.deleted_bytes} bytes)"
        if report.kept:
            line += f", {report.kept} kept (named by a row since the walk)"
    elif report.orphans:
        line += "; --delete removes them"
    return line

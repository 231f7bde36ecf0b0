"""The central side: packages pushed by workstations into an existing database server
(PostgreSQL for a district, SQLite for tests of the logic), idempotently.

A package is identified by its id; pushing it twice, or again after a cut connection, changes
nothing. The workstation counts a package as acknowledged only when the centre holds the same
bytes (same SHA-256).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Column, DateTime, Engine, LargeBinary, MetaData, String, Table, create_engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, OperationalError

from workstation.atomic_file import write_atomically
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.enrollments import ACKNOWLEDGED, COMPLETE, EXPORTED, SYNCED, EnrollmentStore
from workstation.storage.models import Enrollment

central_metadata = MetaData()
central_packages = Table(
    "central_packages", central_metadata,
    Column("package_id", String(36), primary_key=True),
    Column("workstation_id", String(64), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("package", LargeBinary, nullable=False),
)


class SyncInterrupted(WorkstationError):
    def __init__(self, done: int, detail: str) -> None:
        self.done = done
        if done == 0:
            message = Message("Không kết nối được máy chủ. Các hồ sơ vẫn được giữ an toàn; hãy đồng bộ lại sau.",
                              "The server cannot be reached; the packages are kept safely: sync again later.")
        else:
            message = Message(
                f"Mất kết nối với máy chủ sau {done} hồ sơ. Các hồ sơ còn lại vẫn được giữ an toàn; hãy đồng bộ lại sau.",
                f"The connection to the server was lost after {done} packages; the rest are kept safely: "
                "sync again later.")
        super().__init__(message, detail)


@dataclass
class SyncReport:
    pushed: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"pushed": len(self.pushed), "already_there": len(self.already_there),
                "acknowledged": len(self.acknowledged), "package_ids": self.acknowledged}


def central_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url)
    central_metadata.create_all(engine)
    return engine


def _insert(engine: Engine):  # noqa: ANN202
    return (pg_insert if engine.dialect.name == "postgresql" else sqlite_insert)(central_packages)


def push_package(engine: Engine, package_id: str, workstation_id: str, package: bytes) -> bool:
    """Store one package at the centre; True when it was new. Confirms the centre's copy."""
    digest = hashlib.sha256(package).hexdigest()
    with engine.begin() as conn:
        inserted = conn.execute(_insert(engine).values(
            package_id=package_id, workstation_id=workstation_id, sha256=digest,
            received_at=datetime.now(UTC), package=package)
            .on_conflict_do_nothing(index_elements=["package_id"])
            .returning(central_packages.c.package_id)).first()
        stored = conn.execute(select(central_packages.c.sha256).where(central_packages.c.package_id == package_id)).scalar()
    if stored != digest:
        raise WorkstationError(f"the centre holds a different package under id {package_id}")
    return inserted is not None


def pending(store: EnrollmentStore, states: tuple[str, ...]) -> list[Enrollment]:
    with store.sessions() as session:
        return list(session.scalars(select(Enrollment).where(Enrollment.state.in_(states))
                                    .order_by(Enrollment.created_at)))


def sync(store: EnrollmentStore, url: str, workstation_id: str, officer: str,
         after_each: Callable[[int], None] | None = None) -> SyncReport:
    report = SyncReport()
    todo = pending(store, (COMPLETE, EXPORTED, SYNCED))
    if not todo:
        return report   # nothing to send: no need for the network
    try:
        engine = central_engine(url)
    except (OperationalError, DBAPIError) as exc:
        raise SyncInterrupted(0, str(exc.orig)) from None
    try:
        for i, enrollment in enumerate(todo):
            try:
                if enrollment.state != SYNCED:
                    new = push_package(engine, str(enrollment.package_id), workstation_id, enrollment.package or b"")
                    (report.pushed if new else report.already_there).append(str(enrollment.package_id))
                    store.set_state(enrollment.id, SYNCED, officer)
                else:
                    push_package(engine, str(enrollment.package_id), workstation_id, enrollment.package or b"")
                store.set_state(enrollment.id, ACKNOWLEDGED, officer)
                report.acknowledged.append(str(enrollment.package_id))
            except (OperationalError, DBAPIError) as exc:
                raise SyncInterrupted(len(report.acknowledged), str(exc.orig)) from None
            if after_each is not None:
                after_each(i)
    finally:
        engine.dispose()
    return report


def export(store: EnrollmentStore, folder: Path, workstation_id: str, officer: str) -> list[str]:
    """Write pending packages and an export manifest (e.g. onto a USB stick), fsynced."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for enrollment in pending(store, (COMPLETE,)):
        name = f"{enrollment.package_id}.wspkg"
        data = enrollment.package or b""
        write_atomically(folder / name, data)
        entries.append({"package_id": enrollment.package_id, "file": name, "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {"workstation_id": workstation_id, "exported_at": datetime.now(UTC).isoformat(), "packages": entries}
    write_atomically(folder / f"export-{datetime.now(UTC):%Y%m%dT%H%M%S%f}.json",
                  json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    with store.sessions() as session:
        ids = [e.id for e in session.scalars(select(Enrollment).where(
            Enrollment.package_id.in_([x["package_id"] for x in entries])))]
    for enrollment_id in ids:
        store.set_state(enrollment_id, EXPORTED, officer)
    return [str(e["package_id"]) for e in entries]


def import_folder(folder: Path, url: str) -> tuple[int, int]:
    """At the centre: load every export manifest's packages; returns (new, already there)."""
    engine = central_engine(url)
    new = old = 0
    try:
        for manifest_file in sorted(folder.glob("export-*.json")):
            manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
            for entry in manifest["packages"]:
                data = (folder / entry["file"]).read_bytes()
                if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                    raise WorkstationError(f"{entry['file']} does not match its export manifest")
                if push_package(engine, entry["package_id"], manifest["workstation_id"], data):
                    new += 1
                else:
                    old += 1
    finally:
        engine.dispose()
    return new, old

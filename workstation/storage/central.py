"""Packages leaving the workstation: the sealed packages still to be handed over, and the USB
export for villages without a network. Uploads go to the centre over HTTPS
(core.centre_client); a workstation holds no database URL or credentials of the centre.
"""
from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from workstation.atomic_file import write_atomically
from workstation.disk_space import write_error
from workstation.storage.enrollments import COMPLETE, EXPORTED, EnrollmentStore
from workstation.storage.models import Enrollment


def pending(store: EnrollmentStore, states: tuple[str, ...]) -> list[Enrollment]:
    with store.sessions() as session:
        return list(session.scalars(select(Enrollment).where(Enrollment.state.in_(states))
                                    .order_by(Enrollment.created_at)))


def export(store: EnrollmentStore, folder: Path, workstation_id: str, officer: str) -> list[str]:
    """Write pending packages and an export manifest (e.g. onto a USB stick), fsynced. The
    enrollments are marked exported only once the manifest is on the stick: a full or pulled
    stick leaves them pending (and no half-written file), to export again."""
    entries = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for enrollment in pending(store, (COMPLETE,)):
            name = f"{enrollment.package_id}.wspkg"
            data = enrollment.package or b""
            write_atomically(folder / name, data)
            entries.append({"package_id": enrollment.package_id, "file": name, "size": len(data),
                            "sha256": hashlib.sha256(data).hexdigest()})
        manifest = {"workstation_id": workstation_id, "exported_at": datetime.now(UTC).isoformat(),
                    "packages": entries}
        write_atomically(folder / f"export-{datetime.now(UTC):%Y%m%dT%H%M%S%f}.json",
                         json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    except OSError as exc:
        raise write_error(exc, folder) from exc
    with store.sessions() as session:
        ids = [e.id for e in session.scalars(select(Enrollment).where(
            Enrollment.package_id.in_([x["package_id"] for x in entries])))]
    for enrollment_id in ids:
        store.set_state(enrollment_id, EXPORTED, officer)
    return [str(e["package_id"]) for e in entries]

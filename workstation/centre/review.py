"""Duplicate review: a package flagged `duplicate` (its citizen enrolled at another workstation
within duplicate_days) waits for a reviewer, who sees both face photographs side by side and
decides: accept it as a new enrollment, confirm the duplicate, or refuse it.

The intake queues a `review` job with every duplicate (the same transaction). A worker on the node
that holds the package key (`centre worker`) prepares it: both packages are read back from the
store (sha256 re-verified) and opened, and the job waits for a person. The console, on that same
node, decrypts the two face photographs when the reviewer opens the page (never written anywhere
decrypted). The decision is one transaction: the review row, the package's status, the job
closed, and an audit entry naming the reviewer.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric import x25519
from sqlalchemy import select

from workstation.centre import jobs
from workstation.centre.intake import read_package
from workstation.centre.models import ReceivedPackage, Review
from workstation.centre.object_store import ObjectStore
from workstation.centre.registry import Registry
from workstation.core.package.verify import open_package
from workstation.errors import WorkstationError
from workstation.messages import Message

log = logging.getLogger(__name__)
# decision → (the package's status, its reason)
DECISIONS = {"accepted": ("accepted", "review_accepted"), "duplicate": ("duplicate", "review_confirmed"),
             "refused": ("duplicate", "review_refused")}
MAX_FACE = 4 * 1024 * 1024


class ReviewRefused(WorkstationError):
    pass


@dataclass(frozen=True)
class ReviewCase:
    package_id: str
    earlier_package_id: str
    commune: str
    earlier_commune: str
    face: bytes | None           # JPEG as captured, None when the package holds no face capture
    earlier_face: bytes | None
    decided: Review | None


def face_of(data: bytes, package_key: x25519.X25519PrivateKey) -> bytes | None:
    """The last face capture of a package (the photograph the officer kept)."""
    archive = open_package(data, package_key)
    manifest = json.loads(archive.read("manifest.json"))
    files = [c.get("file") for c in manifest.get("captures", []) if isinstance(c, dict) and c.get("kind") == "face"]
    if not files or not isinstance(files[-1], str):
        return None
    info = archive.getinfo(files[-1])
    if info.file_size > MAX_FACE:
        return None
    return archive.read(info)


def prepare(registry: Registry, store: ObjectStore, package_key: x25519.X25519PrivateKey, job: jobs.Claimed) -> None:
    """The worker's part: both packages readable and opened (else the job fails and is retried),
    then the job waits for its reviewer."""
    earlier = str(job.payload.get("earlier") or "")
    with registry.sessions() as session:
        rows = [session.get(ReceivedPackage, job.ref), session.get(ReceivedPackage, earlier)]
    if rows[0] is None or rows[1] is None:
        jobs.finish(registry, job.id, jobs.FAILED, "a package of the pair is not in the index")
        return
    for row in rows:
        face_of(read_package(store, row), package_key)              # raises: the job is retried
    jobs.finish(registry, job.id, jobs.WAITING, "ready for a reviewer")


def case(registry: Registry, store: ObjectStore, package_key: x25519.X25519PrivateKey, package_id: str) -> ReviewCase:
    with registry.sessions() as session:
        row = session.get(ReceivedPackage, package_id)
        if row is None or (row.status != "duplicate" and session.get(Review, package_id) is None):
            raise ReviewRefused(Message("Không có hồ sơ trùng lặp này.", "No such duplicate package."))
        decided = session.get(Review, package_id)
        earlier_id = decided.earlier_package_id if decided else _earlier(session, row)
        earlier = session.get(ReceivedPackage, earlier_id) if earlier_id else None
    if earlier is None:
        raise ReviewRefused(Message("Không tìm thấy hồ sơ trước của công dân này.",
                                    "The citizen's earlier package is not in the index."))
    return ReviewCase(row.package_id, earlier.package_id, row.commune, earlier.commune,
                      face_of(read_package(store, row), package_key),
                      face_of(read_package(store, earlier), package_key), decided)


def _earlier(session, row: ReceivedPackage) -> str | None:  # noqa: ANN001 - a Session
    return session.scalars(select(ReceivedPackage.package_id).where(
        ReceivedPackage.citizen_key == row.citizen_key, ReceivedPackage.package_id != row.package_id,
        ReceivedPackage.workstation_id != row.workstation_id, ReceivedPackage.received_at <= row.received_at)
        .order_by(ReceivedPackage.received_at)).first()


def decide(registry: Registry, package_id: str, decision: str, reviewer: str, source: str = "") -> None:
    """One transaction: the review, the package's new status, the job closed, the audit entry."""
    if decision not in DECISIONS:
        raise ReviewRefused(Message("Quyết định không hợp lệ.", f"Not a review decision: {decision[:20]!r}."))
    status, reason = DECISIONS[decision]
    with registry.sessions.begin() as session:
        row = session.get(ReceivedPackage, package_id, with_for_update=True)
        if row is None or row.status != "duplicate":
            raise ReviewRefused(Message("Không có hồ sơ trùng lặp này.", "No such duplicate package."))
        if session.get(Review, package_id) is not None:
            raise ReviewRefused(Message("Hồ sơ này đã được quyết định.", "This duplicate was already decided."))
        earlier = _earlier(session, row) or ""
        session.add(Review(package_id=package_id, earlier_package_id=earlier, decision=decision,
                           reviewer=reviewer, decided_at=datetime.now(UTC)))
        row.status, row.reason = status, reason
        jobs.set_state(session, "review", package_id, jobs.DONE, f"{decision} by {reviewer}")
        registry.add_audit(session, package_id, row.workstation_id, "console", "reviewed", reason,
                           json.dumps({"by": reviewer, "decision": decision, "earlier": earlier}), source)

"""The enrollments on this workstation: drafts that survive a crash, finished packages kept until
they are synced or exported, and a hash-chained audit log.

Every capture is committed in its own transaction the moment it is taken (SQLite in WAL mode with
synchronous=FULL): a crash or a power cut loses at most the capture being written, and a package
is stored in the same transaction that marks the enrollment complete, so there is never half a
package.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy import text as sql
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workstation.disk_space import TOO_LOW, SpaceCheck, space_check, write_error
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.at_rest import BlobCipher
from workstation.storage.models import AuditEntry, CaptureRecord, Enrollment

DRAFT, COMPLETE, EXPORTED, SYNCED, ACKNOWLEDGED = "draft", "complete", "exported", "synced", "acknowledged"
DISCARDED = "discarded"
REFUSED = "refused"          # the officer refused the enrollment (e.g. the face is not the chip's)
APPROVED, FLAGGED = "approved", "flagged"     # the supervisor's end-of-day review
NEXT_STATES = {DRAFT: {COMPLETE, DISCARDED, REFUSED}, COMPLETE: {EXPORTED, SYNCED}, EXPORTED: {SYNCED, ACKNOWLEDGED},
               SYNCED: {ACKNOWLEDGED}, ACKNOWLEDGED: set(), DISCARDED: set(), REFUSED: set()}
MIN_DISCARD_REASON = 5
GENESIS = "0" * 64
AUDIT_LOCK = 0x61756469740001       # the advisory lock that serializes audit appends on PostgreSQL


@dataclass(frozen=True)
class StoredCapture:
    kind: str
    name: str
    data: bytes
    created_at: datetime


def _drop_captures(session: Session, enrollment_id: str) -> int:
    """Delete a draft's captures (sealed into its package, or discarded with it); how many."""
    rows = session.scalars(select(CaptureRecord).where(CaptureRecord.enrollment_id == enrollment_id)).all()
    for row in rows:
        session.delete(row)
    return len(rows)


def _now() -> datetime:
    return datetime.now(UTC)


def _audit_hash(prev: str, at: datetime, officer: str, action: str, enrollment_id: str | None, detail: str) -> str:
    record = json.dumps([prev, at.isoformat(), officer, action, enrollment_id, detail], ensure_ascii=False)
    return hashlib.sha256(record.encode()).hexdigest()


@dataclass(frozen=True)
class Citizen:
    id_number: str
    full_name: str


class EnrollmentStore:
    def __init__(self, sessions: sessionmaker[Session], cipher: BlobCipher,
                 free_space_mb: tuple[float, float] = (0.0, 0.0)) -> None:
        self.sessions = sessions
        self.cipher = cipher
        self.free_space_mb = free_space_mb          # (warn below, refuse new drafts below); the settings give both

    def space_check(self) -> SpaceCheck | None:
        """Free space where the SQLite file is; None for a server database (its own business)."""
        folder = self._folder()
        return None if folder is None else space_check(folder, *self.free_space_mb)

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One write transaction; a full disk or an unwritable database becomes the officer's
        message (disk_space.write_error). The transaction rolls back whole, so what was committed
        before (every earlier capture) stays."""
        try:
            with self.sessions.begin() as session:
                yield session
        except (SQLAlchemyError, OSError) as exc:
            raise write_error(exc, self._where()) from exc

    def _where(self) -> str:
        folder = self._folder()
        return "the database" if folder is None else str(folder)

    def _folder(self) -> Path | None:
        bind = self.sessions.kw.get("bind")
        url = getattr(bind, "url", None)
        if url is not None and url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return Path(url.database).parent
        return None

    # -- audit ---------------------------------------------------------------------------------
    def _audit(self, session: Session, officer: str, action: str, enrollment_id: str | None, **detail: object) -> None:
        """Append to the hash chain. Appends are serialized, so two writers never both chain onto
        the same last entry: on PostgreSQL a transaction-scoped advisory lock (concurrent
        enrollments forked the chain before); SQLite already lets one writer at a time."""
        if session.get_bind().dialect.name == "postgresql":
            session.execute(sql("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
        last = session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        prev = last.hash if last is not None else GENESIS
        at = _now()
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
        session.add(AuditEntry(at=at, officer=officer, action=action, enrollment_id=enrollment_id, detail=text,
                               prev_hash=prev, hash=_audit_hash(prev, at, officer, action, enrollment_id, text)))

    def audit(self, officer: str, action: str, enrollment_id: str | None = None, **detail: object) -> None:
        with self._writing() as session:
            self._audit(session, officer, action, enrollment_id, **detail)

    def centre_answers(self, enrollment_ids: list[str]) -> dict[str, str]:
        """The centre's last answer per enrollment ("accepted", "duplicate", "already_here" or
        "rejected:<reason>"), from the audit log the sync writes."""
        if not enrollment_ids:
            return {}
        answers: dict[str, str] = {}
        with self.sessions() as session:
            for entry in session.scalars(select(AuditEntry).where(
                    AuditEntry.enrollment_id.in_(enrollment_ids),
                    AuditEntry.action.in_(("centre_answer", "centre_rejected"))).order_by(AuditEntry.id)):
                detail = json.loads(entry.detail)
                answers[str(entry.enrollment_id)] = (str(detail.get("status")) if entry.action == "centre_answer"
                                                     else f"rejected:{detail.get('reason', '')}")
        return answers

    def verify_audit(self) -> int | None:
        """The id of the first entry whose chain is broken, or None when the log is intact."""
        prev = GENESIS
        with self.sessions() as session:
            for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
                at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
                expected = _audit_hash(prev, at, entry.officer, entry.action, entry.enrollment_id, entry.detail)
                if entry.prev_hash != prev or entry.hash != expected:
                    return entry.id
                prev = entry.hash
        return None

    # -- drafts --------------------------------------------------------------------------------
    def new_draft(self, officer: str, id_number: str, full_name: str, simulated: bool) -> str:
        """A new enrollment, refused (in words) while the disk is too full to finish one."""
        check = self.space_check()
        if check is not None and check.level == TOO_LOW:
            raise WorkstationError(check.message(), f"{check.free_bytes} bytes free in {check.folder}")
        enrollment_id = str(uuid.uuid4())
        with self._writing() as session:
            now = _now()
            session.add(Enrollment(id=enrollment_id, state=DRAFT, officer=officer, simulated=simulated,
                                   created_at=now, updated_at=now,
                                   **self._citizen_columns(enrollment_id, id_number, full_name)))
            self._audit(session, officer, "draft_created", enrollment_id, simulated=simulated)
        return enrollment_id

    def add_capture(self, enrollment_id: str, kind: str, name: str, data: bytes) -> None:
        self.add_captures(enrollment_id, [(kind, name, data)])

    def add_captures(self, enrollment_id: str, items: list[tuple[str, str, bytes]]) -> None:
        """Captures taken together (the chip's files) in one transaction: all kept or none, and
        one commit instead of one per file."""
        with self._writing() as session:
            enrollment = session.get(Enrollment, enrollment_id)
            if enrollment is None or enrollment.state != DRAFT:
                raise WorkstationError(f"enrollment {enrollment_id[:8]} is not a draft")
            for kind, name, data in items:
                nonce, blob = self.cipher.seal(data, f"{enrollment_id}/{name}")
                session.add(CaptureRecord(enrollment_id=enrollment_id, kind=kind, name=name,
                                          sha256=hashlib.sha256(data).hexdigest(), nonce=nonce, blob=blob,
                                          created_at=_now()))
            enrollment.updated_at = _now()

    def captures(self, enrollment_id: str, kind: str | None = None) -> list[StoredCapture]:
        """The draft's captures, decrypted (only those of `kind` when given: no photo is decrypted
        to look for fingerprints)."""
        query = select(CaptureRecord).where(CaptureRecord.enrollment_id == enrollment_id)
        if kind is not None:
            query = query.where(CaptureRecord.kind == kind)
        with self.sessions() as session:
            rows = session.scalars(query.order_by(CaptureRecord.id)).all()
            out = []
            for row in rows:
                data = self.cipher.open(row.nonce, row.blob, f"{enrollment_id}/{row.name}")
                if hashlib.sha256(data).hexdigest() != row.sha256:
                    raise WorkstationError(f"capture {row.name} of {enrollment_id[:8]} is damaged")
                out.append(StoredCapture(row.kind, row.name, data, row.created_at))
            return out

    def drafts(self) -> list[Enrollment]:
        with self.sessions() as session:
            return list(session.scalars(select(Enrollment).where(Enrollment.state == DRAFT)
                                        .order_by(Enrollment.created_at)))

    def discard(self, enrollment_id: str, officer: str, reason: str, state: str = DISCARDED) -> None:
        """A draft the citizen will not finish (walked away, wrong person): its captures, biometrics
        included, are deleted at once; the row stays, marked discarded (or refused, when the officer
        refused the enrollment), and the audit log keeps who did it and why. Only a draft can be
        discarded: a sealed package is never lost."""
        reason = " ".join(reason.split())
        if len(reason) < MIN_DISCARD_REASON:
            raise WorkstationError(Message("Hãy ghi lý do huỷ hồ sơ nháp.", "Write why the draft is discarded."))
        with self._writing() as session:
            enrollment = session.get(Enrollment, enrollment_id)
            if enrollment is None or enrollment.state != DRAFT:
                raise WorkstationError(Message("Chỉ huỷ được hồ sơ nháp.", "Only a draft can be discarded."),
                                       f"enrollment {enrollment_id[:8]} is not a draft")
            self._discard(session, enrollment, officer, reason, state)

    def expire_drafts(self, idle_since: datetime, officer: str) -> int:
        """Discard every draft untouched since `idle_since` (a citizen who never came back): their
        photos and fingerprints must not wait on a laptop for ever. Returns how many."""
        reason = f"not finished since {idle_since.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        with self._writing() as session:
            stale = session.scalars(select(Enrollment).where(Enrollment.state == DRAFT,
                                                             Enrollment.updated_at < idle_since.astimezone(UTC))).all()
            for enrollment in stale:
                self._discard(session, enrollment, officer, reason)
            return len(stale)

    def _discard(self, session: Session, enrollment: Enrollment, officer: str, reason: str,
                 state: str = DISCARDED) -> None:
        deleted = _drop_captures(session, enrollment.id)
        enrollment.state, enrollment.updated_at = state, _now()
        self._audit(session, officer, state, enrollment.id, reason=reason, captures_deleted=deleted)

    # -- completion and after ------------------------------------------------------------------
    def complete(self, enrollment_id: str, package_id: str, package: bytes, officer: str,
                 flags: tuple[str, ...] = ()) -> None:
        """Store the sealed package and drop the draft's captures, in one transaction. `flags`:
        what the supervisor's end-of-day review should look at (see workflow.review_flags)."""
        with self._writing() as session:
            enrollment = session.get(Enrollment, enrollment_id)
            if enrollment is None or enrollment.state != DRAFT:
                raise WorkstationError(f"enrollment {enrollment_id[:8]} is not a draft")
            enrollment.state, enrollment.package_id, enrollment.package = COMPLETE, package_id, package
            enrollment.package_sha256 = hashlib.sha256(package).hexdigest()
            enrollment.updated_at = _now()
            enrollment.flags = json.dumps(list(flags)) if flags else None
            _drop_captures(session, enrollment_id)
            self._audit(session, officer, "completed", enrollment_id, package_id=package_id,
                        package_sha256=enrollment.package_sha256)

    def review(self, enrollment_id: str, decision: str, supervisor: str, note: str = "") -> None:
        """The supervisor's end-of-day decision on a flagged enrollment: approved, or flagged for
        follow-up (with a note). Audited; a later decision replaces an earlier one, both stay in
        the audit log."""
        if decision not in (APPROVED, FLAGGED):
            raise ValueError(f"unknown review decision {decision!r}")
        with self._writing() as session:
            enrollment = session.get(Enrollment, enrollment_id)
            if enrollment is None:
                raise WorkstationError(f"no enrollment {enrollment_id[:8]}")
            enrollment.review, enrollment.reviewed_by = decision, supervisor
            self._audit(session, supervisor, f"review_{decision}", enrollment_id, note=note)

    def repeats(self, enrollment: Enrollment, days: float) -> int:
        """How many other enrollments of the same citizen (not discarded) in the `days` before
        this one: the same citizen enrolled again within the period is flagged."""
        if enrollment.citizen_key is None or days <= 0:
            return 0
        created = enrollment.created_at if enrollment.created_at.tzinfo else enrollment.created_at.replace(tzinfo=UTC)
        with self.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(Enrollment).where(
                Enrollment.citizen_key == enrollment.citizen_key, Enrollment.id != enrollment.id,
                Enrollment.state != DISCARDED, Enrollment.created_at >= created - timedelta(days=days),
                Enrollment.created_at <= created)) or 0)

    def earlier_of(self, id_number: str, since: datetime) -> list[Enrollment]:
        """The saved enrollments (not drafts, discarded or refused) of the citizen with this ID
        number created since `since`, newest first: the same citizen again at the counter."""
        key = self.cipher.index(id_number)
        with self.sessions() as session:
            return list(session.scalars(select(Enrollment).where(
                or_(Enrollment.citizen_key == key, Enrollment.id_number == id_number),
                Enrollment.state.not_in((DRAFT, DISCARDED, REFUSED)),
                Enrollment.created_at >= since).order_by(Enrollment.created_at.desc())))

    def set_state(self, enrollment_id: str, state: str, officer: str) -> None:
        with self._writing() as session:
            enrollment = session.get(Enrollment, enrollment_id)
            if enrollment is None:
                raise WorkstationError(f"no enrollment {enrollment_id[:8]}")
            if state not in NEXT_STATES[enrollment.state]:
                raise WorkstationError(f"an enrollment cannot go from {enrollment.state} to {state}")
            stamp = _now()
            enrollment.state, enrollment.updated_at = state, stamp
            if state == EXPORTED:
                enrollment.exported_at = stamp
            elif state == SYNCED:
                enrollment.synced_at = stamp
            elif state == ACKNOWLEDGED:
                enrollment.acknowledged_at = stamp
            self._audit(session, officer, state, enrollment_id)

    def get(self, enrollment_id: str) -> Enrollment | None:
        with self.sessions() as session:
            return session.get(Enrollment, enrollment_id)

    def same_day(self, id_number: str, day: date | None = None) -> list[Enrollment]:
        """Enrollments of this ID number on `day` (today): two on one day are flagged."""
        day = day or _now().date()
        start = datetime.combine(day, time.min, UTC)
        with self.sessions() as session:
            return list(session.scalars(select(Enrollment).where(
                Enrollment.citizen_key == self.cipher.index(id_number), Enrollment.created_at >= start,
                Enrollment.created_at < start + timedelta(days=1))))

    # -- the citizen, at rest ----------------------------------------------------------------------
    def _citizen_columns(self, enrollment_id: str, id_number: str, full_name: str) -> dict[str, object]:
        nonce, blob = self.cipher.seal(json.dumps({"id_number": id_number, "full_name": full_name},
                                                  ensure_ascii=False).encode(), f"{enrollment_id}/citizen")
        return {"citizen_key": self.cipher.index(id_number), "citizen_nonce": nonce, "citizen_blob": blob,
                "id_number": None, "full_name": None}

    def citizen(self, enrollment: Enrollment) -> Citizen:
        """The ID number and name of an enrollment, decrypted for the screen that shows them."""
        if enrollment.citizen_blob is None or enrollment.citizen_nonce is None:
            return Citizen(enrollment.id_number or "", enrollment.full_name or "")     # not yet protected
        data = json.loads(self.cipher.open(enrollment.citizen_nonce, enrollment.citizen_blob,
                                           f"{enrollment.id}/citizen"))
        return Citizen(str(data["id_number"]), str(data["full_name"]))

    def is_citizen(self, enrollment: Enrollment, id_number: str) -> bool:
        """Is this enrollment of the citizen with this ID number (compared by keyed hash)?"""
        if enrollment.citizen_key is not None:
            return hmac.compare_digest(enrollment.citizen_key, self.cipher.index(id_number))
        return enrollment.id_number == id_number

    def protect_clear_rows(self) -> int:
        """Rows written before the citizen was encrypted (databases before migration 0004): hash
        and encrypt them, empty the clear columns (secure_delete zeroes the old bytes), and
        checkpoint the WAL so no copy stays there either. Returns how many rows were rewritten."""
        with self._writing() as session:
            rows = list(session.scalars(select(Enrollment).where(Enrollment.id_number.is_not(None))))
            for row in rows:
                for column, value in self._citizen_columns(row.id, row.id_number or "", row.full_name or "").items():
                    setattr(row, column, value)
        if rows and self._folder() is not None:
            with self.sessions() as session:
                session.execute(sql("PRAGMA wal_checkpoint(TRUNCATE)"))
        return len(rows)

    def between(self, start: datetime, end: datetime) -> list[Enrollment]:
        """Enrollments created in [start, end), newest first (the history page's day)."""
        with self.sessions() as session:
            return list(session.scalars(select(Enrollment).where(
                Enrollment.created_at >= start, Enrollment.created_at < end).order_by(Enrollment.created_at.desc())))

    def count_by_state(self) -> dict[str, int]:
        with self.sessions() as session:
            rows = session.execute(select(Enrollment.state, func.count()).group_by(Enrollment.state)).all()
            return {state: count for state, count in rows}

"""Verified intake: what the centre decides about one package, the same for an HTTPS upload and a
USB import. Every decision is audited; only accepted and duplicate packages are stored (as
received, still encrypted), with an index row: a keyed hash of the citizen id, the workstation,
the commune, the time, the status, and the package's sha256 and size.

The bytes go to the package store (object_store: a folder or S3) *before* the database
transaction, and the index row keeps only their reference (sha256, size): a row never names an
object that is not there. A store that does not answer is `unavailable` (HTTP 503, audited,
nothing decided: the workstation sends the package again later); an object written whose
transaction then failed is an orphan, harmless (content-addressed, written once) and found by
comparing the store's keys with the index.

Checks, in order, each refusal with a machine-readable reason:
  bad_id            the package id is not a UUID
  too_large         over MAX_PACKAGE bytes
  caller_unknown    (HTTPS) the TLS client is not an onboarded workstation
  caller_revoked    (HTTPS) it was revoked
  conflict          another package was already received under this id
  format, recipient, decryption, signer, signature, certificate, schema, files, capture_chain
                    the package itself (core.package.verify, against the *registered* key); a
                    package the verifier cannot read at all is `format` (fail closed)
  uploader_not_signer  signed by one workstation, uploaded (or re-sent) by another
  id_mismatch       the id in the package is not the one it was sent under
  simulated         a simulated (test) enrollment
  envelope          (enveloped packages, envelope.py) the envelope contradicts the manifest inside
  envelope_missing  (intake node) a package without a signed envelope, which only the node that
                    holds the package key can check
and, not a refusal but "not now": status `unavailable`, reason store_unreachable /
store_credentials_refused / object_corrupt / ... (the store's error code).
A citizen already enrolled at another workstation within `duplicate_days` is stored as "duplicate"
for review; citizens are decided one at a time (a PostgreSQL advisory lock keyed by the citizen's
hash; SQLite's write lock), so two workstations sending the same citizen at once are flagged
exactly. The same bytes again from their own signer are "already_here" (idempotent).

Two ways to run it (docs/centre-storage.md "Who holds the package key"):
  - a full centre (`Centre`, the small site) checks everything at once, as above;
  - an intake node (`IntakeNode`, holding no package key) checks what the signed envelope lets it
    check without decrypting (the registered signer, the uploader, the id, the recipient, the
    sealed bytes' hash, the simulated flag), stores the package as `received` and queues an `open`
    job; the node that holds the package key opens it later (opening.py), checks the rest, and
    decides accepted / duplicate / rejected, exactly as above. The workstation hears `received`
    (HTTP 202): the centre holds its package, the decision follows.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workstation.centre import jobs
from workstation.centre.audit import clean
from workstation.centre.authority import Centre, IntakeNode
from workstation.centre.models import ReceivedPackage, RegisteredWorkstation
from workstation.centre.object_store import ObjectRef, ObjectStore, ObjectStoreError
from workstation.centre.object_store.base import verified
from workstation.centre.registry import Registry
from workstation.core.package import envelope as outer
from workstation.core.package.keys import fingerprint
from workstation.core.package.verify import RegisteredSigner, verify_package

log = logging.getLogger(__name__)
MAX_PACKAGE = 8 * 1024 * 1024
ACCEPTED, DUPLICATE, ALREADY_HERE, REJECTED = "accepted", "duplicate", "already_here", "rejected"
RECEIVED = "received"           # stored by an intake node, to be opened and decided (opening.py)
STORED = (ACCEPTED, DUPLICATE, RECEIVED)
RECIPIENT_DETAIL = ("the package was sealed for another centre's key: a workstation not registered here, "
                    "or a simulated (test) workstation, which seals for its own test key")
UNAVAILABLE = "unavailable"     # nothing decided (the package store did not take it): send again later


@dataclass(frozen=True)
class Decision:
    package_id: str
    status: str                 # accepted | duplicate | received | already_here | rejected
    reason: str = ""            # machine-readable, see the module docstring
    detail: str = ""            # the technical explanation (never personal data)

    def as_dict(self) -> dict[str, str]:
        return {"package_id": self.package_id, "status": self.status, "reason": self.reason, "detail": self.detail}


@dataclass
class Intake:
    registry: Registry
    centre: Centre | IntakeNode         # an IntakeNode holds no package key: it stores, opening.py decides
    duplicate_days: float = 30.0
    accept_simulated: bool = False      # only a test centre takes simulated enrollments
    store: ObjectStore | None = None    # None: the default folder store, <centre folder>/packages
    intake_url: str = ""                # told to workstations at registration: where to send packages

    def __post_init__(self) -> None:
        self.registry.trust(self.centre.ca_certificate)      # a workstation is known by the CA's certificate
        if self.store is None:
            from workstation.centre.object_store import from_settings

            self.store = from_settings(None, self.centre.folder)

    @property
    def opens(self) -> bool:
        """Whether this intake holds the package key (and so decides at once)."""
        return isinstance(self.centre, Centre)

    def read_package(self, row: ReceivedPackage) -> bytes:
        assert self.store is not None
        return read_package(self.store, row)

    def citizen_key(self, citizen_id: str) -> str:
        assert isinstance(self.centre, Centre), "only the node that holds the package key knows the index key"
        return citizen_key(self.centre, citizen_id)

    def decide(self, package_id: str, data: bytes, caller: str | None, channel: str, source: str = "") -> Decision:
        digest = hashlib.sha256(data).hexdigest()
        audit = _Audit(caller or "-", channel, json.dumps({"sha256": digest, "size": len(data)}), source)
        decision = self._decide(package_id, data, caller, digest, audit)
        if decision.status not in STORED:                    # a stored package was audited with it
            self.registry.audit(decision.package_id, audit.caller, channel, decision.status, decision.reason,
                                source=source, sha256=digest, size=len(data), detail=decision.detail)
        return decision

    def status(self, package_id: str, caller: str | None) -> Decision | None:
        """What became of `package_id` (GET /packages/{id}/status), for its owner only: the stored
        package's status when `caller` signed it, or the last refusal of `caller`'s own upload under
        that id; None when the centre holds nothing of the caller's under that id."""
        with self.registry.sessions() as session:
            stored = session.get(ReceivedPackage, package_id)
        if stored is not None:
            return Decision(package_id, stored.status, stored.reason) if stored.workstation_id == caller else None
        refused = [d for d in self.registry.decisions(package_id) if d.status == REJECTED and d.workstation_id == caller]
        return Decision(package_id, REJECTED, refused[-1].reason) if refused else None

    def _decide(self, package_id: str, data: bytes, caller: str | None, digest: str, audit: "_Audit") -> Decision:
        try:
            package_id = str(uuid.UUID(package_id))
        except (ValueError, TypeError, AttributeError):
            return Decision(clean(package_id, 64), REJECTED, "bad_id", "the package id is not a UUID")
        if len(data) > MAX_PACKAGE:
            return Decision(package_id, REJECTED, "too_large", f"{len(data)} bytes (at most {MAX_PACKAGE})")
        with self.registry.sessions() as session:          # one connection for both questions
            record = session.get(RegisteredWorkstation, caller) if caller is not None else None
            existing = session.get(ReceivedPackage, package_id)
        if caller is not None:
            if record is None:
                return Decision(package_id, REJECTED, "caller_unknown", "the client is not an onboarded workstation")
            if record.status != "active":
                return Decision(package_id, REJECTED, "caller_revoked", "the client workstation was revoked")
        if existing is not None:
            return _against_stored(package_id, digest, existing, caller)

        def signer(workstation_id: str) -> RegisteredSigner | None:
            # the caller's record was just read: no second trip to the database for the usual case
            if record is not None and workstation_id == record.id:
                return self.registry.signer_of(record)
            return self.registry.signer(workstation_id)

        envelope = None
        if outer.is_enveloped(data):
            checked = self._check_envelope(package_id, data, caller, signer)
            if isinstance(checked, Decision):
                return checked
            envelope = checked
        if not isinstance(self.centre, Centre):           # an intake node: stored unopened, decided later
            if envelope is None:
                return Decision(package_id, REJECTED, "envelope_missing",
                                "a package without a signed envelope (sealed by a workstation older than 0.2): only "
                                "the centre's decrypting node can check it; import it there by USB")
            return self._keep(package_id, envelope.workstation_id, None, data, digest, audit)
        try:
            report = verify_package(data, self.centre.package_key, signer, checked_envelope=envelope)
        except Exception as exc:  # noqa: BLE001 - fail closed: a package the verifier cannot read is refused
            log.warning("the verifier failed on package %s: %s", package_id, type(exc).__name__)
            return Decision(package_id, REJECTED, "format", f"the package cannot be read ({type(exc).__name__})")
        if not report.ok:
            reason = report.first_failure() or "format"
            detail = report.problems[0] if report.problems else ""
            if reason == "recipient":
                detail = RECIPIENT_DETAIL
            return Decision(package_id, REJECTED, reason, detail)
        manifest = report.manifest or {}
        workstation = manifest.get("workstation")
        signer = str(workstation.get("id", "")) if isinstance(workstation, dict) else ""
        if caller is not None and signer != caller:
            return Decision(package_id, REJECTED, "uploader_not_signer",
                            "the package is signed by another workstation than the one uploading it")
        if str(manifest.get("package_id")) != package_id:
            return Decision(package_id, REJECTED, "id_mismatch", "the id inside the package differs")
        if manifest.get("simulated") and not self.accept_simulated:
            return Decision(package_id, REJECTED, "simulated", "a simulated enrollment is never a real one")
        person = manifest.get("citizen")
        citizen = self.citizen_key(str(person.get("id_number", "") if isinstance(person, dict) else ""))
        return self._keep(package_id, signer, citizen, data, digest, audit)

    def _check_envelope(self, package_id: str, data: bytes, caller: str | None,
                        signer: "Callable[[str], RegisteredSigner | None]") -> "outer.Envelope | Decision":
        """The checks an enveloped package gets before anything is stored, by any node: against
        the key registered for the workstation the envelope names; the envelope when they all
        hold, else the refusal."""
        try:
            envelope = outer.read(data)
        except outer.EnvelopeError as exc:
            return Decision(package_id, REJECTED, exc.reason, exc.detail)
        if caller is not None and envelope.workstation_id != caller:
            return Decision(package_id, REJECTED, "uploader_not_signer",
                            "the package is signed by another workstation than the one uploading it")
        registered = signer(envelope.workstation_id)
        if registered is None:
            return Decision(package_id, REJECTED, "signer",
                            f"signer not registered: workstation {clean(envelope.workstation_id, 64)} is not onboarded")
        if registered.revoked:
            return Decision(package_id, REJECTED, "signer", "signer revoked: the workstation was revoked")
        try:
            outer.check(envelope, registered.key, fingerprint(self.centre.package_public))
        except outer.EnvelopeError as exc:
            return Decision(package_id, REJECTED, exc.reason, RECIPIENT_DETAIL if exc.reason == "recipient" else exc.detail)
        if envelope.package_id != package_id:
            return Decision(package_id, REJECTED, "id_mismatch", "the id in the envelope differs")
        if envelope.simulated and not self.accept_simulated:
            return Decision(package_id, REJECTED, "simulated", "a simulated enrollment is never a real one")
        return envelope

    def _keep(self, package_id: str, signer: str, citizen: str | None, data: bytes, digest: str,
              audit: "_Audit") -> Decision:
        """First the bytes into the store, then the row that names them (`citizen` None: an
        intake node's package, stored unopened)."""
        assert self.store is not None
        try:
            self.store.put(data)
        except ObjectStoreError as exc:
            # the centre's own problem (down, credentials, even a corrupt object under this key):
            # never the workstation's, so never a refusal; its package stays there to be sent again
            log.warning("package %s not stored: %s", package_id, exc.reason)
            return Decision(package_id, UNAVAILABLE, exc.reason,
                            "the package store did not take the package; nothing was decided, send it again later")
        return self._store(package_id, signer, citizen, data, digest, audit)

    def _store(self, package_id: str, signer: str, citizen: str | None, data: bytes, digest: str,
               audit: "_Audit") -> Decision:
        """The package, its index row and the audit entry of the decision in one transaction."""
        now = datetime.now(UTC)
        try:
            with self.registry.sessions.begin() as session:
                if session.get_bind().dialect.name == "postgresql":
                    # one id at a time: the index partitioned by month (c0013) cannot hold a
                    # unique key on the id alone, so the id is checked under its own lock
                    session.execute(text("SELECT pg_advisory_xact_lock(22, :key)"), {"key": _id_lock_key(package_id)})
                    if session.scalars(select(ReceivedPackage.package_id)
                                       .where(ReceivedPackage.package_id == package_id)).first() is not None:
                        raise _AlreadyStored
                commune = session.get(RegisteredWorkstation, signer).commune
                if citizen is None:
                    status, reason, earlier = RECEIVED, "", None
                else:
                    status, reason, earlier = decide_citizen(session, citizen, signer, now, self.duplicate_days)
                session.add(ReceivedPackage(package_id=package_id, workstation_id=signer, commune=commune,
                                            sha256=digest, size=len(data), received_at=now, status=status,
                                            reason=reason, citizen_key=citizen or "", package=None))
                self.registry.add_audit(session, package_id, audit.caller, audit.channel, status, reason, audit.detail,
                                        audit.source)
                if status == DUPLICATE:          # its review is queued with it, or neither is kept
                    jobs.enqueue(session, "review", package_id, earlier=earlier)
                elif status == RECEIVED:         # and its opening likewise
                    jobs.enqueue(session, "open", package_id)
        except (IntegrityError, _AlreadyStored):
            # another upload of the same id won the race: same bytes are fine, other bytes are not
            with self.registry.sessions() as session:
                existing = session.get(ReceivedPackage, package_id)
            if existing is None:
                return Decision(package_id, REJECTED, "conflict", "other bytes were already received under this id")
            return _against_stored(package_id, digest, existing, audit.caller if audit.caller != "-" else None)
        return Decision(package_id, status, reason)


def citizen_key(centre: Centre, citizen_id: str) -> str:
    """The citizen's keyed hash in the index: HMAC with a key derived from the package key."""
    return hmac.new(centre.index_key(), citizen_id.encode(), hashlib.sha256).hexdigest()


def decide_citizen(session: Session, citizen: str, signer: str, now: datetime,
                   duplicate_days: float) -> tuple[str, str, str | None]:
    """(status, reason, the earlier package) for a package of `citizen` from `signer`: a duplicate
    when another workstation's package of the same citizen was stored within `duplicate_days`.
    One citizen at a time: two workstations sending the same citizen at once both see the other's
    row (PostgreSQL: an advisory lock on the citizen's hash, held to the end of the transaction;
    SQLite: the transaction already holds the write lock)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(citizen)})
    since = now - timedelta(days=duplicate_days)
    earlier = session.scalars(select(ReceivedPackage.package_id).where(
        ReceivedPackage.citizen_key == citizen, ReceivedPackage.received_at >= since,
        ReceivedPackage.status.in_((ACCEPTED, DUPLICATE)),
        ReceivedPackage.workstation_id != signer).order_by(ReceivedPackage.received_at)).first()
    return (DUPLICATE, "citizen_enrolled_elsewhere", earlier) if earlier else (ACCEPTED, "", None)


def read_package(store: ObjectStore, row: ReceivedPackage) -> bytes:
    """A stored package's bytes, re-verified against the index's sha256 and size: from the store,
    or from the database column for a row received before the store (c0011). ObjectMissing /
    ObjectCorrupt / StoreUnreachable otherwise; wrong bytes are never returned."""
    ref = ObjectRef(row.sha256, row.size)
    if row.package is not None:
        return verified(ref, bytes(row.package), "centre_packages")
    return store.get(ref)


@dataclass(frozen=True)
class _Audit:
    caller: str
    channel: str
    detail: str
    source: str = ""


class _AlreadyStored(Exception):
    """Another upload of the same id was stored first (found under the id's lock)."""


def _id_lock_key(package_id: str) -> int:
    """A 31-bit key of the package id (the two-key advisory lock space, class 22)."""
    return int(hashlib.sha256(package_id.encode()).hexdigest()[:8], 16) & 0x7FFF_FFFF


def _lock_key(citizen: str) -> int:
    """The citizen's advisory lock key: 63 bits of the (already keyed) citizen hash."""
    return int(citizen[:16], 16) & 0x7FFF_FFFF_FFFF_FFFF


def _against_stored(package_id: str, digest: str, existing: ReceivedPackage, caller: str | None) -> Decision:
    """The same id again: the same bytes from their own signer (or by USB, where the signature is
    what was checked) are "already here", other bytes a conflict; another workstation re-sending
    them is refused, as it would be for a new package."""
    if caller is not None and caller != existing.workstation_id:
        return Decision(package_id, REJECTED, "uploader_not_signer",
                        "the package is signed by another workstation than the one uploading it")
    if existing.sha256 == digest and existing.status == REJECTED:     # refused when it was opened
        return Decision(package_id, REJECTED, existing.reason, "these bytes were refused when the centre opened them")
    if existing.sha256 == digest:
        return Decision(package_id, ALREADY_HERE, existing.status)
    return Decision(package_id, REJECTED, "conflict", "other bytes were already received under this id")

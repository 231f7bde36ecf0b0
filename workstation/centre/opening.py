"""Opening what an intake node stored: the `open` job, run by `centre worker` on the node that
holds the package key.

An intake node (intake.py, `IntakeNode`) checked the envelope against the registered key and
stored the package as `received`. Here the package is read back (sha256 re-verified), decrypted
and checked whole (core.package.verify: the manifest's signature with the registered key, the
files, the capture chain, and the envelope against the manifest), and decided as a full centre
would have decided at upload: accepted, duplicate (its review queued) or rejected with the
verifier's reason. The decision is one transaction with its audit entry (channel `open`).

A package received while its workstation was active is judged by the key registered then, even
if the workstation was revoked since (revocation stops *new* packages: a laptop stolen tonight
does not void this morning's enrollments); one received after the revocation is refused. The job
can run twice (a worker that died holding it): a row no longer `received` is left as it is.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC

from workstation.centre import jobs
from workstation.centre.authority import Centre
from workstation.centre.intake import DUPLICATE, RECEIVED, REJECTED, citizen_key, decide_citizen, read_package
from workstation.centre.models import ReceivedPackage
from workstation.centre.object_store import ObjectStore
from workstation.centre.registry import Registry
from workstation.core.package.verify import RegisteredSigner, verify_package

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opened:
    package_id: str
    status: str                  # accepted | duplicate | rejected, or "" when the row was not `received`
    reason: str = ""


@dataclass(frozen=True)
class Checked:
    """A stored package checked whole by the node that holds the package key: `reason` is ""
    when it holds (then `citizen` is its keyed citizen hash), else the refusal's code."""

    reason: str
    detail: str = ""
    citizen: str = ""
    simulated: bool = False


def check_stored(registry: Registry, centre: Centre, row: ReceivedPackage, data: bytes) -> Checked:
    """Everything about a stored package's bytes, against what the centre holds: the manifest's
    signature with the key its CA certified for the workstation *when the package was received*
    (revoked later still counts, revoked before does not), files, chain, envelope; the signer is
    the workstation that sent it; the id is the index's. Used when a package is opened and again
    before it is exported (the index row alone is not trusted: see docs/centre-storage.md)."""
    registry.trust(centre.ca_certificate)
    received_at = row.received_at if row.received_at.tzinfo else row.received_at.replace(tzinfo=UTC)

    def signer_then(workstation_id: str) -> RegisteredSigner | None:
        record = registry.workstation(workstation_id)
        if record is None:
            return None
        signer = registry.signer_of(record)
        revoked_at = record.revoked_at
        if signer is not None and revoked_at is not None:
            revoked_at = revoked_at if revoked_at.tzinfo else revoked_at.replace(tzinfo=UTC)
            signer = RegisteredSigner(signer.workstation_id, signer.key, revoked_at <= received_at, signer.commune)
        return signer

    try:
        report = verify_package(data, centre.package_key, signer_then)
    except Exception as exc:  # noqa: BLE001 - fail closed: a package the verifier cannot read is refused
        log.warning("the verifier failed on package %s: %s", row.package_id, type(exc).__name__)
        return Checked("format", f"the package cannot be read ({type(exc).__name__})")
    if not report.ok:
        return Checked(report.first_failure() or "format", report.problems[0] if report.problems else "")
    manifest = report.manifest or {}
    workstation = manifest.get("workstation")
    if (str(workstation.get("id", "")) if isinstance(workstation, dict) else "") != row.workstation_id:
        return Checked("uploader_not_signer", "the package is signed by another workstation than the one that sent it")
    if str(manifest.get("package_id")) != row.package_id:
        return Checked("id_mismatch", "the id inside the package differs")
    person = manifest.get("citizen")
    return Checked("", "", citizen_key(centre, str(person.get("id_number", "") if isinstance(person, dict) else "")),
                   manifest.get("simulated") is True)


def open_received(registry: Registry, store: ObjectStore, centre: Centre, job: jobs.Claimed,
                  duplicate_days: float = 30.0, accept_simulated: bool = False) -> Opened:
    """Decide the package `job.ref`; the job is finished here (done), or raises for a retry. A
    simulated enrollment is refused unless this worker is a test centre's (`accept_simulated`):
    the intake node's own setting is not enough, a node must not decide what counts."""
    with registry.sessions() as session:
        row = session.get(ReceivedPackage, job.ref)
        if row is not None:
            session.expunge(row)
    if row is None or row.status != RECEIVED:
        jobs.finish(registry, job.id, jobs.DONE, "already decided" if row is not None else "no such package")
        return Opened(job.ref, "")
    checked = check_stored(registry, centre, row, read_package(store, row))   # ObjectStoreError: retried
    if checked.reason:
        return _decide(registry, job, row, REJECTED, checked.reason, "", checked.detail)
    if checked.simulated and not accept_simulated:
        return _decide(registry, job, row, REJECTED, "simulated", "", "a simulated enrollment is never a real one")
    return _decide(registry, job, row, "", "", checked.citizen, "", duplicate_days)


def _decide(registry: Registry, job: jobs.Claimed, row: ReceivedPackage, status: str, reason: str, citizen: str,
            detail: str, duplicate_days: float = 30.0) -> Opened:
    """One transaction: the row's status (for an opened citizen, decided against the index under
    the citizen's lock), its audit entry and the review job of a duplicate; then this job done (a
    database error raises: the worker records the job failed and it is tried again)."""
    with registry.sessions.begin() as session:
        stored = session.get(ReceivedPackage, row.package_id, with_for_update=True)
        if stored is not None and stored.status == RECEIVED:
            earlier = None
            if citizen:
                received_at = row.received_at if row.received_at.tzinfo else row.received_at.replace(tzinfo=UTC)
                status, reason, earlier = decide_citizen(session, citizen, row.workstation_id, received_at,
                                                         duplicate_days)
                stored.citizen_key = citizen
            stored.status, stored.reason = status, reason
            registry.add_audit(session, row.package_id, row.workstation_id, "open", status, reason, detail[:300], "")
            if status == DUPLICATE:
                jobs.enqueue(session, "review", row.package_id, earlier=earlier)
        else:                                   # another worker decided it meanwhile
            status, reason = "", ""
    jobs.finish(registry, job.id, jobs.DONE, f"{status}{': ' + reason if reason else ''}" or "already decided")
    return Opened(row.package_id, status, reason)

"""The queue after intake, in the centre's own database (no new server to run): a job is a row of
centre_jobs (kind, ref, payload, state, attempts, locked_until).

    queued ──claim──▶ running ──done──▶ done
                         │  └─needs a person──▶ waiting (a duplicate awaiting its reviewer)
                         └─failed──▶ queued again (after a pause) … failed after MAX_ATTEMPTS

Claiming is one transaction: PostgreSQL `SELECT ... FOR UPDATE SKIP LOCKED` hands each worker a
different row without waiting on the others' locks (several `centre worker` processes or nodes);
SQLite's write lock (BEGIN IMMEDIATE, registry.centre_engine) does the same for a small site's one
worker. A worker that dies holding a job lets `locked_until` pass, and the job is taken again:
handlers are written to be run twice safely (a review prepared again, an export's packages
already marked are not exported twice).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workstation.centre.models import Job
from workstation.centre.registry import Registry

log = logging.getLogger(__name__)
QUEUED, RUNNING, WAITING, DONE, FAILED = "queued", "running", "waiting", "done", "failed"
MAX_ATTEMPTS = 5
LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class Claimed:
    id: int
    kind: str
    ref: str
    payload: dict
    attempts: int


def enqueue(session: Session, kind: str, ref: str, **payload: object) -> None:
    """A new job, in the caller's transaction (the intake's: the duplicate and its review job
    are committed together or not at all)."""
    now = datetime.now(UTC)
    session.add(Job(kind=kind, ref=ref, payload=json.dumps(payload, ensure_ascii=False), state=QUEUED, attempts=0,
                    created_at=now, updated_at=now, result=""))


def claim(registry: Registry, kinds: tuple[str, ...] | None = None) -> Claimed | None:
    """The oldest job ready to run (queued, or running with its lease passed), now leased to
    this worker; None when there is none."""
    now = datetime.now(UTC)
    with registry.sessions.begin() as session:
        # queued (a retried one once its pause is over), or running with its lease passed
        ready = or_((Job.state == QUEUED) & (Job.locked_until.is_(None) | (Job.locked_until < now)),
                    (Job.state == RUNNING) & (Job.locked_until < now))
        query = (select(Job).where(ready)
                 .order_by(Job.id).limit(1).with_for_update(skip_locked=True))
        if kinds:
            query = query.where(Job.kind.in_(kinds))
        job = session.scalars(query).first()
        if job is None:
            return None
        job.state, job.attempts, job.locked_until, job.updated_at = RUNNING, job.attempts + 1, now + LEASE, now
        return Claimed(job.id, job.kind, job.ref, json.loads(job.payload or "{}"), job.attempts)


def finish(registry: Registry, job_id: int, state: str, result: str = "", payload: dict | None = None) -> None:
    """done / waiting, or a failure: queued again while attempts remain (after the lease), else failed."""
    now = datetime.now(UTC)
    with registry.sessions.begin() as session:
        job = session.get(Job, job_id)
        if job is None:
            return
        if state == FAILED and job.attempts < MAX_ATTEMPTS:
            state = QUEUED
            job.locked_until = now + timedelta(seconds=30 * job.attempts)
        else:
            job.locked_until = None
        job.state, job.result, job.updated_at = state, result[:2000], now
        if payload is not None:
            job.payload = json.dumps(payload, ensure_ascii=False)


def set_state(session: Session, kind: str, ref: str, state: str, result: str = "") -> None:
    """Close the job(s) of `kind` about `ref` (a reviewer decided), in the caller's transaction."""
    for job in session.scalars(select(Job).where(Job.kind == kind, Job.ref == ref, Job.state != DONE)):
        job.state, job.result, job.updated_at, job.locked_until = state, result, datetime.now(UTC), None


def counts(registry: Registry) -> dict[str, dict[str, int]]:
    """kind → state → how many (`centre worker --once --json`, the console)."""
    from sqlalchemy import func

    with registry.sessions() as session:
        rows = session.execute(select(Job.kind, Job.state, func.count()).group_by(Job.kind, Job.state)).all()
    out: dict[str, dict[str, int]] = {}
    for kind, state, n in rows:
        out.setdefault(kind, {})[state] = int(n)
    return out

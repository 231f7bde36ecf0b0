"""The queue after intake, in the centre's own database (no new server to run): a job is a row of
centre_jobs (kind, ref, payload, state, attempts, locked_until).

    queued ──claim──▶ running ──done──▶ done
                         │  └─needs a person──▶ waiting (a duplicate awaiting its reviewer)
                         └─failed──▶ queued again (after a pause) … failed after MAX_ATTEMPTS
    failed ──retry (`centre jobs --retry`, audited)──▶ queued, attempts 0

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
from typing import Any
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workstation.centre.models import Job
from workstation.centre.registry import Registry
from workstation.errors import WorkstationError
from workstation.messages import Message

log = logging.getLogger(__name__)
QUEUED, RUNNING, WAITING, DONE, FAILED = "queued", "running", "waiting", "done", "failed"
STATES = (QUEUED, RUNNING, WAITING, DONE, FAILED)
KINDS = ("open", "review", "export")
MAX_ATTEMPTS = 5
LEASE = timedelta(minutes=5)
# The pause before attempt n+1 after n failures. Most jobs: 30 s × n (a database hiccup, a worker
# restart). An `open` job fails mostly because the package store cannot give the object back: a
# share being remounted, an S3 endpoint down for maintenance, a disk being restored. Those last
# minutes to hours, so 30 s × n (5 attempts in 5 minutes) turned a short outage into packages
# `received` for good; the `open` pauses (1, 5, 30, 120 minutes: failed after about 2.6 hours)
# let an outage heal on its own, and `centre jobs --retry-failed` takes what remains after the
# cause is fixed (a corrupt object does not heal: it fails at the end, listed by `centre jobs`).
OPEN_PAUSES = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(minutes=120))


@dataclass(frozen=True)
class Claimed:
    id: int
    kind: str
    ref: str
    payload: dict[str, Any]
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


def finish(registry: Registry, job_id: int, state: str, result: str = "", payload: dict[str, Any] | None = None) -> None:
    """done / waiting, or a failure: queued again while attempts remain (after the lease), else failed."""
    now = datetime.now(UTC)
    with registry.sessions.begin() as session:
        job = session.get(Job, job_id)
        if job is None:
            return
        if state == FAILED and job.attempts < MAX_ATTEMPTS:
            state = QUEUED
            job.locked_until = now + pause(job.kind, job.attempts)
        else:
            job.locked_until = None
        job.state, job.result, job.updated_at = state, result[:2000], now
        if payload is not None:
            job.payload = json.dumps(payload, ensure_ascii=False)


def pause(kind: str, attempts: int) -> timedelta:
    """How long a job that has failed `attempts` times waits before it is claimed again."""
    if kind == "open":
        return OPEN_PAUSES[min(max(attempts, 1), len(OPEN_PAUSES)) - 1]
    return timedelta(seconds=30 * attempts)


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


@dataclass(frozen=True)
class JobRow:
    """One job as `centre jobs` lists it (never its payload: a review's carries package ids)."""

    id: int
    kind: str
    ref: str
    state: str
    attempts: int
    result: str
    updated_at: datetime

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "ref": self.ref, "state": self.state, "attempts": self.attempts,
                "result": self.result, "updated_at": self.updated_at.isoformat()}


def _row(job: Job) -> JobRow:
    updated = job.updated_at if job.updated_at.tzinfo else job.updated_at.replace(tzinfo=UTC)
    return JobRow(job.id, job.kind, job.ref, job.state, job.attempts, job.result or "", updated)


def _check(state: str | None, kind: str | None) -> None:
    if state is not None and state not in STATES:
        raise WorkstationError(Message(f"Không có trạng thái công việc {state[:20]!r}.",
                                       f"No job state {state[:20]!r} (one of {', '.join(STATES)})."))
    if kind is not None and kind not in KINDS:
        raise WorkstationError(Message(f"Không có loại công việc {kind[:20]!r}.",
                                       f"No job kind {kind[:20]!r} (one of {', '.join(KINDS)})."))


def list_jobs(registry: Registry, state: str | None = None, kind: str | None = None, limit: int = 100) -> list[JobRow]:
    """The jobs, newest first, at most `limit` (`centre jobs`)."""
    _check(state, kind)
    query = select(Job).order_by(Job.id.desc()).limit(max(1, limit))
    if state is not None:
        query = query.where(Job.state == state)
    if kind is not None:
        query = query.where(Job.kind == kind)
    with registry.sessions() as session:
        return [_row(job) for job in session.scalars(query)]


def retry(registry: Registry, actor: str, job_id: int | None = None, kind: str | None = None) -> list[JobRow]:
    """Failed job(s) queued again with their attempts reset: `job_id`, or every failed job (of
    `kind`). One transaction; each retry is an audit entry (channel `admin`, status `retried`,
    reason `job_retry`, package_id the job's ref, detail: by, job, kind, attempts, last result),
    as `unrevoke` audits an administrator's undoing. A job that is not failed is refused: a
    queued or running one is already going to run, a done one must not run twice."""
    _check(None, kind)
    now = datetime.now(UTC)
    with registry.sessions.begin() as session:
        if job_id is not None:
            job = session.get(Job, job_id, with_for_update=True)
            if job is None:
                raise WorkstationError(Message(f"Không có công việc {job_id}.", f"No job {job_id}."))
            if job.state != FAILED:
                raise WorkstationError(Message(f"Công việc {job_id} đang ở trạng thái {job.state}, không phải failed.",
                                               f"Job {job_id} is {job.state}, not failed: only a failed job is retried."))
            found = [job]
        else:
            query = select(Job).where(Job.state == FAILED).order_by(Job.id).with_for_update(skip_locked=True)
            if kind is not None:
                query = query.where(Job.kind == kind)
            found = list(session.scalars(query))
        for job in found:
            detail = {"by": actor, "job": job.id, "kind": job.kind, "attempts": job.attempts,
                      "result": (job.result or "")[:200]}
            job.state, job.attempts, job.locked_until, job.updated_at = QUEUED, 0, None, now
            job.result = f"retried by {actor}"[:2000]
            registry.add_audit(session, job.ref[:64] or "-", "-", "admin", "retried", "job_retry",
                               json.dumps(detail, ensure_ascii=False))
        rows = [_row(job) for job in found]
    if rows:
        log.info("%d failed job(s) queued again by %s", len(rows), actor)
    return rows

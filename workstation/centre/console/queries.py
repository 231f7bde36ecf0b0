"""What the console's pages read: read-only queries over the centre's index tables
(centre_intake_audit, centre_packages, centre_workstations), each bounded by an indexed range or a
page size, so a page costs the same with a thousand rows or a million (`python -m bench console`).

Days are Vietnam's (UTC+7, no daylight saving); the database holds UTC."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.centre.models import IntakeDecision, ReceivedPackage, RegisteredWorkstation

VN = timezone(timedelta(hours=7), "ICT")
# the decisions about packages: at upload (https, usb), or when an intake node's package is opened
# (open); an intake node's "received" is not a decision and is counted apart (DaySummary.waiting)
INTAKE_CHANNELS = ("https", "usb", "open")
CONTACT_CHANNELS = ("https", "usb", "register")
PAGE_SIZE = 50
TREND_DAYS = 7


def utc(value: datetime) -> datetime:
    """A stored time as aware UTC (SQLite gives it back naive)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local(value: datetime | None) -> datetime | None:
    return None if value is None else utc(value).astimezone(VN)


def today() -> date:
    return datetime.now(VN).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), VN).astimezone(UTC)
    return start, start + timedelta(days=1)


@dataclass(frozen=True)
class CommuneDay:
    commune: str
    accepted: int
    duplicate: int
    again: int
    rejected: int

    @property
    def total(self) -> int:
        return self.accepted + self.duplicate + self.again + self.rejected


@dataclass(frozen=True)
class DayTotals:
    day: date
    accepted: int
    duplicate: int
    rejected: int


@dataclass(frozen=True)
class DaySummary:
    day: date
    accepted: int
    duplicate: int
    again: int
    rejected: int
    reasons: list[tuple[str, int]]          # refusal reason → count, most first
    communes: list[CommuneDay]              # the most decisions first
    trend: list[DayTotals]                  # the last TREND_DAYS days, oldest first
    waiting: int = 0                        # stored by intake nodes, not yet opened (now, not that day)


def _counts(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    rows = session.execute(select(IntakeDecision.status, func.count())
                           .where(IntakeDecision.at >= start, IntakeDecision.at < end,
                                  IntakeDecision.channel.in_(INTAKE_CHANNELS))
                           .group_by(IntakeDecision.status))
    return {status: count for status, count in rows}


def day_summary(session: Session, day: date) -> DaySummary:
    start, end = day_bounds(day)
    rows = session.execute(
        select(RegisteredWorkstation.commune, IntakeDecision.status, IntakeDecision.reason, func.count())
        .select_from(IntakeDecision)
        .outerjoin(RegisteredWorkstation, RegisteredWorkstation.id == IntakeDecision.workstation_id)
        .where(IntakeDecision.at >= start, IntakeDecision.at < end, IntakeDecision.channel.in_(INTAKE_CHANNELS))
        .group_by(RegisteredWorkstation.commune, IntakeDecision.status, IntakeDecision.reason)).all()
    by_commune: dict[str, dict[str, int]] = {}
    reasons: dict[str, int] = {}
    totals = {"accepted": 0, "duplicate": 0, "already_here": 0, "rejected": 0}
    for commune, status, reason, count in rows:
        key = commune or "—"
        counts = by_commune.setdefault(key, {})
        counts[status] = counts.get(status, 0) + count
        totals[status] = totals.get(status, 0) + count
        if status == "rejected":
            reasons[reason] = reasons.get(reason, 0) + count
    communes = [CommuneDay(c, v.get("accepted", 0), v.get("duplicate", 0), v.get("already_here", 0),
                           v.get("rejected", 0)) for c, v in by_commune.items()]
    communes.sort(key=lambda c: (-(c.accepted + c.duplicate + c.rejected), c.commune))   # as the chart's bars
    trend = []
    for back in range(TREND_DAYS - 1, -1, -1):
        when = day - timedelta(days=back)
        counts = _counts(session, *day_bounds(when))
        trend.append(DayTotals(when, counts.get("accepted", 0), counts.get("duplicate", 0), counts.get("rejected", 0)))
    waiting = session.scalar(select(func.count()).select_from(ReceivedPackage)
                             .where(ReceivedPackage.status == "received")) or 0
    return DaySummary(day, totals["accepted"], totals["duplicate"], totals["already_here"], totals["rejected"],
                      sorted(reasons.items(), key=lambda r: (-r[1], r[0])), communes, trend, int(waiting))


LATE_OPENING = timedelta(minutes=30)


@dataclass(frozen=True)
class QueueWarnings:
    """What the day's page warns about, as of now (whatever day it shows): packages an intake node
    received longer than LATE_OPENING ago and still unopened (no `centre worker` running on the
    node that holds the package key, or its `open` jobs failing), and jobs failed for good."""

    late_received: int
    oldest_received: datetime | None
    failed_jobs: int


def queue_warnings(session: Session, now: datetime | None = None) -> QueueWarnings:
    """Two counts on indexed columns: centre_packages (status, received_at) and centre_jobs
    (state, kind, id)."""
    from workstation.centre.models import Job

    cutoff = (now or datetime.now(UTC)) - LATE_OPENING
    late, oldest = session.execute(select(func.count(), func.min(ReceivedPackage.received_at))
                                   .where(ReceivedPackage.status == "received",
                                          ReceivedPackage.received_at < cutoff)).one()
    failed = session.scalar(select(func.count()).select_from(Job).where(Job.state == "failed")) or 0
    return QueueWarnings(int(late or 0), local(oldest), int(failed))


def day_and_warnings(session: Session, day: date) -> tuple[DaySummary, QueueWarnings]:
    """The day's page reads both in one session (one trip to the console's thread pool)."""
    return day_summary(session, day), queue_warnings(session)


@dataclass(frozen=True)
class WorkstationRow:
    id: str
    commune: str
    name: str
    status: str
    registered_at: datetime
    revoked_at: datetime | None
    last_seen: datetime | None


def workstations(session: Session) -> list[WorkstationRow]:
    """Every workstation with its last contact: the newest decision it caused (index
    workstation_id, at: one short index walk per workstation)."""
    last = (select(func.max(IntakeDecision.at))
            .where(IntakeDecision.workstation_id == RegisteredWorkstation.id,
                   IntakeDecision.channel.in_(CONTACT_CHANNELS))
            .correlate(RegisteredWorkstation).scalar_subquery())
    rows = session.execute(select(RegisteredWorkstation.id, RegisteredWorkstation.commune, RegisteredWorkstation.name,
                                  RegisteredWorkstation.status, RegisteredWorkstation.registered_at,
                                  RegisteredWorkstation.revoked_at, last)
                           .order_by(RegisteredWorkstation.commune, RegisteredWorkstation.name))
    return [WorkstationRow(i, c, n, s, local(r), local(v), local(seen)) for i, c, n, s, r, v, seen in rows]


@dataclass(frozen=True)
class DuplicateRow:
    package_id: str
    workstation_id: str
    commune: str
    received_at: datetime
    earlier: list[tuple[str, str, datetime]]    # the same citizen's other packages: (commune, workstation, when)
    reason: str = ""                            # review_confirmed / review_refused once a reviewer decided


def duplicates(session: Session, page: int) -> tuple[list[DuplicateRow], bool]:
    """Packages flagged duplicate, newest first (index status, received_at); never the package bytes."""
    rows = session.execute(select(ReceivedPackage.package_id, ReceivedPackage.workstation_id, ReceivedPackage.commune,
                                  ReceivedPackage.received_at, ReceivedPackage.citizen_key, ReceivedPackage.reason)
                           .where(ReceivedPackage.status == "duplicate")
                           .order_by(ReceivedPackage.received_at.desc(), ReceivedPackage.package_id.desc())
                           .offset(page * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    keys = {r.citizen_key for r in rows}
    others: dict[str, list[tuple[str, str, str, datetime]]] = {}
    if keys:
        for key, package_id, commune, workstation_id, at in session.execute(
                select(ReceivedPackage.citizen_key, ReceivedPackage.package_id, ReceivedPackage.commune,
                       ReceivedPackage.workstation_id, ReceivedPackage.received_at)
                .where(ReceivedPackage.citizen_key.in_(keys)).order_by(ReceivedPackage.received_at)):
            others.setdefault(key, []).append((package_id, commune, workstation_id, at))
    result = [DuplicateRow(r.package_id, r.workstation_id, r.commune, local(r.received_at),
                           [(c, w, local(at)) for p, c, w, at in others.get(r.citizen_key, []) if p != r.package_id],
                           r.reason if r.reason.startswith("review_") else "")
              for r in rows]
    return result, more


@dataclass(frozen=True)
class AuditFilter:
    since: date | None = None
    until: date | None = None
    commune: str = ""
    workstation: str = ""
    status: str = ""
    before: int | None = None           # keyset: entries with a smaller id (the next page)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    package_id: str
    workstation_id: str
    commune: str
    channel: str
    status: str
    reason: str


def audit_search(session: Session, wanted: AuditFilter) -> tuple[list[AuditRow], int | None]:
    """One page of decisions, newest first, and the id to continue before (None on the last page).
    Keyset paging on the primary key: page 1,000 costs what page 1 does."""
    query = (select(IntakeDecision.id, IntakeDecision.at, IntakeDecision.package_id, IntakeDecision.workstation_id,
                    RegisteredWorkstation.commune, IntakeDecision.channel, IntakeDecision.status,
                    IntakeDecision.reason)
             .select_from(IntakeDecision)
             .outerjoin(RegisteredWorkstation, RegisteredWorkstation.id == IntakeDecision.workstation_id))
    if wanted.since is not None:
        query = query.where(IntakeDecision.at >= day_bounds(wanted.since)[0])
    if wanted.until is not None:
        query = query.where(IntakeDecision.at < day_bounds(wanted.until)[1])
    if wanted.commune:
        # the commune's workstations first, as a list the planner can count (a commune with none
        # reads nothing rather than walking the whole audit for no match)
        ids = list(session.scalars(select(RegisteredWorkstation.id).where(RegisteredWorkstation.commune == wanted.commune)))
        if not ids:
            return [], None
        query = query.where(IntakeDecision.workstation_id.in_(ids))
    if wanted.workstation:
        query = query.where(IntakeDecision.workstation_id == wanted.workstation)
    if wanted.status:
        query = query.where(IntakeDecision.status == wanted.status)
    if wanted.before is not None:
        query = query.where(IntakeDecision.id < wanted.before)
    rows = session.execute(query.order_by(IntakeDecision.id.desc()).limit(PAGE_SIZE + 1)).all()
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    result = [AuditRow(r.id, local(r.at), r.package_id, r.workstation_id, r.commune or "—", r.channel, r.status,
                       r.reason) for r in rows]
    return result, (result[-1].id if more and result else None)


def communes(session: Session) -> list[str]:
    return list(session.scalars(select(RegisteredWorkstation.commune).distinct().order_by(RegisteredWorkstation.commune)))


@dataclass(frozen=True)
class ExportJob:
    id: int
    state: str
    by: str
    batch: str
    count: int
    result: str
    created_at: datetime
    updated_at: datetime


def export_jobs(session: Session, limit: int = 50) -> list[ExportJob]:
    """The export jobs, newest first (queued from this page or by `centre worker`)."""
    import json

    from workstation.centre.models import Job

    rows = session.scalars(select(Job).where(Job.kind == "export").order_by(Job.id.desc()).limit(limit))
    out = []
    for job in rows:
        payload = json.loads(job.payload or "{}")
        out.append(ExportJob(job.id, job.state, str(payload.get("by", "")), str(payload.get("batch", "")),
                             int(payload.get("count", 0) or 0), job.result, local(job.created_at), local(job.updated_at)))
    return out


def not_exported(session: Session) -> int:
    """Accepted packages not yet in an export batch."""
    from workstation.centre.models import Exported

    return int(session.scalar(select(func.count()).select_from(ReceivedPackage)
                              .outerjoin(Exported, Exported.package_id == ReceivedPackage.package_id)
                              .where(ReceivedPackage.status == "accepted", Exported.package_id.is_(None))) or 0)


def queue_export(registry, user: str) -> None:  # noqa: ANN001 - a Registry
    """An export job for the worker, audited with who asked for it."""
    import json

    from workstation.centre import jobs

    with registry.sessions.begin() as session:
        jobs.enqueue(session, "export", "console", by=user)
        registry.add_audit(session, "-", "-", "console", "export_queued", "", json.dumps({"by": user}))

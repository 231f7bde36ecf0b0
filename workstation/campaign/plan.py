"""`workstation campaign plan`: the quota against the counters' capacity before the end date.

Capacity (MOSIP's booking model, REFERENCE-CAMPAIGN.md): per shift, counters × shift minutes ÷
minutes per citizen, on working days only. Minutes per citizen: what the officer gives, else the
median of this workstation's own enrollments (draft created to package saved, from the audit log;
at least MIN_HISTORY of them, those over an hour left out as interrupted), else 10 minutes: the plan
learns from the counter.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from workstation.campaign.calendar import Calendar, Shift, parse_days_off, parse_holidays, parse_shifts
from workstation.campaign.errors import CampaignError
from workstation.campaign.store import CampaignStore
from workstation.storage.models import AuditEntry

DEFAULT_MINUTES = 10.0
MIN_HISTORY = 5
SLOT_MINUTES = 15
LEAD_DAYS = 1                                       # slips are handed out the day before, at the earliest


@dataclass(frozen=True)
class PlanSettings:
    quota: int
    until: date
    start: date
    shifts: tuple[Shift, ...]
    counters: int
    minutes_per_citizen: float
    minutes_source: str                     # "given", "measured (median of N)", "default"
    slot_minutes: int = SLOT_MINUTES
    days_off: frozenset[int] = frozenset({6})
    holidays: tuple[date, ...] = ()

    @property
    def calendar(self) -> Calendar:
        return Calendar(self.days_off, frozenset(self.holidays))

    def shift_capacity(self, shift: Shift) -> int:
        return math.floor(self.counters * shift.minutes / self.minutes_per_citizen + 1e-9)

    def day_capacity(self) -> int:
        return sum(self.shift_capacity(s) for s in self.shifts)

    def as_dict(self) -> dict[str, object]:
        return {"quota": self.quota, "until": self.until.isoformat(), "start": self.start.isoformat(),
                "shifts": [s.as_text() for s in self.shifts], "counters": self.counters,
                "minutes_per_citizen": self.minutes_per_citizen, "minutes_source": self.minutes_source,
                "slot_minutes": self.slot_minutes, "days_off": sorted(self.days_off),
                "holidays": [d.isoformat() for d in self.holidays]}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "PlanSettings":
        return cls(quota=int(data["quota"]), until=date.fromisoformat(str(data["until"])),  # type: ignore[arg-type]
                   start=date.fromisoformat(str(data["start"])), shifts=parse_shifts(",".join(data["shifts"])),  # type: ignore[arg-type]
                   counters=int(data["counters"]), minutes_per_citizen=float(data["minutes_per_citizen"]),  # type: ignore[arg-type]
                   minutes_source=str(data["minutes_source"]), slot_minutes=int(data["slot_minutes"]),  # type: ignore[arg-type]
                   days_off=frozenset(data["days_off"]),  # type: ignore[arg-type]
                   holidays=tuple(date.fromisoformat(d) for d in data["holidays"]))  # type: ignore[union-attr]


@dataclass(frozen=True)
class PlanResult:
    plan: PlanSettings
    working_days: int
    capacity: int                           # citizens the counters can serve from start to until
    enrolled: int                           # already enrolled in the campaign
    remaining: int                          # quota - enrolled
    due: int                                # residents still due (the list may hold fewer than the quota)
    fits: bool
    shortfall: int                          # citizens beyond capacity (0 when it fits)
    reached_on: date | None                 # the working day the remaining quota is reached at full capacity
    extra_days_needed: int                  # working days after `until` needed (0 when it fits)
    villages: list[dict[str, object]] = field(default_factory=list)
    officers: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"plan": self.plan.as_dict(), "working_days": self.working_days,
                "capacity_per_day": self.plan.day_capacity(), "capacity": self.capacity, "enrolled": self.enrolled,
                "remaining": self.remaining, "due": self.due, "fits": self.fits, "shortfall": self.shortfall,
                "reached_on": self.reached_on.isoformat() if self.reached_on else None,
                "extra_days_needed": self.extra_days_needed, "villages": self.villages, "officers": self.officers}


def measured_minutes(store: CampaignStore, last: int = 200) -> tuple[float, int] | None:
    """Median minutes from draft created to package saved over this workstation's last enrollments,
    and how many it is taken over; None under MIN_HISTORY."""
    with store.sessions() as session:
        rows = session.execute(select(AuditEntry.enrollment_id, AuditEntry.action, AuditEntry.at).where(
            AuditEntry.action.in_(("draft_created", "completed"))).order_by(AuditEntry.id.desc()).limit(last * 4)).all()
    started: dict[str, datetime] = {}
    ended: dict[str, datetime] = {}
    for enrollment_id, action, at in rows:
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        (started if action == "draft_created" else ended)[str(enrollment_id)] = at
    minutes = [(ended[e] - started[e]).total_seconds() / 60 for e in ended if e in started]
    minutes = [m for m in minutes if 0 < m <= 60][:last]
    if len(minutes) < MIN_HISTORY:
        return None
    return statistics.median(minutes), len(minutes)


def make_plan(store: CampaignStore, *, quota: int, until: date, start: date | None = None, shifts: str | None = None,
              counters: int = 1, minutes_per_citizen: float | None = None, slot_minutes: int = SLOT_MINUTES,
              days_off: str | None = None, holidays: str | None = None, today: date | None = None) -> PlanSettings:
    today = today or date.today()
    start = start or today
    if quota <= 0:
        raise CampaignError("Chỉ tiêu phải lớn hơn 0.", "The quota must be more than 0.")
    if until < start:
        raise CampaignError(f"Ngày kết thúc {until:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.",
                            f"The end date {until:%d/%m/%Y} is before the start {start:%d/%m/%Y}.")
    if counters < 0:
        raise CampaignError(f"Số quầy không thể âm ({counters}).", f"The number of counters cannot be negative ({counters}).")
    if not 5 <= slot_minutes <= 120:
        raise CampaignError(f"Khung giờ {slot_minutes} phút: phải từ 5 đến 120 phút.",
                            f"A slot of {slot_minutes} minutes: slots are 5 to 120 minutes.")
    if minutes_per_citizen is not None:
        if not 0.25 <= minutes_per_citizen <= 240:
            raise CampaignError("Số phút cho mỗi công dân phải từ 0,25 đến 240.",
                                "Minutes per citizen must be between 0.25 and 240.")
        minutes, source = minutes_per_citizen, "given"
    elif (measured := measured_minutes(store)) is not None:
        minutes, source = round(measured[0], 2), f"measured (median of {measured[1]})"
    else:
        minutes, source = DEFAULT_MINUTES, "default"
    parsed = parse_shifts(shifts)
    for shift in parsed:
        if shift.minutes < minutes:
            # counters pool no minutes: each citizen needs the whole time at one counter
            raise CampaignError(f"Ca {shift.name} không đủ dài cho một công dân ({shift.minutes} phút, mỗi công dân "
                                f"{minutes:g} phút): kéo dài ca hoặc bỏ ca đó.",
                                f"The shift {shift.name} is not long enough for one citizen ({shift.minutes} minutes, "
                                f"one citizen takes {minutes:g}): lengthen it or leave it out.")
    return PlanSettings(quota, until, start, parsed, counters, minutes, source, slot_minutes,
                        parse_days_off(days_off), parse_holidays(holidays))


def evaluate(store: CampaignStore, plan: PlanSettings, day: date | None = None) -> PlanResult:
    """Does the quota fit? Refuses a capacity of zero in words (nothing can be planned on it)."""
    from workstation.campaign.models import Village
    from workstation.campaign.roster import DUE, ENROLLED, counts_by_village

    settings = store.require_settings()
    day = day or date.today()
    # the first day invitations can be placed (slips go out the day before): today is not a working day
    first = max(plan.start, day + timedelta(days=LEAD_DAYS))
    days = plan.calendar.days(first, plan.until)
    per_day = plan.day_capacity()
    if not days or per_day == 0:
        why_en = ("no working day between the start and the end date" if not days else
                  "no counter" if plan.counters == 0 else "no shift is long enough for one citizen")
        why_vi = ("không có ngày làm việc nào từ ngày bắt đầu đến ngày kết thúc" if not days else
                  "không có quầy nào" if plan.counters == 0 else "không ca nào đủ dài cho một công dân")
        raise CampaignError(f"Công suất bằng 0: {why_vi}. Hãy đổi kế hoạch.",
                            f"The capacity is zero: {why_en}. Change the plan.")
    with store.sessions() as session:
        counts = counts_by_village(session, settings, day)
        villages = {v.name: {"village": v.name, "officer": v.officer, "quota": v.quota, "due": counts[v.name][DUE],
                             "enrolled": counts[v.name][ENROLLED]} for v in session.scalars(select(Village))}
    enrolled = sum(int(v["enrolled"]) for v in villages.values())                 # type: ignore[call-overload]
    due = sum(int(v["due"]) for v in villages.values())                           # type: ignore[call-overload]
    remaining = max(0, plan.quota - enrolled)
    capacity = per_day * len(days)
    fits = capacity >= remaining
    needed_days = math.ceil(remaining / per_day) if remaining else 0
    reached = plan.calendar.add_working_days(first, needed_days) if needed_days else first
    officers: dict[str, dict[str, object]] = {}
    for v in villages.values():
        if v["officer"]:
            o = officers.setdefault(str(v["officer"]), {"officer": v["officer"], "villages": [], "quota": 0, "due": 0,
                                                        "enrolled": 0})
            o["villages"].append(v["village"])           # type: ignore[attr-defined]
            for key in ("quota", "due", "enrolled"):
                o[key] = int(o[key]) + int(v[key] or 0)  # type: ignore[call-overload]
    return PlanResult(plan, len(days), capacity, enrolled, remaining, due, fits, max(0, remaining - capacity),
                      reached, max(0, needed_days - len(days)), sorted(villages.values(), key=lambda v: str(v["village"])),
                      sorted(officers.values(), key=lambda o: str(o["officer"])))


def save_plan(store: CampaignStore, plan: PlanSettings) -> None:
    store.update_settings(plan=plan.as_dict())


def load_plan(store: CampaignStore) -> PlanSettings:
    data = store.require_settings().plan
    if not data:
        raise CampaignError("Chưa có kế hoạch: workstation campaign plan --quota N --until NGÀY.",
                            "No plan yet: workstation campaign plan --quota N --until DATE.")
    return PlanSettings.from_dict(data)


"""`workstation campaign progress`: for the commune, each village, day, shift and officer in charge:
eligible, invited, came, enrolled, refused, no-show, still due; and the date the quota is reached at
the current pace (enrollments of the last PACE_DAYS days per working day), beside the plan's date.

Counted in the database (GROUP BY, the category rules of roster.py as one SQL CASE), nothing
decrypted: fast enough for a window to refresh (bench: progress of a 24,000-resident commune)."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, timedelta

from sqlalchemy import case, func, select

from workstation.campaign.calendar import DEFAULT_SHIFTS, VIETNAM
from workstation.campaign.models import Invitation, Resident, Village
from workstation.campaign.roster import DUE, ENROLLED, GONE, LEVEL2, REFUSED, UNDER_AGE, counts_by_village
from workstation.campaign.store import CampaignStore

PACE_DAYS = 7
CANCELLED = "cancelled"
KEYS = ("eligible", "invited", "came", "enrolled", "refused", "no_show", "still_due")


def _without_eligible(row: dict[str, int]) -> dict[str, int]:
    """A day's or a shift's figures: eligibility belongs to residents, not to a day."""
    return {k: v for k, v in row.items() if k != "eligible"}


def _blank() -> dict[str, int]:
    return {key: 0 for key in KEYS}


@dataclass(frozen=True)
class Progress:
    commune: str
    day: date
    quota: int | None
    totals: dict[str, int]
    villages: list[dict[str, object]]
    officers: list[dict[str, object]]
    days: list[dict[str, object]]
    shifts: list[dict[str, object]]
    pace_per_day: float
    forecast: date | None
    planned: date | None

    def as_dict(self) -> dict[str, object]:
        return {"commune": self.commune, "day": self.day.isoformat(), "quota": self.quota, **self.totals,
                "pace_per_day": round(self.pace_per_day, 1),
                "forecast_date": self.forecast.isoformat() if self.forecast else None,
                "planned_date": self.planned.isoformat() if self.planned else None,
                "villages": self.villages, "officers": self.officers, "days": self.days, "shifts": self.shifts}


def progress(store: CampaignStore, day: date | None = None) -> Progress:
    from workstation.campaign.calendar import Calendar
    from workstation.campaign.plan import PlanSettings

    settings = store.require_settings()
    day = day or date.today()
    plan = PlanSettings.from_dict(settings.plan) if settings.plan else None
    calendar = plan.calendar if plan else Calendar(frozenset({6}), frozenset())
    villages: dict[str, dict[str, int]] = defaultdict(_blank)
    officer_of: dict[str, str | None] = {}
    quota_of: dict[str, int | None] = {}
    per_day: dict[date, dict[str, int]] = defaultdict(_blank)
    per_shift: dict[tuple[date, str], dict[str, int]] = defaultdict(_blank)
    enrolled_on: dict[date, int] = defaultdict(int)
    with store.sessions() as session:
        for v in session.scalars(select(Village)):
            villages[v.name]
            officer_of[v.name], quota_of[v.name] = v.officer, v.quota
        # counted in the database (GROUP BY), nothing decrypted: a 24,000-resident commune in tens of ms
        for village, counts in counts_by_village(session, settings, day).items():
            row = villages[village]
            row["eligible"] = sum(n for kind, n in counts.items() if kind not in (GONE, UNDER_AGE, LEVEL2))
            row["still_due"], row["enrolled"], row["refused"] = counts[DUE], counts[ENROLLED], counts[REFUSED]
        # enrolled on the day the enrollment was saved (Vietnam's day), not the day of the invitation
        for (at,) in session.execute(select(Resident.outcome_at).where(Resident.outcome == ENROLLED,
                                                                       Resident.outcome_at.is_not(None))):
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
            enrolled_on[at.astimezone(VIETNAM).date()] += 1
        for saved_on, count in enrolled_on.items():
            per_day[saved_on]["enrolled"] += count
        arrived = Invitation.arrived_at.is_not(None)
        for inv_day, shift, state, came_in, count in session.execute(
                select(Invitation.day, Invitation.shift, Invitation.state, arrived, func.count())
                .where(Invitation.state != CANCELLED)           # replaced (e.g. by a group's): not invited
                .group_by(Invitation.day, Invitation.shift, Invitation.state, arrived)):
            per_shift[(inv_day, shift)]["enrolled"] += count if state == ENROLLED else 0
            for bucket in (per_day[inv_day], per_shift[(inv_day, shift)]):
                bucket["invited"] += count
                bucket["came"] += count if came_in else 0
                bucket["refused"] += count if state == REFUSED else 0
                bucket["no_show"] += count if state == "no_show" else 0
                bucket["still_due"] += count if state in ("invited", "arrived") else 0
        # per resident: invited at all, came at least once, missed and never came since
        per_resident = (select(Invitation.resident_id.label("rid"),
                               func.max(case((arrived, 1), else_=0)).label("came"),
                               func.max(case((Invitation.state == "no_show", 1), else_=0)).label("missed"))
                        .where(Invitation.state != CANCELLED).group_by(Invitation.resident_id).subquery())
        for village, invited, came, missed in session.execute(
                select(Resident.village, func.count(), func.sum(per_resident.c.came),
                       func.sum(case(((per_resident.c.missed == 1) & (per_resident.c.came == 0), 1), else_=0)))
                .join(per_resident, per_resident.c.rid == Resident.id).group_by(Resident.village)):
            row = villages[village]
            row["invited"], row["came"], row["no_show"] = int(invited), int(came or 0), int(missed or 0)
    totals = _blank()
    for row in villages.values():
        for key in KEYS:
            totals[key] += row[key]
    quota = plan.quota if plan else (sum(q for q in quota_of.values() if q) or None)
    window = [day - timedelta(days=i) for i in range(PACE_DAYS)]
    working = sum(1 for d in window if calendar.working(d)) or 1
    pace = sum(enrolled_on.get(d, 0) for d in window) / working
    forecast = planned = None
    remaining = max(0, (quota or 0) - totals["enrolled"])
    if quota is not None and remaining == 0:
        forecast = day
    elif quota is not None and pace > 0:
        forecast = calendar.add_working_days(day + timedelta(days=1), math.ceil(remaining / pace))
    if plan is not None and plan.day_capacity() > 0:
        planned = calendar.add_working_days(max(day + timedelta(days=1), plan.start),
                                            math.ceil(remaining / plan.day_capacity())) if remaining else day
    shift_names = [s.name for s in plan.shifts] if plan else list(DEFAULT_SHIFTS)

    def order(shift: str) -> tuple[int, str]:
        """Shifts in the day's order (sáng, chiều, tối), a walk-in's "-" and unknown names after."""
        return (shift_names.index(shift), "") if shift in shift_names else (len(shift_names), shift)

    village_rows = [{"village": name, "officer": officer_of.get(name), "quota": quota_of.get(name), **row}
                    for name, row in sorted(villages.items())]
    officers: dict[str, dict[str, object]] = {}
    for row in village_rows:
        if row["officer"]:
            o = officers.setdefault(str(row["officer"]), {"officer": row["officer"], "quota": 0, **_blank()})
            for key in (*KEYS, "quota"):
                o[key] = int(o[key]) + int(row[key] or 0)             # type: ignore[call-overload]
    return Progress(settings.commune, day, quota, totals, village_rows, sorted(officers.values(), key=lambda o: str(o["officer"])),
                    [{"day": d.isoformat(), **_without_eligible(row)} for d, row in sorted(per_day.items())],
                    [{"day": d.isoformat(), "shift": s, **_without_eligible(row)}
                     for (d, s), row in sorted(per_shift.items(), key=lambda item: (item[0][0], order(item[0][1])))],
                    pace, forecast, planned)

"""Filling the time slots: household by household, village by village, never over capacity.

The plan's shifts are cut into fine slots (15 minutes by default: people come at the start of a
slot, REFERENCE-CAMPAIGN.md), each holding its share of the shift's capacity. Within a village the
households with an elderly or disabled member come first; the members of one household take
consecutive places (the same slot when it has room); bedridden residents and those proposed for a
home visit go to the mobile team's list, not to the counter. Those already invited, enrolled, gone,
declined, under age or holding level 2 are not invited.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from workstation.campaign.calendar import Shift
from workstation.campaign.models import Invitation, Resident
from workstation.campaign.plan import LEAD_DAYS, PlanSettings
from workstation.campaign.refs import new_reference
from workstation.campaign.roster import DUE, category_sql
from workstation.campaign.store import CampaignStore

OPEN = ("invited", "arrived")                       # an invitation still to be honoured
OCCUPYING = ("invited", "arrived", "enrolled", "refused", "no_show")


@dataclass(frozen=True)
class Slot:
    day: date
    shift: Shift
    start: datetime
    minutes: int
    capacity: int


def slot_grid(plan: PlanSettings, first_day: date, after: datetime | None = None) -> list[Slot]:
    slots = []
    for day in plan.calendar.days(max(first_day, plan.start), plan.until):
        for shift in plan.shifts:
            total = shift.minutes
            cap = plan.shift_capacity(shift)
            count = math.ceil(total / plan.slot_minutes)
            for i in range(count):
                offset, end = i * plan.slot_minutes, min(total, (i + 1) * plan.slot_minutes)
                share = math.floor(cap * end / total + 1e-9) - math.floor(cap * offset / total + 1e-9)
                start = shift.at(day) + timedelta(minutes=offset)
                if share > 0 and (after is None or start >= after):
                    slots.append(Slot(day, shift, start, end - offset, share))
    return slots


@dataclass(frozen=True)
class InviteResult:
    invited: int
    households: int
    not_placed: int                  # due residents left without a slot: the plan is full
    mobile_team: int                 # bedridden or proposed for a home visit: not given a counter slot
    first: datetime | None
    last: datetime | None

    def as_dict(self) -> dict[str, object]:
        return {"invited": self.invited, "households": self.households, "not_placed": self.not_placed,
                "mobile_team": self.mobile_team, "first_slot": self.first.isoformat() if self.first else None,
                "last_slot": self.last.isoformat() if self.last else None}


def insert_invitations(session: Session, rows: list[dict[str, object]]) -> None:
    """Store new invitations in one statement, each reference unique (32^8 of them: a clash with
    one already given is rare, and never kept)."""
    seen = set(session.scalars(select(Invitation.ref)))
    for row in rows:
        while row["ref"] in seen:
            row["ref"] = new_reference()
        seen.add(row["ref"])
    if rows:
        session.execute(insert(Invitation), rows)


def invite(store: CampaignStore, plan: PlanSettings, *, village: str | None = None, today: date | None = None,
           after: datetime | None = None, only: set[int] | None = None, team: str | None = None) -> InviteResult:
    """Give every due resident without an open invitation (of `village`, or of the residents with
    ids in `only`) a slot from the day after `today` (the slip must reach them first); one
    transaction. `team`: the group or mobile team the invitations are for."""
    with store.writing() as session:
        return invite_in(session, store, plan, village=village, today=today, after=after, only=only, team=team)


def invite_in(session: Session, store: CampaignStore, plan: PlanSettings, *, village: str | None = None,
              today: date | None = None, after: datetime | None = None, only: set[int] | None = None,
              team: str | None = None) -> InviteResult:
    """invite() inside the caller's transaction (a group moves its members' invitations and
    invites them again in one)."""
    settings = store.require_settings()
    today = today or date.today()
    village_name = store.village_named(session, village).name if village else None
    open_ids = set(session.scalars(select(Invitation.resident_id).where(Invitation.state.in_(OPEN))))
    used = Counter(session.execute(select(Invitation.start).where(Invitation.state.in_(OCCUPYING))).scalars())
    households: dict[tuple[str, str], list[tuple[bool, int]]] = defaultdict(list)
    mobile = 0
    # the due residents chosen in the database (the roster's rules as SQL), as columns: no objects
    query = (select(Resident.id, Resident.village, Resident.household_key, Resident.birth_year, Resident.birth_doy,
                    Resident.disabled, Resident.bedridden, Resident.home_visit)
             .where(category_sql(settings, today) == DUE).order_by(Resident.village, Resident.id))
    if village_name:
        query = query.where(Resident.village == village_name)
    if only is not None:
        query = query.where(Resident.id.in_(sorted(only)))
    birthday = today.month * 100 + today.day
    for rid, home_village, household, year, doy, disabled, bedridden, home_visit in session.execute(query):
        if rid in open_ids:
            continue
        if bedridden or home_visit:
            mobile += 1
            continue
        elderly = today.year - year - (birthday < doy) >= settings.elderly_age
        households[(home_village, household)].append((elderly or disabled, rid))
    order = sorted(households.items(), key=lambda item: (item[0][0], not any(p for p, _ in item[1]),
                                                        min(rid for _, rid in item[1])))
    slots = slot_grid(plan, today + timedelta(days=LEAD_DAYS), after)
    free = [slot.capacity - used.get(slot.start, 0) for slot in slots]
    rows: list[dict[str, object]] = []
    cursor = 0
    placed_households = 0
    stamp = datetime.now(UTC)
    for _, members in order:
        placed_any = False
        for _, rid in members:
            while cursor < len(slots) and free[cursor] <= 0:
                cursor += 1
            if cursor >= len(slots):
                break
            slot = slots[cursor]
            free[cursor] -= 1
            rows.append({"ref": new_reference(), "resident_id": rid, "day": slot.day,
                         "shift": slot.shift.name, "start": slot.start, "minutes": slot.minutes,
                         "state": "invited", "mobile": False, "team": team, "created_at": stamp})
            placed_any = True
        placed_households += placed_any
    insert_invitations(session, rows)
    due_total = sum(len(m) for _, m in order)
    starts = [r["start"] for r in rows]
    return InviteResult(len(rows), placed_households, due_total - len(rows), mobile,
                        min(starts) if starts else None, max(starts) if starts else None)  # type: ignore[type-var]

"""A mobile team's day in a village ("tổ cấp CCCD lưu động"): the households to visit at home, in
list order (the household codes follow the lanes of the village), each with an estimated time:
travel between houses plus minutes per citizen. Who: due residents who are bedridden, disabled, or
proposed for a home visit after missed invitations; with their household's other due members, who
are enrolled in the same visit. Each visit becomes an invitation of the team (mobile, with its time):
the laptop checks them in by card and closes them on enrollment like any other, and progress counts
them. A day longer than the team's hours leaves the rest for another day, said in the result."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from workstation.campaign.errors import CampaignError
from workstation.campaign.models import Invitation, Resident
from workstation.campaign.refs import new_reference
from workstation.campaign.roster import DUE, age, classify, enrolled_keys
from workstation.campaign.slots import OPEN, insert_invitations
from workstation.campaign.store import CampaignStore


@dataclass(frozen=True)
class Member:
    name: str
    age: int
    marks: tuple[str, ...]           # "nằm liệt giường", "khuyết tật", "cao tuổi"
    phone: str


@dataclass(frozen=True)
class Visit:
    order: int
    household: str
    start: datetime
    minutes: int
    members: tuple[Member, ...]

    def as_dict(self) -> dict[str, object]:
        return {"order": self.order, "household": self.household, "start": self.start.isoformat(),
                "minutes": self.minutes, "members": [{"name": m.name, "age": m.age, "marks": list(m.marks)}
                                                     for m in self.members]}


@dataclass(frozen=True)
class MobileDay:
    team: str
    village: str
    day: date
    visits: tuple[Visit, ...]
    left_for_another_day: int        # households that did not fit in the team's hours

    def as_dict(self) -> dict[str, object]:
        return {"team": self.team, "village": self.village, "day": self.day.isoformat(),
                "households": len(self.visits), "citizens": sum(len(v.members) for v in self.visits),
                "left_for_another_day": self.left_for_another_day, "visits": [v.as_dict() for v in self.visits]}


def plan_mobile_day(store: CampaignStore, village: str, day: date, team: str, *, start: time = time(8, 0),
                    end: time = time(17, 0), minutes_per_citizen: int = 15, travel_minutes: int = 10) -> MobileDay:
    settings = store.require_settings()
    team = " ".join(team.split())
    if not team:
        raise CampaignError("Hãy đặt tên tổ lưu động (--team).", "Name the mobile team (--team).")
    if end <= start or minutes_per_citizen <= 0 or travel_minutes < 0:
        raise CampaignError("Giờ làm việc hoặc số phút của tổ lưu động không hợp lệ.",
                            "The mobile team's hours or minutes are not valid.")
    with store.writing() as session:
        name = store.village_named(session, village).name
        enrolled = enrolled_keys(session)
        invited = set(session.scalars(select(Invitation.resident_id).where(Invitation.state.in_(OPEN))))
        households: dict[str, list[Resident]] = defaultdict(list)
        needs_visit: set[str] = set()
        for resident in session.scalars(select(Resident).where(Resident.village == name).order_by(Resident.id)):
            if resident.id in invited:
                continue
            if classify(resident, settings, day, enrolled).category != DUE:
                continue
            households[resident.household_key].append(resident)
            if resident.bedridden or resident.disabled or resident.home_visit:
                needs_visit.add(resident.household_key)
        clock = datetime.combine(day, start)
        closing = datetime.combine(day, end)
        visits: list[Visit] = []
        rows: list[dict[str, object]] = []
        left = 0
        stamp = datetime.now(UTC)
        for key in (k for k in households if k in needs_visit):
            members = households[key]
            arrive = clock + timedelta(minutes=travel_minutes if visits else 0)
            minutes = minutes_per_citizen * len(members)
            if arrive + timedelta(minutes=minutes) > closing:
                left += 1
                continue
            people = []
            for resident in members:
                person = store.person(resident)
                years = age(resident, day)
                marks = tuple(mark for mark, on in (("nằm liệt giường", resident.bedridden),
                                                    ("khuyết tật", resident.disabled),
                                                    ("cao tuổi", years >= settings.elderly_age),
                                                    ("vắng lần trước", resident.home_visit)) if on)
                people.append(Member(person.full_name, years, marks, person.phone))
                rows.append({"ref": new_reference(), "resident_id": resident.id, "day": day, "shift": "lưu động",
                             "start": arrive, "minutes": minutes, "state": "invited", "mobile": True, "team": team,
                             "created_at": stamp})
            visits.append(Visit(len(visits) + 1, store.person(members[0]).household, arrive, minutes, tuple(people)))
            clock = arrive + timedelta(minutes=minutes)
        insert_invitations(session, rows)
    return MobileDay(team, name, day, tuple(visits), left)

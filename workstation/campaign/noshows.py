"""After a shift: who did not come is a no-show, re-invited into the next free slot, or after the
commune's `max_misses` proposed for a home visit (the mobile team's list)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from workstation.campaign.checkin import INVITED, NO_SHOW
from workstation.campaign.errors import CampaignError
from workstation.campaign.models import Invitation, Resident
from workstation.campaign.plan import PlanSettings
from workstation.campaign.slots import invite
from workstation.campaign.store import CampaignStore


@dataclass(frozen=True)
class ShiftClosed:
    day: date
    shift: str
    no_shows: int
    reinvited: int
    home_visit: int
    not_placed: int

    def as_dict(self) -> dict[str, object]:
        return {"day": self.day.isoformat(), "shift": self.shift, "no_shows": self.no_shows,
                "reinvited": self.reinvited, "home_visit": self.home_visit, "not_placed": self.not_placed}


def close_shift(store: CampaignStore, plan: PlanSettings, day: date, shift: str,
                now: datetime | None = None) -> ShiftClosed:
    settings = store.require_settings()
    match = [s for s in plan.shifts if s.name == shift]
    if not match:
        raise CampaignError(f"Kế hoạch không có ca '{shift}' (có: {', '.join(s.name for s in plan.shifts)}).",
                            f"The plan has no shift '{shift}' (it has: {', '.join(s.name for s in plan.shifts)}).")
    now = now or datetime.now(UTC)
    ends = match[0].ends(day)
    if now < ends:
        # closing early would turn the shift's invited citizens into no-shows and re-invite them,
        # invalidating the slips already handed out
        raise CampaignError(f"Ca {shift} ngày {day:%d/%m/%Y} chưa kết thúc (kết thúc lúc {ends:%H:%M}): "
                            "chỉ đóng ca sau khi ca kết thúc.",
                            f"The {shift} shift of {day.isoformat()} has not ended yet (it ends at "
                            f"{ends:%H:%M} Vietnam time): close a shift only after it ends.")
    again: set[int] = set()
    home = 0
    with store.writing() as session:
        missed = list(session.scalars(select(Invitation).where(Invitation.day == day, Invitation.shift == shift,
                                                               Invitation.state == INVITED)))
        for invitation in missed:
            invitation.state, invitation.closed_at = NO_SHOW, now
            resident = session.get(Resident, invitation.resident_id)
            assert resident is not None
            resident.misses += 1
            if resident.misses >= settings.max_misses:
                resident.home_visit = True
                home += 1
            else:
                again.add(resident.id)
    end = datetime.combine(day, match[0].end)
    placed = invite(store, plan, today=day, after=end, only=again) if again else None
    return ShiftClosed(day, shift, len(missed), placed.invited if placed else 0, home,
                       placed.not_placed if placed else 0)

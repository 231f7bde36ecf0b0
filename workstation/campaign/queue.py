"""The counter's queue for a shift: who is expected, who has arrived, who is being served (a draft
enrollment of theirs is open on this workstation), who is done (enrolled or refused), and who did
not come. Qt-free: the window lists it, the CLI prints it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from workstation.campaign.models import Invitation, Resident
from workstation.campaign.store import CampaignStore
from workstation.storage.enrollments import DRAFT
from workstation.storage.models import Enrollment

EXPECTED, ARRIVED, SERVING, DONE, MISSED = "expected", "arrived", "serving", "done", "no_show"


@dataclass(frozen=True)
class QueueEntry:
    ref: str
    full_name: str
    village: str
    slot: datetime
    shift: str
    status: str                       # expected, arrived, serving, done, no_show
    outcome: str | None               # enrolled / refused when done
    arrived_at: datetime | None
    group: str | None                 # the group session or mobile team

    def as_dict(self) -> dict[str, object]:
        return {"ref": self.ref, "full_name": self.full_name, "village": self.village, "slot": self.slot.isoformat(),
                "shift": self.shift, "status": self.status, "outcome": self.outcome,
                "arrived_at": self.arrived_at.isoformat() if self.arrived_at else None, "group": self.group}


def queue(store: CampaignStore, day: date, shift: str | None = None) -> list[QueueEntry]:
    with store.sessions() as session:
        serving = set(session.scalars(select(Enrollment.citizen_key).where(Enrollment.state == DRAFT,
                                                                           Enrollment.citizen_key.is_not(None))))
        query = (select(Invitation, Resident).join(Resident, Invitation.resident_id == Resident.id)
                 .where(Invitation.day == day, Invitation.state != "cancelled").order_by(Invitation.start, Resident.id))
        if shift is not None:
            query = query.where(Invitation.shift == shift)
        out = []
        for invitation, resident in session.execute(query):
            if invitation.state in ("enrolled", "refused"):
                status = DONE
            elif invitation.state == "no_show":
                status = MISSED
            elif invitation.arrived_at is not None:
                status = SERVING if resident.id_key in serving else ARRIVED
            else:
                status = EXPECTED
            out.append(QueueEntry(invitation.ref, store.person(resident).full_name, resident.village, invitation.start,
                                  invitation.shift, status,
                                  invitation.state if status == DONE else None, invitation.arrived_at, invitation.team))
        return out

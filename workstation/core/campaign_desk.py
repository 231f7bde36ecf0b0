"""The campaign at the counter, Qt-free: a scanned slip or card checks the citizen in and says so
in one line the officer reads from a distance; the card read at the chip step is compared with the
citizen checked in (another member of the household is fine); a saved enrollment closes the
invitation and a refused one records why (EnrollmentServices calls `enrolled` / `refused`, never a
widget). The window only shows the verdicts, the queue and the progress this gives it."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.campaign.checkin import CheckIn
    from workstation.campaign.progress import Progress
    from workstation.campaign.queue import QueueEntry
    from workstation.campaign.store import CampaignStore
    from workstation.core.context import AppContext
    from workstation.storage.database import Database

log = logging.getLogger(__name__)
OK, WARN, REFUSED = "ok", "warn", "refused"


@dataclass(frozen=True)
class Verdict:
    """What the officer sees after a scan or a card read: `level` ok (green), warn (amber) or
    refused (red), and the words."""
    level: str
    message: Message
    ref: str | None = None


def _hhmm(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    return f"{value:%H:%M}"


class CampaignDesk:
    def __init__(self, store: "CampaignStore", today: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.today, self.now = today, now
        self.current: "CheckIn | None" = None        # the citizen checked in last at this counter

    @classmethod
    def open(cls, context: "AppContext", database: "Database") -> "CampaignDesk | None":
        """The campaign of this workstation's database, or None when none was imported (the
        campaign's tables are not made for a counter that does not run one)."""
        from workstation.campaign.store import CampaignStore, campaign_revision
        from workstation.storage.at_rest import BlobCipher

        try:
            if campaign_revision(database.engine) is None:
                return None
            cipher = BlobCipher.from_folder(context.keys_dir, context.settings.storage.data_key_protection)
            store = CampaignStore.open(database, cipher)
            return cls(store) if store.settings() is not None else None
        except WorkstationError as exc:                 # the counter still enrols; the log says why
            log.warning("the campaign cannot be opened: %s", exc.one_line())
            return None

    @property
    def commune(self) -> str:
        settings = self.store.settings()
        return settings.commune if settings is not None else ""

    # -- at the counter ----------------------------------------------------------------------------
    def check_in(self, text: str) -> Verdict | None:
        """The slip's or the card's QR: the citizen arrived (with their slot), came before (served
        once), or why not (forged, expired, another commune, not on the list) in the campaign's words.
        None: a card's QR that does not read (the enrollment's QR step says what is wrong with it)."""
        from workstation.campaign.checkin import check_in
        from workstation.campaign.errors import CampaignError

        try:
            found = check_in(self.store, text, today=self.today(), now=self.now())
        except CampaignError as exc:
            return Verdict(REFUSED, exc.message)
        except WorkstationError:
            return None
        self.current = found
        slot = _hhmm(found.slot)
        if found.status == "already":
            return Verdict(WARN, Message(f"Đã tiếp nhận lúc {_hhmm(found.arrived_at)}: {found.full_name} "
                                         "(chỉ phục vụ một lần)",
                                         f"Already checked in at {_hhmm(found.arrived_at)}: {found.full_name} "
                                         "(served once)"), found.ref)
        if slot:
            return Verdict(OK, Message(f"Đã đến: {found.full_name}, hẹn {slot}",
                                       f"Arrived: {found.full_name}, slot {slot}"), found.ref)
        return Verdict(OK, Message(f"Đã đến: {found.full_name} (không có giấy mời, tiếp nhận theo thẻ)",
                                   f"Arrived: {found.full_name} (no invitation, by the card)"), found.ref)

    def card_read(self, id_number: str) -> Verdict | None:
        """After the chip was read: None when it is the citizen checked in (or nobody was);
        amber for another member of the household, red for someone else."""
        from workstation.campaign.checkin import card_matches

        if self.current is None or self.current.ref is None:
            return None
        try:
            match = card_matches(self.store, self.current.ref, id_number)
        except WorkstationError as exc:
            log.warning("card match not checked: %s", exc.one_line())
            return Verdict(WARN, Message("Không kiểm tra được thẻ với giấy mời.",
                                         "The card could not be compared with the invitation."))
        invited = self.current.full_name
        if match == "household":
            return Verdict(WARN, Message(f"Thẻ của người khác cùng hộ với {invited}: được tiếp nhận.",
                                         f"The card is another member of {invited}'s household: fine."))
        if match == "other":
            return Verdict(REFUSED, Message(f"Thẻ này KHÔNG phải của người được mời ({invited}) và không cùng hộ.",
                                            f"This card is NOT the invited citizen's ({invited}) nor of their "
                                            "household."))
        return None

    # -- called by EnrollmentServices (Qt-free) ------------------------------------------------
    def enrolled(self, id_number: str, officer: str) -> bool:
        """A saved enrollment closes the citizen's invitation. A failure is logged, never the
        save's: sync_from_enrollments closes it later from the saved enrollment."""
        from workstation.campaign.checkin import close_for_enrollment

        self._done_with(id_number)
        try:
            return close_for_enrollment(self.store, id_number, officer, self.now())
        except WorkstationError as exc:
            log.warning("invitation not closed after the save: %s", exc.one_line())
            return False

    def refused(self, id_number: str, reason: str, officer: str) -> bool:
        """A refused enrollment: the citizen's outcome records why. False when not on the list."""
        from workstation.campaign.checkin import refuse

        self._done_with(id_number)
        try:
            refuse(self.store, id_number, reason, officer, self.now())
            return True
        except WorkstationError as exc:
            log.info("refusal not recorded in the campaign: %s", exc.one_line())
            return False

    def _done_with(self, id_number: str) -> None:
        """The citizen served is no longer the one checked in — unless the next citizen was checked
        in while this one was captured (their check-in stays for their card)."""
        from workstation.campaign.checkin import card_matches

        if self.current is not None and self.current.ref is not None:
            try:
                if card_matches(self.store, self.current.ref, id_number) not in ("same", "household"):
                    return
            except WorkstationError:
                pass
        self.current = None

    # -- what the window lists -------------------------------------------------------------------
    def shift_now(self) -> str | None:
        """The plan's shift the clock is in (None: outside the shifts, or no plan: the whole day)."""
        from workstation.campaign.plan import PlanSettings

        settings = self.store.settings()
        if settings is None or not settings.plan:
            return None
        clock = self.now().astimezone().time()
        for shift in PlanSettings.from_dict(settings.plan).shifts:
            if shift.start <= clock < shift.end:
                return shift.name
        return None

    def queue(self, shift: str | None = None) -> "list[QueueEntry]":
        """Today's invitations (of `shift`), and after them whoever checked in today with a slip of
        another day: they are at the counter now, the officer must see them."""
        from sqlalchemy import select

        from workstation.campaign.models import Invitation
        from workstation.campaign.queue import queue

        today = self.today()
        since = datetime.combine(today, datetime.min.time()).astimezone().astimezone(UTC)
        with self.store.sessions() as session:
            found = session.execute(select(Invitation.day, Invitation.ref).where(
                Invitation.arrived_at >= since, Invitation.day != today)).all()
        elsewhere = {ref for _, ref in found}
        early_or_late = [e for day in sorted({d for d, _ in found}) for e in queue(self.store, day) if e.ref in elsewhere]
        return queue(self.store, today, shift) + early_or_late

    def progress(self) -> "Progress":
        from workstation.campaign.progress import progress

        return progress(self.store, self.today())

    def plan_line(self) -> list[tuple[date, int]]:
        """The plan's burn-up: enrollments expected by the end of each working day to the quota."""
        from datetime import timedelta

        from workstation.campaign.plan import PlanSettings

        settings = self.store.settings()
        if settings is None or not settings.plan:
            return []
        plan = PlanSettings.from_dict(settings.plan)
        per_day, total, day = plan.day_capacity(), 0, plan.start
        if per_day <= 0:
            return []
        out = [(plan.start - timedelta(days=1), 0)]                 # the line starts from nothing
        while total < plan.quota and day <= plan.until + timedelta(days=366):
            if plan.calendar.working(day):
                total = min(plan.quota, total + per_day)
                out.append((day, total))
            day += timedelta(days=1)
        return out

"""At the counter: checking a citizen in from the invitation slip's QR or the card's QR, closing
the invitation when the enrollment is saved (or recording why it was refused), and after a shift
turning those who did not come into no-shows, re-invited into the next free slot or, after
`max_misses`, proposed for a home visit.

Trust comes from what this workstation holds: an invitation QR counts only when its check value is
ours (refs.Signer), it is for our commune and still valid; the reference must be in our table.
A citizen checked in twice is served once: the second check-in answers "already checked in".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.campaign import refs, shared
from workstation.campaign.errors import CampaignError
from workstation.campaign.models import Invitation, Resident
from workstation.campaign.shared import commune_key
from workstation.campaign.store import CampaignStore
from workstation.errors import WorkstationError
from workstation.messages import Message

ARRIVED, ENROLLED, REFUSED, NO_SHOW, INVITED = "arrived", "enrolled", "refused", "no_show", "invited"


@dataclass(frozen=True)
class CheckIn:
    status: str                      # "arrived" (now) or "already" (checked in before: served once)
    ref: str | None                  # the invitation, or None for a citizen without one (walk-in)
    full_name: str
    village: str
    slot: datetime | None
    arrived_at: datetime
    via: str                         # "invitation" or "card"
    shared: bool = False             # an invitation of the commune's published plan (no name here)
    by: str | None = None            # the workstation that checked them in (shared plan)

    def as_dict(self) -> dict[str, object]:
        return {"status": self.status, "ref": self.ref, "full_name": self.full_name, "village": self.village,
                "slot": self.slot.isoformat() if self.slot else None, "arrived_at": self.arrived_at.isoformat(),
                "via": self.via, "shared": self.shared, "by": self.by}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _open_invitation(session: Session, resident_id: int) -> Invitation | None:
    return session.scalar(select(Invitation).where(Invitation.resident_id == resident_id,
                                                   Invitation.state.in_((INVITED, ARRIVED, ENROLLED)))
                          .order_by(Invitation.start.desc()).limit(1))


def _shared_check_in(row: shared.SharedInvitation, now: datetime, via: str, workstation: str) -> CheckIn:
    """An invitation of the commune's published plan this workstation did not make: checked in
    here (the centre decides who was first when the check-in is posted)."""
    if row.checked_in_at is not None:
        return CheckIn("already", row.ref, "", row.village, row.start, _aware(row.checked_in_at), via, True,
                       row.checked_in_by)
    row.checked_in_by, row.checked_in_at, row.posted = workstation, now, False
    return CheckIn(ARRIVED, row.ref, "", row.village, row.start, now, via, True, workstation)


def check_in(store: CampaignStore, text: str, today: date | None = None, now: datetime | None = None,
             workstation: str = "-") -> CheckIn:
    settings = store.require_settings()
    today = today or date.today()
    now = now or datetime.now(UTC)
    text = text.strip()
    shared_key = commune_key(store)
    with store.writing() as session:
        if refs.is_invitation(text):
            parsed = refs.parse(text)
            if parsed is None:
                raise CampaignError("Mã QR giấy mời bị hỏng hoặc bị sửa: hãy kiểm tra giấy tờ của công dân.",
                              "The invitation QR is damaged or altered: check the citizen's papers.")
            signer = refs.Signer(store.cipher, settings.commune, shared_key)
            if parsed.tag != signer.tag:
                raise CampaignError("Giấy mời này của xã/phường khác: mời công dân đến đúng nơi, hoặc quét thẻ căn cước.",
                              "This invitation is from another commune: send the citizen there, or scan the ID card.")
            if not signer.check(parsed) and session.get(Invitation, parsed.ref) is None:
                # not one of ours: most likely signed with the printing workstation's own key before the
                # plan was published (refs.py), which no other workstation can check
                raise CampaignError(
                    "Mã kiểm tra của giấy mời không khớp: giấy được in trước khi công bố kế hoạch (hoặc ở máy "
                    "khác) hoặc đã bị sửa: in lại sau khi công bố, hoặc quét thẻ căn cước của công dân.",
                    "The slip's check value does not match: printed before the plan was published (or on another "
                    "workstation), or altered: reprint it after publishing, or scan the citizen's ID card.")
            if not signer.check(parsed):
                raise CampaignError("Giấy mời giả hoặc bị sửa (sai mã kiểm tra): không tiếp nhận theo giấy này.",
                              "The invitation is forged or altered (its check value is wrong): not accepted.")
            if parsed.valid_until < today:
                raise CampaignError(f"Giấy mời đã hết hạn ngày {parsed.valid_until:%d/%m/%Y}: quét thẻ căn cước để tiếp nhận.",
                              f"The invitation expired on {parsed.valid_until:%d/%m/%Y}: scan the ID card instead.")
            invitation = session.get(Invitation, parsed.ref)
            if invitation is None and (mirrored := shared.find(session, parsed.ref)) is not None:
                return _shared_check_in(mirrored, now, "invitation", workstation)
            if invitation is None or invitation.state in (NO_SHOW, "cancelled"):
                raise CampaignError("Giấy mời không còn hiệu lực (đã được mời lại vào giờ khác): quét thẻ căn cước.",
                              "The invitation is no longer valid (re-invited at another time): scan the ID card.")
            resident = session.get(Resident, invitation.resident_id)
            via = "invitation"
        else:
            from workstation.verify.qr import QrError, parse_qr

            try:
                card = parse_qr(text, today)
            except QrError as exc:
                if exc.field != "format":                  # shaped like a card's QR: its parser says why
                    raise
                # not a CampaignError: at the counter the enrollment's QR step takes it (campaign_desk)
                raise WorkstationError(Message("Mã QR này không phải giấy mời cũng không phải mã QR trên thẻ căn cước: "
                                    "quét lại mã QR của giấy mời hoặc của thẻ.",
                                    "This QR is neither an invitation slip nor an ID card's QR: scan the slip's "
                                    "or the card's QR again."), exc.detail) from None
            resident = store.find(card.id_number, session)
            key = shared_key if resident is None else None
            if key is not None and (mirrored := shared.find_citizen(session, key, card.id_number)) is not None:
                return _shared_check_in(mirrored, now, "card", workstation)
            if resident is None:
                raise CampaignError("Công dân này không có trong danh sách cư dân của xã: tiếp nhận như người ngoài danh sách.",
                              "This citizen is not on the commune's resident list: serve them as not listed.")
            invitation = _open_invitation(session, resident.id)
            via = "card"
        assert resident is not None
        person = store.person(resident)
        if invitation is not None and invitation.arrived_at is not None:
            return CheckIn("already", invitation.ref, person.full_name, resident.village, invitation.start,
                           _aware(invitation.arrived_at), via)
        if invitation is not None:
            invitation.state, invitation.arrived_at = ARRIVED, now
            return CheckIn(ARRIVED, invitation.ref, person.full_name, resident.village, invitation.start, now, via)
        # a walk-in with the card: an invitation of today, already arrived, so the queue and progress see them
        walk_in = Invitation(ref=refs.new_reference(), resident_id=resident.id, day=today, shift="-",
                             start=now.astimezone().replace(tzinfo=None, second=0, microsecond=0), minutes=0,
                             state=ARRIVED, arrived_at=now, mobile=False, created_at=now)
        session.add(walk_in)
        return CheckIn(ARRIVED, walk_in.ref, person.full_name, resident.village, None, now, via)


def card_matches(store: CampaignStore, ref: str, id_number: str) -> str:
    """After the chip is read: "same" (the invited citizen), "household" (another member: fine),
    "other" (someone else: the officer is told) or "unknown" (no such invitation)."""
    with store.sessions() as session:
        invitation = session.get(Invitation, ref)
        if invitation is None:
            return "unknown"
        invited = session.get(Resident, invitation.resident_id)
        card = store.find(id_number, session)
        if invited is None or card is None:
            return "other"
        if card.id == invited.id:
            return "same"
        return "household" if card.household_key == invited.household_key else "other"


def close_for_enrollment(store: CampaignStore, id_number: str, officer: str, now: datetime | None = None) -> bool:
    """Called by the counter after it saved an enrollment: the citizen is enrolled, their invitation
    closed. False when the citizen is not on the commune's list (nothing to close)."""
    now = now or datetime.now(UTC)
    with store.writing() as session:
        resident = store.find(id_number, session)
        if resident is None:
            return False
        _close(session, resident, ENROLLED, None, officer, now)
        return True


def refuse(store: CampaignStore, id_number: str, reason: str, officer: str, now: datetime | None = None) -> None:
    """The enrollment was refused at the counter: why is kept; the citizen is no longer invited."""
    reason = " ".join(reason.split())
    if len(reason) < 3:
        raise CampaignError("Hãy ghi lý do từ chối.", "Write why the enrollment was refused.")
    now = now or datetime.now(UTC)
    with store.writing() as session:
        resident = store.find(id_number, session)
        if resident is None:
            raise CampaignError("Số định danh này không có trong danh sách cư dân của xã.",
                                "This ID number is not on the commune's resident list.")
        _close(session, resident, REFUSED, reason, officer, now)


def _close(session: Session, resident: Resident, outcome: str, reason: str | None, officer: str,
           now: datetime) -> None:
    resident.outcome, resident.outcome_reason, resident.outcome_at = outcome, reason, now
    invitation = _open_invitation(session, resident.id)
    if invitation is not None:
        invitation.state, invitation.closed_at, invitation.reason, invitation.officer = outcome, now, reason, officer
        if invitation.arrived_at is None:
            invitation.arrived_at = now


def sync_from_enrollments(store: CampaignStore, officer: str = "system") -> int:
    """Residents whose enrollment this workstation saved (matched by keyed hash) but whose
    invitation was not closed (the counter did not call close_for_enrollment): closed now, with the
    enrollment's time. Returns how many."""
    from workstation.campaign.roster import SAVED_STATES
    from workstation.storage.models import Enrollment

    count = 0
    with store.writing() as session:
        saved = {key: at for key, at in session.execute(
            select(Enrollment.citizen_key, Enrollment.updated_at).where(Enrollment.state.in_(SAVED_STATES),
                                                                        Enrollment.citizen_key.is_not(None)))}
        for resident in session.scalars(select(Resident).where(Resident.id_key.in_(list(saved)),
                                                               Resident.outcome.is_distinct_from(ENROLLED))):
            _close(session, resident, ENROLLED, None, officer, _aware(saved[resident.id_key]))
            count += 1
    return count

"""The open invitations as slips (decrypted names, signed QR texts), for the PDF and the SMS file."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.campaign.models import Invitation, Resident
from workstation.campaign.refs import Signer
from workstation.campaign.slips import Slip
from workstation.campaign.shared import commune_key
from workstation.campaign.store import CampaignStore


def slips_for(store: CampaignStore, village: str | None = None, day: date | None = None) -> list[Slip]:
    settings = store.require_settings()
    signer = Signer(store.cipher, settings.commune, commune_key(store))
    with store.sessions() as session:
        query = (select(Invitation, Resident).join(Resident, Invitation.resident_id == Resident.id)
                 .where(Invitation.state == "invited").order_by(Invitation.start, Resident.village, Resident.id))
        if village:
            query = query.where(Resident.village == store.village_named(session, village).name)
        if day:
            query = query.where(Invitation.day == day)
        out = []
        households: dict[int, str] = {}
        for invitation, resident in session.execute(query):
            person = store.person(resident)
            qr = signer.qr_text(invitation.ref, invitation.day + timedelta(days=settings.valid_days))
            out.append(Slip(invitation.ref, qr, person.full_name, resident.village, invitation.start,
                            invitation.minutes, invitation.shift, person.phone))
            households[len(out) - 1] = resident.household_key
        phones = _household_phones(store, session, {households[i] for i, s in enumerate(out) if not s.phone})
        return [replace(s, phone=phones.get(households[i], ""), household_phone=True)
                if not s.phone and households[i] in phones else s for i, s in enumerate(out)]


def _household_phones(store: CampaignStore, session: Session, keys: set[str]) -> dict[str, str]:
    """A phone for each household among `keys`: the head's, else any member's. A child or an
    elderly citizen without a phone of their own is told through the family's."""
    phones: dict[str, tuple[bool, str]] = {}
    if not keys:
        return {}
    for resident in session.scalars(select(Resident).where(Resident.household_key.in_(sorted(keys)))
                                    .order_by(Resident.id)):
        phone = store.person(resident).phone
        if phone and (resident.household_key not in phones or (resident.head and not phones[resident.household_key][0])):
            phones[resident.household_key] = (resident.head, phone)
    return {key: phone for key, (_, phone) in phones.items()}

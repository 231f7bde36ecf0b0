"""The open invitations as slips (decrypted names, signed QR texts), for the PDF and the SMS file."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from workstation.campaign.models import Invitation, Resident
from workstation.campaign.refs import Signer
from workstation.campaign.slips import Slip
from workstation.campaign.store import CampaignStore


def slips_for(store: CampaignStore, village: str | None = None, day: date | None = None) -> list[Slip]:
    settings = store.require_settings()
    signer = Signer(store.cipher, settings.commune)
    with store.sessions() as session:
        query = (select(Invitation, Resident).join(Resident, Invitation.resident_id == Resident.id)
                 .where(Invitation.state == "invited").order_by(Invitation.start, Resident.village, Resident.id))
        if village:
            query = query.where(Resident.village == store.village_named(session, village).name)
        if day:
            query = query.where(Invitation.day == day)
        out = []
        for invitation, resident in session.execute(query):
            person = store.person(resident)
            qr = signer.qr_text(invitation.ref, invitation.day + timedelta(days=settings.valid_days))
            out.append(Slip(invitation.ref, qr, person.full_name, resident.village, invitation.start,
                            invitation.minutes, invitation.shift, person.phone))
        return out

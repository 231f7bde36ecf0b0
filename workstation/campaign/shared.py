"""One campaign, several workstations: the commune's plan as it travels through the centre.

Trust model (docs/data-and-privacy.md, "One campaign, several workstations"):
- The **commune's campaign key** (32 random bytes) is made by the workstation that publishes the
  plan first. It keys the slips' check values (refs.Signer) and the citizen and household hashes
  of the published plan, so every workstation of the commune checks the same slips and finds the
  same citizen by their card. It travels inside the published plan, which is signed by the
  publisher's registered key and sent over mutual TLS; the centre (the province, which already
  holds every enrollment) can read it; each workstation keeps it wrapped with its own data key
  (AES-GCM, associated data "campaign/commune-key"). Losing it to someone means they can make
  slips that check: a slip is an appointment, never an identity (the chip is read and checked at
  the counter whatever the slip says).
- The published plan holds **no name and no ID number**: per invitation its reference, the keyed
  citizen and household hashes, the village, the day, shift, start and length of its slot.
- Who checked an invitation in first is the **centre's** decision (first wins per invitation); a
  workstation offline checks in locally and posts its check-ins later, when the centre may answer
  that someone else was first.
This module holds the tables and the building blocks; signing and the traffic are core's
(core/campaign_sync.py)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workstation.campaign.errors import CampaignError
from workstation.campaign.models import Invitation, Resident, SharedInvitation, SharedPlan
from workstation.campaign.store import CampaignSettings, CampaignStore

KEY_AAD = "campaign/commune-key"
OPEN_STATES = ("invited", "arrived")


def _hash(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}|{value}".encode(), hashlib.sha256).hexdigest()


def citizen_hash(key: bytes, id_number: str) -> str:
    return _hash(key, "citizen", id_number.strip())


def household_hash(key: bytes, household: str) -> str:
    return _hash(key, "household", household.strip())


def commune_key(store: CampaignStore) -> bytes | None:
    with store.sessions() as session:
        row = session.get(SharedPlan, 1)
    return None if row is None else store.cipher.open(row.key_nonce, row.key_blob, KEY_AAD)


def shared_plan(store: CampaignStore) -> SharedPlan | None:
    with store.sessions() as session:
        return session.get(SharedPlan, 1)


def new_key() -> bytes:
    return secrets.token_bytes(32)


def build_plan(store: CampaignStore, commune_code: str, key: bytes, made_at: datetime) -> dict[str, Any]:
    """The plan to publish: the open invitations without names or ID numbers."""
    settings = store.require_settings()
    invitations = []
    with store.sessions() as session:
        for invitation, resident in session.execute(
                select(Invitation, Resident).join(Resident, Invitation.resident_id == Resident.id)
                .where(Invitation.state.in_(OPEN_STATES)).order_by(Invitation.start, Invitation.ref)):
            person = store.person(resident)
            invitations.append({"ref": invitation.ref, "citizen": citizen_hash(key, person.id_number),
                                "household": household_hash(key, person.household or f"-{resident.id}"),
                                "village": resident.village, "day": invitation.day.isoformat(),
                                "shift": invitation.shift, "start": invitation.start.isoformat(timespec="minutes"),
                                "minutes": invitation.minutes})
    if not invitations:
        raise CampaignError("Chưa có giấy mời nào để công bố: lập kế hoạch và mời trước (campaign invite).",
                            "No invitations to publish: plan and invite first (campaign invite).")
    return {"commune": commune_code, "commune_name": settings.commune[:100], "place": settings.place[:200],
            "valid_days": settings.valid_days, "made_at": made_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "key": base64.b64encode(key).decode(), "invitations": invitations}


@dataclass(frozen=True)
class Adopted:
    invitations: int
    made_at: str
    publisher: str
    role: str

    def as_dict(self) -> dict[str, object]:
        return {"invitations": self.invitations, "made_at": self.made_at, "publisher": self.publisher,
                "role": self.role}


def adopt(store: CampaignStore, plan: dict[str, Any], publisher: str, role: str) -> Adopted:
    """Keep `plan` (already verified) as this workstation's shared plan: its key wrapped with the
    data key, its invitations replacing the previous plan's (check-ins already known stay). A
    workstation without a resident list takes the commune's name, place and validity from it."""
    key = base64.b64decode(str(plan["key"]))
    nonce, blob = store.cipher.seal(key, KEY_AAD)
    now = datetime.now(UTC)
    with store.writing() as session:
        known = {r.ref: r for r in session.scalars(select(SharedInvitation))}
        session.execute(delete(SharedInvitation))
        session.execute(delete(SharedPlan))
        session.add(SharedPlan(id=1, commune_code=str(plan["commune"]), made_at=str(plan["made_at"]),
                               publisher=publisher, role=role, key_nonce=nonce, key_blob=blob, at=now))
        for item in plan["invitations"]:
            before = known.get(item["ref"])
            session.add(SharedInvitation(
                ref=item["ref"], citizen=item["citizen"], household=item["household"], village=item["village"],
                day=date.fromisoformat(item["day"]), shift=item["shift"],
                start=datetime.fromisoformat(item["start"]), minutes=int(item["minutes"]),
                checked_in_by=before.checked_in_by if before else None,
                checked_in_at=before.checked_in_at if before else None, posted=before.posted if before else False))
        settings = store.settings()
        if settings is None:
            store.save_settings(CampaignSettings(commune=str(plan["commune_name"]), place=str(plan["place"]),
                                                 valid_days=int(plan["valid_days"])), session)
        elif role == "fetched":
            store.save_settings(replace(settings, commune=str(plan["commune_name"])), session)
    return Adopted(len(plan["invitations"]), str(plan["made_at"]), publisher, role)


def find(session: Session, ref: str) -> SharedInvitation | None:
    return session.get(SharedInvitation, ref)


def find_citizen(session: Session, key: bytes, id_number: str) -> SharedInvitation | None:
    return session.scalar(select(SharedInvitation).where(SharedInvitation.citizen == citizen_hash(key, id_number))
                          .order_by(SharedInvitation.start.desc()).limit(1))


def mark(store: CampaignStore, ref: str, workstation: str, at: datetime, posted: bool) -> None:
    """Record who checked `ref` in (first-wins is the centre's; a workstation's own unposted
    check-in never overwrites another workstation's that the centre already answered)."""
    with store.writing() as session:
        row = session.get(SharedInvitation, ref)
        if row is None:
            return
        row.checked_in_by, row.checked_in_at, row.posted = workstation, at, posted


def arrived_elsewhere(store: CampaignStore, ref: str, workstation: str, at: datetime) -> None:
    """The centre says `workstation` checked `ref` in first: keep that, and undo this workstation's
    own arrival of the invitation (it is served there, once)."""
    with store.writing() as session:
        row = session.get(SharedInvitation, ref)
        if row is not None:
            row.checked_in_by, row.checked_in_at, row.posted = workstation, at, True
        local = session.get(Invitation, ref)
        if local is not None and local.state == "arrived":
            local.state, local.arrived_at = "invited", None


def unposted(store: CampaignStore, workstation: str) -> list[tuple[str, datetime]]:
    with store.sessions() as session:
        return [(r.ref, r.checked_in_at) for r in session.scalars(
            select(SharedInvitation).where(SharedInvitation.posted.is_(False),
                                           SharedInvitation.checked_in_by == workstation))
                if r.checked_in_at is not None]


def key_id(key: bytes) -> str:
    """Names the commune key without revealing it (a USB export says which key its plan is under)."""
    return hashlib.sha256(b"campaign key id|" + key).hexdigest()[:16]


def my_checkins(store: CampaignStore, workstation: str) -> list[dict[str, object]]:
    """This workstation's check-ins of the shared plan, with the outcome where this workstation
    holds the invitation (enrolled, refused), for a USB export."""
    with store.sessions() as session:
        out: list[dict[str, object]] = []
        for row in session.scalars(select(SharedInvitation).where(SharedInvitation.checked_in_by == workstation)
                                   .order_by(SharedInvitation.ref)):
            if row.checked_in_at is None:
                continue
            local = session.get(Invitation, row.ref)
            outcome = local.state if local is not None and local.state in ("enrolled", "refused") else None
            out.append({"ref": row.ref, "at": row.checked_in_at.astimezone(UTC).isoformat(timespec="microseconds")
                        if row.checked_in_at.tzinfo else row.checked_in_at.replace(tzinfo=UTC).isoformat(),
                        "outcome": outcome})
        return out


@dataclass(frozen=True)
class Merged:
    merged: int           # taken: nobody had checked them in here, or later than the export says
    kept: int             # someone was first here (earlier): theirs stays (first wins)
    unknown: int          # references not in this workstation's shared plan
    outcomes: int         # enrolled/refused outcomes carried onto this workstation's invitations
    already: int = 0      # the same check-in merged before (the same export imported again)

    def as_dict(self) -> dict[str, int]:
        return {"merged": self.merged, "kept": self.kept, "unknown": self.unknown, "outcomes": self.outcomes,
                "already": self.already}


def merge_checkins(store: CampaignStore, exporter: str, items: list[dict[str, Any]], team: str,
                   place: str) -> Merged:
    """A mobile team's (or another counter's) check-ins brought by USB: first wins per invitation
    (the earlier time; the centre's answer, when it comes, overrides); the invitations this
    workstation holds are tagged with the team (the place goes into the audit record of the
    import) and take the outcome."""
    merged = kept = unknown = outcomes = already = 0
    with store.writing() as session:
        for item in items:
            ref, at = str(item["ref"]), datetime.fromisoformat(str(item["at"]))
            row = session.get(SharedInvitation, ref)
            if row is None:
                unknown += 1
                continue
            earlier = row.checked_in_at
            local = session.get(Invitation, ref)
            if earlier is not None and row.checked_in_by == exporter and _same_time(earlier, at) and \
                    (local is None or item.get("outcome") not in ("enrolled", "refused") or local.state == item["outcome"]):
                already += 1                                   # this very check-in came before: nothing new
                continue
            if earlier is not None and row.checked_in_by != exporter and \
                    (earlier if earlier.tzinfo else earlier.replace(tzinfo=UTC)) <= at:
                kept += 1
                continue
            # not this workstation's to post: the exporter posts its own when it reaches the centre
            row.checked_in_by, row.checked_in_at, row.posted = exporter, at, True
            merged += 1
            if local is None:
                continue
            local.team = (team or local.team or "")[:64] or None
            local.mobile = local.mobile or bool(team)
            if local.state == "invited":
                local.state, local.arrived_at = "arrived", at
            outcome = item.get("outcome")
            if outcome in ("enrolled", "refused") and local.state != outcome:
                local.state, local.closed_at = str(outcome), at
                resident = session.get(Resident, local.resident_id)
                if resident is not None:
                    resident.outcome, resident.outcome_at = str(outcome), at
                outcomes += 1
    return Merged(merged, kept, unknown, outcomes, already)


def _same_time(stored: datetime, at: datetime) -> bool:
    return (stored if stored.tzinfo else stored.replace(tzinfo=UTC)) == (at if at.tzinfo else at.replace(tzinfo=UTC))

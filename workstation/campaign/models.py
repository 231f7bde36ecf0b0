"""The campaign's tables, in the workstation's own database beside the enrollments.

Why the same database with its own Alembic environment (migrations/, version table
`campaign_alembic_version`) rather than a second file: the "already has level 2" flag and the
outcomes join residents to enrollments by the same keyed hash of the ID number, in one query and one
transaction, and a PostgreSQL deployment needs no second server. Why its own environment: the
campaign's schema changes on its own rhythm, and its revisions never collide with the storage's
numbered chain (0001, 0002, ...) that other work extends. All tables are prefixed `campaign_`.

At rest: the ID number is kept only as the keyed hash (BlobCipher.index, the enrollments'
citizen_key: the two match without decrypting); name, ID, birth date, sex, phone and relation are
one AES-GCM blob whose associated data is the hash (a blob cannot be moved to another resident).
The village, the flags and the outcomes are in clear: the plan and the progress count them.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class CampaignBase(DeclarativeBase):
    pass


class CampaignInfo(CampaignBase):
    """The campaign of this workstation's commune: one row."""

    __tablename__ = "campaign_info"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune: Mapped[str] = mapped_column(String(100), nullable=False)
    settings: Mapped[str] = mapped_column(Text, nullable=False)           # JSON: ages, place, plan
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class Village(CampaignBase):
    __tablename__ = "campaign_villages"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    officer: Mapped[str | None] = mapped_column(String(64))              # the officer in charge
    quota: Mapped[int | None] = mapped_column(Integer)


class Resident(CampaignBase):
    __tablename__ = "campaign_residents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    household_key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    village: Mapped[str] = mapped_column(ForeignKey("campaign_villages.name"), nullable=False, index=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    blob: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    birth_year: Mapped[int] = mapped_column(Integer, nullable=False)     # ages and eligibility on any day
    birth_doy: Mapped[int] = mapped_column(Integer, nullable=False)      # month*100+day: the birthday
    head: Mapped[bool] = mapped_column(Boolean, nullable=False)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False)
    bedridden: Mapped[bool] = mapped_column(Boolean, nullable=False)
    level2: Mapped[bool] = mapped_column(Boolean, nullable=False)        # the list says so
    door: Mapped[str | None] = mapped_column(String(16))                 # door-to-door outcome
    door_reason: Mapped[str | None] = mapped_column(Text)
    door_officer: Mapped[str | None] = mapped_column(String(64))
    door_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(16))              # enrolled | refused (at a counter)
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    misses: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    home_visit: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class Invitation(CampaignBase):
    __tablename__ = "campaign_invitations"

    ref: Mapped[str] = mapped_column(String(16), primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("campaign_residents.id"), nullable=False, index=True)
    day: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    shift: Mapped[str] = mapped_column(String(16), nullable=False)
    start: Mapped[datetime] = mapped_column(DateTime, nullable=False)   # local time of the slot
    minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    arrived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)
    officer: Mapped[str | None] = mapped_column(String(64))
    mobile: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    team: Mapped[str | None] = mapped_column(String(64))                  # the mobile team of a home visit
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class SharedPlan(CampaignBase):
    """The commune's plan as published at the centre (one row): its campaign key, wrapped with
    this workstation's data key (AES-GCM, associated data "campaign/commune-key")."""

    __tablename__ = "campaign_shared_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(16), nullable=False)
    made_at: Mapped[str] = mapped_column(String(40), nullable=False)
    publisher: Mapped[str] = mapped_column(String(64), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)         # published | fetched
    key_nonce: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    key_blob: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class SharedInvitation(CampaignBase):
    """An invitation of the commune's published plan: no name, no ID number; `citizen` and
    `household` are HMACs under the commune's campaign key (the same on every workstation)."""

    __tablename__ = "campaign_shared_invitations"

    ref: Mapped[str] = mapped_column(String(16), primary_key=True)
    citizen: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    household: Mapped[str] = mapped_column(String(64), nullable=False)
    village: Mapped[str] = mapped_column(String(100), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    shift: Mapped[str] = mapped_column(String(16), nullable=False)
    start: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    checked_in_by: Mapped[str | None] = mapped_column(String(64))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    posted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

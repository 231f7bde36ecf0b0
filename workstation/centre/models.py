"""The centre's schema (SQLAlchemy 2.0). Made only by the Alembic migrations in migrations/, never
by create_all: a province's PostgreSQL is upgraded in place."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class CentreBase(DeclarativeBase):
    pass


class RegisteredWorkstation(CentreBase):
    __tablename__ = "centre_workstations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    commune: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))
    certificate: Mapped[str] = mapped_column(Text)               # PEM, issued by the centre CA
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)   # of the raw Ed25519 public key
    status: Mapped[str] = mapped_column(String(16))              # active | revoked
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class EnrollmentToken(CentreBase):
    __tablename__ = "centre_tokens"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    commune: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    workstation_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ReceivedPackage(CentreBase):
    __tablename__ = "centre_packages"
    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(64), ForeignKey("centre_workstations.id"), index=True)
    commune: Mapped[str] = mapped_column(String(16), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    status: Mapped[str] = mapped_column(String(16))               # accepted | duplicate
    reason: Mapped[str] = mapped_column(String(200), default="")
    citizen_key: Mapped[str] = mapped_column(String(64), index=True)   # keyed hash of the citizen id
    # as received, still encrypted: only rows from before the object store (c0011); newer packages
    # are in the store under their sha256 (read_package)
    package: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class IntakeDecision(CentreBase):
    """Every intake answer, accepted or not (a rejected package is not stored, its decision is)."""

    __tablename__ = "centre_intake_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    package_id: Mapped[str] = mapped_column(String(64), index=True)
    workstation_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))              # https | usb | register | admin
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(64), default="")   # the caller's address, when known
    prev_hash: Mapped[str] = mapped_column(String(64))           # the previous entry's entry_hash
    entry_hash: Mapped[str] = mapped_column(String(64))          # sha256 over prev_hash + this entry


class RateWindow(CentreBase):
    """A counter per key and minute, shared by every intake process (the token guessing limit)."""

    __tablename__ = "centre_rate_windows"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window: Mapped[int] = mapped_column(BigInteger, primary_key=True)     # minutes since the epoch
    count: Mapped[int] = mapped_column(Integer)


class Job(CentreBase):
    """Work after intake (workstation/centre/jobs.py): a duplicate to review, a batch to export."""

    __tablename__ = "centre_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text, default="{}")
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    result: Mapped[str] = mapped_column(Text, default="")


class Review(CentreBase):
    """A reviewer's decision on a duplicate (who, when, what), beside its audit entry."""

    __tablename__ = "centre_reviews"
    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    earlier_package_id: Mapped[str] = mapped_column(String(36))
    decision: Mapped[str] = mapped_column(String(16))          # accepted | duplicate | refused
    reviewer: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Exported(CentreBase):
    """A package handed on to the national system, in which signed batch."""

    __tablename__ = "centre_exports"
    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(36), index=True)
    exported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

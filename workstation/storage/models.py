"""SQLAlchemy models. Every change here comes with an Alembic migration in migrations/versions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class WorkstationInfo(Base):
    """This installation's identity: one row, made on first start, named in every package."""

    __tablename__ = "workstation_info"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class Officer(Base):
    """Someone who may log in; the password is kept as a scrypt hash."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(256), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)          # officer | supervisor
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")   # unused since 0006
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)      # unused since 0006


class LoginFailure(Base):
    """Failed logins in a row under one typed user name, an account or not (a keyed hash of the
    name: what is typed into the name field is kept nowhere in clear)."""

    __tablename__ = "login_failures"

    name_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Enrollment(Base):
    """One citizen's enrollment, from draft to acknowledged by the centre."""

    __tablename__ = "enrollments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    # The citizen: a keyed hash of the ID number to find the same citizen again, and ID number and
    # name encrypted with the data key (EnrollmentStore.citizen). Never in clear: a copied database
    # file says nothing about whom it enrolled. id_number/full_name are the clear columns of
    # databases before 0004, emptied when the store first opens them.
    citizen_key: Mapped[str | None] = mapped_column(String(64), index=True)
    citizen_nonce: Mapped[bytes | None] = mapped_column(LargeBinary)
    citizen_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_number: Mapped[str | None] = mapped_column(String(12), index=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    officer: Mapped[str] = mapped_column(String(64), nullable=False)
    simulated: Mapped[bool] = mapped_column(Boolean, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    package_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    package: Mapped[bytes | None] = mapped_column(LargeBinary)            # sealed: already encrypted
    package_sha256: Mapped[str | None] = mapped_column(String(64))
    exported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    flags: Mapped[str | None] = mapped_column(Text)                      # JSON list of flag names, for review
    review: Mapped[str | None] = mapped_column(String(16))               # approved | flagged (end of day)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))


class CaptureRecord(Base):
    """A capture of a draft (chip file, face, finger), encrypted at rest, one transaction each."""

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollments.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    name: Mapped[str] = mapped_column(String(128), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    nonce: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    blob: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class AuditEntry(Base):
    """Append-only (the database refuses UPDATE and DELETE) and hash-chained."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    officer: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    enrollment_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str] = mapped_column(Text, nullable=False)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)


class Incident(Base):
    """A chip that is forged, a copy, or withholds what its SOD lists: recorded for the supervisor
    (the screen tells the officer to report it). No personal data in clear: the citizen the card
    claims is a keyed hash (the same as enrollments.citizen_key), the chip is named by fingerprints."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
    officer: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)           # forged | clone | withheld
    codes: Mapped[str] = mapped_column(Text, nullable=False)                 # JSON list of verdict codes
    fingerprints: Mapped[str] = mapped_column(Text, nullable=False)         # JSON: sod, ds_certificates, dg15
    citizen_key: Mapped[str | None] = mapped_column(String(64), index=True)
    workstation_id: Mapped[str] = mapped_column(String(36), nullable=False)

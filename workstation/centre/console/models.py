"""The console's own tables (made by migration c0010): its users and its event log. It reads the
centre's index tables and never writes them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workstation.centre.models import CentreBase


class ConsoleUser(CentreBase):
    __tablename__ = "console_users"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str] = mapped_column(String(128))          # RFC 6238 secret, sealed (totp_box)
    last_totp_step: Mapped[int] = mapped_column(Integer, default=0)  # a code is used once (RFC 6238 §5.2)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ConsoleEvent(CentreBase):
    """Every login success and failure, logout, lockout and refused form (CSRF)."""

    __tablename__ = "console_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user: Mapped[str] = mapped_column(String(64))                  # the name typed or logged in
    event: Mapped[str] = mapped_column(String(32))                 # login_ok | login_refused | logout | ...
    source: Mapped[str] = mapped_column(String(64))                # the client's address
    detail: Mapped[str] = mapped_column(String(200), default="")   # why (password, totp, locked, replay)

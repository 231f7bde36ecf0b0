"""The centre's campaign tables (migration c0012_campaign): the signed daily progress reports the
workstations post (PUT /campaign/reports/{commune}/{day}). Kept apart from models.py, which the
intake owns."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.centre.models import CentreBase


class CampaignReport(CentreBase):
    """One workstation's report of one day: a newer report of the same day replaces the older
    (both audited). The report is kept as signed (canonical JSON and its signature), so anyone
    holding the workstation's registered certificate can check it again; the columns beside it are
    what the console lists."""

    __tablename__ = "centre_campaign_reports"
    workstation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    commune: Mapped[str] = mapped_column(String(16), index=True)
    commune_name: Mapped[str] = mapped_column(String(100), default="")
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    eligible: Mapped[int] = mapped_column(Integer)
    enrolled: Mapped[int] = mapped_column(Integer)
    still_due: Mapped[int] = mapped_column(Integer)
    pace_per_day: Mapped[str] = mapped_column(String(16))
    forecast_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    report: Mapped[str] = mapped_column(Text)             # the canonical JSON that was signed
    signature: Mapped[str] = mapped_column(String(128))   # base64 Ed25519



class CampaignPlan(CentreBase):
    """The commune's published campaign plan (one per commune; a plan made later replaces it):
    the signed envelope as received, and who published it."""

    __tablename__ = "centre_campaign_plans"
    commune: Mapped[str] = mapped_column(String(16), primary_key=True)
    publisher: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    invitations: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    envelope: Mapped[str] = mapped_column(Text)           # JSON: format, plan, signature


class CampaignCheckin(CentreBase):
    """Who checked an invitation in first (first wins, per commune and reference)."""

    __tablename__ = "centre_campaign_checkins"
    commune: Mapped[str] = mapped_column(String(16), primary_key=True)
    ref: Mapped[str] = mapped_column(String(16), primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))            # when it happened (the workstation's clock)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

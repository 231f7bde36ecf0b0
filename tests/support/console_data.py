"""Rows for the console's pages, written with the centre's own models and registry (what intake
writes): workstations in two communes, one revoked; today's accepted, duplicate and refused
packages; older decisions for the trend and the audit search."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from workstation.centre.audit import append
from workstation.centre.models import ReceivedPackage, RegisteredWorkstation
from workstation.centre.registry import Registry

WS_A, WS_B, WS_OLD = ("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
                      "33333333-3333-4333-8333-333333333333")


@dataclass(frozen=True)
class Seeded:
    accepted_today: int
    duplicate_today: int
    rejected_today: int
    duplicate_ids: tuple[str, ...]
    refused_old_id: str


def _package(session, package_id: str, ws: str, commune: str, at: datetime, status: str, citizen: str) -> None:  # noqa: ANN001
    session.add(ReceivedPackage(package_id=package_id, workstation_id=ws, commune=commune,
                                sha256=hashlib.sha256(package_id.encode()).hexdigest(), size=1000, received_at=at,
                                status=status, reason="citizen_enrolled_elsewhere" if status == "duplicate" else "",
                                citizen_key=hashlib.sha256(citizen.encode()).hexdigest(), package=b"\x00"))
    append(session, package_id, ws, "https", status, "citizen_enrolled_elsewhere" if status == "duplicate" else "",
           at=at)             # backdated when written: the audit refuses any UPDATE
    session.flush()


def seed(registry: Registry, now: datetime | None = None) -> Seeded:
    now = now or datetime.now(UTC)
    # a fixed hour inside today in Vietnam (UTC+7), whatever time the test runs
    vn_midnight = (now + timedelta(hours=7)).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(hours=7)
    today = vn_midnight + (now - vn_midnight) / 2       # inside today in Vietnam, and before now
    with registry.sessions.begin() as session:
        for ws, commune, name, status in ((WS_A, "00001", "Công an xã Hoà Bình", "active"),
                                          (WS_B, "00002", "Công an xã Đông Hưng", "active"),
                                          (WS_OLD, "00002", "Máy cũ xã Đông Hưng", "revoked")):
            session.add(RegisteredWorkstation(id=ws, commune=commune, name=name, certificate="-", key_sha256=ws.replace("-", "") * 2,
                                              status=status, registered_at=now - timedelta(days=40),
                                              revoked_at=now - timedelta(days=2) if status == "revoked" else None))
        session.flush()
        for i in range(5):
            _package(session, str(uuid.UUID(int=1000 + i)), WS_A, "00001", today, "accepted", f"0010990000{i:02d}")
        for i in range(3):
            _package(session, str(uuid.UUID(int=2000 + i)), WS_B, "00002", today, "accepted", f"0020990000{i:02d}")
        duplicates = []
        for i in range(2):      # the same citizens as two of commune 00001's
            package_id = str(uuid.UUID(int=3000 + i))
            _package(session, package_id, WS_B, "00002", today, "duplicate", f"0010990000{i:02d}")
            duplicates.append(package_id)
        for reason, ws in (("signature", WS_A), ("signature", WS_B), ("caller_revoked", WS_OLD)):
            append(session, str(uuid.uuid4()), ws, "https", "rejected", reason, at=today)
        old = str(uuid.UUID(int=4000))
        append(session, old, WS_A, "usb", "rejected", "files", at=now - timedelta(days=3))
        for day in range(1, 5):
            _package(session, str(uuid.UUID(int=5000 + day)), WS_A, "00001", now - timedelta(days=day), "accepted",
                     f"00309900{day:04d}")
    return Seeded(8, 2, 3, tuple(duplicates), old)

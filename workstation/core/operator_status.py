"""What the operator bar shows: who is at the counter, on which workstation and commune, and
whether the packages are getting out (the centre reachable or not, how many still to send, when
the last sync was). Qt-free; the probe of the centre is a TCP connect with a short timeout, run off
the window's thread by the caller."""
from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import func, select

from workstation.core.history import not_yet_sent
from workstation.storage.models import Enrollment

if TYPE_CHECKING:
    from workstation.core.enrollment.services import EnrollmentServices

PROBE_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class OperatorStatus:
    officer: str
    workstation_id: str
    commune: str              # from the centre's registration; "" when not registered
    centre_url: str           # "" when not registered
    online: bool | None       # the centre answered a connection; None: not registered, or not probed
    unsent: int               # sealed packages neither exported nor synced
    last_sync: datetime | None


def centre_reachable(url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Can a TCP connection to the centre's host and port be made? (Not a sync: no data is sent.)"""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    try:
        with socket.create_connection((parts.hostname, parts.port or 443), timeout=timeout):
            return True
    except OSError:
        return False


def operator_status(services: "EnrollmentServices", probe: bool = False) -> OperatorStatus:
    link = services.centre_link()
    with services.store.sessions() as session:
        last = session.scalar(select(func.max(Enrollment.synced_at)))
    online = centre_reachable(link.api) if (probe and link is not None) else None
    return OperatorStatus(services.officer, services.workstation_id, link.commune if link else "",
                          link.url if link else "", online, not_yet_sent(services.store),
                          _local(last))


def _local(stamp: datetime | None) -> datetime | None:
    """The database keeps UTC (SQLite drops the offset): shown in the workstation's time."""
    if stamp is None:
        return None
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone()

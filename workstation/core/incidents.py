"""A chip that must not be enrolled because it is not what it claims — forged data or signer, a copy
(active or chip authentication failed), a file withheld — is an incident: the screen tells the
officer to keep the card and report it, and this records it (time, officer, verdict codes, the
chip's certificate fingerprints; no personal data in clear) for the supervisor's list and the day's
count. An unknown signer is the administrator's business (a CSCA missing), not an incident. Qt-free."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from workstation.core.history import local_day_bounds

if TYPE_CHECKING:
    from workstation.core.card_reading import CardRead
    from workstation.storage.enrollments import EnrollmentStore
    from workstation.storage.incidents import IncidentRow

INCIDENT_KINDS = ("forged", "clone", "withheld")


def is_incident(read: "CardRead") -> bool:
    return not read.verdict.genuine and read.verdict.kind in INCIDENT_KINDS


def chip_fingerprints(read: "CardRead") -> dict[str, object]:
    """SHA-256 of the SOD, of each certificate it carries (the Document Signer), and of DG15 (the
    chip's active authentication key): enough to recognise the same forged or cloned chip again."""
    files = read.chip.files
    out: dict[str, object] = {"sod": _sha(files.get("sod")), "dg15": _sha(files.get("dg15")), "ds_certificates": []}
    sod = files.get("sod")
    if sod:
        try:
            from workstation.verify.passive_auth import parse_sod

            out["ds_certificates"] = [_sha(c.der) for c in parse_sod(sod).certificates]
        except Exception:  # noqa: BLE001 - a SOD too damaged to parse: its own hash still names it
            out["ds_certificates"] = []
    return out


def _sha(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data else None


def record(store: "EnrollmentStore", officer: str, workstation_id: str, read: "CardRead") -> int | None:
    """Records the incident of this read, if it is one; returns its id."""
    if not is_incident(read):
        return None
    from workstation.storage.incidents import record_incident

    return record_incident(store, officer, workstation_id, read.verdict.kind, list(read.verdict.codes),
                           chip_fingerprints(read), read.dg13.id_number or None)


def day_incidents(store: "EnrollmentStore", day: date | None = None) -> list["IncidentRow"]:
    from datetime import UTC

    from workstation.storage.incidents import incidents_between

    day = day or datetime.now().astimezone().date()
    start, end = local_day_bounds(day)
    return incidents_between(store, start.astimezone(UTC), end.astimezone(UTC))


def recent_incidents(store: "EnrollmentStore", days: int = 30) -> list["IncidentRow"]:
    from datetime import UTC

    from workstation.storage.incidents import incidents_between

    now = datetime.now(UTC)
    return incidents_between(store, now - timedelta(days=days), now + timedelta(seconds=1))

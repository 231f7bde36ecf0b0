"""The incidents table: a forged, cloned or withholding chip met at the counter (issue 20 finding
6), written with an audit entry in one transaction; listed by day for the supervisor's page and
`workstation incidents`. What is kept names the chip and the verdict, never the citizen in clear."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from workstation.storage.enrollments import EnrollmentStore
from workstation.storage.models import Incident


@dataclass(frozen=True)
class IncidentRow:
    id: int
    at: datetime                 # UTC
    officer: str
    kind: str
    codes: tuple[str, ...]
    fingerprints: dict[str, object]
    citizen_key: str | None      # keyed hash: the same card claimed again, without its number

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "at": self.at.isoformat(), "officer": self.officer, "kind": self.kind,
                "codes": list(self.codes), "fingerprints": self.fingerprints, "citizen_key": self.citizen_key}


def record_incident(store: EnrollmentStore, officer: str, workstation_id: str, kind: str, codes: list[str],
                    fingerprints: dict[str, object], id_number: str | None) -> int:
    """Adds the incident and its audit entry together; returns the incident's id."""
    key = store.cipher.index(id_number) if id_number else None
    with store._writing() as session:  # noqa: SLF001 - the store's one write path (full disk in words)
        row = Incident(at=datetime.now(UTC), officer=officer, kind=kind, codes=json.dumps(codes),
                       fingerprints=json.dumps(fingerprints, sort_keys=True), citizen_key=key,
                       workstation_id=workstation_id)
        session.add(row)
        session.flush()
        store._audit(session, officer, "incident", None, incident=row.id, kind=kind, codes=codes)  # noqa: SLF001
        return row.id


def incidents_between(store: EnrollmentStore, start: datetime, end: datetime) -> list[IncidentRow]:
    """Incidents with start <= at < end (UTC datetimes), newest first."""
    with store.sessions() as session:
        rows = session.scalars(select(Incident).where(Incident.at >= start, Incident.at < end)
                               .order_by(Incident.at.desc(), Incident.id.desc()))
        return [IncidentRow(r.id, r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC), r.officer, r.kind,
                            tuple(json.loads(r.codes)), json.loads(r.fingerprints), r.citizen_key) for r in rows]

"""What the campaign changed, in the workstation's hash-chained audit log (the enrollments' own),
named after the officer who did it: `campaign_<action>` entries with counts and references, never
an ID number, a name or a phone. The faces (CLI, window) record after each change they make, since
they know who is logged in; the record is written once the change is committed."""
from __future__ import annotations

from workstation.campaign.store import CampaignStore
from workstation.storage.enrollments import EnrollmentStore


def record(store: CampaignStore, officer: str, action: str, **detail: object) -> None:
    EnrollmentStore(store.sessions, store.cipher).audit(officer, f"campaign_{action}", None, **detail)

"""The campaign's refusals: each one line in the officer's words (Vietnamese and English)."""
from __future__ import annotations

from workstation.errors import WorkstationError
from workstation.messages import Message


class CampaignError(WorkstationError):
    """A campaign input or state that cannot be used; nothing already stored is changed."""

    def __init__(self, vi: str, en: str, detail: str = "") -> None:
        super().__init__(Message(vi, en), detail or en)

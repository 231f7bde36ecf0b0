"""Door to door ("đi từng ngõ, gõ từng nhà, rà từng người"): what the officer in charge of a village
found for a person or a whole household. The roster follows: moved away, deceased, declined and
"no chip card yet" are no longer invited; informed, will come and not at home still are."""
from __future__ import annotations

from sqlalchemy import select

from workstation.campaign.errors import CampaignError
from workstation.campaign.models import Resident
from workstation.campaign.store import CampaignStore, now

OUTCOMES = {
    "informed": "đã thông báo",
    "will_come": "sẽ đến",
    "declined": "từ chối",
    "not_home": "không có nhà",
    "moved": "đã chuyển đi",
    "deceased": "đã mất",
    "no_card": "chưa có thẻ căn cước gắn chip",
}
NEEDS_REASON = {"declined"}


def record_visit(store: CampaignStore, officer: str, id_number: str, outcome: str, reason: str = "",
                 household: bool = False) -> int:
    """Record `outcome` for the citizen with `id_number` (or every member of their household);
    returns how many residents it was recorded for."""
    if outcome not in OUTCOMES:
        raise CampaignError(f"Kết quả '{outcome}' không có; chọn: {', '.join(OUTCOMES)}.",
                            f"Unknown outcome '{outcome}'; one of: {', '.join(OUTCOMES)}.")
    reason = " ".join(reason.split())
    if outcome in NEEDS_REASON and len(reason) < 3:
        raise CampaignError("Hãy ghi lý do từ chối (--reason).", "Write why the citizen declined (--reason).")
    if not officer:
        raise CampaignError("Không rõ cán bộ ghi nhận.", "No officer named for the record.")
    with store.writing() as session:
        resident = store.find(id_number, session)
        if resident is None:
            raise CampaignError("Số định danh này không có trong danh sách cư dân của xã.",
                                "This ID number is not on the commune's resident list.")
        targets = ([resident] if not household else
                   list(session.scalars(select(Resident).where(Resident.household_key == resident.household_key))))
        stamp = now()
        for target in targets:
            target.door, target.door_reason, target.door_officer, target.door_at = outcome, reason or None, officer, stamp
        return len(targets)

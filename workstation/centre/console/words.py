"""The console's words for the centre's codes: statuses here, refusal reasons from the same table
the workstations use (workstation/core/centre_answers.py), so a reason reads the same everywhere."""
from __future__ import annotations

from workstation.core.centre_answers import REFUSALS

STATUSES: dict[str, str] = {
    "accepted": "Đã nhận",
    "duplicate": "Trùng lặp",
    "already_here": "Gửi lại (đã có)",
    "rejected": "Từ chối",
    "registered": "Đăng ký máy trạm",
    "revoked": "Thu hồi máy trạm",
}
CHANNELS: dict[str, str] = {"https": "Mạng", "usb": "USB", "register": "Đăng ký", "admin": "Quản trị"}
EXTRA_REASONS: dict[str, str] = {
    "citizen_enrolled_elsewhere": "công dân đã đăng ký ở máy trạm khác",
    "rate_limited": "gửi quá nhiều trong một phút",
    "ok": "",
}


def status_words(status: str) -> str:
    return STATUSES.get(status, status)


def reason_words(reason: str) -> str:
    if not reason:
        return ""
    if reason in EXTRA_REASONS:
        return EXTRA_REASONS[reason]
    refusal = REFUSALS.get(reason)
    return refusal.vi if refusal is not None else reason


def channel_words(channel: str) -> str:
    return CHANNELS.get(channel, channel)

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
    "reviewed": "Đã xem xét",
    "exported": "Đã xuất",
    "unavailable": "Tạm không nhận (kho)",
}
CHANNELS: dict[str, str] = {"https": "Mạng", "usb": "USB", "register": "Đăng ký", "admin": "Quản trị",
                            "console": "Bảng điều khiển", "export": "Xuất dữ liệu"}
# a reviewer's decisions on a duplicate (workstation/centre/review.py), in the order of the buttons
DECISIONS: dict[str, str] = {"accepted": "Chấp nhận là hồ sơ mới", "duplicate": "Xác nhận trùng lặp",
                             "refused": "Từ chối hồ sơ"}
JOB_STATES: dict[str, str] = {"queued": "Đang chờ", "running": "Đang chạy", "waiting": "Chờ người xem xét",
                              "done": "Xong", "failed": "Thất bại"}
EXTRA_REASONS: dict[str, str] = {
    "citizen_enrolled_elsewhere": "công dân đã đăng ký ở máy trạm khác",
    "rate_limited": "gửi quá nhiều trong một phút",
    "review_accepted": "người xem xét chấp nhận là hồ sơ mới",
    "review_confirmed": "người xem xét xác nhận trùng lặp",
    "review_refused": "người xem xét từ chối",
    "store_unreachable": "kho lưu hồ sơ không trả lời",
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

"""The console's words for the centre's codes: statuses here, refusal reasons from the same table
the workstations use (workstation/core/centre_answers.py), so a reason reads the same everywhere."""
from __future__ import annotations

from workstation.core.centre_answers import REFUSALS

# "accepted" is a decision ("Chấp nhận"), "received" only that an intake node holds the package
# unopened ("Đã tiếp nhận, chờ mở"): "Đã nhận" for accepted read as the same thing next to it
STATUSES: dict[str, str] = {
    "accepted": "Chấp nhận",
    "received": "Đã tiếp nhận, chờ mở",
    "duplicate": "Trùng lặp",
    "already_here": "Gửi lại (đã có)",
    "rejected": "Từ chối",
    "registered": "Đăng ký máy trạm",
    "revoked": "Thu hồi máy trạm",
    "unrevoked": "Khôi phục máy trạm",
    "reviewed": "Đã xem xét",
    "exported": "Đã xuất",
    "export_queued": "Yêu cầu xuất dữ liệu",
    "unavailable": "Tạm không nhận (kho)",
    "retried": "Chạy lại công việc thất bại",
    "swept": "Dọn kho hồ sơ",
    "token_cancelled": "Huỷ mã đăng ký",
    "refusals_sampled": "Gộp các lần từ chối",
}
# the audit page's status filter: a package's decisions first, in the order a package meets them,
# then the administration's entries
FILTER_STATUSES: tuple[str, ...] = ("received", "accepted", "duplicate", "already_here", "rejected", "reviewed",
                                    "exported", "unavailable", "registered", "revoked", "unrevoked", "retried")
CHANNELS: dict[str, str] = {"https": "Mạng", "usb": "USB", "register": "Đăng ký", "admin": "Quản trị",
                            "console": "Bảng điều khiển", "export": "Xuất dữ liệu",
                            "open": "Mở và kiểm tra (máy giải mã)", "sampled": "Gộp (quá nhiều yêu cầu)"}
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
    "job_retry": "quản trị viên cho chạy lại",
    "store_sweep": "đối tượng không thuộc hồ sơ nào",
    "unrevoked": "",
    "revoked": "",
    "already_revoked": "đã thu hồi từ trước",
    "ok": "",
}


def filter_statuses() -> dict[str, str]:
    """code → words for the audit page's status filter, in FILTER_STATUSES' order."""
    return {code: STATUSES[code] for code in FILTER_STATUSES}


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

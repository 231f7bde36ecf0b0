"""The QR text the officer scans (keyboard-wedge scanner) or pastes into the window."""
from __future__ import annotations

from dataclasses import dataclass

from workstation.messages import Message
from workstation.verify.access_keys import AccessKey, keys_from_qr
from workstation.verify.qr import QrData, QrError, parse_qr


@dataclass(frozen=True)
class QrEntry:
    qr: QrData | None
    keys: tuple[AccessKey, ...]
    error: Message | None = None

    @property
    def ok(self) -> bool:
        return self.qr is not None


FIELDS_VI = {"format": "định dạng", "id_number": "số định danh", "old_id_number": "số CMND cũ",
             "date_of_birth": "ngày sinh", "issue_date": "ngày cấp"}
PROBLEMS_VI = (
    ("expected at least 7 fields", "mã có ít hơn 7 trường cách nhau bởi dấu '|' (quét chưa hết mã?)"),
    ("not a date written ddmmyyyy", "không phải ngày viết dạng ngàythángnăm (8 chữ số)"),
    ("not a real date", "không phải một ngày có thật"),
    ("a date outside 1900 to today", "ngày nằm ngoài khoảng từ 1900 đến hôm nay"),
    ("not a 12-digit ID number", "không phải số định danh 12 chữ số"),
    ("not a 9- or 12-digit ID number", "không phải số CMND 9 hoặc 12 chữ số"),
    ("the card was issued before the holder was born", "ngày cấp thẻ trước ngày sinh"),
)


def qr_error_words(error: QrError) -> Message:
    """The parser's reason in Vietnamese too (its Vietnamese message carried the English problem:
    issue 20 finding 10); the English stays as the parser wrote it."""
    problem = error.detail.partition(": ")[2] if ": " in error.detail else error.detail
    vi = next((words for start, words in PROBLEMS_VI if problem.startswith(start)), "mã không đọc được")
    field = FIELDS_VI.get(getattr(error, "field", ""), "")
    where = f"{field}: " if field and field != "định dạng" else ""
    return Message(f"Mã QR không hợp lệ: {where}{vi}. Hãy quét lại mã QR trên thẻ.", error.message.en)


def enter_qr(text: str) -> QrEntry:
    try:
        qr = parse_qr(text)
    except QrError as exc:
        return QrEntry(None, (), qr_error_words(exc))
    return QrEntry(qr, tuple(keys_from_qr(qr)))

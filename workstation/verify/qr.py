"""The QR code printed on the card: CCCD 2021 (7 fields) and Căn cước 2024 (7 fields, then more).

Fields are taken by position; extra fields are kept raw and never make the parse fail. A keyboard
wedge scanner may mangle Vietnamese letters, so only the ID number and the dates are required to
be well formed: those are what the chip's access key comes from.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from workstation.errors import WorkstationError
from workstation.messages import Message

FIELD_NAMES = ("id_number", "old_id_number", "full_name", "date_of_birth", "sex", "address", "issue_date")


class QrError(WorkstationError):
    def __init__(self, field_name: str, problem: str) -> None:
        self.field = field_name
        super().__init__(Message(
            f"Mã QR không hợp lệ: {problem}. Hãy quét lại mã QR trên thẻ.",
            f"The QR code is not valid: {field_name}: {problem}. Scan the card's QR code again."),
            f"{field_name}: {problem}")


@dataclass(frozen=True)
class QrData:
    id_number: str
    old_id_number: str
    full_name: str
    date_of_birth: date
    sex: str
    address: str
    issue_date: date
    extra_fields: tuple[str, ...] = field(default=())
    raw: str = ""

    @property
    def can(self) -> str:
        return self.id_number[-6:]


EARLIEST_BIRTH = date(1900, 1, 1)
DIGITS_8 = re.compile(r"[0-9]{8}")             # ASCII digits only: \d would take Arabic-Indic or fullwidth ones
ID_12 = re.compile(r"[0-9]{12}")
OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")


def _date(text: str, name: str, today: date) -> date:
    """A ddmmyyyy date between 1900 and today. The value itself is never put in the message: it
    would reach the log, and a citizen's birth date does not belong there."""
    if not DIGITS_8.fullmatch(text):
        raise QrError(name, "not a date written ddmmyyyy")
    try:
        value = date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise QrError(name, "not a real date") from None
    if not EARLIEST_BIRTH <= value <= today:
        raise QrError(name, "a date outside 1900 to today")
    return value


def parse_qr(text: str, today: date | None = None) -> QrData:
    today = today or date.today()
    raw = text.strip().replace("\r", "").replace("\n", "")
    parts = raw.split("|")
    if len(parts) < 7:
        raise QrError("format", f"expected at least 7 fields separated by '|', found {len(parts)}")
    fields = [unicodedata.normalize("NFC", p.strip()) for p in parts]
    id_number = fields[0]
    if not ID_12.fullmatch(id_number):
        raise QrError("id_number", "not a 12-digit ID number")
    old = fields[1]
    if old and not OLD_ID.fullmatch(old):
        raise QrError("old_id_number", "not a 9- or 12-digit ID number")
    dob = _date(fields[3], "date_of_birth", today)
    issued = _date(fields[6], "issue_date", today)
    if issued < dob:
        raise QrError("issue_date", "the card was issued before the holder was born")
    return QrData(id_number, old, fields[2], dob, fields[4], fields[5], issued, tuple(fields[7:]), raw)

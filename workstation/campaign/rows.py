"""One row of a resident list checked: the id (12 digits, leading zeros put back when Excel stored
it as a number), a real birth date (text dd/mm/yyyy or an Excel serial number), a known village,
sex, phone; and the flags the campaign plans with. A row that fails says which cell and why."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from workstation.campaign.text import fold

EXCEL_EPOCH = date(1899, 12, 30)      # serial 1 = 1900-01-01 with Excel's 1900 leap-year bug (dates after March 1900)
_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")
_DIGITS = re.compile(r"[0-9]+")
MALE = {"nam", "m", "male", "trai"}
FEMALE = {"nu", "f", "female", "gai"}
DISABLED_WORDS = ("khuyet tat", "tan tat", "disabled")
BEDRIDDEN_WORDS = ("nam liet giuong", "liet giuong", "bedridden")   # not "liet": "liệt sĩ" is a martyr
LEVEL2_WORDS = ("da co muc 2", "co muc 2", "da kich hoat muc 2", "muc 2 roi")
YES = {"x", "co", "yes", "1", "true", "da co", "roi", "v"}


class RowProblem(ValueError):
    """The reason a row is refused, in the officer's words (Vietnamese, English)."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


@dataclass(frozen=True)
class ResidentRow:
    row: int
    id_number: str
    full_name: str
    birth: date
    gender: str                 # "M", "F" or "" when the list does not say
    village: str                # the campaign's spelling of the village
    household: str              # the list's household code, or "" (then the person is a household alone)
    relation: str
    phone: str
    note: str
    disabled: bool
    bedridden: bool
    level2: bool


def id_number(value: object) -> str:
    if isinstance(value, bool) or value is None or value == "":
        raise RowProblem("thiếu số định danh", "no ID number")
    if isinstance(value, float):
        if not value.is_integer():
            raise RowProblem("số định danh không phải 12 chữ số", "the ID number is not 12 digits")
        value = int(value)
    text = str(value).strip().replace(" ", "").replace(".", "") if not isinstance(value, int) else str(value)
    if not _DIGITS.fullmatch(text):
        raise RowProblem("số định danh có ký tự không phải chữ số", "the ID number holds characters other than digits")
    if len(text) > 12:
        raise RowProblem(f"số định danh dài {len(text)} chữ số (phải là 12)", f"the ID number has {len(text)} digits (12 expected)")
    if len(text) < 10:
        # a number stored by Excel loses at most the zeros of the province code (001 to 096): two
        raise RowProblem(f"số định danh chỉ có {len(text)} chữ số (phải là 12)", f"the ID number has only {len(text)} digits (12 expected)")
    return text.zfill(12)


def birth_date(value: object, today: date) -> date:
    if value is None or value == "":
        raise RowProblem("thiếu ngày sinh", "no birth date")
    found: date | None = None
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 61 <= value < 2958466:
            raise RowProblem("ngày sinh (số sê-ri Excel) không hợp lệ", "the birth date (an Excel serial number) is not a date")
        found = EXCEL_EPOCH + timedelta(days=int(value))
    else:
        text = str(value).strip()
        try:
            if m := _DATE.fullmatch(text):
                found = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            elif m := _ISO.fullmatch(text):
                found = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            elif text.isdigit() and 4 <= len(text) <= 5:
                return birth_date(int(text), today)
        except ValueError:
            raise RowProblem(f"ngày sinh '{text}' không có thật", f"the birth date '{text}' does not exist") from None
        if found is None:
            raise RowProblem(f"ngày sinh '{text}' không đúng dạng dd/mm/yyyy", f"the birth date '{text}' is not dd/mm/yyyy")
    if not date(1900, 1, 1) <= found <= today:
        raise RowProblem("ngày sinh ngoài khoảng 1900 đến hôm nay", "the birth date is outside 1900 to today")
    return found


def id_matches_birth(number: str, birth: date, gender: str) -> None:
    """The 4th digit says sex and century, the 5th-6th the year of birth (Decree 137/2015/NĐ-CP
    art. 7, Circular 07/2016/TT-BCA art. 7): a mismatch is a typo in one of them."""
    code = int(number[3])
    century = 1900 + 100 * (code // 2)
    if code > 9 or not century <= birth.year < century + 100 or int(number[4:6]) != birth.year % 100:
        raise RowProblem("số định danh không khớp năm sinh (chữ số 4-6)",
                         "the ID number does not match the year of birth (digits 4-6)")
    if gender and ("M" if code % 2 == 0 else "F") != gender:
        raise RowProblem("số định danh không khớp giới tính (chữ số thứ 4)",
                         "the ID number does not match the sex (4th digit)")


def gender(value: object) -> str:
    text = fold(str(value or ""))
    if not text:
        return ""
    if text in MALE:
        return "M"
    if text in FEMALE:
        return "F"
    raise RowProblem(f"giới tính '{value}' không rõ (Nam/Nữ)", f"the sex '{value}' is unclear (Nam/Nữ)")


def phone(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s.\-()]", "", str(value))
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    elif len(text) == 9 and text.isdigit():
        text = "0" + text                      # stored as a number: the leading zero is gone
    if not (len(text) == 10 and text.isdigit() and text.startswith("0")):
        raise RowProblem("số điện thoại không phải 10 chữ số", "the phone number is not 10 digits")
    return text


def flag(value: object, words: tuple[str, ...]) -> bool:
    text = fold(str(value or ""))
    return bool(text) and (text in YES or any(word in text for word in words))


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

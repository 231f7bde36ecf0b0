"""`workstation sim commune`: a synthetic commune shaped like the lists officers receive.

Realistic on the points the importer must survive (REFERENCE-CAMPAIGN.md, "Spreadsheets as officers
receive them"): a title row and a commune row above the header, merged title cells, headers with or
without diacritics, ids sometimes stored as numbers (Excel drops their leading zeros), dates as text
dd/mm/yyyy or as Excel serial numbers, a few empty rows, and a second sheet of instructions.
The people: households with a head, about 8 villages, Vietnamese names with diacritics, an age
pyramid with about a quarter under 14 and an eighth 60 or over, phone numbers for adults, notes
flagging "khuyết tật", "nằm liệt giường" and "đã có mức 2". Deterministic for a seed and a day.

The ids follow the 12-digit layout of the personal identification number (Decree 137/2015/NĐ-CP,
art. 7; Circular 07/2016/TT-BCA art. 7): 3 digits of the province of birth registration, 1 digit of sex and
century (0/1 man/woman born 1900-1999, 2/3 born 2000-2099), 2 digits of the year of birth, 6 random.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trịnh", "Mai")
MIDDLE_M = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Đình")
MIDDLE_F = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Phương", "Hồng", "Mỹ")
GIVEN_M = ("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân",
           "Sơn", "Thắng", "Tuấn", "Việt", "Hiếu", "Trung", "Lộc", "Toàn", "Khoa", "Huy", "Tài", "Thịnh")
GIVEN_F = ("Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân",
           "Nhung", "Oanh", "Phượng", "Quỳnh", "Thảo", "Trang", "Tuyết", "Vân", "Yến", "Hằng", "Loan", "Thủy")
VILLAGES = ("Thôn Đông", "Thôn Tây", "Thôn Trung", "Thôn Thượng", "Thôn Hạ", "Xóm Bến", "Tổ dân phố 1",
            "Tổ dân phố 2", "Xóm Chùa", "Thôn Mới")
PROVINCES = ("001", "001", "001", "026", "030", "033", "034", "035", "036", "037", "038", "040")
PHONE_PREFIXES = ("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
                  "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "088", "091", "094",
                  "056", "058", "059")
HEADERS_VI = ("STT", "Họ và tên", "Số định danh cá nhân", "Ngày sinh", "Giới tính", "Thôn/Tổ dân phố",
              "Mã hộ", "Quan hệ với chủ hộ", "Số điện thoại", "Ghi chú")
HEADERS_ASCII = ("STT", "Ho va ten", "So dinh danh ca nhan", "Ngay sinh", "Gioi tinh", "Thon/To dan pho",
                 "Ma ho", "Quan he voi chu ho", "So dien thoai", "Ghi chu")
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Person:
    full_name: str
    id_number: str
    birth: date
    male: bool
    village: str
    household: str
    relation: str
    phone: str
    note: str


def _birth(rng: random.Random, today: date, low: int, high: int) -> date:
    age_days = rng.randint(low * 365 + 1, high * 365 + 300)
    return today - timedelta(days=age_days)


def _id(rng: random.Random, birth: date, male: bool, used: set[str]) -> str:
    century = 0 if birth.year < 2000 else 2
    while True:
        value = f"{rng.choice(PROVINCES)}{century + (0 if male else 1)}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
        if value not in used:
            used.add(value)
            return value


def _name(rng: random.Random, family: str, male: bool) -> str:
    middle = rng.choice(MIDDLE_M if male else MIDDLE_F)
    given = rng.choice(GIVEN_M if male else GIVEN_F)
    return f"{family} {middle} {given}"


def _phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**7):07d}"


def _members(rng: random.Random, today: date) -> list[tuple[str, int, int, bool | None]]:
    """(relation, youngest age, oldest age, male or None for either) of one household."""
    kind = rng.random()
    if kind < 0.12:                                   # an elderly couple or a widow(er)
        members = [("Chủ hộ", 60, 92, None)]
        if rng.random() < 0.6:
            members.append(("Vợ/Chồng", 58, 90, None))
        return members
    if kind < 0.2:                                    # one person
        return [("Chủ hộ", 20, 85, None)]
    members = [("Chủ hộ", 28, 60, True), ("Vợ", 25, 58, False)]
    for _ in range(rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4))):
        members.append(("Con", 0, 24, None))
    if rng.random() < 0.25:
        members.append(("Bố/Mẹ", 62, 95, None))
    return members


def generate(residents: int = 24000, seed: int = 1, today: date | None = None, villages: int = 8) -> list[Person]:
    rng = random.Random(seed)
    today = today or date.today()
    names = VILLAGES[:max(1, min(villages, len(VILLAGES)))]
    used: set[str] = set()
    people: list[Person] = []
    number = 0
    while len(people) < residents:
        number += 1
        village = names[rng.randrange(len(names))]
        household = f"HK{names.index(village) + 1:02d}-{number:05d}"
        family = rng.choice(FAMILY)
        for relation, low, high, male in _members(rng, today):
            if len(people) >= residents:
                break
            male = rng.random() < 0.5 if male is None else male
            birth = _birth(rng, today, low, high)
            surname = family if relation in ("Chủ hộ", "Con") or rng.random() < 0.3 else rng.choice(FAMILY)
            age = (today - birth).days // 365
            phone = _phone(rng) if age >= 16 and rng.random() < 0.9 else ""
            notes = []
            if rng.random() < 0.015:
                notes.append("khuyết tật")
            if age >= 75 and rng.random() < 0.08:
                notes.append("nằm liệt giường")
            if age >= 14 and rng.random() < 0.12:
                notes.append("đã có mức 2")
            people.append(Person(_name(rng, surname, male), _id(rng, birth, male, used), birth, male, village,
                                 household, relation, phone, ", ".join(notes)))
    return people


def write_xlsx(people: list[Person], out: Path, seed: int = 1, commune: str = "Xã Minh Khai") -> None:
    """The list as an .xlsx, with the quirks of real exports (see the module's docstring)."""
    from openpyxl import Workbook

    rng = random.Random(seed * 7919 + 1)
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sach"
    headers = HEADERS_VI if rng.random() < 0.6 else HEADERS_ASCII
    width = len(headers)
    sheet.append([f"DANH SÁCH CÔNG DÂN CƯ TRÚ TRÊN ĐỊA BÀN {commune.upper()}"])
    sheet.append([f"(Trích xuất từ Cơ sở dữ liệu quốc gia về dân cư, {len(people)} người)"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append([])
    sheet.append(list(headers))
    for index, person in enumerate(people, start=1):
        id_cell: object = person.id_number
        if rng.random() < 0.2:
            id_cell = int(person.id_number)          # stored as a number: leading zeros gone
        birth_cell: object = person.birth.strftime("%d/%m/%Y")
        if rng.random() < 0.3:
            birth_cell = (person.birth - EXCEL_EPOCH).days    # an Excel serial number
        phone_cell: object = person.phone
        if person.phone and rng.random() < 0.1:
            phone_cell = int(person.phone)
        sheet.append([index, person.full_name, id_cell, birth_cell, "Nam" if person.male else "Nữ", person.village,
                      person.household, person.relation, phone_cell, person.note])
        if rng.random() < 0.002:
            sheet.append([])                          # the empty rows of hand-edited lists
    help_sheet = book.create_sheet("Huong dan")
    help_sheet.append(["Danh sách dùng cho chiến dịch cấp tài khoản định danh điện tử mức độ 2."])
    help_sheet.append(["Không sửa cột Số định danh cá nhân."])
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)

"""A citizen profile: what a fixture card carries, before it is encoded into data groups."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CitizenProfile:
    id_number: str                 # 12 digits
    full_name: str                 # with diacritics, as on the card
    birth_date: date
    sex: str                       # "Nam" | "Nữ"
    issue_date: date
    expiry_date: date | None       # None: "Không thời hạn"
    place_of_origin: str
    place_of_residence: str
    nationality: str = "Việt Nam"
    ethnicity: str = "Kinh"
    religion: str = "Không"
    identifying_marks: str = "Nốt ruồi C:1cm trên trước mép trái"
    father_name: str = ""
    mother_name: str = ""
    spouse_name: str = ""
    old_id_number: str = ""        # the 9-digit CMND, if the citizen had one
    card_serial: str = ""          # 16 hex characters

    @property
    def mrz_sex(self) -> str:
        return "M" if self.sex == "Nam" else "F"

    @property
    def document_number(self) -> str:
        return self.id_number[3:]

    @property
    def can(self) -> str:
        return self.id_number[-6:]

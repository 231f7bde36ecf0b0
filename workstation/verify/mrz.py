"""The TD1 machine-readable zone (3 lines of 30) of DG1, with its check digits (ICAO 9303-3/5).

On the CCCD the document-number field holds the last 9 digits of the 12-digit ID (with a real check
digit) and the optional data field starts with the full 12-digit ID.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from workstation.verify.errors import ChipDataError

_WEIGHTS = (7, 3, 1)
_MRZ_CHARS = re.compile(r"^[A-Z0-9<]*$")


def char_value(c: str) -> int:
    if c.isdigit():
        return int(c)
    if "A" <= c <= "Z":
        return ord(c) - 55
    if c == "<":
        return 0
    raise ValueError(f"{c!r} is not an MRZ character")


def check_digit(text: str) -> str:
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(text)) % 10)


def bac_mrz_info(document_number: str, birth_yymmdd: str, expiry_yymmdd: str) -> str:
    """The BAC key seed input: document number, birth and expiry dates, each with its check digit.
    Document numbers shorter than 9 characters are padded with '<' as printed in the MRZ."""
    number = document_number.upper().ljust(9, "<")
    return (number + check_digit(number) + birth_yymmdd + check_digit(birth_yymmdd)
            + expiry_yymmdd + check_digit(expiry_yymmdd))


def yymmdd_to_date(text: str, *, past: bool, today: date | None = None) -> date | None:
    """An MRZ date; birth dates (past=True) are never in the future, expiry dates use 20yy."""
    if not re.fullmatch(r"\d{6}", text):
        return None
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:])
    today = today or date.today()
    century = 2000 if not past or 2000 + yy <= today.year else 1900
    try:
        return date(century + yy, mm, dd)
    except ValueError:
        return None


@dataclass(frozen=True)
class Td1Mrz:
    lines: tuple[str, str, str]
    document_code: str
    issuing_state: str
    document_number: str
    optional_data_1: str
    birth_date: str          # YYMMDD as printed
    sex: str                 # M, F or <
    expiry_date: str         # YYMMDD as printed
    nationality: str
    optional_data_2: str
    primary_identifier: str  # surname
    secondary_identifier: str  # given names
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def checks_ok(self) -> bool:
        return all(self.checks.values())

    @property
    def id_number(self) -> str | None:
        """The 12-digit CCCD number from the optional data, when present."""
        match = re.match(r"(\d{12})", self.optional_data_1)
        return match.group(1) if match else None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.primary_identifier, self.secondary_identifier) if p)


def parse_td1(text: str) -> Td1Mrz:
    compact = text.replace("\r", "").replace("\n", "")
    if len(compact) != 90:
        raise ChipDataError("MRZ", f"a TD1 MRZ has 90 characters, this one {len(compact)}")
    if not _MRZ_CHARS.match(compact):
        raise ChipDataError("MRZ", "characters outside A-Z, 0-9 and <")
    l1, l2, l3 = compact[:30], compact[30:60], compact[60:]
    number_field = l1[5:14]
    checks = {
        "document_number": check_digit(number_field) == l1[14],
        "birth_date": check_digit(l2[0:6]) == l2[6],
        "expiry_date": check_digit(l2[8:14]) == l2[14],
        "composite": check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) == l2[29],
    }
    names = l3.rstrip("<").split("<<", 1)
    return Td1Mrz(
        lines=(l1, l2, l3),
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5],
        document_number=number_field.rstrip("<"),
        optional_data_1=l1[15:30].rstrip("<"),
        birth_date=l2[0:6],
        sex=l2[7],
        expiry_date=l2[8:14],
        nationality=l2[15:18],
        optional_data_2=l2[18:29].rstrip("<"),
        primary_identifier=names[0].replace("<", " ").strip(),
        secondary_identifier=(names[1] if len(names) > 1 else "").replace("<", " ").strip(),
        checks=checks,
    )


def compose_td1(*, document_number: str, optional_data_1: str, birth_date: str, sex: str,
                expiry_date: str, nationality: str, surname: str, given_names: str,
                document_code: str = "ID", issuing_state: str = "VNM", optional_data_2: str = "") -> str:
    """Build a TD1 MRZ with correct check digits (the card emulator's DG1, test fixtures)."""
    def fit(value: str, width: int) -> str:
        value = value.upper().replace(" ", "<")
        if len(value) > width:
            raise ValueError(f"{value!r} is longer than {width}")
        return value.ljust(width, "<")

    number = fit(document_number, 9)
    l1 = fit(document_code, 2) + fit(issuing_state, 3) + number + check_digit(number) + fit(optional_data_1, 15)
    dob, exp = fit(birth_date, 6), fit(expiry_date, 6)
    head = dob + check_digit(dob) + fit(sex, 1) + exp + check_digit(exp) + fit(nationality, 3) + fit(optional_data_2, 11)
    l2 = head + check_digit(l1[5:30] + head[0:7] + head[8:15] + head[18:29])
    l3 = fit(surname + "<<" + given_names.replace(" ", "<"), 30)
    return l1 + l2 + l3

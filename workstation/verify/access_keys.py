"""The chip's access keys, from the QR, typed MRZ data or a typed CAN, in the order to try them.

PACE-CAN with the last 6 digits of the ID comes first (the field's convention); then BAC (and
PACE-MRZ) with the expiry dates the renewal rules allow, the likeliest first. Two laws are in
force on cards in the field (../shared/REFERENCE-CCCD.md): the 2014 Law on Citizen Identification
renews at 25, 40 and 60; Law 26/2023 on Identification (art. 21, cards issued from 1 July 2024)
at 14, 25, 40 and 60. Under both, a card issued within two years before one of those ages lasts
until the next one, and after 60 there is no expiry. The MRZ expiry is the holder's birthday in
that year; for someone born on 29 February that day does not exist in most years, so both 28
February and 1 March are tried.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workstation.errors import WorkstationError
from workstation.verify.mrz import bac_mrz_info
from workstation.verify.qr import QrData

RENEWAL_AGES = (14, 25, 40, 60)            # Law 26/2023 on Identification
RENEWAL_AGES_2014 = (25, 40, 60)           # 2014 Law on Citizen Identification
NEW_LAW_FROM = date(2024, 7, 1)
NO_EXPIRY_MRZ = "<<<<<<"


@dataclass(frozen=True)
class AccessKey:
    kind: str        # "can" or "mrz"
    secret: str      # the CAN digits, or the MRZ information (docno+cd+dob+cd+exp+cd)
    label: str       # for logs and the JSON: never the full secret

    @property
    def is_can(self) -> bool:
        return self.kind == "can"


def _anniversaries(day: date, years: int) -> list[date]:
    """`day` moved by `years`; 29 February in a year without one gives both neighbours."""
    try:
        return [day.replace(year=day.year + years)]
    except ValueError:  # 29 February, and the target year is not a leap year
        return [date(day.year + years, 2, 28), date(day.year + years, 3, 1)]


def _rule_candidates(dob: date, issued: date, ages: tuple[int, ...]) -> list[date | None]:
    """Expiry dates one law allows for a card issued on `issued`, the likeliest first."""
    for i, age in enumerate(ages):
        milestones = _anniversaries(dob, age)
        if issued < milestones[0]:
            following: list[date | None] = list(_anniversaries(dob, ages[i + 1])) if i + 1 < len(ages) else [None]
            two_years_before = min(d for m in milestones for d in _anniversaries(m, -2))
            if issued >= two_years_before:
                return following + list(milestones)
            return list(milestones) + following
    return [None]


def expiry_candidates(dob: date, issued: date) -> list[date | None]:
    """Expiry dates by the renewal rules of both laws, the likeliest first (the law in force on
    the issue date first); None means 'no expiry'."""
    new_law = _rule_candidates(dob, issued, RENEWAL_AGES)
    old_law = _rule_candidates(dob, issued, RENEWAL_AGES_2014)
    # the 2014 law issued cards from age 14 only: a younger holder's card is of the new law
    age_at_issue = issued.year - dob.year - ((issued.month, issued.day) < (dob.month, dob.day))
    old_first = issued < NEW_LAW_FROM and age_at_issue >= 14
    ordered = (old_law + new_law) if old_first else (new_law + old_law)
    ordered.append(None)
    seen: list[date | None] = []
    for d in ordered:
        if d not in seen:
            seen.append(d)
    return seen


def can_key(can: str) -> AccessKey:
    if not re.fullmatch(r"\d{6}", can):
        raise WorkstationError("a CAN is 6 digits")
    return AccessKey("can", can, f"CAN …{can[-2:]}")


def mrz_key(document_number: str, birth_yymmdd: str, expiry_yymmdd: str) -> AccessKey:
    number = document_number[3:] if re.fullmatch(r"\d{12}", document_number) else document_number
    if not re.fullmatch(r"[0-9A-Z<]{1,9}", number.upper()):
        raise WorkstationError("the document number is the 9-character number from the MRZ or the 12-digit ID")
    for name, value in (("birth date", birth_yymmdd), ("expiry date", expiry_yymmdd)):
        if not re.fullmatch(r"\d{6}|<{6}", value):
            raise WorkstationError(f"the {name} is written YYMMDD")
    return AccessKey("mrz", bac_mrz_info(number, birth_yymmdd, expiry_yymmdd), f"MRZ expiry {expiry_yymmdd}")


def keys_from_qr(qr: QrData) -> list[AccessKey]:
    keys = [can_key(qr.can)]
    dob = qr.date_of_birth.strftime("%y%m%d")
    for expiry in expiry_candidates(qr.date_of_birth, qr.issue_date):
        keys.append(mrz_key(qr.id_number, dob, expiry.strftime("%y%m%d") if expiry else NO_EXPIRY_MRZ))
    return keys

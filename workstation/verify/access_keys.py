"""The chip's access keys, from the QR, typed MRZ data or a typed CAN, in the order to try them.

PACE-CAN with the last 6 digits of the ID comes first (the field's convention); then BAC (and
PACE-MRZ) with the expiry dates the renewal rule allows, the likeliest first. Law 26/2023 art. 21
(and the 2014 law before it): cards are renewed at 14, 25, 40 and 60; a card issued within two
years before one of those ages lasts until the next; after 60 there is no expiry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workstation.errors import WorkstationError
from workstation.verify.mrz import bac_mrz_info
from workstation.verify.qr import QrData

RENEWAL_AGES = (14, 25, 40, 60)
NO_EXPIRY_MRZ = "<<<<<<"


@dataclass(frozen=True)
class AccessKey:
    kind: str        # "can" or "mrz"
    secret: str      # the CAN digits, or the MRZ information (docno+cd+dob+cd+exp+cd)
    label: str       # for logs and the JSON: never the full secret

    @property
    def is_can(self) -> bool:
        return self.kind == "can"


def _birthday(dob: date, age: int) -> date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:  # born on 29 February
        return date(dob.year + age, 3, 1)


def expiry_candidates(dob: date, issued: date) -> list[date | None]:
    """Expiry dates by the renewal rule, the likeliest first; None means 'no expiry'."""
    ordered: list[date | None] = []
    for i, age in enumerate(RENEWAL_AGES):
        milestone = _birthday(dob, age)
        if issued < milestone:
            two_years_before = milestone.replace(year=milestone.year - 2)
            if issued >= two_years_before:
                following = RENEWAL_AGES[i + 1] if i + 1 < len(RENEWAL_AGES) else None
                ordered.append(_birthday(dob, following) if following else None)
                ordered.append(milestone)
            else:
                ordered.append(milestone)
                nxt = RENEWAL_AGES[i + 1] if i + 1 < len(RENEWAL_AGES) else None
                ordered.append(_birthday(dob, nxt) if nxt else None)
            break
    else:
        ordered.append(None)
    if None not in ordered:
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

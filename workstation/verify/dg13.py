"""DG13: the Vietnamese personal details (layout and variants in ../shared/REFERENCE-CCCD.md).

Parsed as real BER-TLV: entries are found by their field number, not by position or fixed byte
prefixes; field 13 may hold the parents as two SEQUENCEs or one; fields 15 and 16 are told apart
by their content (9 or 12 digits: an old ID number; 16 hex characters: the card's serial).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from workstation.verify.errors import ChipDataError
from workstation.verify.tlv import Tlv, parse_single

NO_EXPIRY = ("không thời hạn", "khong thoi han")
_STRING_TAGS = {0x0C: "utf-8", 0x13: "ascii", 0x16: "ascii", 0x14: "latin-1", 0x1E: "utf-16-be"}


@dataclass(frozen=True)
class Dg13:
    id_number: str
    full_name: str
    date_of_birth: date
    sex: str
    nationality: str = ""
    ethnicity: str = ""
    religion: str = ""
    place_of_origin: str = ""
    place_of_residence: str = ""
    identifying_marks: str = ""
    issue_date: date | None = None
    expiry_date: date | None = None
    no_expiry: bool = False
    father_name: str = ""
    mother_name: str = ""
    spouse_name: str = ""
    old_id_number: str = ""
    card_serial: str = ""
    other_fields: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None
        return {
            "id_number": self.id_number, "full_name": self.full_name, "date_of_birth": iso(self.date_of_birth),
            "sex": self.sex, "nationality": self.nationality, "ethnicity": self.ethnicity,
            "religion": self.religion, "place_of_origin": self.place_of_origin,
            "place_of_residence": self.place_of_residence, "identifying_marks": self.identifying_marks,
            "issue_date": iso(self.issue_date), "expiry_date": iso(self.expiry_date), "no_expiry": self.no_expiry,
            "father_name": self.father_name, "mother_name": self.mother_name, "spouse_name": self.spouse_name,
            "old_id_number": self.old_id_number, "card_serial": self.card_serial,
            "other_fields": {str(k): list(v) for k, v in self.other_fields.items()},
        }


def _strings(node: Tlv, depth: int = 0) -> list[str]:
    if depth > 8:
        raise ChipDataError("DG13", "nesting too deep")
    if node.tag in _STRING_TAGS:
        try:
            return [unicodedata.normalize("NFC", node.value.decode(_STRING_TAGS[node.tag])).strip()]
        except UnicodeDecodeError:
            raise ChipDataError("DG13", f"text that is not valid {_STRING_TAGS[node.tag]}") from None
    if node.constructed:
        out: list[str] = []
        for child in node.children():
            out.extend(_strings(child, depth + 1))
        return out
    return []


def _entries_set(root: Tlv) -> Tlv:
    queue, steps = [root], 0
    while queue and steps < 64:
        steps += 1
        node = queue.pop(0)
        if node.tag == 0x31:
            return node
        if node.constructed:
            queue.extend(node.children())
    raise ChipDataError("DG13", "no SET of entries")


def _date(text: str, number: int) -> date:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if not match:
        raise ChipDataError("DG13", f"field {number} is not a date dd/mm/yyyy")
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        raise ChipDataError("DG13", f"field {number} is not a real date") from None


def parse_dg13(data: bytes) -> Dg13:
    root = parse_single(data, 0x6D, "DG13")
    fields: dict[int, list[str]] = {}
    for entry in _entries_set(root).children():
        if entry.tag != 0x30:
            continue
        children = entry.children()
        if not children or children[0].tag != 0x02 or not 1 <= len(children[0].value) <= 2:
            raise ChipDataError("DG13", "an entry without its field number")
        number = int.from_bytes(children[0].value, "big")
        values: list[str] = []
        for child in children[1:]:
            values.extend(_strings(child))
        fields[number] = values

    def one(n: int) -> str:
        return fields.get(n, [""])[0] if fields.get(n) else ""

    for required, name in ((1, "ID number"), (2, "name"), (3, "date of birth")):
        if not one(required):
            raise ChipDataError("DG13", f"the {name} (field {required}) is missing")
    if not re.fullmatch(r"\d{12}", one(1)):
        raise ChipDataError("DG13", "field 1 is not a 12-digit ID number")
    expiry_text = one(12)
    no_expiry = expiry_text.lower() in NO_EXPIRY
    old_id, serial = "", ""
    for n in (15, 16):
        value = one(n)
        if re.fullmatch(r"\d{9}|\d{12}", value) and not old_id:
            old_id = value
        elif re.fullmatch(r"[0-9A-Fa-f]{16}", value) and not serial:
            serial = value
    parents = fields.get(13, [])
    spouse = fields.get(14, [])
    known = set(range(1, 17))
    return Dg13(
        id_number=one(1), full_name=one(2), date_of_birth=_date(one(3), 3), sex=one(4),
        nationality=one(5), ethnicity=one(6), religion=one(7), place_of_origin=one(8),
        place_of_residence=one(9), identifying_marks=one(10),
        issue_date=_date(one(11), 11) if one(11) else None,
        expiry_date=None if no_expiry or not expiry_text else _date(expiry_text, 12),
        no_expiry=no_expiry,
        father_name=parents[0] if len(parents) > 0 else "",
        mother_name=parents[1] if len(parents) > 1 else "",
        spouse_name=spouse[0] if spouse else "",
        old_id_number=old_id, card_serial=serial,
        other_fields={n: tuple(v) for n, v in fields.items() if n not in known},
    )

"""QR ↔ DG13 ↔ DG1: do the card's printed code and its chip describe the same citizen?

Every difference is a finding for the officer, not an exception. A mismatch blocks enrollment
until the officer decides; a warning (the QR's name unreadable because the scanner mangled it)
does not.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workstation.messages import Message
from workstation.verify.dg13 import Dg13
from workstation.verify.mrz import Td1Mrz, yymmdd_to_date
from workstation.verify.names import looks_mangled, matches_mrz, repair_mojibake, same_name
from workstation.verify.qr import QrData

SEX_MRZ = {"Nam": "M", "Nữ": "F"}


@dataclass(frozen=True)
class Finding:
    field: str
    severity: str                    # "mismatch" | "warning"
    message: Message
    values: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"field": self.field, "severity": self.severity, "message": self.message.en,
                "message_vi": self.message.vi, "values": self.values}


@dataclass(frozen=True)
class CrossCheck:
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> bool:
        return any(f.severity == "mismatch" for f in self.findings)

    @property
    def ok(self) -> bool:
        return not self.findings


FIELD_NAMES = {
    "id_number": ("số định danh", "ID number"), "full_name": ("họ tên", "name"),
    "date_of_birth": ("ngày sinh", "date of birth"), "sex": ("giới tính", "sex"),
    "issue_date": ("ngày cấp", "issue date"), "old_id_number": ("số CMND cũ", "old ID number"),
    "expiry_date": ("ngày hết hạn", "expiry date"),
}


SOURCES = {"qr": ("mã QR", "the QR code"), "chip": ("chip", "the chip"), "mrz": ("MRZ", "the MRZ")}


def _mismatch(name: str, **values: object) -> Finding:
    vi, en = FIELD_NAMES[name]
    first, second = list(values)[:2]
    where_vi = f"{SOURCES[first][0]} và {SOURCES[second][0]}"
    where_en = f"{SOURCES[first][1]} and {SOURCES[second][1]}"
    shown = {k: ("" if v is None else str(v)) for k, v in values.items()}
    return Finding(name, "mismatch", Message(f"{vi.capitalize()} không khớp giữa {where_vi}",
                                             f"The {en} differs between {where_en}"), shown)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def cross_check(qr: QrData | None, dg13: Dg13, mrz: Td1Mrz) -> CrossCheck:
    findings: list[Finding] = []
    mrz_birth = yymmdd_to_date(mrz.birth_date, past=True)
    mrz_expiry = yymmdd_to_date(mrz.expiry_date, past=False)

    if (mrz.id_number and mrz.id_number != dg13.id_number) or dg13.id_number[3:] != mrz.document_number:
        findings.append(_mismatch("id_number", chip=dg13.id_number, mrz=mrz.id_number or mrz.document_number))
    if not matches_mrz(dg13.full_name, mrz.name):
        findings.append(_mismatch("full_name", chip=dg13.full_name, mrz=mrz.name))
    if mrz_birth != dg13.date_of_birth:
        findings.append(_mismatch("date_of_birth", chip=_iso(dg13.date_of_birth), mrz=_iso(mrz_birth)))
    if SEX_MRZ.get(dg13.sex, "<") != mrz.sex:
        findings.append(_mismatch("sex", chip=dg13.sex, mrz=mrz.sex))
    if dg13.expiry_date is not None and mrz_expiry is not None and mrz_expiry != dg13.expiry_date:
        findings.append(_mismatch("expiry_date", chip=_iso(dg13.expiry_date), mrz=_iso(mrz_expiry)))

    if qr is not None:
        if qr.id_number != dg13.id_number:
            findings.append(_mismatch("id_number", qr=qr.id_number, chip=dg13.id_number))
        qr_name = repair_mojibake(qr.full_name)
        if not same_name(qr_name, dg13.full_name):
            if looks_mangled(qr_name):
                findings.append(Finding("full_name", "warning", Message(
                    "Họ tên trong mã QR bị máy quét làm sai ký tự: đã dùng họ tên trên chip",
                    "The QR scanner garbled the name: the chip's name is used"), {"qr": qr.full_name}))
            else:
                findings.append(_mismatch("full_name", qr=qr.full_name, chip=dg13.full_name))
        if qr.date_of_birth != dg13.date_of_birth:
            findings.append(_mismatch("date_of_birth", qr=_iso(qr.date_of_birth), chip=_iso(dg13.date_of_birth)))
        qr_sex = repair_mojibake(qr.sex)
        if qr_sex and not same_name(qr_sex, dg13.sex) and not looks_mangled(qr_sex):
            findings.append(_mismatch("sex", qr=qr.sex, chip=dg13.sex))
        if dg13.issue_date is not None and qr.issue_date != dg13.issue_date:
            findings.append(_mismatch("issue_date", qr=_iso(qr.issue_date), chip=_iso(dg13.issue_date)))
        if qr.old_id_number and dg13.old_id_number and qr.old_id_number != dg13.old_id_number:
            findings.append(_mismatch("old_id_number", qr=qr.old_id_number, chip=dg13.old_id_number))
    return CrossCheck(tuple(findings))

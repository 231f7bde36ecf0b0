"""Reading a citizen's card end to end: access keys, the chip read, parsing, authenticity.

The window and the CLI both call `read_card`; it returns one value with the raw files (kept for
the centre to re-verify), the parsed data and the verdict. Parsing errors of a file become a
ChipDataError naming the file: the officer sees "the chip's data is malformed", never a traceback.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as datetime_time

from workstation.devices.card_reader.base import CardConnection
from workstation.verify.access_keys import AccessKey
from workstation.verify.active_auth import active_authentication
from workstation.verify.chip_auth import chip_authentication
from workstation.verify.chip_reader import ChipRead, ChipReader
from workstation.verify.com import parse_com
from workstation.verify.country import alpha2_of
from workstation.verify.cross_check import CrossCheck, cross_check
from workstation.verify.dg1 import parse_dg1
from workstation.verify.dg2 import FaceImage, parse_dg2
from workstation.verify.dg13 import Dg13, parse_dg13
from workstation.verify.errors import ChipDataError
from workstation.verify.mrz import Td1Mrz, yymmdd_to_date
from workstation.verify.qr import QrData
from workstation.verify.passive_auth import PassiveAuthResult, passive_authentication
from workstation.verify.trust_store import TrustStore
from workstation.verify.verdict import ChipVerdict, chip_verdict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardRead:
    chip: ChipRead
    mrz: Td1Mrz
    dg13: Dg13
    photo: FaceImage
    passive_auth: PassiveAuthResult
    verdict: ChipVerdict
    expired: bool
    parse_seconds: float
    cross_check: CrossCheck | None = None
    com_vs_sod: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())   # DGs only in EF.COM, only in the SOD

    def as_dict(self) -> dict[str, object]:
        m = self.mrz
        birth = yymmdd_to_date(m.birth_date, past=True)
        expiry = yymmdd_to_date(m.expiry_date, past=False)
        stats = self.chip.stats
        return {
            "access": self.chip.access,
            "access_key": self.chip.access_key,
            "verdict": self.verdict.verdict,
            "verdict_reasons": list(self.verdict.reasons),
            "verdict_codes": list(self.verdict.codes),
            "expired": self.expired,
            "dg13": self.dg13.as_dict(),
            "mrz": {
                "document_code": m.document_code, "issuing_state": m.issuing_state,
                "document_number": m.document_number, "id_number": m.id_number, "name": m.name,
                "birth_date": birth.isoformat() if birth else None, "sex": m.sex,
                "expiry_date": expiry.isoformat() if expiry else None, "nationality": m.nationality,
                "lines": list(m.lines), "checks": m.checks, "checks_ok": m.checks_ok,
            },
            "photo": {"format": self.photo.format, "width": self.photo.width, "height": self.photo.height,
                      "bytes": len(self.photo.data)},
            "passive_auth": self.passive_auth.as_dict(),
            "active_auth": {"status": self.chip.active_auth.status, "detail": self.chip.active_auth.detail},
            "chip_auth": {"status": self.chip.chip_auth.status, "detail": self.chip.chip_auth.detail},
            "cross_check": None if self.cross_check is None else {
                "blocking": self.cross_check.blocking,
                "findings": [f.as_dict() for f in self.cross_check.findings]},
            "com_vs_sod": {"only_in_com": list(self.com_vs_sod[0]), "only_in_sod": list(self.com_vs_sod[1])},
            "not_readable": self.chip.not_readable,
            "card_access_from_chip": self.chip.card_access_from_chip,
            "recoveries": self.chip.recoveries,
            "apdu_count": stats.apdus,
            "bytes_sent": stats.bytes_sent,
            "bytes_received": stats.bytes_received,
            "host_ms": round(stats.host_seconds * 1000, 3),
            "transmit_ms": round(stats.transmit_seconds * 1000, 3),
            "seconds": round(self.chip.seconds + self.parse_seconds, 4),
        }


PACKAGE_CHIP_KEYS = ("access", "verdict", "verdict_reasons", "verdict_codes", "passive_auth", "active_auth", "chip_auth", "expired",
                     "cross_check")


def chip_verification(read: CardRead) -> dict[str, object]:
    """What a package records of the chip read (the centre re-verifies from the raw files)."""
    return {k: v for k, v in read.as_dict().items() if k in PACKAGE_CHIP_KEYS}


def interpret(chip: ChipRead, trust_store: TrustStore, today: date | None = None,
              qr: QrData | None = None) -> CardRead:
    started = time.perf_counter()
    files = chip.files
    for needed in ("dg1", "dg2", "dg13", "sod"):
        if needed not in files:
            raise ChipDataError(needed.upper(), "missing from the chip")
    mrz = parse_dg1(files["dg1"])
    dg13 = parse_dg13(files["dg13"])
    photo = parse_dg2(files["dg2"])
    issued_on = None
    if dg13.no_expiry and dg13.issue_date is not None:
        issued_on = datetime.combine(dg13.issue_date, datetime_time(12), tzinfo=UTC)
    passive = passive_authentication(files["sod"], {k: v for k, v in files.items() if k.startswith("dg")},
                                     trust_store, document_country=alpha2_of(mrz.issuing_state),
                                     document_code=mrz.document_code, issued_on=issued_on)
    withheld = tuple(name for name in passive.missing if name in chip.refused)
    verdict = chip_verdict(passive, chip.active_auth, chip.chip_auth, withheld)
    today = today or date.today()
    expired = dg13.expiry_date is not None and dg13.expiry_date < today
    checked = cross_check(qr, dg13, mrz)
    return CardRead(chip, mrz, dg13, photo, passive, verdict, expired, time.perf_counter() - started, checked,
                    _com_vs_sod(files.get("com"), passive.listed))


def _com_vs_sod(com: bytes | None, listed: tuple[int, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """EF.COM is not signed (ICAO 9303-10 §4.6.1): the SOD rules, and a difference is reported."""
    if not com:
        return (), tuple(f"dg{n}" for n in listed)
    try:
        in_com = set(parse_com(com).data_groups)
    except ChipDataError:
        log.info("EF.COM is malformed; the SOD's list is used")
        in_com = set()
    in_sod = set(listed)
    return tuple(f"dg{n}" for n in sorted(in_com - in_sod)), tuple(f"dg{n}" for n in sorted(in_sod - in_com))


def read_card(connect: Callable[[], CardConnection], keys: list[AccessKey], trust_store: TrustStore,
              progress: Callable[[str], None] | None = None, qr: QrData | None = None) -> CardRead:
    chip = ChipReader(connect, keys, chip_authentication=chip_authentication,
                      active_authentication=active_authentication, progress=progress).read()
    return interpret(chip, trust_store, qr=qr)

"""The administrator's view of the trust store: what is installed (for the settings page and
`workstation trust list`), and importing a file (PEM, DER, master list, LDIF, CRL) into the
workstation's own trust folder, refused when nothing in it is usable."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.x509.oid import NameOID

from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.verify.trust_store import TrustStore

TRUST_SUFFIXES = (".pem", ".der", ".cer", ".crt", ".ml", ".ldif", ".crl")


@dataclass(frozen=True)
class TrustEntry:
    name: str                # the subject's common name, for a table
    subject: str
    country: str
    valid_from: str          # ISO dates
    valid_to: str
    crl: str                 # date of the newest CRL this CSCA signed, "" when none
    crl_age_days: int | None
    source: str

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "subject": self.subject, "country": self.country, "valid_from": self.valid_from,
                "valid_to": self.valid_to, "crl": self.crl or None, "crl_age_days": self.crl_age_days,
                "source": self.source}


def describe(store: TrustStore, now: datetime | None = None) -> list[TrustEntry]:
    now = now or datetime.now(UTC)
    out = []
    for csca in store.anchors:
        crl = store.crl_of(csca)
        common = csca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        out.append(TrustEntry(
            str(common[0].value) if common else csca.describe(), csca.describe(), csca.country, csca.cert.not_valid_before_utc.date().isoformat(),
            csca.cert.not_valid_after_utc.date().isoformat(), crl.issued.date().isoformat() if crl else "",
            (now - crl.issued).days if crl else None, store.sources.get(csca.der, "")))
    return sorted(out, key=lambda e: (e.country, e.subject))


def import_trust_file(source: Path, folder: Path) -> TrustStore:
    """Copy `source` into `folder` (the workstation's trust folder) when it adds at least one CSCA
    or CRL; returns the store as loaded from the whole folder afterwards."""
    if not source.is_file():
        raise WorkstationError(Message(f"Không tìm thấy tệp {source}.", f"No file {source}."))
    alone = TrustStore.load([source])
    if not alone.anchors and not alone.crls:
        reasons = "; ".join(s.reason for s in alone.skipped[:3]) or "no certificate found"
        raise WorkstationError(Message(
            f"Tệp {source.name} không có chứng thư CSCA hoặc CRL dùng được ({reasons}).",
            f"{source.name} holds no usable CSCA certificate or CRL ({reasons})."))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    if target.resolve() != source.resolve():
        shutil.copyfile(source, target)
    return TrustStore.load([folder])

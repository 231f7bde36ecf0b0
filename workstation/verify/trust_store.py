"""Trusted CSCA certificates: PEM or DER files, ICAO master lists (.ml) and LDIF exports.

Vietnam's CSCA is not in the public master lists, so an empty store is the usual case in the field;
passive authentication then reports the chain as "not verified", distinct from a failure.
"""
from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509

from workstation.errors import WorkstationError

log = logging.getLogger(__name__)


class CscaMasterList(core.Sequence):
    _fields = [("version", core.Integer), ("cert_list", core.SetOf, {"spec": asn1_x509.Certificate})]


class TrustStoreError(WorkstationError):
    pass


@dataclass
class TrustStore:
    certificates: list[x509.Certificate] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def countries(self) -> set[str]:
        out = set()
        for cert in self.certificates:
            for attr in cert.subject.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME):
                out.add(str(attr.value).upper())
        return out

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        return [c for c in self.certificates if c.subject == cert.issuer]

    def add_der(self, der: bytes, source: str) -> None:
        self.certificates.append(x509.load_der_x509_certificate(der))
        self.sources.append(source)

    @classmethod
    def load(cls, paths: Iterable[Path]) -> "TrustStore":
        store = cls()
        for path in paths:
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in files:
                try:
                    store._load_file(file)
                except (ValueError, OSError, x509.InvalidVersion) as exc:
                    raise TrustStoreError(f"trust store file {file}: cannot be read as a certificate, "
                                          f"master list or LDIF ({exc})") from None
        return store

    def _load_file(self, file: Path) -> None:
        data = file.read_bytes()
        suffix = file.suffix.lower()
        if b"-----BEGIN CERTIFICATE-----" in data:
            for cert in x509.load_pem_x509_certificates(data):
                self.certificates.append(cert)
                self.sources.append(str(file))
        elif suffix == ".ldif":
            self._load_ldif(data.decode("utf-8", "replace"), str(file))
        elif suffix == ".ml" or data[:1] == b"\x30" and _is_master_list(data):
            self._load_master_list(data, str(file))
        elif suffix in (".der", ".cer", ".crt", ".cacert"):
            self.add_der(data, str(file))
        else:
            log.info("trust store: skipping %s (unknown kind)", file)

    def _load_master_list(self, data: bytes, source: str) -> None:
        info = cms.ContentInfo.load(data)
        # the master list's signature (by the UN/ICAO master list signer) is not checked here: the
        # store is configured by the workstation's administrator, who chose the file
        master = CscaMasterList.load(info["content"]["encap_content_info"]["content"].contents)
        for cert in master["cert_list"]:
            self.add_der(cert.dump(), source)

    def _load_ldif(self, text: str, source: str) -> None:
        unfolded = re.sub(r"\r?\n ", "", text)
        for line in unfolded.splitlines():
            key, _, value = line.partition("::")
            key = key.strip().lower()
            if not value:
                continue
            blob = base64.b64decode(value.strip())
            if key.startswith("cscamasterlistdata"):
                self._load_master_list(blob, source)
            elif key.startswith("usercertificate") or key.startswith("cacertificate"):
                self.add_der(blob, source)


def _is_master_list(data: bytes) -> bool:
    try:
        info = cms.ContentInfo.load(data)
        return info["content_type"].native == "signed_data" and \
            info["content"]["encap_content_info"]["content_type"].dotted == "2.23.136.1.1.2"
    except (ValueError, TypeError, KeyError):
        return False

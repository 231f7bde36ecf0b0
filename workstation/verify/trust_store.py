"""Trusted CSCA certificates and CRLs: PEM or DER files, ICAO master lists (.ml) and LDIF exports.

What the administrator installs is what the workstation trusts; nothing a card brings along is.
Loading is certificate by certificate: one that cannot be parsed, or is not a CSCA (ICAO 9303-12
§7.1.1: a CA with keyCertSign and a country), is skipped and reported, and the rest load. A master
list is taken only when its own signature holds: its Master List Signer certificate (extKeyUsage
2.23.136.1.1.3) must be issued by a CSCA of the list itself of the signer's country (9303-12 §8).
Link certificates (a new CSCA key certified by the old one) are trusted when they chain to a
self-signed CSCA that is installed. CRLs count only when signed by the CSCA they name.
"""
from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from asn1crypto import cms, core
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

from workstation.errors import WorkstationError
from workstation.verify.certificates import (
    OID_MASTER_LIST_SIGNER,
    Certificate,
    CertificateUnreadable,
    csca_problems,
)
from workstation.verify.cms_signed import CmsRefused, check_signer
from workstation.verify.public_keys import UnusableKey

log = logging.getLogger(__name__)
OID_CSCA_MASTER_LIST = "2.23.136.1.1.2"
MAX_TRUST_FILE = 64 * 1024 * 1024


class CscaMasterList(core.Sequence):
    _fields = [("version", core.Integer), ("cert_list", core.SetOf, {"spec": core.Any})]


class TrustStoreError(WorkstationError):
    pass


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass(frozen=True)
class RevocationList:
    crl: x509.CertificateRevocationList
    source: str

    @property
    def issued(self) -> datetime:
        return self.crl.last_update_utc


@dataclass
class TrustStore:
    anchors: list[Certificate] = field(default_factory=list)       # CSCAs the chain may end at
    crls: list[RevocationList] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sources: dict[bytes, str] = field(default_factory=dict)        # certificate DER → where it came from

    @property
    def certificates(self) -> list[x509.Certificate]:
        return [a.cert for a in self.anchors]

    def countries(self) -> set[str]:
        return {a.country for a in self.anchors}

    def cscas_of(self, country: str) -> list[Certificate]:
        return [a for a in self.anchors if a.country == country]

    def candidates_for(self, cert: Certificate) -> list[Certificate]:
        """Installed CSCAs named as `cert`'s issuer, those whose key identifier matches first."""
        named = [a for a in self.anchors if a.subject == cert.issuer]
        aki = cert.authority_key_id
        return sorted(named, key=lambda a: not (aki is not None and a.subject_key_id == aki))

    def crl_of(self, csca: Certificate) -> RevocationList | None:
        """The newest CRL that `csca` signed."""
        signed = []
        for entry in self.crls:
            if entry.crl.issuer != csca.subject:
                continue
            try:
                if entry.crl.is_signature_valid(csca.public_key):  # type: ignore[arg-type]
                    signed.append(entry)
            except (UnusableKey, TypeError, ValueError, InvalidSignature, UnsupportedAlgorithm):
                continue
        return max(signed, key=lambda e: e.issued, default=None)

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, paths: Iterable[Path]) -> "TrustStore":
        loader = _Loader()
        for path in paths:
            if not path.exists():
                raise TrustStoreError(f"trust store {path}: no such file or folder")
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in files:
                try:
                    loader.load_file(file)
                except OSError as exc:
                    loader.skip(str(file), f"cannot be read ({exc.strerror or exc})")
        store = loader.resolve()
        for s in store.skipped:
            log.warning("trust store: skipped %s: %s", s.source, s.reason)
        return store

    def add_der(self, der: bytes, source: str) -> None:
        """Add one certificate (tests, imports) and re-resolve anchors."""
        loader = _Loader()
        loader.pending = [(a, self.sources.get(a.der, "")) for a in self.anchors]
        loader.crls = list(self.crls)
        loader.skipped = list(self.skipped)
        loader.add_certificate(der, source)
        resolved = loader.resolve()
        self.anchors, self.crls, self.skipped, self.sources = (
            resolved.anchors, resolved.crls, resolved.skipped, resolved.sources)


class _Loader:
    def __init__(self) -> None:
        self.pending: list[tuple[Certificate, str]] = []
        self.crls: list[RevocationList] = []
        self.skipped: list[Skipped] = []

    def skip(self, source: str, reason: str) -> None:
        self.skipped.append(Skipped(source, reason))

    def add_certificate(self, der: bytes, source: str) -> None:
        try:
            self.pending.append((Certificate.load(der), source))
        except CertificateUnreadable as exc:
            self.skip(source, f"a certificate that cannot be parsed ({exc})")

    def add_crl(self, der: bytes, source: str) -> None:
        try:
            crl = x509.load_der_x509_crl(der)
            crl.issuer.rfc4514_string()
            self.crls.append(RevocationList(crl, source))
        except (ValueError, TypeError) as exc:
            self.skip(source, f"a CRL that cannot be parsed ({exc})")

    def load_file(self, file: Path) -> None:
        if file.stat().st_size > MAX_TRUST_FILE:
            self.skip(str(file), "larger than any master list (64 MB)")
            return
        data = file.read_bytes()
        suffix = file.suffix.lower()
        source = str(file)
        if b"-----BEGIN " in data:
            for kind, blob in re.findall(rb"-----BEGIN ([A-Z0-9 ]+)-----\s*([A-Za-z0-9+/=\s]+?)-----END", data):
                der = base64.b64decode(blob)
                if kind == b"CERTIFICATE":
                    self.add_certificate(der, source)
                elif kind == b"X509 CRL":
                    self.add_crl(der, source)
        elif suffix == ".ldif":
            self.load_ldif(data.decode("utf-8", "replace"), source)
        elif suffix == ".ml" or data[:1] == b"\x30" and _is_master_list(data):
            self.load_master_list(data, source)
        elif suffix == ".crl":
            self.add_crl(data, source)
        elif suffix in (".der", ".cer", ".crt", ".cacert"):
            self.add_certificate(data, source)
        else:
            log.info("trust store: skipping %s (unknown kind)", file)

    def load_master_list(self, data: bytes, source: str) -> None:
        try:
            info = cms.ContentInfo.load(data)
            signed = info["content"]
            encap = signed["encap_content_info"]
            if encap["content_type"].dotted != OID_CSCA_MASTER_LIST:
                raise ValueError("not a CSCA master list")
            content = encap["content"].contents
            entries = CscaMasterList.load(content)["cert_list"]
            ders = [entry.dump() for entry in entries]
        except (ValueError, TypeError, KeyError) as exc:
            self.skip(source, f"not a readable master list ({exc})")
            return
        listed = []
        for i, der in enumerate(ders):
            try:
                listed.append(Certificate.load(der))
            except CertificateUnreadable as exc:
                self.skip(f"{source} #{i + 1}", f"a certificate that cannot be parsed ({exc})")
        problem = _master_list_signature_problem(signed, content, listed)
        if problem:
            self.skip(source, f"master list refused: {problem}")
            return
        self.pending.extend((cert, source) for cert in listed)
        for choice in signed["crls"] or []:      # RFC 5652 §10.2.1: CRLs may travel in the SignedData
            if choice.name == "crl":
                self.add_crl(choice.chosen.dump(), source)

    def load_ldif(self, text: str, source: str) -> None:
        unfolded = re.sub(r"\r?\n ", "", text)
        for n, line in enumerate(unfolded.splitlines(), 1):
            key, _, value = line.partition("::")
            key = key.strip().lower()
            if not value:
                continue
            try:
                blob = base64.b64decode(value.strip(), validate=False)
            except ValueError:
                self.skip(f"{source}:{n}", "base64 that does not decode")
                continue
            if key.startswith("cscamasterlistdata"):
                self.load_master_list(blob, f"{source}:{n}")
            elif key.startswith("usercertificate") or key.startswith("cacertificate"):
                self.add_certificate(blob, f"{source}:{n}")
            elif key.startswith("certificaterevocationlist"):
                self.add_crl(blob, f"{source}:{n}")

    def resolve(self) -> TrustStore:
        """Self-signed CSCAs whose signature holds are anchors; a link certificate joins them once
        an anchor has issued it. Everything else is reported, not trusted."""
        store = TrustStore(crls=self.crls, skipped=list(self.skipped))
        waiting: list[tuple[Certificate, str]] = []
        seen: set[bytes] = set()
        for cert, source in self.pending:
            if cert.der in seen:
                continue
            seen.add(cert.der)
            problems = csca_problems(cert)
            if problems:
                store.skipped.append(Skipped(source, f"{cert.describe()}: not a CSCA: {problems[0].text}"))
            elif cert.self_issued and cert.signed_with_own_key():
                store.anchors.append(cert)
                store.sources[cert.der] = source
            else:
                # a link certificate: often self-issued (same name), signed by the previous key
                waiting.append((cert, source))
        progress = True
        while waiting and progress:
            progress = False
            for item in list(waiting):
                cert, source = item
                if any(cert.issued_by(anchor) for anchor in store.anchors if anchor.country == cert.country):
                    store.anchors.append(cert)
                    store.sources[cert.der] = source
                    waiting.remove(item)
                    progress = True
        for cert, source in waiting:
            store.skipped.append(Skipped(source, f"{cert.describe()}: neither self-signed nor a link certificate "
                                                 "that an installed CSCA issued"))
        return store


def _master_list_signature_problem(signed: cms.SignedData, content: bytes, listed: list[Certificate]) -> str:
    try:
        check = check_signer(signed, content, OID_CSCA_MASTER_LIST)
    except CmsRefused as exc:
        return exc.text
    except (ValueError, TypeError, KeyError) as exc:
        return f"its signature cannot be checked ({exc})"
    signer = check.signer
    if OID_MASTER_LIST_SIGNER not in signer.extended_key_usage:
        return "signed by a certificate that is not a Master List Signer"
    issuers = [c for c in listed if c.country == signer.country and not csca_problems(c) and signer.issued_by(c)]
    if not issuers:
        return "its Master List Signer is not issued by a CSCA of the list of its own country"
    return ""


def _is_master_list(data: bytes) -> bool:
    try:
        info = cms.ContentInfo.load(data)
        return info["content_type"].native == "signed_data" and \
            info["content"]["encap_content_info"]["content_type"].dotted == OID_CSCA_MASTER_LIST
    except (ValueError, TypeError, KeyError):
        return False

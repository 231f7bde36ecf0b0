"""Passive authentication (ICAO 9303-11 §5.1): is the data the issuer signed, signed by whom?

Three separate answers, because the field needs them apart:
- the SOD's signature, read strictly (cms_signed.py: one SignerInfo, declared algorithms, signed
  attributes);
- every data group's hash, and completeness: every DG the SOD lists was read (except DG3/DG4,
  which need Terminal Authentication), nothing read is unsigned, and the DGs the workstation
  relies on (DG1, DG2, DG13) are listed;
- the Document Signer's chain, decided from what this workstation holds: the document's issuing
  state (DG1, never the certificate the chip presents) must be the country of the DS certificate
  and of an installed CSCA that issued it (9303-11 §5.1.1 steps 2-3, 9303-12 §7.1.1).

Chain states: "trusted"; "not_verified" only when no CSCA of the document's country is installed
at all; "untrusted" when CSCAs of that country are installed but none issued this signer (not in
this workstation's trust list); "invalid" for a forgery: a broken signature, another country, a
certificate of the wrong role or outside its validity, a revoked signer.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from asn1crypto import cms

from workstation.verify.certificates import Certificate, document_signer_problems
from workstation.verify.cms_signed import CmsRefused, carried_certificates, check_signer
from workstation.verify.errors import ChipDataError
from workstation.verify.lds import OID_LDS_SECURITY_OBJECT, LdsSecurityObject
from workstation.verify.public_keys import UnusableKey
from workstation.verify.signatures import SHA2
from workstation.verify.tlv import check_depth, parse_single
from workstation.verify.trust_store import TrustStore

log = logging.getLogger(__name__)
MALFORMED = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError)
TERMINAL_AUTH_ONLY = frozenset({3, 4})     # 9303-11 §7: DG3/DG4 need Terminal Authentication
REQUIRED_DGS = (1, 2, 13)                  # what the enrollment relies on


@dataclass(frozen=True)
class Sod:
    lds: LdsSecurityObject
    signed_data: cms.SignedData
    econtent: bytes
    hash_algorithm: str
    hashes: dict[int, bytes]
    certificates: tuple[Certificate, ...]


@dataclass(frozen=True)
class ChainResult:
    state: str          # trusted | not_verified | untrusted | invalid
    reason: str         # stable code ("" when trusted)
    detail: str
    csca: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PassiveAuthResult:
    signature: str                   # "valid" | "invalid"
    hashes: str                      # "valid" | "mismatch" | "incomplete"
    chain: str                       # "trusted" | "not_verified" | "untrusted" | "invalid"
    mismatched: tuple[str, ...] = ()
    unsigned: tuple[str, ...] = ()   # files read but without a hash in the SOD
    missing: tuple[str, ...] = ()    # listed in the SOD (or required) but not read
    listed: tuple[int, ...] = ()     # the data groups the SOD has hashes of
    signer: str = ""
    issuer: str = ""
    detail: str = ""
    signature_reason: str = ""
    chain_reason: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Signature and hashes hold and no chain failure (not_verified is not a failure)."""
        return self.signature == "valid" and self.hashes == "valid" and self.chain in ("trusted", "not_verified")

    def as_dict(self) -> dict[str, object]:
        return {"signature": self.signature, "hashes": self.hashes, "chain": self.chain,
                "signature_reason": self.signature_reason, "chain_reason": self.chain_reason,
                "mismatched": list(self.mismatched), "unsigned": list(self.unsigned), "missing": list(self.missing),
                "signer": self.signer, "issuer": self.issuer, "detail": self.detail, "notes": list(self.notes)}


def parse_sod(data: bytes) -> Sod:
    content = parse_single(data, 0x77, "EF.SOD").value
    check_depth(content, "EF.SOD")
    try:
        info = cms.ContentInfo.load(content)
        if info["content_type"].native != "signed_data":
            raise ChipDataError("EF.SOD", "not a CMS SignedData")
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].dotted != OID_LDS_SECURITY_OBJECT:
            raise ChipDataError("EF.SOD", f"content type {encap['content_type'].dotted}")
        econtent = encap["content"].contents
        check_depth(econtent, "EF.SOD")
        lds = LdsSecurityObject.load(econtent)
        algorithm = lds["hash_algorithm"]["algorithm"].native
        hash_values: dict[int, bytes] = {}
        for h in lds["data_group_hash_values"]:
            number = int(h["data_group_number"].native)
            if not 1 <= number <= 16 or number in hash_values:
                raise ChipDataError("EF.SOD", f"data group number {number} out of range or repeated")
            hash_values[number] = bytes(h["data_group_hash_value"].native)
        certificates = tuple(carried_certificates(signed))
    except ChipDataError:
        raise
    except CmsRefused as exc:
        raise ChipDataError("EF.SOD", exc.text) from None
    except MALFORMED as exc:
        raise ChipDataError("EF.SOD", str(exc) or type(exc).__name__) from None
    if algorithm not in SHA2 and algorithm != "sha1":
        raise ChipDataError("EF.SOD", f"hash algorithm {algorithm} is not accepted")
    if any(len(v) != hashlib.new(algorithm).digest_size for v in hash_values.values()):
        raise ChipDataError("EF.SOD", f"a data group hash is not a {algorithm} value")
    return Sod(lds, signed, econtent, algorithm, hash_values, certificates)


def sod_data_groups(data: bytes) -> tuple[int, ...]:
    """The data groups the SOD holds hashes of, in order: what a complete read must fetch."""
    return tuple(sorted(parse_sod(data).hashes))


def check_signature(sod: Sod) -> tuple[Certificate | None, str, str, tuple[str, ...]]:
    """(signer certificate, reason code, detail, notes); the code is "" when the signature holds."""
    try:
        check = check_signer(sod.signed_data, sod.econtent, OID_LDS_SECURITY_OBJECT,
                             certificates=list(sod.certificates))
        return check.signer, "", "", check.notes
    except CmsRefused as exc:
        signer = sod.certificates[0] if len(sod.certificates) == 1 else None
        return signer, exc.code, f"SOD: {exc.text}", ()
    except MALFORMED as exc:
        return None, "cms_malformed", f"SOD: the signature cannot be checked ({exc})", ()


def check_chain(ds: Certificate, store: TrustStore, document_country: str, when: datetime | None = None,
                issued_on: datetime | None = None, document_code: str = "") -> ChainResult:
    """Chain `ds` to an installed CSCA of `document_country` (alpha-2, from the document);
    `document_code` is the document's MRZ type (ICAO 9303-12 §7.1.1.3)."""
    when = when or datetime.now(UTC)
    if not document_country:
        return ChainResult("invalid", "document_country_unknown", "the document names no known issuing state")
    if ds.country != document_country or ds.issuer_country != document_country:
        return ChainResult("invalid", "country_mismatch",
                           f"the Document Signer certificate is of {ds.country or 'no country'} (issuer "
                           f"{ds.issuer_country or 'none'}), the document of {document_country}")
    problems = document_signer_problems(ds, when, issued_on, document_code)
    if problems:
        return ChainResult("invalid", problems[0].code, problems[0].text)
    notes = []
    if not ds.valid_at(when):
        notes.append("the Document Signer certificate has expired since; valid on the card's issue date "
                     "(card without expiry)")
    candidates = store.candidates_for(ds)
    for csca in candidates:
        try:
            if not ds.signed_with(csca.public_key):
                continue
        except UnusableKey:
            continue
        if not csca.cert.not_valid_before_utc <= ds.cert.not_valid_before_utc <= csca.cert.not_valid_after_utc:
            return ChainResult("invalid", "ds_outside_csca_validity",
                               "the Document Signer certificate was issued outside its CSCA's validity")
        crl = store.crl_of(csca)
        if crl is not None:
            if crl.crl.get_revoked_certificate_by_serial_number(ds.serial) is not None:
                return ChainResult("invalid", "ds_revoked", "the Document Signer certificate is revoked "
                                   f"(CRL of {crl.issued.date().isoformat()})")
            notes.append(f"CRL of {crl.issued.date().isoformat()} checked")
        else:
            notes.append("no CRL of this CSCA installed")
        return ChainResult("trusted", "", "", csca.describe(), tuple(notes))
    if candidates:
        return ChainResult("invalid", "ds_signature_broken",
                           "the Document Signer certificate's signature does not verify with the CSCA it names")
    if not store.cscas_of(document_country):
        return ChainResult("not_verified", "no_csca_of_country",
                           f"no CSCA certificate of {document_country} is installed")
    return ChainResult("untrusted", "ds_issuer_not_installed",
                       f"no installed CSCA of {document_country} issued the Document Signer certificate")


def passive_authentication(sod_bytes: bytes, files: dict[str, bytes], store: TrustStore, *,
                           document_country: str, document_code: str = "", when: datetime | None = None,
                           issued_on: datetime | None = None) -> PassiveAuthResult:
    """`files` maps "dg1", "dg2", ... to the raw files read; `document_country` is the alpha-2 code
    of the issuing state the document itself names (DG1), `document_code` its MRZ document code
    ("ID" for the CCCD; "" when unknown, which no Document Type List covers: fail closed)."""
    sod = parse_sod(sod_bytes)
    signer, signature_reason, signature_detail, notes = check_signature(sod)
    mismatched, unsigned = [], []
    read = {int(name[2:]): content for name, content in files.items() if name.startswith("dg") and content}
    for number, content in sorted(read.items()):
        expected = sod.hashes.get(number)
        if expected is None:
            unsigned.append(f"dg{number}")
        elif not hmac.compare_digest(expected, hashlib.new(sod.hash_algorithm, content).digest()):
            mismatched.append(f"dg{number}")
    listed = set(sod.hashes) - TERMINAL_AUTH_ONLY
    missing = sorted(f"dg{n}" for n in (listed | set(REQUIRED_DGS)) - set(read))
    if mismatched or unsigned:
        hashes_state = "mismatch"
    elif missing:
        hashes_state = "incomplete"
    else:
        hashes_state = "valid"
    if sod.hash_algorithm == "sha1":
        notes = notes + ("data group hashes are SHA-1 (legacy)",)
    if signer is None:
        chain = ChainResult("invalid", signature_reason or "cms_sid", "no Document Signer certificate to chain")
    else:
        chain = check_chain(signer, store, document_country, when, issued_on, document_code)
    details = [signature_detail, chain.detail if chain.state != "trusted" else ""]
    if missing:
        details.append("not read although the SOD lists them or the card must carry them: "
                       + ", ".join(m.upper() for m in missing))
    return PassiveAuthResult(
        signature="invalid" if signature_reason else "valid", hashes=hashes_state, chain=chain.state,
        mismatched=tuple(mismatched), unsigned=tuple(unsigned), missing=tuple(missing), listed=tuple(sorted(sod.hashes)),
        signer=signer.describe() if signer else "", issuer=signer.issuer.rfc4514_string() if signer else "",
        detail="; ".join(d for d in details if d), signature_reason=signature_reason, chain_reason=chain.reason,
        notes=tuple(notes) + chain.notes)

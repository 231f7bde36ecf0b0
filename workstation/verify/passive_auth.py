"""Passive authentication (ICAO 9303-11 §5.1): is the data the issuer signed, signed by whom?

Three separate answers, because the field needs them apart: the SOD's signature with its Document
Signer certificate; every data group's hash; and the DS certificate's chain to a trusted CSCA,
which is "not_verified" when no CSCA of the issuing country is configured (Vietnam's is not public).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from workstation.verify.errors import ChipDataError
from workstation.verify.lds import OID_LDS_SECURITY_OBJECT, LdsSecurityObject
from workstation.verify.tlv import parse_single
from workstation.verify.trust_store import TrustStore

log = logging.getLogger(__name__)
# what asn1crypto and cryptography raise on malformed input: each becomes a ChipDataError
MALFORMED = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, UnsupportedAlgorithm,
             x509.InvalidVersion)
HASHES = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
          "sha512": hashes.SHA512}


@dataclass(frozen=True)
class Sod:
    lds: LdsSecurityObject
    signed_data: cms.SignedData
    hash_algorithm: str
    hashes: dict[int, bytes]
    certificate: x509.Certificate


@dataclass(frozen=True)
class PassiveAuthResult:
    signature: str                   # "valid" | "invalid"
    hashes: str                      # "valid" | "mismatch"
    chain: str                       # "trusted" | "not_verified" | "untrusted" | "invalid"
    mismatched: tuple[str, ...] = ()
    unsigned: tuple[str, ...] = ()   # files read but without a hash in the SOD
    signer: str = ""
    issuer: str = ""
    detail: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Signature and hashes hold and no chain failure (not_verified is not a failure)."""
        return self.signature == "valid" and self.hashes == "valid" and self.chain in ("trusted", "not_verified")

    def as_dict(self) -> dict[str, object]:
        return {"signature": self.signature, "hashes": self.hashes, "chain": self.chain,
                "mismatched": list(self.mismatched), "unsigned": list(self.unsigned),
                "signer": self.signer, "issuer": self.issuer, "detail": self.detail}


def parse_sod(data: bytes) -> Sod:
    content = parse_single(data, 0x77, "EF.SOD").value
    try:
        info = cms.ContentInfo.load(content)
        if info["content_type"].native != "signed_data":
            raise ChipDataError("EF.SOD", "not a CMS SignedData")
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].dotted != OID_LDS_SECURITY_OBJECT:
            raise ChipDataError("EF.SOD", f"content type {encap['content_type'].dotted}")
        lds = LdsSecurityObject.load(encap["content"].contents)
        algorithm = lds["hash_algorithm"]["algorithm"].native
        hash_values = {int(h["data_group_number"].native): bytes(h["data_group_hash_value"].native)
                       for h in lds["data_group_hash_values"]}
        certs = [c.chosen for c in signed["certificates"]] if signed["certificates"].native else []
        if not certs:
            raise ChipDataError("EF.SOD", "no Document Signer certificate inside")
        certificate = x509.load_der_x509_certificate(certs[0].dump())
        # parsed lazily by cryptography: touch them now so a malformed one fails here, once
        certificate.subject.rfc4514_string()
        certificate.issuer.rfc4514_string()
        certificate.public_key()
    except ChipDataError:
        raise
    except MALFORMED as exc:
        raise ChipDataError("EF.SOD", str(exc)) from None
    if algorithm not in HASHES:
        raise ChipDataError("EF.SOD", f"unsupported hash algorithm {algorithm}")
    return Sod(lds, signed, algorithm, hash_values, certificate)


def _digest(name: str, data: bytes) -> bytes:
    return hashlib.new(name, data).digest()


def _verify_signature(cert: x509.Certificate, signature: bytes, data: bytes, signature_algo: str,
                      digest_algo: str) -> None:
    key = cert.public_key()
    chosen = HASHES.get(digest_algo, hashes.SHA256)()
    if isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(chosen))
    elif isinstance(key, rsa.RSAPublicKey):
        if "pss" in signature_algo:
            key.verify(signature, data, padding.PSS(padding.MGF1(chosen), padding.PSS.AUTO), chosen)
        else:
            key.verify(signature, data, padding.PKCS1v15(), chosen)
    else:
        raise InvalidSignature(f"unsupported key type {type(key).__name__}")


def check_signature(sod: Sod) -> tuple[bool, str]:
    try:
        signer_info = sod.signed_data["signer_infos"][0]
        digest_algo = signer_info["digest_algorithm"]["algorithm"].native
        signature_algo = signer_info["signature_algorithm"]["algorithm"].native
        econtent = sod.signed_data["encap_content_info"]["content"].contents
        signed_attrs = signer_info["signed_attrs"]
        if signed_attrs.native:
            digest = next((a["values"][0].native for a in signed_attrs if a["type"].native == "message_digest"), None)
            if digest is None or not hmac.compare_digest(digest, _digest(digest_algo, econtent)):
                return False, "the signed message digest does not match the security object"
            signed_bytes = _as_set(signed_attrs)
        else:
            signed_bytes = econtent
        _verify_signature(sod.certificate, bytes(signer_info["signature"].native), signed_bytes,
                          signature_algo, digest_algo)
        return True, ""
    except InvalidSignature:
        return False, "the SOD signature does not verify with its Document Signer certificate"
    except MALFORMED as exc:
        return False, f"the SOD signature cannot be checked ({exc})"


def _as_set(attrs: cms.CMSAttributes) -> bytes:
    """Signed attributes are signed as a SET (tag 31), not as the [0] IMPLICIT they travel in."""
    der = attrs.dump()
    return b"\x31" + der[1:]


def check_chain(cert: x509.Certificate, store: TrustStore, when: datetime | None = None) -> tuple[str, str]:
    when = when or datetime.now(UTC)
    country = next((str(a.value).upper() for a in cert.issuer.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME)), "")
    issuers = store.issuers_of(cert)
    if not issuers:
        if country and country in store.countries():
            return "untrusted", f"no trusted CSCA of {country} issued the Document Signer certificate"
        return "not_verified", f"no CSCA certificate of {country or 'the issuer'} is configured"
    for csca in issuers:
        try:
            cert.verify_directly_issued_by(csca)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            continue
        if not (csca.not_valid_before_utc <= cert.not_valid_before_utc <= csca.not_valid_after_utc):
            return "invalid", "the Document Signer certificate was issued outside its CSCA's validity"
        return "trusted", csca.subject.rfc4514_string()
    return "invalid", "the Document Signer certificate's signature does not verify with the CSCA"


def passive_authentication(sod_bytes: bytes, files: dict[str, bytes], store: TrustStore) -> PassiveAuthResult:
    """`files` maps "dg1", "dg2", ... to the raw files read."""
    sod = parse_sod(sod_bytes)
    signature_ok, signature_detail = check_signature(sod)
    mismatched, unsigned = [], []
    for name, content in sorted(files.items()):
        if not name.startswith("dg") or not content:
            continue
        number = int(name[2:])
        expected = sod.hashes.get(number)
        if expected is None:
            unsigned.append(name)
        elif not hmac.compare_digest(expected, _digest(sod.hash_algorithm, content)):
            mismatched.append(name)
    chain, chain_detail = check_chain(sod.certificate, store)
    hashes_state = "valid" if not mismatched and not unsigned else "mismatch"
    detail = "; ".join(d for d in (signature_detail, chain_detail if chain != "trusted" else "") if d)
    return PassiveAuthResult(
        signature="valid" if signature_ok else "invalid", hashes=hashes_state, chain=chain,
        mismatched=tuple(mismatched), unsigned=tuple(unsigned),
        signer=sod.certificate.subject.rfc4514_string(), issuer=sod.certificate.issuer.rfc4514_string(),
        detail=detail)

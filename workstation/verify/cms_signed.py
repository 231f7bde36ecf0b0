"""CMS SignedData (RFC 5652) read strictly: the SOD (ICAO 9303-10 §4.6.2) and master lists
(ICAO 9303-12 §8) are both this structure.

What is required, each failure named by a stable code:
- exactly one SignerInfo (9303-10 §4.6.2.2: "States SHALL use a single SignerInfo"), whose sid
  (issuerAndSerialNumber or subjectKeyIdentifier, RFC 5652 §5.3) names a certificate carried in
  the SignedData;
- the digest algorithm from the allow-list (SHA-2; SHA-1 only as legacy, and noted);
- signed attributes present (9303-10 §4.6.2.2 makes them mandatory), with exactly one content-type
  attribute equal to eContentType and exactly one message-digest attribute equal to the hash of
  eContent (RFC 5652 §5.3, §11.1, §11.2);
- the signature over the DER SET OF the signed attributes (RFC 5652 §5.4), checked with the
  algorithm and parameters the SignerInfo declares (see signatures.py).
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from asn1crypto import cms
from cryptography.exceptions import InvalidSignature

from workstation.verify.certificates import Certificate, CertificateUnreadable
from workstation.verify.public_keys import UnusableKey
from workstation.verify.signatures import SignatureRefused, declared_algorithm, hash_of, verify


class CmsRefused(ValueError):
    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text


@dataclass(frozen=True)
class SignerCheck:
    signer: Certificate
    digest_algorithm: str
    signature_algorithm: str
    notes: tuple[str, ...]


def carried_certificates(signed: cms.SignedData) -> list[Certificate]:
    """The certificates inside; one that does not parse is an error of the whole structure."""
    out = []
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            raise CmsRefused("cms_certificate", f"a certificate of kind {choice.name}")
        try:
            out.append(Certificate.load(choice.chosen.dump()))
        except CertificateUnreadable as exc:
            raise CmsRefused("cms_certificate", f"a carried certificate is malformed ({exc})") from None
    return out


def _signer_certificate(sid: cms.SignerIdentifier, certificates: list[Certificate]) -> Certificate:
    for cert in certificates:
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            # the serial first: comparing names (RFC 5280 §7.1) is the costly part
            if cert.serial == wanted["serial_number"].native and (
                    cert.asn1.issuer.dump() == wanted["issuer"].dump() or cert.asn1.issuer == wanted["issuer"]):
                return cert
        elif sid.name == "subject_key_identifier" and cert.subject_key_id == bytes(sid.chosen.native):
            return cert
    raise CmsRefused("cms_sid", "no carried certificate matches the SignerInfo's signer identifier")


def _one_attribute(attrs: cms.CMSAttributes, name: str) -> object:
    found = [a for a in attrs if a["type"].native == name]
    if len(found) != 1 or len(found[0]["values"]) != 1:
        raise CmsRefused("cms_signed_attributes", f"{len(found)} {name} attributes (exactly one required)")
    return found[0]["values"][0]


def check_signer(signed: cms.SignedData, econtent: bytes, econtent_type: str, *,
                 certificates: list[Certificate] | None = None) -> SignerCheck:
    """Verify the single SignerInfo of `signed` over `econtent`; returns the signer's certificate.
    The signer certificate is only *carried*: whether to trust it is the caller's chain check."""
    infos = signed["signer_infos"]
    if len(infos) != 1:
        raise CmsRefused("cms_signer_count", f"{len(infos)} SignerInfos (exactly one required)")
    info = infos[0]
    certs = carried_certificates(signed) if certificates is None else certificates
    signer = _signer_certificate(info["sid"], certs)
    notes = []
    digest_name = info["digest_algorithm"]["algorithm"].native
    try:
        digest_hash = hash_of(digest_name, allow_sha1=True)
        algorithm = declared_algorithm(info["signature_algorithm"], digest_name, allow_sha1=True)
    except SignatureRefused as exc:
        raise CmsRefused("cms_algorithm", str(exc)) from None
    if digest_name == "sha1" or algorithm.legacy:
        notes.append("signed with SHA-1 (legacy)")
    attrs = info["signed_attrs"]
    if not attrs.native:
        raise CmsRefused("cms_signed_attributes", "no signed attributes")
    content_type = _one_attribute(attrs, "content_type")
    if content_type.dotted != econtent_type:
        raise CmsRefused("cms_content_type",
                         f"the signed content-type {content_type.dotted} is not the content's {econtent_type}")
    digest = _one_attribute(attrs, "message_digest").native
    if not hmac.compare_digest(bytes(digest), hashlib.new(digest_hash.name, econtent).digest()):
        raise CmsRefused("cms_message_digest", "the signed message digest does not match the content")
    try:
        verify(signer.public_key, bytes(info["signature"].native), _as_set(attrs), algorithm)
    except InvalidSignature:
        raise CmsRefused("signature_invalid", "the signature does not verify with its signer's certificate") from None
    except (SignatureRefused, UnusableKey) as exc:
        raise CmsRefused("cms_algorithm", str(exc)) from None
    return SignerCheck(signer, digest_name, info["signature_algorithm"]["algorithm"].native, tuple(notes))


def _as_set(attrs: cms.CMSAttributes) -> bytes:
    """Signed attributes are signed as a SET (tag 31), not as the [0] IMPLICIT they travel in
    (RFC 5652 §5.4)."""
    der = attrs.dump()
    return b"\x31" + der[1:]

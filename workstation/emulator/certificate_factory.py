"""Issuing certificates of any profile, good or bad, for the emulator's cards and the tests.

The genuine test PKI (pki.py) is stable files; the attack catalogue needs many more certificates,
each wrong in one way (expired, a CA used as a Document Signer, a Master List Signer, another
country...). They are made here in process, with keys derived from their names, so a card is the
same card every time it is built. `explicit=True` writes the subject's EC key with explicit domain
parameters (BSI TR-03111 §4.1.2 / RFC 3279 §2.3.5 SpecifiedECDomain), as most national PKIs do:
`cryptography` cannot write that form, so the TBSCertificate is rebuilt with asn1crypto and signed
again.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from ecdsa import curves as ecdsa_curves

from workstation.emulator.pki import Signer
from workstation.verify.document_types import OID_DOCUMENT_TYPE_LIST, encode_document_types

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def seeded_key(seed_text: str, curve: ec.EllipticCurve = ec.SECP256R1()) -> ec.EllipticCurvePrivateKey:
    """An EC key that is the same every time it is made from `seed_text` (fixtures must be stable)."""
    seed = int.from_bytes(hashlib.sha256(seed_text.encode()).digest(), "big")
    return ec.derive_private_key(seed % (2**250) + 1, curve)


def derived_ec_key(label: str, curve: ec.EllipticCurve = ec.SECP256R1()) -> ec.EllipticCurvePrivateKey:
    return seeded_key(f"certificate-factory/{label}", curve)


@cache
def rsa_key(label: str, bits: int = 2048) -> rsa.RSAPrivateKey:
    """RSA keys cannot be derived from a seed cheaply; one per label and process is stable enough."""
    return rsa.generate_private_key(65537, bits)


def name(cn: str, country: str | None = "VN", organisation: str = "Workstation Test PKI") -> x509.Name:
    attrs = []
    if country is not None:
        attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, country))
    attrs += [x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    return x509.Name(attrs)


def serial_of(cn: str) -> int:
    """The serial number a certificate of this common name gets (stable, so CRLs can name it)."""
    return int.from_bytes(hashlib.sha256(f"serial/{cn}".encode()).digest()[:8], "big") | 1


@dataclass(frozen=True)
class Profile:
    """What to put in a certificate. Defaults: a Document Signer of Viet Nam, 2024-2034."""

    cn: str
    country: str | None = "VN"
    ca: bool | None = False                 # None: no basicConstraints at all
    key_usage: frozenset[str] | None = frozenset({"digital_signature"})   # None: no keyUsage
    extended_key_usage: tuple[str, ...] = ()
    not_before: datetime = datetime(2024, 1, 1, tzinfo=UTC)
    not_after: datetime = datetime(2034, 1, 1, tzinfo=UTC)
    explicit: bool = False                  # the subject key with explicit EC domain parameters
    hash: type[hashes.HashAlgorithm] = hashes.SHA256
    issuer_name: x509.Name | None = None    # None: the issuer's subject (or own name if self-signed)
    serial: int | None = None
    extra: tuple[x509.ExtensionType, ...] = field(default=())
    critical_extra: tuple[x509.ExtensionType, ...] = field(default=())   # added marked critical


CSCA_USAGE = frozenset({"key_cert_sign", "crl_sign"})
USAGE_NAMES = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
               "key_agreement", "key_cert_sign", "crl_sign")


def document_type_list(*types: str) -> x509.UnrecognizedExtension:
    """ICAO 9303-12 §7.1.1.3: the documents a Document Signer may sign ("P", "ID", ...)."""
    return x509.UnrecognizedExtension(x509.ObjectIdentifier(OID_DOCUMENT_TYPE_LIST), encode_document_types(types))


def csca_profile(cn: str, **changes: object) -> Profile:
    base = {"ca": True, "key_usage": CSCA_USAGE, "not_after": datetime(2044, 1, 1, tzinfo=UTC)}
    base.update(changes)
    return Profile(cn, **base)  # type: ignore[arg-type]


def issue(profile: Profile, key: PrivateKey, issuer: Signer | None) -> Signer:
    """A certificate for `key` with `profile`, signed by `issuer` (self-signed when None)."""
    subject = name(profile.cn, profile.country)
    issuer_name = profile.issuer_name or (issuer.certificate.subject if issuer else subject)
    signing_key = issuer.key if issuer else key
    serial = profile.serial or serial_of(profile.cn)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(profile.not_before).not_valid_after(profile.not_after)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if profile.ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca=profile.ca, path_length=0 if profile.ca else None),
                                        critical=True)
    if profile.key_usage is not None:
        usage = {n: n in profile.key_usage for n in USAGE_NAMES}
        builder = builder.add_extension(x509.KeyUsage(**usage, encipher_only=False, decipher_only=False), critical=True)
    if profile.extended_key_usage:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.ObjectIdentifier(o) for o in profile.extended_key_usage]), critical=False)
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)  # type: ignore[arg-type]
    for ext in profile.extra:
        builder = builder.add_extension(ext, critical=False)
    for ext in profile.critical_extra:
        builder = builder.add_extension(ext, critical=True)
    cert = builder.sign(signing_key, profile.hash())
    if profile.explicit:
        cert = _with_explicit_key(cert, signing_key, profile.hash)
    return Signer(cert, key)  # type: ignore[arg-type]


def explicit_spki(public_key: ec.EllipticCurvePublicKey) -> asn1_keys.PublicKeyInfo:
    """The SubjectPublicKeyInfo of `public_key` with its curve written out as explicit parameters."""
    curve = next(c for c in ecdsa_curves.curves if c.name.lower() == public_key.curve.name.lower()
                 or c.name.lower() == _ecdsa_name(public_key.curve.name))
    cv, g = curve.curve, curve.generator
    size = (cv.p().bit_length() + 7) // 8
    specified = asn1_keys.SpecifiedECDomain({
        "version": "ecdpVer1",
        "field_id": {"field_type": "prime_field", "parameters": cv.p()},
        "curve": {"a": (cv.a() % cv.p()).to_bytes(size, "big"), "b": cv.b().to_bytes(size, "big")},
        "base": b"\x04" + g.x().to_bytes(size, "big") + g.y().to_bytes(size, "big"),
        "order": curve.order,
        "cofactor": 1,
    })
    point = public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return asn1_keys.PublicKeyInfo({
        "algorithm": {"algorithm": "ec", "parameters": asn1_keys.ECDomainParameters(name="specified", value=specified)},
        "public_key": point,
    })


def _ecdsa_name(name: str) -> str:
    return {"secp256r1": "nist256p", "secp384r1": "nist384p", "secp521r1": "nist521p"}.get(name, name)


def _with_explicit_key(cert: x509.Certificate, signing_key: PrivateKey,
                       hash_type: type[hashes.HashAlgorithm]) -> x509.Certificate:
    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tbs = parsed["tbs_certificate"]
    public_key = cert.public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    tbs["subject_public_key_info"] = explicit_spki(public_key)
    tbs_der = tbs.dump(force=True)
    if isinstance(signing_key, rsa.RSAPrivateKey):
        signature = signing_key.sign(tbs_der, padding.PKCS1v15(), hash_type())
    else:
        signature = signing_key.sign(tbs_der, ec.ECDSA(hash_type()))
    rebuilt = asn1_x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": parsed["signature_algorithm"],
                                     "signature_value": signature})
    return x509.load_der_x509_certificate(rebuilt.dump(force=True))

"""DG14 (chip authentication and active authentication parameters) and DG15 (the AA public key)."""
from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from workstation.verify.card_access import AA_OID, CA_PREFIX, PACE_CIPHERS, PK_PREFIX, parse_security_infos
from workstation.verify.errors import ChipDataError
from workstation.verify.public_keys import UnusableKey, load_public_key
from workstation.verify.tlv import check_depth, parse_single

# Active Authentication signature algorithms (BSI TR-03111 ecdsa-plain-*)
ECDSA_PLAIN = {"0.4.0.127.0.7.1.1.4.1.1": "sha1", "0.4.0.127.0.7.1.1.4.1.2": "sha224",
               "0.4.0.127.0.7.1.1.4.1.3": "sha256", "0.4.0.127.0.7.1.1.4.1.4": "sha384",
               "0.4.0.127.0.7.1.1.4.1.5": "sha512"}
OID_ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"
OID_PK_ECDH = "0.4.0.127.0.7.2.2.1.2"
OID_CA_ECDH_AES_CBC_CMAC_128 = "0.4.0.127.0.7.2.2.3.2.2"


@dataclass(frozen=True)
class ChipAuthInfo:
    protocol: str                        # e.g. id-CA-ECDH-AES-CBC-CMAC-128
    version: int
    public_key: ec.EllipticCurvePublicKey
    key_id: int | None = None

    @property
    def cipher(self) -> str:
        return PACE_CIPHERS.get(self.protocol.split(".")[-1], "")


@dataclass(frozen=True)
class Dg14:
    chip_auth: ChipAuthInfo | None
    aa_hash: str | None                  # hash for ECDSA active authentication, when DG14 says


def _load_key(spki: core.Any) -> ec.EllipticCurvePublicKey:
    try:
        key = load_public_key(spki.dump())       # dump() parses lazily: a damaged key raises here
    except (UnusableKey, ValueError, TypeError) as exc:
        raise ChipDataError("DG14", f"chip authentication key unreadable ({exc})") from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ChipDataError("DG14", "only ECDH chip authentication keys are supported")
    return key


def _integer(value: core.Any) -> int:
    try:
        return int(core.Integer.load(value.dump()).native)
    except (ValueError, TypeError) as exc:
        raise ChipDataError("DG14", f"a number is unreadable ({exc})") from None


def parse_dg14(data: bytes) -> Dg14:
    content = parse_single(data, 0x6E, "DG14").value
    key, key_id, protocol, version, aa_hash = None, None, None, 1, None
    for oid, required, optional in parse_security_infos(content, "DG14"):
        if oid.startswith(PK_PREFIX):
            key = _load_key(required)
            if optional is not None:
                key_id = _integer(optional)
        elif oid.startswith(CA_PREFIX) and oid.count(".") == 10:
            protocol, version = oid, _integer(required)
        elif oid == AA_OID and optional is not None:
            try:
                algorithm = core.ObjectIdentifier.load(optional.dump()).dotted
            except (ValueError, TypeError) as exc:
                raise ChipDataError("DG14", f"active authentication algorithm unreadable ({exc})") from None
            aa_hash = ECDSA_PLAIN.get(algorithm)
    chip_auth = None
    if key is not None:
        chip_auth = ChipAuthInfo(protocol or "0.4.0.127.0.7.2.2.3.2.2", version, key, key_id)
    return Dg14(chip_auth, aa_hash)


def parse_dg15(data: bytes) -> ec.EllipticCurvePublicKey | rsa.RSAPublicKey:
    spki = parse_single(data, 0x6F, "DG15").value
    check_depth(spki, "DG15")
    try:
        key = load_public_key(spki)
    except UnusableKey as exc:
        raise ChipDataError("DG15", f"active authentication key unreadable ({exc})") from None
    if not isinstance(key, (ec.EllipticCurvePublicKey, rsa.RSAPublicKey)):
        raise ChipDataError("DG15", f"unsupported key type {type(key).__name__}")
    return key

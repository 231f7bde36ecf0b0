"""The card side of active authentication (INTERNAL AUTHENTICATE) and chip authentication v1:
the two proofs that need the chip's private keys, which a clone does not have.

Chip authentication as ICAO 9303-11 §6.2.4 has it: MSE:Set KAT for the 3DES variants only; for
the AES variants MSE:Set AT (0x80 protocol OID, 0x84 key reference) and then GENERAL AUTHENTICATE
with 7C { 80 ephemeral key }, answered 7C 00. A chip with an AES protocol refuses Set KAT."""
from __future__ import annotations

from asn1crypto import core
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from workstation.verify import iso9796
from workstation.verify.apdu import CommandApdu, ResponseApdu
from workstation.verify.chip_auth import session_keys
from workstation.verify.errors import ChipDataError
from workstation.verify.icao.kdf import Cipher
from workstation.verify.tlv import parse_all

SW_OK, SW_SECURITY, SW_WRONG_DATA, SW_WRONG_P1P2 = 0x9000, 0x6982, 0x6A80, 0x6B00


def internal_authenticate(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, c: CommandApdu,
                          random, ec_hash: hashes.HashAlgorithm | None = None) -> ResponseApdu:  # noqa: ANN001
    if len(c.data) != 8:
        return ResponseApdu(b"", SW_WRONG_DATA)
    if isinstance(key, rsa.RSAPrivateKey):
        m1 = random(iso9796.recoverable_size(key.key_size))
        return ResponseApdu(iso9796.sign(key, m1, c.data), SW_OK)
    r, s = decode_dss_signature(key.sign(c.data, ec.ECDSA(ec_hash or hashes.SHA256())))
    size = (key.curve.key_size + 7) // 8
    return ResponseApdu(r.to_bytes(size, "big") + s.to_bytes(size, "big"), SW_OK)


def _peer_key(key: ec.EllipticCurvePrivateKey, point: bytes | None) -> ec.EllipticCurvePublicKey | None:
    if point is None:
        return None
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(key.curve, point)
    except ValueError:
        return None


def set_kat(key: ec.EllipticCurvePrivateKey, c: CommandApdu, cipher: Cipher):  # noqa: ANN201
    """MSE:Set KAT (3DES chip authentication): returns the new session, or the error answer."""
    if cipher is not Cipher.TDES:
        return ResponseApdu(b"", SW_WRONG_DATA)
    try:
        objects = {t.tag: t.value for t in parse_all(c.data)}
    except ChipDataError:
        return ResponseApdu(b"", SW_WRONG_DATA)
    peer = _peer_key(key, objects.get(0x91))
    if peer is None:
        return ResponseApdu(b"", SW_WRONG_DATA)
    return session_keys(key.exchange(ec.ECDH(), peer), cipher)


def set_at(c: CommandApdu, protocol_oid: str) -> bool:
    """MSE:Set AT for chip authentication: does it name this chip's protocol?"""
    try:
        objects = {t.tag: t.value for t in parse_all(c.data)}
    except ChipDataError:
        return False
    return objects.get(0x80) == core.ObjectIdentifier(protocol_oid).contents


def general_authenticate(key: ec.EllipticCurvePrivateKey, c: CommandApdu, cipher: Cipher):  # noqa: ANN201
    """GENERAL AUTHENTICATE after Set AT: (answer 7C 00, the new session) or the error answer."""
    try:
        template = parse_all(c.data)
        inner = {t.tag: t.value for t in template[0].children()} if len(template) == 1 and template[0].tag == 0x7C else {}
    except ChipDataError:
        inner = {}
    peer = _peer_key(key, inner.get(0x80))
    if peer is None:
        return ResponseApdu(b"", SW_WRONG_DATA)
    return ResponseApdu(b"\x7c\x00", SW_OK), session_keys(key.exchange(ec.ECDH(), peer), cipher)

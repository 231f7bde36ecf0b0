"""The card side of active authentication (INTERNAL AUTHENTICATE) and chip authentication v1
(MSE:Set KAT): the two proofs that need the chip's private keys, which a clone does not have."""
from __future__ import annotations

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
                          random) -> ResponseApdu:  # noqa: ANN001
    if len(c.data) != 8:
        return ResponseApdu(b"", SW_WRONG_DATA)
    if isinstance(key, rsa.RSAPrivateKey):
        m1 = random(iso9796.recoverable_size(key.key_size))
        return ResponseApdu(iso9796.sign(key, m1, c.data), SW_OK)
    r, s = decode_dss_signature(key.sign(c.data, ec.ECDSA(hashes.SHA256())))
    size = (key.curve.key_size + 7) // 8
    return ResponseApdu(r.to_bytes(size, "big") + s.to_bytes(size, "big"), SW_OK)


def set_kat(key: ec.EllipticCurvePrivateKey, c: CommandApdu):  # noqa: ANN201 - SecureMessaging | ResponseApdu
    """MSE:Set KAT for chip authentication v1: returns the new session, or the error answer."""
    try:
        objects = {t.tag: t.value for t in parse_all(c.data)}
    except ChipDataError:
        return ResponseApdu(b"", SW_WRONG_DATA)
    point = objects.get(0x91)
    if point is None:
        return ResponseApdu(b"", SW_WRONG_DATA)
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(key.curve, point)
    except ValueError:
        return ResponseApdu(b"", SW_WRONG_DATA)
    return session_keys(key.exchange(ec.ECDH(), peer), Cipher.AES128)

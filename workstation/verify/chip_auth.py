"""Chip authentication v1 (ICAO 9303-11 §6.2): ECDH with the chip's static key from DG14; the
session continues under the new keys, which only the genuine chip can compute.

The command depends on the cipher (9303-11 §6.2.4.1-6.2.4.2):
- 3DES variants: MSE:Set KAT (00 22 41 A6) with the ephemeral public key in 0x91 (and the key
  reference in 0x84);
- AES variants (CCCD: id-CA-ECDH-AES-CBC-CMAC-128): MSE:Set AT (00 22 41 A4) with the protocol
  OID in 0x80 and the key reference in 0x84 when DG14 gives one, then GENERAL AUTHENTICATE
  (00 86 00 00) with 7C { 80 ephemeral public key }; a chip following the standard refuses
  Set KAT for AES.
Either way the answer still comes under the old keys; then SSC starts at 0 under the new ones.
"""
from __future__ import annotations

from asn1crypto import core
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from workstation.verify.apdu import CommandApdu
from workstation.verify.channel import ApduChannel
from workstation.verify.card_access import PACE_CIPHERS
from workstation.verify.chip_reader import AuthOutcome
from workstation.verify.dg14 import parse_dg14
from workstation.verify.errors import ChipDataError
from workstation.verify.icao.kdf import ENC, MAC, Cipher, derive_key
from workstation.verify.icao.secure_messaging import SecureMessaging
from workstation.verify.tlv import encode

CIPHERS = {"3DES": Cipher.TDES, "AES-128": Cipher.AES128, "AES-192": Cipher.AES192, "AES-256": Cipher.AES256}
# the cipher by the last arc of a protocol OID: PACE and chip authentication number them alike (9303-11 §9.2)
CIPHER_BY_OID_SUFFIX = {suffix: CIPHERS[name] for suffix, name in PACE_CIPHERS.items()}


def session_keys(shared_secret: bytes, cipher: Cipher) -> SecureMessaging:
    return SecureMessaging(cipher, derive_key(shared_secret, ENC, cipher), derive_key(shared_secret, MAC, cipher), 0)


def chip_authentication(channel: ApduChannel, files: dict[str, bytes]) -> AuthOutcome:
    """Switch `channel` to chip-authentication keys. Returns "pending": the chip proves itself
    only when the next protected exchange verifies, which the reader checks."""
    try:
        info = parse_dg14(files["dg14"]).chip_auth
    except ChipDataError as exc:
        return AuthOutcome("failed", exc.detail)
    if info is None:
        return AuthOutcome("not_supported", "DG14 has no chip authentication key")
    cipher = CIPHERS.get(info.cipher)
    if cipher is None:
        return AuthOutcome("not_supported", f"chip authentication protocol {info.protocol}")
    ephemeral = ec.generate_private_key(info.public_key.curve)
    point = ephemeral.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    key_ref = encode(0x84, _minimal(info.key_id)) if info.key_id is not None else b""
    if cipher is Cipher.TDES:
        response = channel.send(CommandApdu(0x00, 0x22, 0x41, 0xA6, encode(0x91, point) + key_ref))
        if not response.ok:
            return AuthOutcome("failed", f"MSE:Set KAT answered {response.sw:04X}")
    else:
        oid = core.ObjectIdentifier(info.protocol).contents
        response = channel.send(CommandApdu(0x00, 0x22, 0x41, 0xA4, encode(0x80, oid) + key_ref))
        if not response.ok:
            return AuthOutcome("failed", f"MSE:Set AT answered {response.sw:04X}")
        response = channel.send(CommandApdu(0x00, 0x86, 0x00, 0x00, encode(0x7C, encode(0x80, point)), le=256))
        if not response.ok:
            return AuthOutcome("failed", f"GENERAL AUTHENTICATE answered {response.sw:04X}")
    channel.sm = session_keys(ephemeral.exchange(ec.ECDH(), info.public_key), cipher)
    return AuthOutcome("pending", f"ECDH {info.public_key.curve.name}, {info.cipher}")


def _minimal(number: int) -> bytes:
    return number.to_bytes(max(1, (number.bit_length() + 7) // 8), "big")

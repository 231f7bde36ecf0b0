"""Chip authentication v1 (ICAO 9303-11 §6.2): ECDH with the chip's static key from DG14; the
session continues under the new AES keys, which only the genuine chip can compute."""
from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from workstation.verify.apdu import CommandApdu
from workstation.verify.channel import ApduChannel
from workstation.verify.chip_reader import AuthOutcome
from workstation.verify.dg14 import parse_dg14
from workstation.verify.errors import ChipDataError
from workstation.verify.icao.kdf import ENC, MAC, Cipher, derive_key
from workstation.verify.icao.secure_messaging import SecureMessaging
from workstation.verify.tlv import encode

CIPHERS = {"3DES": Cipher.TDES, "AES-128": Cipher.AES128, "AES-192": Cipher.AES192, "AES-256": Cipher.AES256}


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
    data = encode(0x91, point) + (encode(0x84, info.key_id.to_bytes(1, "big")) if info.key_id is not None else b"")
    response = channel.send(CommandApdu(0x00, 0x22, 0x41, 0xA6, data))
    if not response.ok:
        return AuthOutcome("failed", f"MSE:Set KAT answered {response.sw:04X}")
    channel.sm = session_keys(ephemeral.exchange(ec.ECDH(), info.public_key), cipher)
    return AuthOutcome("pending", f"ECDH {info.public_key.curve.name}, {info.cipher}")

"""Basic Access Control (ICAO 9303-11 §4.3): 3DES mutual authentication from the MRZ."""
from __future__ import annotations

import hmac
import os
from collections.abc import Callable

from workstation.verify.apdu import CommandApdu
from workstation.verify.channel import ApduChannel
from workstation.verify.errors import AccessDeniedError, CardProtocolError
from workstation.verify.icao.kdf import ENC, MAC, Cipher, bac_key_seed, derive_key
from workstation.verify.icao.secure_messaging import SecureMessaging, cbc_decrypt, cbc_encrypt, pad, retail_mac

ZERO_IV = b"\x00" * 8


def bac_keys(mrz_info: str) -> tuple[bytes, bytes]:
    seed = bac_key_seed(mrz_info)
    return derive_key(seed, ENC, Cipher.TDES), derive_key(seed, MAC, Cipher.TDES)


def session_from_key_material(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SecureMessaging:
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    ssc = int.from_bytes(rnd_ic[-4:] + rnd_ifd[-4:], "big")
    return SecureMessaging(Cipher.TDES, derive_key(seed, ENC, Cipher.TDES), derive_key(seed, MAC, Cipher.TDES), ssc)


def perform_bac(channel: ApduChannel, mrz_info: str, random: Callable[[int], bytes] = os.urandom) -> SecureMessaging:
    """Authenticate with the MRZ key and switch `channel` to 3DES secure messaging."""
    k_enc, k_mac = bac_keys(mrz_info)
    challenge = channel.send(CommandApdu(0x00, 0x84, 0x00, 0x00, le=8))
    if not challenge.ok or len(challenge.data) != 8:
        raise CardProtocolError("GET CHALLENGE", challenge.sw)
    rnd_ic = challenge.data
    rnd_ifd, k_ifd = random(8), random(16)
    e_ifd = cbc_encrypt(Cipher.TDES, k_enc, ZERO_IV, rnd_ifd + rnd_ic + k_ifd)
    m_ifd = retail_mac(k_mac, pad(e_ifd, 8))
    answer = channel.send(CommandApdu(0x00, 0x82, 0x00, 0x00, e_ifd + m_ifd, le=40))
    if answer.sw in (0x6300, 0x6982) or (answer.sw & 0xFFF0) == 0x63C0:
        raise AccessDeniedError(f"BAC EXTERNAL AUTHENTICATE answered {answer.sw:04X}")
    if not answer.ok or len(answer.data) != 40:
        raise CardProtocolError("EXTERNAL AUTHENTICATE", answer.sw)
    e_ic, m_ic = answer.data[:32], answer.data[32:]
    if not hmac.compare_digest(retail_mac(k_mac, pad(e_ic, 8)), m_ic):
        raise AccessDeniedError("BAC: the chip's MAC does not verify")
    plain = cbc_decrypt(Cipher.TDES, k_enc, ZERO_IV, e_ic)
    if not (hmac.compare_digest(plain[:8], rnd_ic) and hmac.compare_digest(plain[8:16], rnd_ifd)):
        raise AccessDeniedError("BAC: the chip's nonces do not match")
    sm = session_from_key_material(k_ifd, plain[16:32], rnd_ic, rnd_ifd)
    channel.sm = sm
    return sm

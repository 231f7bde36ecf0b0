"""The card side of PACE: MSE:Set AT, then the four GENERAL AUTHENTICATE steps (command chaining
with CLA 10), ending in a secure-messaging session when the reader's token verifies."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from ecdsa.ellipticcurve import PointJacobi

from workstation.verify.apdu import CommandApdu, ResponseApdu
from workstation.verify.errors import ChipDataError
from workstation.verify.icao import pace_crypto as pc
from workstation.verify.icao.ec_math import Domain
from workstation.verify.icao.kdf import Cipher
from workstation.verify.icao.secure_messaging import SecureMessaging
from workstation.verify.tlv import encode, parse_all, parse_single

SW_OK, SW_AUTH_FAILED, SW_WRONG_DATA, SW_CONDITIONS, SW_REF_NOT_FOUND = 0x9000, 0x6300, 0x6A80, 0x6985, 0x6A88
SUPPORTED_OID = "0.4.0.127.0.7.2.2.4.2.2"   # id-PACE-ECDH-GM-AES-CBC-CMAC-128
PARAMETER_ID = 13


@dataclass
class PaceExchange:
    oid: str
    password: str           # the CAN digits, or the MRZ information
    kind: str               # "can" | "mrz"
    domain: Domain
    cipher: Cipher
    step: int = 0
    nonce: bytes = b""
    map_secret: int = 0
    generator: PointJacobi | None = None
    eph_secret: int = 0
    eph_public: PointJacobi | None = None
    reader_eph: PointJacobi | None = None
    session: SecureMessaging | None = None


def set_at(c: CommandApdu, can: str, mrz_info: str) -> PaceExchange | ResponseApdu:
    try:
        objects = {t.tag: t.value for t in parse_all(c.data)}
    except ChipDataError:
        return ResponseApdu(b"", SW_WRONG_DATA)
    if objects.get(0x80) != pc.oid_bytes(SUPPORTED_OID):
        return ResponseApdu(b"", SW_REF_NOT_FOUND)
    parameter = objects.get(0x84, bytes([PARAMETER_ID]))
    if parameter != bytes([PARAMETER_ID]):
        return ResponseApdu(b"", SW_REF_NOT_FOUND)
    reference = objects.get(0x83, b"")
    if reference == bytes([pc.PASSWORD_CAN]):
        kind, password = "can", can
    elif reference == bytes([pc.PASSWORD_MRZ]):
        kind, password = "mrz", mrz_info
    else:
        return ResponseApdu(b"", SW_REF_NOT_FOUND)
    return PaceExchange(SUPPORTED_OID, password, kind, Domain.standard(PARAMETER_ID), pc.cipher_of(SUPPORTED_OID))


def general_authenticate(exchange: PaceExchange, c: CommandApdu) -> ResponseApdu:
    """One step; on the last one with a valid token, `exchange.session` is set."""
    try:
        inner = parse_single(c.data, 0x7C, "GENERAL AUTHENTICATE").value
        obj = parse_single(inner, inner[0], "GENERAL AUTHENTICATE").value if inner else b""
        d = exchange.domain
        if exchange.step == 0 and not inner and c.cla == 0x10:
            exchange.nonce = secrets.token_bytes(exchange.cipher.block_size)
            k_pi = pc.password_key(exchange.kind, exchange.password, exchange.cipher)
            answer = encode(0x80, pc.encrypt_nonce(exchange.cipher, k_pi, exchange.nonce))
        elif exchange.step == 1 and inner[0] == 0x81:
            reader_map = d.decode(obj)
            exchange.map_secret = secrets.randbelow(d.order - 1) + 1
            exchange.generator = pc.mapped_generator(d, exchange.nonce, exchange.map_secret, reader_map)
            answer = encode(0x82, d.encode(d.generator * exchange.map_secret))
        elif exchange.step == 2 and inner[0] == 0x83 and exchange.generator is not None:
            exchange.reader_eph = d.decode(obj)
            exchange.eph_secret = secrets.randbelow(d.order - 1) + 1
            exchange.eph_public = exchange.generator * exchange.eph_secret
            answer = encode(0x84, d.encode(exchange.eph_public))
        elif exchange.step == 3 and inner[0] == 0x85 and c.cla == 0x00 and exchange.reader_eph is not None:
            sm = pc.session(d, exchange.cipher, exchange.reader_eph * exchange.eph_secret)
            expected = pc.auth_token(exchange.cipher, sm.ks_mac, exchange.oid, d, exchange.eph_public)
            if not hmac.compare_digest(obj, expected):
                exchange.step = -1
                return ResponseApdu(b"", SW_AUTH_FAILED)
            exchange.session = sm
            answer = encode(0x86, pc.auth_token(exchange.cipher, sm.ks_mac, exchange.oid, d, exchange.reader_eph))
        else:
            exchange.step = -1
            return ResponseApdu(b"", SW_CONDITIONS)
    except (ChipDataError, ValueError, IndexError):
        exchange.step = -1
        return ResponseApdu(b"", SW_WRONG_DATA)
    exchange.step += 1
    return ResponseApdu(encode(0x7C, answer), SW_OK)

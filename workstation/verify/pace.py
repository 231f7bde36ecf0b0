"""PACE (ICAO 9303-11 §4.4): ECDH generic mapping, CAN or MRZ password, any standard curve.

Four GENERAL AUTHENTICATE steps after MSE:Set AT; the chip's token proves it knows the password
and the session keys, ours proves the same to the chip. A wrong password shows as 63Cx (tries
left) or 6300 on the last step, and becomes AccessDeniedError.
"""
from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable

from workstation.verify.access_keys import AccessKey
from workstation.verify.apdu import CommandApdu, ResponseApdu
from workstation.verify.card_access import PaceInfo
from workstation.verify.channel import ApduChannel
from workstation.verify.errors import AccessDeniedError, CardProtocolError, ChipDataError
from workstation.verify.icao import pace_crypto as pc
from workstation.verify.icao.ec_math import Domain
from workstation.verify.tlv import encode, parse_single

DEFAULT_PARAMETER = 13  # brainpoolP256r1, what the CCCD declares


class PaceNotSupported(Exception):
    """The chip refused MSE:Set AT for PACE: use BAC."""


def _denied(response: ResponseApdu, step: str) -> AccessDeniedError | None:
    sw = response.sw
    if (sw & 0xFFF0) == 0x63C0:
        return AccessDeniedError(f"PACE {step}: {sw:04X}", tries_left=sw & 0x0F)
    if sw in (0x6300, 0x6982):
        return AccessDeniedError(f"PACE {step}: {sw:04X}")
    return None


def _general_authenticate(channel: ApduChannel, tag: int, value: bytes, last: bool, step: str) -> bytes:
    body = encode(0x7C, encode(tag, value) if tag else b"")
    response = channel.send(CommandApdu(0x00 if last else 0x10, 0x86, 0x00, 0x00, body, le=256))
    denied = _denied(response, step)
    if denied:
        raise denied
    if not response.ok:
        raise CardProtocolError(f"PACE {step}", response.sw)
    return parse_single(response.data, 0x7C, f"PACE {step}").value


def _object(data: bytes, tag: int, step: str) -> bytes:
    found = parse_single(data, tag, f"PACE {step}") if data else None
    if found is None:
        raise ChipDataError("PACE", f"{step}: missing tag {tag:X}")
    return found.value


def perform_pace(channel: ApduChannel, info: PaceInfo, key: AccessKey,
                 random_scalar: Callable[[int], int] | None = None) -> None:
    """Authenticate with `key` and switch `channel` to the PACE session's secure messaging."""
    if info.mapping != "ECDH-GM":
        raise PaceNotSupported(f"mapping {info.mapping}")
    domain = Domain.standard(info.parameter_id or DEFAULT_PARAMETER)
    cipher = pc.cipher_of(info.oid)
    scalar = random_scalar or (lambda order: secrets.randbelow(order - 1) + 1)
    reference = pc.PASSWORD_CAN if key.is_can else pc.PASSWORD_MRZ
    mse = encode(0x80, pc.oid_bytes(info.oid)) + encode(0x83, bytes([reference]))
    if info.parameter_id is not None:
        mse += encode(0x84, bytes([info.parameter_id]))
    response = channel.send(CommandApdu(0x00, 0x22, 0xC1, 0xA4, mse))
    denied = _denied(response, "MSE:Set AT")
    if denied and denied.tries_left == 0:
        raise denied
    if not response.ok and not (denied and denied.tries_left):
        raise PaceNotSupported(f"MSE:Set AT answered {response.sw:04X}")

    encrypted = _object(_general_authenticate(channel, 0, b"", False, "nonce"), 0x80, "nonce")
    nonce = pc.decrypt_nonce(cipher, pc.password_key(key.kind, key.secret, cipher), encrypted)

    map_secret = scalar(domain.order)
    map_public = domain.generator * map_secret
    chip_map = domain.decode(_object(_general_authenticate(channel, 0x81, domain.encode(map_public), False, "map"), 0x82, "map"))
    generator = pc.mapped_generator(domain, nonce, map_secret, chip_map)

    eph_secret = scalar(domain.order)
    eph_public = generator * eph_secret
    chip_eph = domain.decode(_object(_general_authenticate(channel, 0x83, domain.encode(eph_public), False, "key agreement"), 0x84, "key agreement"))
    if domain.encode(chip_eph) == domain.encode(chip_map):
        raise ChipDataError("PACE", "the chip reused its mapping key")
    sm = pc.session(domain, cipher, chip_eph * eph_secret)

    token = pc.auth_token(cipher, sm.ks_mac, info.oid, domain, chip_eph)
    answer = _general_authenticate(channel, 0x85, token, True, "mutual authentication")
    chip_token = parse_single(answer, 0x86, "PACE mutual authentication").value if answer else b""
    expected = pc.auth_token(cipher, sm.ks_mac, info.oid, domain, eph_public)
    if not hmac.compare_digest(chip_token, expected):
        raise AccessDeniedError("PACE: the chip's authentication token does not verify")
    channel.sm = sm

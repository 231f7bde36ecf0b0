"""Active authentication (ICAO 9303-11 §6.1): the chip signs our random challenge with the private
key whose public half is in DG15, proving the chip is not a copy of the data.

RSA signatures follow ISO/IEC 9796-2 scheme 1, the hash named in their trailer. For ECDSA the
hash is named by ActiveAuthenticationInfo in DG14 (9303-11 §6.1: it SHALL be there when DG15 holds
an EC key); without it the hash is unknown and the result says so: no default is assumed.
"""
from __future__ import annotations

import os
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from workstation.verify import iso9796
from workstation.verify.apdu import CommandApdu
from workstation.verify.channel import ApduChannel
from workstation.verify.chip_reader import AuthOutcome
from workstation.verify.dg14 import parse_dg14, parse_dg15
from workstation.verify.errors import ChipDataError

HASHES = {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
          "sha512": hashes.SHA512}


def verify_ec(key: ec.EllipticCurvePublicKey, signature: bytes, challenge: bytes, hash_name: str) -> bool:
    half = len(signature) // 2
    if len(signature) % 2 or half == 0:
        return False
    der = encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
    try:
        key.verify(der, challenge, ec.ECDSA(HASHES[hash_name]()))
        return True
    except InvalidSignature:
        return False


def active_authentication(channel: ApduChannel, files: dict[str, bytes],
                          random: Callable[[int], bytes] = os.urandom) -> AuthOutcome:
    try:
        key = parse_dg15(files["dg15"])
        dg14 = parse_dg14(files["dg14"]) if files.get("dg14") else None
    except ChipDataError as exc:
        return AuthOutcome("failed", exc.detail)
    if isinstance(key, ec.EllipticCurvePublicKey):
        hash_name = dg14.aa_hash if dg14 else None
        if hash_name is None:
            return AuthOutcome("not_performed", "DG15 holds an EC key but DG14 has no ActiveAuthenticationInfo "
                                                "naming the signature's hash (ICAO 9303-11 §6.1)")
    challenge = random(8)
    response = channel.send(CommandApdu(0x00, 0x88, 0x00, 0x00, challenge, le=256))
    if not response.ok:
        return AuthOutcome("failed", f"INTERNAL AUTHENTICATE answered {response.sw:04X}")
    if isinstance(key, rsa.RSAPublicKey):
        ok = iso9796.verify(key, response.data, challenge)
        algorithm = "RSA ISO/IEC 9796-2"
    else:
        ok = verify_ec(key, response.data, challenge, hash_name)
        algorithm = f"ECDSA {hash_name.upper()}"
    if ok:
        return AuthOutcome("passed", algorithm)
    return AuthOutcome("failed", f"{algorithm} signature does not verify with the DG15 key (cloned chip?)")

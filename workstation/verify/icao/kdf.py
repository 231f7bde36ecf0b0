"""Key derivation (ICAO 9303-11 §9.7.1): K = H(seed || counter), cut to the cipher's key size."""
from __future__ import annotations

import hashlib
from enum import StrEnum

ENC = 1
MAC = 2
PACE_PASSWORD = 3


class Cipher(StrEnum):
    TDES = "3DES"
    AES128 = "AES-128"
    AES192 = "AES-192"
    AES256 = "AES-256"

    @property
    def block_size(self) -> int:
        return 8 if self is Cipher.TDES else 16


def _adjust_parity(key: bytes) -> bytes:
    return bytes((b & 0xFE) | (bin(b >> 1).count("1") + 1) % 2 for b in key)


def derive_key(seed: bytes, counter: int, cipher: Cipher) -> bytes:
    data = seed + counter.to_bytes(4, "big")
    if cipher is Cipher.TDES:
        return _adjust_parity(hashlib.sha1(data).digest()[:16])
    if cipher is Cipher.AES128:
        return hashlib.sha1(data).digest()[:16]
    digest = hashlib.sha256(data).digest()
    return digest[:24] if cipher is Cipher.AES192 else digest


def bac_key_seed(mrz_info: str) -> bytes:
    return hashlib.sha1(mrz_info.encode("ascii")).digest()[:16]

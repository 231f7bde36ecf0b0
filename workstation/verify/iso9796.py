"""ISO/IEC 9796-2 digital signature scheme 1 (partial message recovery), as eMRTD active
authentication uses it with RSA keys. Both sides: the emulator signs, the reader verifies."""
from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives.asymmetric import rsa

# trailer 0xBC means SHA-1 implicitly; 0x??CC names the hash (ISO/IEC 10118-3 identifiers)
TRAILERS = {0x33: "sha1", 0x34: "sha256", 0x35: "sha512", 0x36: "sha384", 0x38: "sha224"}


def _to_bytes(value: int, size: int) -> bytes:
    return value.to_bytes(size, "big")


def sign(key: rsa.RSAPrivateKey, m1: bytes, m2: bytes, hash_name: str = "sha1") -> bytes:
    """Sign with recoverable part `m1` (its length must fill the block) and non-recoverable `m2`."""
    numbers = key.private_numbers()
    n, d = numbers.public_numbers.n, numbers.d
    size = (n.bit_length() + 7) // 8
    digest = hashlib.new(hash_name, m1 + m2).digest()
    trailer = b"\xbc" if hash_name == "sha1" else bytes([{v: k for k, v in TRAILERS.items()}[hash_name], 0xCC])
    block = b"\x6a" + m1 + digest + trailer
    if len(block) != size:
        raise ValueError(f"m1 must be {size - 1 - len(digest) - len(trailer)} bytes")
    s = pow(int.from_bytes(block, "big"), d, n)
    return _to_bytes(min(s, n - s), size)


def recoverable_size(key_bits: int, hash_name: str = "sha1") -> int:
    digest = hashlib.new(hash_name).digest_size
    return (key_bits + 7) // 8 - 1 - digest - (1 if hash_name == "sha1" else 2)


def verify(key: rsa.RSAPublicKey, signature: bytes, m2: bytes) -> bool:
    numbers = key.public_numbers()
    n, e = numbers.n, numbers.e
    size = (n.bit_length() + 7) // 8
    s = int.from_bytes(signature, "big")
    if not 0 < s < n:
        return False
    m = pow(s, e, n)
    if m % 16 != 12:          # the trailer must end in nibble C: else take n - m (ISO 9796-2 §B)
        m = n - m
    block = _to_bytes(m, size)
    if block[0] & 0xF0 != 0x60:
        return False
    if block[-1] == 0xBC:
        hash_name, trailer_len = "sha1", 1
    elif block[-1] == 0xCC and block[-2] in TRAILERS:
        hash_name, trailer_len = TRAILERS[block[-2]], 2
    else:
        return False
    digest_len = hashlib.new(hash_name).digest_size
    digest = block[-trailer_len - digest_len:-trailer_len]
    m1 = block[1:-trailer_len - digest_len]
    return hmac.compare_digest(hashlib.new(hash_name, m1 + m2).digest(), digest)

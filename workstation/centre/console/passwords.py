"""Console passwords kept as scrypt hashes (RFC 7914) from the standard library: memory-hard, so a
stolen table is slow to guess from. Stored as scrypt$n$r$p$salt$hash, so the cost can be raised
later without invalidating existing hashes."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2 ** 15, 8, 1          # 32 MiB and about 0.1 s per check on the province's server
MAXMEM = 64 * 1024 * 1024
MIN_LENGTH = 12


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, maxmem=MAXMEM, dklen=32)
    return "$".join(["scrypt", str(N), str(R), str(P), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()])


# checked against when the name is unknown, so an unknown name costs the same time as a known one
DUMMY_HASH = hash_password(secrets.token_hex(16))


def check_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=MAXMEM, dklen=len(expected))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)

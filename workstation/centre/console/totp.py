"""One-time passwords for the console's second factor: HOTP (RFC 4226) and TOTP (RFC 6238) with
HMAC-SHA1, 6 digits and 30-second steps, which is what every authenticator application reads from
an otpauth:// URI. The standard library's hmac is all it takes."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6


def new_secret() -> str:
    """A 160-bit secret in base32 (RFC 4226 §4 R6 recommends 160 bits)."""
    return base64.b32encode(secrets.token_bytes(20)).decode()


def _key(secret_b32: str) -> bytes:
    return base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))


def hotp(secret_b32: str, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226 §5.3: HMAC-SHA1 of the 8-byte counter, dynamic truncation, modulo 10^digits."""
    mac = hmac.new(_key(secret_b32), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def step_at(at: float) -> int:
    """RFC 6238 §4.2: T = floor((now - T0) / X), T0 = 0, X = 30 s."""
    return int(at // STEP_SECONDS)


def totp(secret_b32: str, at: float | None = None) -> str:
    return hotp(secret_b32, step_at(time.time() if at is None else at))


def matching_step(secret_b32: str, code: str, at: float | None = None, window: int = 1) -> int | None:
    """The time step `code` is valid for, within ±`window` steps of now (RFC 6238 §5.2 allows one
    step of clock drift), or None. The caller refuses a step already used (replay, §5.2)."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = step_at(time.time() if at is None else at)
    found = None
    for step in range(now - window, now + window + 1):
        if hmac.compare_digest(hotp(secret_b32, step), code):
            found = step
    return found


def otpauth_uri(secret_b32: str, account: str, issuer: str = "Trung tâm định danh") -> str:
    """The Key URI format authenticator applications scan (Google Authenticator's wiki)."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode({"secret": secret_b32, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS,
                       "period": STEP_SECONDS}, quote_via=quote)
    return f"otpauth://totp/{label}?{query}"

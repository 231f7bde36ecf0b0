"""The invitation's reference and the text of its QR code.

    L2C1|<commune tag>|<reference>|<valid until YYYYMMDD>|<check value>

The check value is HMAC-SHA256 over the other fields, cut to 65 bits in base32, with the commune's
campaign key once a plan was published or fetched (campaign/shared.py: the same key on every
workstation of the commune, so a slip printed at one counter checks at all), otherwise with a key
derived from this workstation's data key (BlobCipher.index of a fixed label; slips printed before
the plan was published still check on the workstation that printed them): a typed or printed
slip cannot be altered or invented. The QR never holds the ID number or the name; the reference
finds the invitation in the campaign's table.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date

from workstation.campaign.text import fold
from workstation.storage.at_rest import BlobCipher

PREFIX = "L2C1"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"        # no 0/O, 1/I: read out over a counter
_REF = re.compile(f"[{_ALPHABET}]{{8}}")
_MAC = re.compile(r"[A-Z2-7]{13}")


def new_reference() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))


def commune_tag(commune: str) -> str:
    return fold(commune).upper().replace(" ", "-")[:32] or "-"


@dataclass(frozen=True)
class ParsedQr:
    tag: str
    ref: str
    valid_until: date
    mac: str


class Signer:
    def __init__(self, cipher: BlobCipher, commune: str, commune_key: bytes | None = None) -> None:
        self._local = bytes.fromhex(cipher.index("workstation campaign invitation key v1"))
        self._key = commune_key or self._local
        self.tag = commune_tag(commune)

    @staticmethod
    def _mac_with(key: bytes, tag: str, ref: str, until: str) -> str:
        digest = hmac.new(key, f"{PREFIX}|{tag}|{ref}|{until}".encode(), hashlib.sha256).digest()
        return base64.b32encode(digest[:9]).decode()[:13]

    def qr_text(self, ref: str, valid_until: date) -> str:
        until = valid_until.strftime("%Y%m%d")
        return f"{PREFIX}|{self.tag}|{ref}|{until}|{self._mac_with(self._key, self.tag, ref, until)}"

    def check(self, parsed: ParsedQr) -> bool:
        until = parsed.valid_until.strftime("%Y%m%d")
        return any(hmac.compare_digest(parsed.mac, self._mac_with(key, parsed.tag, parsed.ref, until))
                   for key in {self._key, self._local})


def is_invitation(text: str) -> bool:
    return text.strip().startswith(PREFIX + "|")


def parse(text: str) -> ParsedQr | None:
    """The fields of an invitation QR, or None when it is not well formed."""
    parts = text.strip().split("|")
    if len(parts) != 5 or parts[0] != PREFIX or not _REF.fullmatch(parts[2]) or not _MAC.fullmatch(parts[4]):
        return None
    try:
        until = date(int(parts[3][:4]), int(parts[3][4:6]), int(parts[3][6:8]))
    except ValueError:
        return None
    if len(parts[3]) != 8:
        return None
    return ParsedQr(parts[1], parts[2], until, parts[4])

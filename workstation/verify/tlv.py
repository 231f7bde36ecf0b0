"""BER-TLV as ICAO 9303 uses it: tags written as their bytes (0x5F1F, 0x7F61), definite lengths.

Parsing goes through asn1crypto's BER parser; this module only names tags the ICAO way, walks
children, and turns every parse failure into ChipDataError so callers meet one error type.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from asn1crypto import parser as ber

from workstation.verify.errors import ChipDataError

MAX_DEPTH = 16


@dataclass(frozen=True)
class Tlv:
    tag: int          # the tag's bytes as a number: 0x61, 0x5F1F, 0x7F61
    value: bytes
    constructed: bool

    def children(self) -> list["Tlv"]:
        if not self.constructed:
            raise ChipDataError("TLV", f"tag {self.tag:X} is primitive and has no children")
        return parse_all(self.value)

    def find(self, tag: int) -> "Tlv | None":
        return next((c for c in self.children() if c.tag == tag), None)

    def require(self, tag: int, what: str) -> "Tlv":
        found = self.find(tag)
        if found is None:
            raise ChipDataError(what, f"tag {tag:X} missing inside {self.tag:X}")
        return found


def _tag_number(header: bytes) -> int:
    """The tag bytes of a header as an integer (the length bytes follow the tag)."""
    size = 1
    if header[0] & 0x1F == 0x1F:
        while header[size] & 0x80:
            size += 1
        size += 1
    return int.from_bytes(header[:size], "big")


def parse_one(data: bytes, what: str = "TLV") -> tuple[Tlv, int]:
    """The first TLV in `data` and the number of bytes it takes."""
    try:
        size = ber.peek(data)
        _cls, method, _tag, header, content, _trailer = ber.parse(data[:size], strict=True)
    except (ValueError, TypeError, IndexError, RecursionError) as exc:
        raise ChipDataError(what, str(exc)) from None
    return Tlv(_tag_number(header), bytes(content), bool(method)), size


def parse_all(data: bytes, what: str = "TLV") -> list[Tlv]:
    return list(iter_tlv(data, what))


def iter_tlv(data: bytes, what: str = "TLV") -> Iterator[Tlv]:
    data = bytes(data)
    offset = 0
    while offset < len(data):
        if data[offset] in (0x00, 0xFF):  # padding allowed between objects (ISO 7816-4)
            offset += 1
            continue
        tlv, size = parse_one(data[offset:], what)
        offset += size
        yield tlv


def parse_single(data: bytes, expected_tag: int, what: str) -> Tlv:
    """Exactly one TLV with `expected_tag` at the start of `data` (trailing padding tolerated)."""
    tlv, _size = parse_one(bytes(data), what)
    if tlv.tag != expected_tag:
        raise ChipDataError(what, f"expected tag {expected_tag:X}, found {tlv.tag:X}")
    return tlv


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def encode(tag: int, value: bytes) -> bytes:
    tag_bytes = tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")
    return tag_bytes + encode_length(len(value)) + value

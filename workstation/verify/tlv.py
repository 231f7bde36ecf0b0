"""BER-TLV as ICAO 9303 uses it: tags written as their bytes (0x5F1F, 0x7F61), definite lengths.

Written here rather than taken from asn1crypto's BER parser because ICAO data uses tags that strict
BER calls non-minimal (EF.COM's 5F01 puts tag number 1 in the two-byte form), which asn1crypto
rejects. ASN.1 structures proper (SOD, SecurityInfos, keys) do go through asn1crypto. Every parse
failure is a ChipDataError, so callers meet one error type.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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


def parse_one(data: bytes, what: str = "TLV") -> tuple[Tlv, int]:
    """The first TLV in `data` and the number of bytes it takes."""
    n = len(data)
    if n < 2:
        raise ChipDataError(what, "truncated header")
    i = 1
    if data[0] & 0x1F == 0x1F:
        while True:
            if i >= n or i > 3:
                raise ChipDataError(what, "tag too long or truncated")
            more = data[i] & 0x80
            i += 1
            if not more:
                break
    tag = int.from_bytes(data[:i], "big")
    if i >= n:
        raise ChipDataError(what, "truncated length")
    first = data[i]
    i += 1
    if first < 0x80:
        length = first
    elif first == 0x80:
        raise ChipDataError(what, "indefinite length is not allowed")
    else:
        count = first & 0x7F
        if count > 4 or i + count > n:
            raise ChipDataError(what, "bad or truncated length")
        length = int.from_bytes(data[i:i + count], "big")
        i += count
    if i + length > n:
        raise ChipDataError(what, f"value of tag {tag:X} runs past the data ({length} bytes declared)")
    return Tlv(tag, bytes(data[i:i + length]), bool(data[0] & 0x20)), i + length


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


MAX_ASN1_DEPTH = 32


def check_depth(data: bytes, what: str, max_depth: int = MAX_ASN1_DEPTH) -> None:
    """Refuse BER/DER nested deeper than `max_depth` before a recursive parser (asn1crypto) sees
    it: a chip must not exhaust the reader's stack. Walks the encoding iteratively, descending
    only into constructed values; the deepest genuine SOD nests about 12 levels (explicit EC
    parameters inside a certificate inside the SignedData)."""
    data = bytes(data)
    ends = [len(data)]
    offset = 0
    while offset < len(data):
        while ends and offset >= ends[-1]:
            ends.pop()
        if not ends:
            return
        if data[offset] in (0x00, 0xFF) and len(ends) == 1:
            offset += 1
            continue
        tlv, size = parse_one(data[offset:ends[-1]], what)
        header = size - len(tlv.value)
        if tlv.constructed:
            if len(ends) > max_depth:
                raise ChipDataError(what, f"nested more than {max_depth} levels deep")
            ends.append(offset + size)
            offset += header
        else:
            offset += size

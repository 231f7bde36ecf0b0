"""Reading one elementary file through the channel, in as few APDUs as the card allows.

READ BINARY with a short file id (ISO/IEC 7816-4 §11.2.3, P1 = 0x80 | SFI) saves a SELECT, but
chips need not support it (ICAO 9303-10 §3.6.2 makes SFIs optional): when the chip refuses it, the
file is selected by its file id (SELECT, P1 = 02, P2 = 0C) and read by offset; the channel then
remembers not to try SFIs again. A file is capped at MAX_FILE bytes: no genuine eMRTD file comes
near it, and a chip declaring more only wants to keep the reader busy.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from workstation.verify.apdu import CommandApdu
from workstation.verify.channel import ApduChannel
from workstation.verify.errors import CardProtocolError, ChipDataError
from workstation.verify.tlv import encode, parse_single

SW_OK, SW_EOF = 0x9000, 0x6282
SW_WRONG_LENGTH = 0x6700
SW_NOT_READABLE = (0x6982, 0x6A82)
SW_NO_SFI = (0x6A81, 0x6A86, 0x6B00, 0x6D00, 0x6E00, 0x6981, 0x6A00)   # function / parameters not supported
MAX_FILE = 256 * 1024
SM_SHORT_LIMIT = 223     # most plain bytes a short SM response can carry (256 minus the wrapping)
MAX_EXTENDED = 65536


class FileNotReadable(Exception):
    """The chip refuses this file (6982: needs Terminal Authentication; 6A82: not present)."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"{sw:04X}")
        self.sw = sw


@dataclass
class PartialFile:
    """Bytes read so far: a read cut by a lost session resumes here."""

    sfi: int
    fid: int = 0
    data: bytearray = field(default_factory=bytearray)
    total: int | None = None

    @property
    def complete(self) -> bool:
        return self.total is not None and len(self.data) >= self.total


def _total_length(head: bytes) -> int | None:
    """Length of the whole TLV file from its first bytes, once the header is in."""
    if len(head) < 2:
        return None
    i = 1
    if head[0] & 0x1F == 0x1F:
        while i < len(head) and head[i] & 0x80:
            i += 1
        i += 1
    if i >= len(head):
        return None
    first = head[i]
    if first < 0x80:
        return i + 1 + first
    n = first & 0x7F
    if n == 0 or n > 4:
        raise ChipDataError("file header", "unsupported length encoding")
    if len(head) < i + 1 + n:
        return None
    return i + 1 + n + int.from_bytes(head[i + 1:i + 1 + n], "big")


def _max_le(channel: ApduChannel) -> int:
    if channel.extended_length:
        return MAX_EXTENDED
    return SM_SHORT_LIMIT if channel.sm is not None else 256


def _select(channel: ApduChannel, partial: PartialFile) -> None:
    response = channel.send(CommandApdu(0x00, 0xA4, 0x02, 0x0C, partial.fid.to_bytes(2, "big")))
    if response.sw in SW_NOT_READABLE:
        raise FileNotReadable(response.sw)
    if not response.ok:
        raise CardProtocolError(f"SELECT of file {partial.fid:04X}", response.sw)


def read_file(channel: ApduChannel, partial: PartialFile) -> bytes:
    """Fill `partial` to its end: READ BINARY by short file id when the chip takes it, else SELECT
    by file id; then by offset (odd INS B1 with an offset object beyond 32767)."""
    while not partial.complete:
        offset = len(partial.data)
        le = _max_le(channel)
        if offset > 0 and partial.total is None:
            raise ChipDataError("file", "header unreadable")
        if offset == 0 and channel.sfi_supported:
            command = CommandApdu(0x00, 0xB0, 0x80 | partial.sfi, 0x00, le=le)
        else:
            if channel.selected != partial.fid:
                _select(channel, partial)
                channel.selected = partial.fid
            if partial.total is not None:
                le = min(le, partial.total - offset) or le
            if offset <= 0x7FFF:
                command = CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, le=le)
            else:
                command = CommandApdu(0x00, 0xB1, 0x00, 0x00, encode(0x54, offset.to_bytes(3, "big")), le=le)
        response = channel.send(command)
        if response.sw == SW_WRONG_LENGTH and channel.extended_length and channel.sm is None:
            channel.extended_length = False
            continue
        if command.p1 & 0x80 and command.ins == 0xB0:
            if response.sw in SW_NO_SFI:
                channel.sfi_supported = False
                continue
            if response.sw in SW_NOT_READABLE:
                raise FileNotReadable(response.sw)
            channel.selected = partial.fid
        elif response.sw in SW_NOT_READABLE and offset == 0:
            raise FileNotReadable(response.sw)
        if response.sw not in (SW_OK, SW_EOF):
            raise CardProtocolError(f"READ BINARY of file {partial.fid or partial.sfi:04X}", response.sw)
        data = response.data
        if command.ins == 0xB1:
            data = parse_single(data, 0x53, "READ BINARY response").value
        if not data:
            raise ChipDataError("file", f"file {partial.fid:04X} ends before its declared length")
        partial.data.extend(data)
        if partial.total is None:
            partial.total = _total_length(bytes(partial.data))
            if partial.total is None:
                raise ChipDataError("file", "first block too short for the header")
            if partial.total > MAX_FILE:
                raise ChipDataError("file", f"file {partial.fid:04X} declares {partial.total} bytes "
                                            f"(at most {MAX_FILE} accepted)")
    return bytes(partial.data[:partial.total])

"""The structure of a WSQ file, checked in Python before the native decoder sees a byte.

The decoder (NBIS, inside the `wsq` package's `_wsq` extension) trusts its input: a Huffman table
number past its eight slots, a code table that over-fills the code space, a frame whose dimensions
do not match the coded data, or a segment length pointing past the end make it write outside its
buffers, and the process dies with SIGSEGV. So every field the decoder indexes by is checked here
against the FBI specification, and what passes is still decoded in a separate process
(``wsq_isolated``).

Layout, from the "WSQ Gray-scale Fingerprint Image Compression Specification" (FBI IAFIS-IC-0110,
v3.1), §3 and Annex A; all integers big-endian:
- markers FFA0 SOI, FFA1 EOI, FFA2 SOF, FFA3 SOB, FFA4 DTT, FFA5 DQT, FFA6 DHT, FFA7 DRT, FFA8 COM;
- each marker but SOI/EOI is followed by a 2-byte length that counts itself and the segment;
- SOI, then tables (DTT, DQT, DHT) and comments, one frame header (SOF), then tables, comments and
  blocks (SOB, each followed by entropy-coded data in which FF is stuffed as FF 00), then EOI;
- SOF (length 17): black, white, height, width, M (scale + value), R (scale + value), encoder number,
  software number;
- DTT: two filter lengths (1 byte each), then per coefficient sign, scale (1 byte each) and value
  (4 bytes), for half of each symmetric filter rounded up;
- DQT (length 389): bin centre (scale + 2-byte value), then for 64 subbands Q and Z (scale + value);
- DHT: one or more tables, each an id (0–7), 16 counts of codes of length 1..16, then the values;
- SOB (length 3): the id of a Huffman table defined before it.
"""
from __future__ import annotations

from dataclasses import dataclass

from workstation.errors import WorkstationError

SOI, EOI, SOF, SOB, DTT, DQT, DHT, DRT, COM = range(0xFFA0, 0xFFA9)
_NAMES = {SOI: "SOI", EOI: "EOI", SOF: "SOF", SOB: "SOB", DTT: "DTT", DQT: "DQT", DHT: "DHT", DRT: "DRT",
          COM: "COM"}
MAX_HUFFMAN_TABLES = 8        # NBIS MAX_DHT_TABLES
MAX_HUFFMAN_VALUES = 256      # NBIS MAX_HUFFCOUNTS_WSQ
MAX_FILTER_LENGTH = 9         # the specification's 9/7 filter pair; NBIS MAX_LOFILT
FRAME_LENGTH = 17
QUANTIZATION_LENGTH = 389
BLOCK_LENGTH = 3
MIN_SIDE = 32                 # five levels of wavelet decomposition need at least this much


class WsqFormatError(WorkstationError):
    """A WSQ file whose structure breaks the specification; said in words, never decoded."""


@dataclass(frozen=True)
class WsqHeader:
    width: int
    height: int
    blocks: int
    huffman_tables: frozenset[int]


def parse_wsq_header(data: bytes) -> WsqHeader:
    """Walk every segment of a WSQ file and check what the decoder will index by."""
    reader = _Reader(data)
    if reader.u16() != SOI:
        raise WsqFormatError("not a WSQ file (no start-of-image marker)")
    frame: tuple[int, int] | None = None
    have_transform = have_quantization = False
    tables: set[int] = set()
    blocks = 0
    while True:
        marker = reader.u16()
        if marker == EOI:
            break
        if marker not in _NAMES or marker == SOI:
            raise WsqFormatError(f"unknown or misplaced marker {marker:04X} at byte {reader.at - 2}")
        name = _NAMES[marker]
        length = reader.u16()
        if length < 2:
            raise WsqFormatError(f"{name} segment with length {length}")
        body = reader.take(length - 2, name)
        if marker == SOF:
            if frame is not None:
                raise WsqFormatError("a second frame header")
            frame = _frame(body)
        elif marker == DTT:
            _transform_table(body)
            have_transform = True
        elif marker == DQT:
            if length != QUANTIZATION_LENGTH:
                raise WsqFormatError(f"quantization table of {length} bytes (the specification has {QUANTIZATION_LENGTH})")
            have_quantization = True
        elif marker == DHT:
            tables |= _huffman_tables(body)
        elif marker == SOB:
            if frame is None:
                raise WsqFormatError("a data block before the frame header")
            if length != BLOCK_LENGTH:
                raise WsqFormatError(f"block header of {length} bytes (the specification has {BLOCK_LENGTH})")
            if not (have_transform and have_quantization):
                raise WsqFormatError("a data block before its transform and quantization tables")
            if body[0] not in tables:
                raise WsqFormatError(f"a data block names Huffman table {body[0]}, which is not defined")
            blocks += 1
            reader.skip_entropy_coded()
        elif marker == DRT:
            raise WsqFormatError("restart intervals (DRT) are not used by WSQ")
    if reader.at != len(data):
        raise WsqFormatError(f"{len(data) - reader.at} bytes after the end-of-image marker")
    if frame is None or blocks == 0:
        raise WsqFormatError("no frame header" if frame is None else "no image data block")
    width, height = frame
    return WsqHeader(width, height, blocks, frozenset(tables))


def _frame(body: bytes) -> tuple[int, int]:
    if len(body) != FRAME_LENGTH - 2:
        raise WsqFormatError(f"frame header of {len(body) + 2} bytes (the specification has {FRAME_LENGTH})")
    height = int.from_bytes(body[2:4], "big")
    width = int.from_bytes(body[4:6], "big")
    r_scale = int.from_bytes(body[10:12], "big")
    if width < MIN_SIDE or height < MIN_SIDE:
        raise WsqFormatError(f"frame of {width}×{height} pixels (a print is at least {MIN_SIDE}×{MIN_SIDE})")
    if r_scale == 0:
        raise WsqFormatError("frame header with a zero scale (R)")
    return width, height


def _transform_table(body: bytes) -> None:
    if len(body) < 2:
        raise WsqFormatError("transform table cut short")
    first, second = body[0], body[1]
    for size in (first, second):
        if not 1 <= size <= MAX_FILTER_LENGTH:
            raise WsqFormatError(f"transform filter of {size} coefficients (1 to {MAX_FILTER_LENGTH})")
    expected = 2 + 6 * ((first + 1) // 2 + (second + 1) // 2)
    if len(body) != expected:
        raise WsqFormatError(f"transform table of {len(body) + 2} bytes for filters of {first} and {second} "
                             f"coefficients ({expected + 2} expected)")


def _huffman_tables(body: bytes) -> set[int]:
    found: set[int] = set()
    at = 0
    while at < len(body):
        if at + 17 > len(body):
            raise WsqFormatError("Huffman table cut short")
        table_id = body[at]
        if table_id >= MAX_HUFFMAN_TABLES:
            raise WsqFormatError(f"Huffman table number {table_id} (0 to {MAX_HUFFMAN_TABLES - 1})")
        if table_id in found:
            raise WsqFormatError(f"Huffman table {table_id} defined twice in one segment")
        counts = body[at + 1:at + 17]
        values = sum(counts)
        if values == 0 or values > MAX_HUFFMAN_VALUES:
            raise WsqFormatError(f"Huffman table {table_id} with {values} codes (1 to {MAX_HUFFMAN_VALUES})")
        # Kraft: codes of length 1..16 must fit the code space, else the decoder's tables overflow.
        if sum(count << (16 - length) for length, count in enumerate(counts, start=1)) > 1 << 16:
            raise WsqFormatError(f"Huffman table {table_id} has more codes than its lengths allow")
        if at + 17 + values > len(body):
            raise WsqFormatError(f"Huffman table {table_id} cut short")
        found.add(table_id)
        at += 17 + values
    if not found:
        raise WsqFormatError("empty Huffman table segment")
    return found


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def u16(self) -> int:
        if self.at + 2 > len(self.data):
            raise WsqFormatError("WSQ file cut short (no end-of-image marker)")
        value = int.from_bytes(self.data[self.at:self.at + 2], "big")
        self.at += 2
        return value

    def take(self, count: int, name: str) -> bytes:
        if self.at + count > len(self.data):
            raise WsqFormatError(f"{name} segment runs past the end of the file")
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk

    def skip_entropy_coded(self) -> None:
        """Move to the next marker: in coded data FF is always followed by 00 (stuffing)."""
        data, at = self.data, self.at
        while True:
            at = data.find(b"\xff", at)
            if at < 0 or at + 1 >= len(data):
                raise WsqFormatError("image data runs to the end of the file (no end-of-image marker)")
            if data[at + 1] != 0x00:
                self.at = at
                return
            at += 2

"""ISO/IEC 19794-4:2005 finger image records: the exchange format the national system and ICAO
DG3 use for fingerprint images. One record holds one or more views, each a compressed image with
its finger position and quality.

Layout (big-endian). General header, 32 bytes: "FIR\\0", version "010\\0", record length (6 bytes),
capture device ID (2), image acquisition level (2), number of views (1), scale units (1, 1 = ppi),
scan resolution h/v (2+2), image resolution h/v (2+2), pixel depth (1), compression (1),
reserved (2). Each view: a 14-byte header — view length incl. header (4), finger position (1),
count of views (1), view number (1), quality 0–100 (1), impression type (1), width (2), height (2),
reserved (1) — then the image data. Written by hand: no maintained Python library covers it.
"""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass

import numpy as np

from workstation.verify.finger.image_errors import FingerRecordError

FORMAT_ID = b"FIR\x00"
VERSION = b"010\x00"
HEADER_LENGTH = 32
VIEW_HEADER_LENGTH = 14
SCALE_PPI = 1
IMPRESSION_LIVE_SCAN_PLAIN = 0


class Compression:
    UNCOMPRESSED = 0
    WSQ = 2
    JPEG = 3
    JPEG2000 = 4
    PNG = 5


_COMPRESSION_NAMES = {"png": Compression.PNG, "wsq": Compression.WSQ}


@dataclass(frozen=True)
class FingerView:
    position: int            # ISO finger position code (see verify.finger.positions)
    quality: int             # 0–100, 255 when not computed
    width: int
    height: int
    image: bytes             # compressed as the record's compression says
    impression: int = IMPRESSION_LIVE_SCAN_PLAIN


@dataclass(frozen=True)
class FingerImageRecord:
    views: tuple[FingerView, ...]
    dpi: int = 500
    compression: int = Compression.PNG
    device_id: int = 0       # capture device ID; vendor, model and serial travel beside the record
    acquisition_level: int = 31   # 500 ppi, 256 grey levels


def acquisition_level(dpi: int) -> int:
    return 41 if dpi >= 1000 else 31 if dpi >= 500 else 20


def encode(record: FingerImageRecord) -> bytes:
    if not record.views:
        raise FingerRecordError("a finger image record needs at least one view")
    views = b""
    for number, view in enumerate(record.views):
        length = VIEW_HEADER_LENGTH + len(view.image)
        views += struct.pack(">IBBBBBHHB", length, view.position, len(record.views), number, view.quality,
                             view.impression, view.width, view.height, 0) + view.image
    total = HEADER_LENGTH + len(views)
    header = (FORMAT_ID + VERSION + total.to_bytes(6, "big")
              + struct.pack(">HHBBHHHHBBH", record.device_id, record.acquisition_level, len(record.views),
                            SCALE_PPI, record.dpi, record.dpi, record.dpi, record.dpi, 8, record.compression, 0))
    assert len(header) == HEADER_LENGTH
    return header + views


def decode(data: bytes) -> FingerImageRecord:
    if len(data) < HEADER_LENGTH or data[:4] != FORMAT_ID or data[4:8] != VERSION:
        raise FingerRecordError("not an ISO/IEC 19794-4:2005 finger image record")
    total = int.from_bytes(data[8:14], "big")
    if total != len(data):
        raise FingerRecordError(f"record length says {total} bytes, the record has {len(data)}")
    (device_id, level, count, _units, dpi, _v_scan, _h_image, _v_image, depth, compression,
     _reserved) = struct.unpack(">HHBBHHHHBBH", data[14:HEADER_LENGTH])
    if depth != 8:
        raise FingerRecordError(f"pixel depth {depth} is not supported (8-bit grey expected)")
    views: list[FingerView] = []
    offset = HEADER_LENGTH
    for number in range(count):
        if offset + VIEW_HEADER_LENGTH > len(data):
            raise FingerRecordError(f"view {number} is cut short")
        length, position, _count, _number, quality, impression, width, height, _ = struct.unpack(
            ">IBBBBBHHB", data[offset:offset + VIEW_HEADER_LENGTH])
        if length < VIEW_HEADER_LENGTH or offset + length > len(data):
            raise FingerRecordError(f"view {number} has a length of {length} bytes that does not fit")
        views.append(FingerView(position, quality, width, height,
                                data[offset + VIEW_HEADER_LENGTH:offset + length], impression))
        offset += length
    if offset != len(data):
        raise FingerRecordError(f"{len(data) - offset} bytes after the last view")
    return FingerImageRecord(tuple(views), dpi, compression, device_id, level)


def compress(pixels: np.ndarray, image_format: str, dpi: int) -> tuple[int, bytes]:
    """Compress 8-bit grey pixels for a view: PNG (lossless) or WSQ (the national exchange format)."""
    from PIL import Image

    try:
        code = _COMPRESSION_NAMES[image_format]
    except KeyError:
        raise FingerRecordError(f"image format '{image_format}' is not one of {sorted(_COMPRESSION_NAMES)}") from None
    buffer = io.BytesIO()
    image = Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8), "L")
    if code == Compression.WSQ:
        import wsq  # noqa: F401 - registers the WSQ writer with Pillow

        image.save(buffer, "WSQ")   # the plugin compresses at its fixed rate (about 12:1 on prints)
    else:
        image.save(buffer, "PNG", dpi=(dpi, dpi))
    return code, buffer.getvalue()


_MAGIC = {Compression.PNG: (b"\x89PNG",), Compression.WSQ: (b"\xff\xa0",), Compression.JPEG: (b"\xff\xd8",),
          Compression.JPEG2000: (b"\x00\x00\x00\x0cjP", b"\xff\x4f\xff\x51")}


def view_pixels(record: FingerImageRecord, view: FingerView) -> np.ndarray:
    """The view's image as 8-bit grey pixels. The image must be what the record's compression
    says (the general header's "image compression algorithm"): sniffing alone would let a view hold another
    record, and that one another, down to the interpreter's recursion limit."""
    from workstation.verify.finger.image_io import load_grey

    magics = _MAGIC.get(record.compression)
    if magics is None:
        raise FingerRecordError(f"compression {record.compression} is not supported")
    if not view.image.startswith(magics):
        raise FingerRecordError(f"the view's image is not the compression the record declares ({record.compression})")
    pixels = load_grey(view.image)
    if pixels.shape != (view.height, view.width):
        raise FingerRecordError(f"the view says {view.width}×{view.height}, its image is "
                                f"{pixels.shape[1]}×{pixels.shape[0]}")
    return pixels

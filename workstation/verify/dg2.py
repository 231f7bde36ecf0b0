"""DG2: the face image, from its ISO/IEC 19794-5 (or 39794-5) record, as JPEG or JPEG 2000.

A 19794-5:2005 record (version "010") is checked field by field (§5.4-5.7): the record length
counts the whole record, each facial record block's length counts the whole block, image data
included (20-byte facial information + 8 bytes per feature point + 12-byte image information +
the image). An inconsistent record is a ChipDataError naming the field. The image is decoded only
within MAX_PIXELS: a chip photo is at most a few hundred thousand pixels, and a decompression bomb
must not take the workstation's memory.
"""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from workstation.verify.errors import ChipDataError
from workstation.verify.tlv import Tlv, parse_single

JPEG_SOI = b"\xff\xd8\xff"
JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
J2K_CODESTREAM = b"\xff\x4f\xff\x51"
MAX_PIXELS = 4_000_000          # 2000 × 2000: ten times the largest ICAO portrait
RECORD_HEADER, FACIAL_INFO, IMAGE_INFO = 14, 20, 12


@dataclass(frozen=True)
class FaceImage:
    format: str       # "JPEG" | "JPEG2000"
    data: bytes       # the encoded image as stored on the chip
    width: int
    height: int

    def decode(self) -> Image.Image:
        try:
            image = Image.open(io.BytesIO(self.data))
            _check_size(*image.size)
            image.load()
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
            raise ChipDataError("DG2", f"the photo cannot be decoded ({exc})") from None
        return image.convert("RGB")


def _biometric_data(root: Tlv) -> bytes:
    """The first biometric data block (5F2E or 7F2E) below the DG2 template."""
    stack = [root]
    while stack:
        node = stack.pop(0)
        if node.tag in (0x5F2E, 0x7F2E):
            return node.value
        if node.constructed:
            stack.extend(node.children())
    raise ChipDataError("DG2", "no biometric data block")


def _check_size(width: int, height: int) -> None:
    if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
        raise ChipDataError("DG2", f"the photo claims {width}×{height} pixels (at most {MAX_PIXELS} accepted)")


def _iso19794_5_image(block: bytes) -> bytes:
    """The first image of a 19794-5:2005 facial record, every length checked."""
    if len(block) < RECORD_HEADER + FACIAL_INFO + IMAGE_INFO:
        raise ChipDataError("DG2", "facial record shorter than its headers")
    record_length, images = struct.unpack(">IH", block[8:14])
    if record_length != len(block):
        raise ChipDataError("DG2", f"facial record length {record_length} but {len(block)} bytes present")
    if images < 1:
        raise ChipDataError("DG2", "facial record with no image")
    block_length, points = struct.unpack(">IH", block[RECORD_HEADER:RECORD_HEADER + 6])
    image_start = RECORD_HEADER + FACIAL_INFO + 8 * points + IMAGE_INFO
    image_length = block_length - (FACIAL_INFO + 8 * points + IMAGE_INFO)
    if image_length <= 0 or RECORD_HEADER + block_length > len(block):
        raise ChipDataError("DG2", f"facial record block length {block_length} does not fit the record "
                                   f"({len(block) - RECORD_HEADER} bytes, {points} feature points)")
    if images == 1 and RECORD_HEADER + block_length != len(block):
        raise ChipDataError("DG2", f"facial record block length {block_length} does not count the whole block "
                                   f"({len(block) - RECORD_HEADER} bytes)")
    return block[image_start:image_start + image_length]


def _find_image(block: bytes) -> tuple[str, bytes]:
    if block[:8] == b"FAC\x00010\x00":
        data = _iso19794_5_image(block)
    else:
        # ISO 39794-5 or a later 19794-5 edition: find the image by its signature
        starts = [at for at in (block.find(sig) for sig in (JPEG_SOI, JP2_SIGNATURE, J2K_CODESTREAM)) if at >= 0]
        data = block[min(starts):] if starts else b""
    # the header's image type byte is not trusted: the image's own signature says what it is
    if data.startswith(JPEG_SOI):
        return "JPEG", data
    if data.startswith(JP2_SIGNATURE) or data.startswith(J2K_CODESTREAM):
        return "JPEG2000", data
    raise ChipDataError("DG2", "no JPEG or JPEG 2000 image in the facial record")


def parse_dg2(data: bytes) -> FaceImage:
    root = parse_single(data, 0x75, "DG2")
    fmt, image = _find_image(_biometric_data(root))
    try:
        with Image.open(io.BytesIO(image)) as probe:
            width, height = probe.size
    except Image.DecompressionBombError as exc:
        raise ChipDataError("DG2", f"the photo is a decompression bomb ({exc})") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ChipDataError("DG2", f"the photo cannot be read ({exc})") from None
    _check_size(width, height)
    return FaceImage(fmt, image, width, height)

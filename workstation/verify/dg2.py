"""DG2: the face image, from its ISO/IEC 19794-5 (or 39794-5) record, as JPEG or JPEG 2000."""
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


@dataclass(frozen=True)
class FaceImage:
    format: str       # "JPEG" | "JPEG2000"
    data: bytes       # the encoded image as stored on the chip
    width: int
    height: int

    def decode(self) -> Image.Image:
        try:
            image = Image.open(io.BytesIO(self.data))
            image.load()
        except (UnidentifiedImageError, OSError, ValueError) as exc:
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


def _find_image(block: bytes) -> tuple[str, bytes]:
    if block[:4] == b"FAC\x00" and len(block) >= 14 + 20 + 12:
        points = struct.unpack(">H", block[14 + 4:14 + 6])[0]
        start = 14 + 20 + 8 * points
        if len(block) >= start + 12:
            # the header's image type byte is not trusted: the image's own signature says what it is
            data = block[start + 12:]
            if data.startswith(JPEG_SOI) or data.startswith(JP2_SIGNATURE) or data.startswith(J2K_CODESTREAM):
                return ("JPEG" if data.startswith(JPEG_SOI) else "JPEG2000"), data
    # ISO 39794-5 or an unusual header: find the image by its signature
    for signature, fmt in ((JPEG_SOI, "JPEG"), (JP2_SIGNATURE, "JPEG2000"), (J2K_CODESTREAM, "JPEG2000")):
        at = block.find(signature)
        if at >= 0:
            return fmt, block[at:]
    raise ChipDataError("DG2", "no JPEG or JPEG 2000 image in the facial record")


def parse_dg2(data: bytes) -> FaceImage:
    root = parse_single(data, 0x75, "DG2")
    fmt, image = _find_image(_biometric_data(root))
    try:
        with Image.open(io.BytesIO(image)) as probe:
            width, height = probe.size
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ChipDataError("DG2", f"the photo cannot be read ({exc})") from None
    return FaceImage(fmt, image, width, height)

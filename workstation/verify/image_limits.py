"""Size limits checked on an image's header, before any decoder (Pillow, OpenCV, the WSQ library)
sees its pixels: a decompression bomb, or dimensions a native decoder mishandles (a 30000×30000
PNG, a 65500×2 strip that broke OpenCV's resize, a WSQ claiming huge dimensions), must be refused in
words, not take the memory or the process down."""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

# What Pillow's decoders raise on damaged data besides OSError: the PNG reader a SyntaxError for a
# broken chunk, struct and zlib errors from truncated headers and streams (found by scripts/fuzz.py).
DECODER_ERRORS: tuple[type[Exception], ...] = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
                                               struct.error, zlib.error, IndexError, Image.DecompressionBombError)


@dataclass(frozen=True)
class ImageLimits:
    max_pixels: int
    max_side: int
    max_aspect: float      # longer side / shorter side


FACE_PHOTO = ImageLimits(max_pixels=50_000_000, max_side=12_000, max_aspect=6.0)     # up to a 50 MP camera
FINGERPRINT = ImageLimits(max_pixels=16_000_000, max_side=4_096, max_aspect=4.0)     # 4096² at 1000 dpi and more


def size_problem(width: int, height: int, limits: ImageLimits) -> str:
    """Why an image of this size is refused, "" when it is acceptable."""
    if width <= 0 or height <= 0:
        return f"{width}×{height} pixels"
    if width > limits.max_side or height > limits.max_side or width * height > limits.max_pixels:
        return f"{width}×{height} pixels (too large)"
    if max(width, height) / min(width, height) > limits.max_aspect:
        return f"{width}×{height} pixels (not the shape of a photo or a print)"
    return ""

"""Fingerprint images as 8-bit grey pixels: PNG, BMP, JPEG and WSQ (the national exchange format,
through the wsq package's Pillow plugin)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from workstation.errors import WorkstationError


class FingerImageUnreadable(WorkstationError):
    pass


def load_grey(source: str | Path | bytes) -> np.ndarray:
    if isinstance(source, bytes):
        data, name = source, "(bytes)"
    else:
        name = str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise FingerImageUnreadable(f"fingerprint image {name} cannot be read ({exc.strerror})") from None
    try:
        if data[:2] == b"\xff\xa0":   # WSQ start of image
            import wsq  # noqa: F401 - registers the WSQ plugin with Pillow
        with Image.open(io.BytesIO(data)) as image:
            return np.asarray(image.convert("L")).copy()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise FingerImageUnreadable(f"fingerprint image {name} cannot be read ({exc})") from None

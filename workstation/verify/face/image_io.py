"""Loading any image a chip or a camera gives (JPEG, JPEG 2000, PNG, ...) as RGB pixels."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.verify.image_limits import DECODER_ERRORS, FACE_PHOTO, size_problem


class ImageUnreadable(WorkstationError):
    def __init__(self, what: str, detail: str) -> None:
        super().__init__(Message(f"Không đọc được ảnh {what}.", f"The image {what} cannot be read ({detail})."), detail)


def load_rgb(source: str | Path | bytes) -> np.ndarray:
    """RGB uint8 pixels, upright (EXIF orientation applied)."""
    name = "(bytes)" if isinstance(source, bytes) else str(source)
    try:
        with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as image:
            problem = size_problem(*image.size, FACE_PHOTO)       # from the header, before decoding
            if problem:
                raise ImageUnreadable(name, problem)
            upright = ImageOps.exif_transpose(image)
            return np.asarray(upright.convert("RGB"))
    except FileNotFoundError:
        raise ImageUnreadable(name, "file not found") from None
    except DECODER_ERRORS as exc:
        raise ImageUnreadable(name, str(exc)) from None


def bgr_to_rgb(frame: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(frame[..., ::-1])

"""Fingerprint images as 8-bit grey pixels: PNG, BMP, JPEG, WSQ (the national exchange format:
structure checked, then decoded in a child process, see wsq_isolated), and ISO/IEC 19794-4
records (their first view)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from workstation.verify.finger import iso19794_4
from workstation.verify.finger.image_errors import FingerImageUnreadable
from workstation.verify.finger.wsq_format import WsqFormatError
from workstation.verify.finger.wsq_isolated import decode_wsq
from workstation.verify.image_limits import DECODER_ERRORS, FINGERPRINT, size_problem


def load_grey(source: str | Path | bytes) -> np.ndarray:
    if isinstance(source, bytes):
        data, name = source, "(bytes)"
    else:
        name = str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise FingerImageUnreadable(f"fingerprint image {name} cannot be read ({exc.strerror})") from None
    if data[:4] == iso19794_4.FORMAT_ID:
        record = iso19794_4.decode(data)
        if not record.views:
            raise FingerImageUnreadable(f"fingerprint record {name} holds no finger view")
        view = record.views[0]
        problem = size_problem(view.width, view.height, FINGERPRINT)
        if problem:
            raise FingerImageUnreadable(f"fingerprint record {name} refused: {problem}")
        return iso19794_4.view_pixels(record, view)
    if data[:2] == b"\xff\xa0":   # WSQ start of image: checked, then decoded out of process
        try:
            return decode_wsq(data)
        except WsqFormatError as exc:
            raise FingerImageUnreadable(f"fingerprint image {name} cannot be read ({exc})") from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            problem = size_problem(*image.size, FINGERPRINT)      # from the header, before decoding
            if problem:
                raise FingerImageUnreadable(f"fingerprint image {name} refused: {problem}")
            return np.asarray(image.convert("L")).copy()
    except DECODER_ERRORS as exc:
        raise FingerImageUnreadable(f"fingerprint image {name} cannot be read ({exc})") from None

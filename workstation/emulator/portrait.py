"""Drawn portraits for fixture cards: clearly synthetic (no real person), the size and encoding of
a chip photo. Face-comparison tests use real photographs from packages instead."""
from __future__ import annotations

import hashlib
import io

import numpy as np
from PIL import Image, ImageDraw


def draw_portrait(seed: str, width: int = 240, height: int = 320) -> Image.Image:
    h = hashlib.sha256(seed.encode()).digest()
    skin = (200 + h[0] % 40, 160 + h[1] % 50, 130 + h[2] % 50)
    hair = (h[3] % 60, h[4] % 50, h[5] % 40)
    image = Image.new("RGB", (width, height), (232, 236, 240))
    d = ImageDraw.Draw(image)
    cx, cy = width // 2, int(height * 0.45)
    fw, fh = int(width * (0.30 + h[6] % 8 / 100)), int(height * 0.30)
    d.rectangle((cx - fw - 20, cy + fh - 10, cx + fw + 20, height), fill=(40 + h[7] % 80, 60, 90))
    d.ellipse((cx - fw - 6, cy - fh - 14, cx + fw + 6, cy + fh // 3), fill=hair)
    d.ellipse((cx - fw, cy - fh, cx + fw, cy + fh), fill=skin)
    for ex in (cx - fw // 2, cx + fw // 2):
        d.ellipse((ex - 12, cy - 18, ex + 12, cy - 6), fill=(250, 250, 250))
        d.ellipse((ex - 5, cy - 17, ex + 5, cy - 7), fill=(40, 30, 20))
    d.line((cx, cy - 5, cx - 6, cy + 22), fill=(150, 100, 90), width=3)
    d.arc((cx - 26, cy + 18, cx + 26, cy + 48), 20, 160, fill=(150, 60, 60), width=4)
    noise = np.random.default_rng(h[8]).normal(0, 3, (height, width, 3))
    return Image.fromarray(np.clip(np.asarray(image, dtype=np.float32) + noise, 0, 255).astype(np.uint8))


def encode_portrait(image: Image.Image, jpeg2000: bool = False) -> bytes:
    buffer = io.BytesIO()
    if jpeg2000:
        image.save(buffer, "JPEG2000", quality_mode="rates", quality_layers=[40], irreversible=True)
    else:
        image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def icao_crop(rgb: np.ndarray, box: tuple[int, int, int, int], size: tuple[int, int] = (240, 320)) -> Image.Image:
    """Crop a photo to a chip portrait around a face box (top, right, bottom, left): the face
    about half the image height, centred, 3:4, as the chip's DG2 photos are framed."""
    top, right, bottom, left = box
    face_h = bottom - top
    height = int(face_h / 0.5)
    width = int(height * size[0] / size[1])
    cx, cy = (left + right) / 2, top + face_h * 0.45
    x0, y0 = int(cx - width / 2), int(cy - height * 0.45)
    padded = Image.fromarray(rgb).crop((x0, y0, x0 + width, y0 + height))  # outside the photo: black
    return padded.resize(size, Image.LANCZOS)


def chip_photo(rgb: np.ndarray, box: tuple[int, int, int, int], jpeg2000: bool = False, kilobytes: int = 12) -> bytes:
    """A chip-like DG2 photo of a real face: ICAO crop, 240×320, compressed to about `kilobytes`."""
    image = icao_crop(rgb, box)
    buffer = io.BytesIO()
    if jpeg2000:
        ratio = max(1.0, 240 * 320 * 3 / (kilobytes * 1024))
        image.save(buffer, "JPEG2000", quality_mode="rates", quality_layers=[ratio], irreversible=True)
    else:
        for quality in (90, 80, 70, 60, 50, 40, 30, 20):
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality)
            if buffer.tell() <= kilobytes * 1024:
                break
    return buffer.getvalue()

"""Finding and decoding the card's QR code in a camera frame or an image file.

A chain of attempts, cheapest first, stopping at the first code read: what a counter webcam
sees (a small code, blur, glare, tilt, low light) defeats any single decoder often enough that
the chain's order and its steps were chosen by measurement (`python -m bench qr`, README).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

log = logging.getLogger(__name__)
Decoder = Callable[[np.ndarray], list[str]]


@dataclass(frozen=True)
class Decoded:
    text: str
    step: str          # which attempt of the chain read it
    ms: float


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def pyzbar_decode(gray: np.ndarray) -> list[str]:
    from pyzbar import pyzbar

    return [_text(s.data) for s in pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE])]


def zxing_decode(gray: np.ndarray) -> list[str]:
    import zxingcpp

    results = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.bytes.decode("utf-8", "replace") if hasattr(r, "bytes") else r.text for r in results if r.valid]


def to_gray(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def clahe(gray: np.ndarray) -> np.ndarray:
    return cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(gray)


def upscale(gray: np.ndarray, factor: float = 2.0) -> np.ndarray:
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def sharpen(gray: np.ndarray) -> np.ndarray:
    blurred = cv2.GaussianBlur(gray, (0, 0), 2.0)
    return cv2.addWeighted(gray, 1.8, blurred, -0.8, 0)


def flatten_light(gray: np.ndarray) -> np.ndarray:
    """Divide by the local background: removes glare gradients and shadows."""
    background = cv2.GaussianBlur(gray, (0, 0), 15)
    flat = cv2.divide(gray, background, scale=200)
    return cv2.normalize(flat, None, 0, 255, cv2.NORM_MINMAX)


def otsu(gray: np.ndarray) -> np.ndarray:
    return cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]


def adaptive(gray: np.ndarray) -> np.ndarray:
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 5)


def qr_regions(gray: np.ndarray, limit: int = 3) -> list[tuple[int, int, int, int]]:
    """Square-ish patches of dense fine detail (where a QR code would be), largest first."""
    h, w = gray.shape
    scale = 320 / max(w, h) if max(w, h) > 320 else 1.0
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    gradient = cv2.morphologyEx(small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, mask = cv2.threshold(gradient, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    boxes = []
    for contour in contours:
        x, y, bw, bh = cv2.boundingRect(contour)
        if bw < 10 or bh < 10 or not 0.5 < bw / bh < 2.0:
            continue
        fill = cv2.contourArea(contour) / (bw * bh)
        if fill < 0.5:
            continue
        m = int(0.25 * max(bw, bh))
        boxes.append((max(0, int((x - m) / scale)), max(0, int((y - m) / scale)),
                      min(w, int((x + bw + m) / scale)), min(h, int((y + bh + m) / scale))))
    boxes.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    return boxes[:limit]


def _crops(gray: np.ndarray) -> list[np.ndarray]:
    return [gray[y0:y1, x0:x1] for x0, y0, x1, y1 in qr_regions(gray)]


# The chain, in order. Each step: a name and a function from the grey frame to decoded texts.
def _chain() -> list[tuple[str, Decoder]]:
    def crops_with(decoder: Decoder, prepare: Callable[[np.ndarray], np.ndarray]) -> Decoder:
        def run(gray: np.ndarray) -> list[str]:
            for crop in _crops(gray):
                found = decoder(prepare(crop))
                if found:
                    return found
            return []
        return run

    return [
        ("zxing", zxing_decode),
        ("pyzbar", pyzbar_decode),
        ("zxing-flat", lambda g: zxing_decode(flatten_light(g))),
        ("crop-zxing-x3", crops_with(zxing_decode, lambda c: upscale(c, 3.0))),
        ("crop-pyzbar-x3-clahe", crops_with(pyzbar_decode, lambda c: clahe(upscale(c, 3.0)))),
        ("crop-zxing-x3-sharp", crops_with(zxing_decode, lambda c: sharpen(upscale(clahe(c), 3.0)))),
        ("crop-zxing-x4-sharp", crops_with(zxing_decode, lambda c: sharpen(cv2.resize(
            c, None, fx=4, fy=4, interpolation=cv2.INTER_LANCZOS4)))),
        ("crop-pyzbar-x3-otsu", crops_with(pyzbar_decode, lambda c: otsu(upscale(flatten_light(c), 3.0)))),
        ("pyzbar-x2-clahe", lambda g: pyzbar_decode(clahe(upscale(g, 2.0)))),
        ("pyzbar-adaptive", lambda g: pyzbar_decode(adaptive(upscale(g, 2.0)))),
    ]


CHAIN = _chain()


def decode_image(image: np.ndarray, steps: list[tuple[str, Decoder]] | None = None,
                 budget_ms: float | None = None) -> Decoded | None:
    """The first QR text the chain reads in `image`, or None. `budget_ms` stops the chain early
    (the live preview gives each frame a budget; an image file gets the whole chain)."""
    start = time.perf_counter()
    gray = to_gray(image)
    for name, decoder in steps or CHAIN:
        try:
            found = decoder(gray)
        except cv2.error as exc:  # a degenerate crop; the next step may still read it
            log.debug("QR step %s failed: %s", name, exc)
            found = []
        elapsed = (time.perf_counter() - start) * 1000
        if found:
            return Decoded(found[0], name, elapsed)
        if budget_ms is not None and elapsed > budget_ms:
            break
    return None


def decode_file(path: str) -> Decoded | None:
    from PIL import Image

    with Image.open(path) as img:
        image = np.array(img.convert("L"))
    return decode_image(image)

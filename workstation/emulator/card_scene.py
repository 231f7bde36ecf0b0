"""Pictures of a card in front of a webcam: the QR code on a card, placed on a desk, and the
degradations a counter's webcam sees. The QR benchmark and tests are made of these, and the
simulated camera can show them."""
from __future__ import annotations

import cv2
import numpy as np
import segno

CARD_RATIO = 85.6 / 53.98


def qr_image(text: str, module_px: int = 4, border: int = 2) -> np.ndarray:
    """The QR code as a grey image, byte mode UTF-8 as the cards print it."""
    qr = segno.make_qr(text, error="m", encoding="utf-8")
    matrix = np.array(list(qr.matrix), dtype=np.uint8)
    matrix = np.pad(matrix, border)
    image = np.where(matrix == 1, 0, 255).astype(np.uint8)
    return cv2.resize(image, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)


def card_front(text: str, width: int = 860) -> np.ndarray:
    """A card-sized image with the QR in the top-right corner and lines standing for print."""
    height = int(width / CARD_RATIO)
    card = np.full((height, width, 3), (236, 226, 214), np.uint8)
    cv2.rectangle(card, (0, 0), (width - 1, int(height * 0.16)), (170, 110, 60), -1)
    for i in range(6):
        y = int(height * (0.38 + i * 0.09))
        cv2.line(card, (int(width * 0.33), y), (int(width * (0.62 + 0.05 * (i % 3))), y), (70, 60, 60), 4)
    cv2.rectangle(card, (int(width * 0.04), int(height * 0.3)), (int(width * 0.28), int(height * 0.86)),
                  (190, 180, 170), -1)
    side = int(height * 0.34)
    qr = cv2.resize(qr_image(text, 8, 1), (side, side), interpolation=cv2.INTER_AREA)
    x0, y0 = width - side - int(width * 0.03), int(height * 0.2)
    card[y0:y0 + side, x0:x0 + side] = cv2.cvtColor(qr, cv2.COLOR_GRAY2BGR)
    return card


def place(card: np.ndarray, frame_size: tuple[int, int] = (640, 480), card_width: int = 400,
          angle: float = 0.0, tilt: float = 0.0, center: tuple[float, float] = (0.5, 0.5),
          seed: int = 0) -> np.ndarray:
    """The card on a desk in a webcam frame: scaled, rotated by `angle` degrees, tilted away
    (perspective) by `tilt` (0 to ~0.4)."""
    w, h = frame_size
    rng = np.random.default_rng(seed)
    desk = np.full((h, w, 3), (96, 110, 124), np.float32) + rng.normal(0, 6, (h, w, 3))
    ch, cw = card.shape[:2]
    card_height = card_width / CARD_RATIO
    cx, cy = center[0] * w, center[1] * h
    corners = np.array([[-card_width / 2, -card_height / 2], [card_width / 2, -card_height / 2],
                        [card_width / 2, card_height / 2], [-card_width / 2, card_height / 2]], np.float32)
    corners[:2, 0] *= 1 - tilt        # the far edge looks shorter
    corners[:2, 1] *= 1 - tilt / 2
    rad = np.deg2rad(angle)
    rot = np.array([[np.cos(rad), -np.sin(rad)], [np.sin(rad), np.cos(rad)]], np.float32)
    target = corners @ rot.T + np.array([cx, cy], np.float32)
    source = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, target)
    warped = cv2.warpPerspective(card, matrix, (w, h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((ch, cw), 255, np.uint8), matrix, (w, h)) > 0
    desk[mask] = warped[mask]
    return np.clip(desk, 0, 255).astype(np.uint8)


def degrade(frame: np.ndarray, kind: str, level: float, seed: int = 0) -> np.ndarray:
    """Apply one webcam fault at `level` (0 = none, 1 = severe)."""
    rng = np.random.default_rng(seed)
    f = frame.astype(np.float32)
    h, w = frame.shape[:2]
    if kind == "blur":
        k = 1 + 2 * int(level * 4)
        out = cv2.GaussianBlur(frame, (k, k), 0)
    elif kind == "motion":
        k = 1 + int(level * 12)
        kernel = np.zeros((k, k), np.float32)
        kernel[k // 2, :] = 1.0 / k
        out = cv2.filter2D(frame, -1, kernel)
    elif kind == "noise":
        out = np.clip(f + rng.normal(0, 40 * level, f.shape), 0, 255).astype(np.uint8)
    elif kind == "jpeg":
        quality = int(60 - 55 * level)
        ok, buf = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    elif kind == "glare":
        yy, xx = np.mgrid[0:h, 0:w]
        cx, cy = w * 0.62, h * 0.42
        spot = np.exp(-(((xx - cx) / (w * 0.12)) ** 2 + ((yy - cy) / (h * 0.12)) ** 2))
        out = np.clip(f + (255 * 1.2 * level * spot)[..., None], 0, 255).astype(np.uint8)
    elif kind == "low_contrast":
        out = np.clip(128 + (f - 128) * (1 - 0.85 * level), 0, 255).astype(np.uint8)
    elif kind == "dark":
        out = np.clip(f * (1 - 0.85 * level) + rng.normal(0, 4 * level, f.shape), 0, 255).astype(np.uint8)
    elif kind == "bright":
        out = np.clip(f * (1 + 1.2 * level) + 40 * level, 0, 255).astype(np.uint8)
    elif kind == "shadow":
        ramp = np.linspace(1.0, 1 - 0.8 * level, w, dtype=np.float32)[None, :, None]
        out = np.clip(f * ramp, 0, 255).astype(np.uint8)
    elif kind == "defocus_noise":
        k = 1 + 2 * int(level * 3)
        out = np.clip(cv2.GaussianBlur(f, (k, k), 0) + rng.normal(0, 20 * level, f.shape), 0, 255).astype(np.uint8)
    else:
        raise ValueError(f"unknown degradation {kind}")
    return out


DEGRADATIONS = ("small", "blur", "motion", "noise", "rotation", "perspective", "jpeg", "glare", "low_contrast",
                "dark", "bright", "shadow", "defocus_noise", "off_center", "combined")
LEVELS = (0.33, 0.66, 1.0)


def webcam_frame(text: str, kind: str, level: float, seed: int = 0, jitter: int = 0, scale: int = 1) -> np.ndarray:
    """One frame of the grid: the card at arm's length (400 px wide in 640×480), then `kind`.
    `jitter` > 0 moves the card as a hand does between frames (a pixel or two, a degree);
    `scale` 2 is the same scene seen by a 1280×960 camera."""
    card = card_front(text)
    rng = np.random.default_rng(1000 + jitter)
    dx, dy, da = (rng.uniform(-0.004, 0.004), rng.uniform(-0.004, 0.004), rng.uniform(-1.2, 1.2)) if jitter else (0, 0, 0)

    def at(card_width: int = 400, angle: float = 4.0, tilt: float = 0.0, center=(0.5, 0.5)) -> np.ndarray:  # noqa: ANN001
        return place(card, frame_size=(640 * scale, 480 * scale), card_width=card_width * scale, angle=angle + da,
                     tilt=tilt, center=(center[0] + dx, center[1] + dy), seed=seed + jitter)

    if kind == "small":
        return at(card_width=int(360 - 200 * level), angle=0)
    if kind == "rotation":
        return at(angle=90 * level)
    if kind == "perspective":
        return at(tilt=0.45 * level, angle=8)
    if kind == "off_center":
        return at(card_width=int(300 - 100 * level), angle=0, center=(0.5 + 0.3 * level, 0.5 + 0.25 * level))
    if kind == "combined":
        frame = at(card_width=int(360 - 120 * level), angle=15 * level, tilt=0.2 * level)
        return degrade(degrade(degrade(frame, "blur", level * 0.5), "jpeg", level * 0.7), "noise", level * 0.4, seed + jitter)
    return degrade(at(), kind, level, seed + jitter)

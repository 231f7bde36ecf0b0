"""Synthetic fingerprints for the simulated scanner, in the manner of SFinGe (Cappelli, Maio,
Maltoni): an orientation field from cores and deltas (Sherlock–Monro), then noise grown into
ridges by repeated Gabor filtering along that field. Minutiae appear where the grown ridges
split or end, so every (citizen, finger) pair gets its own print that NBIS scores and matches
like a real one, and no real person's fingerprint is needed to exercise the capture path.

Each further touch of the same finger is a new *impression*: the same master print shifted,
rotated, slightly stretched, pressed harder or lighter, with sensor noise — as on real glass.
"""
from __future__ import annotations

import functools
import hashlib
import math

import numpy as np

WIDTH, HEIGHT = 400, 500          # 0.8 × 1.0 inch at 500 dpi
RIDGE_PERIOD = 9.0                # pixels at 500 dpi (about 0.46 mm)
_ORIENTATION_BINS = 24
_ITERATIONS = 8


def _rng(*parts: str) -> np.random.Generator:
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _orientation(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """Ridge orientation (radians, mod π) from one pattern class: loop, whorl or arch."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    z = xx + 1j * yy
    pattern = rng.choice(["left_loop", "right_loop", "whorl", "arch"], p=[0.3, 0.3, 0.3, 0.1])
    scale = width / WIDTH
    cx, cy = width * rng.uniform(0.36, 0.64), height * rng.uniform(0.34, 0.52)
    cores: list[complex] = []
    deltas: list[complex] = []
    if pattern in ("left_loop", "right_loop"):
        side = -1 if pattern == "left_loop" else 1
        cores = [complex(cx, cy)]
        deltas = [complex(cx + side * width * rng.uniform(0.25, 0.35), cy + height * rng.uniform(0.25, 0.33))]
    elif pattern == "whorl":
        gap = rng.uniform(8, 30) * scale
        cores = [complex(cx, cy - gap), complex(cx + rng.uniform(-12, 12) * scale, cy + gap)]
        deltas = [complex(cx - width * rng.uniform(0.28, 0.4), cy + height * rng.uniform(0.22, 0.34)),
                  complex(cx + width * rng.uniform(0.28, 0.4), cy + height * rng.uniform(0.22, 0.34))]
    theta = np.full(z.shape, rng.uniform(-0.3, 0.3))
    # In image rows (y down) a core turns the ridges by +π around it and a delta by −π.
    for c in cores:
        theta += 0.5 * np.angle(z - c)
    for d in deltas:
        theta -= 0.5 * np.angle(z - d)
    if pattern == "arch":
        theta += 0.6 * np.exp(-((xx - cx) / (width * 0.25)) ** 2) * np.tanh((yy - cy) / (height * 0.4) + 0.5) * \
            np.sign(xx - cx)
    return np.mod(theta, math.pi)


def _gabor_bank(period: float) -> list[np.ndarray]:
    import cv2

    size = int(period * 2) | 1
    return [cv2.getGaborKernel((size, size), sigma=period * 0.45, theta=i * math.pi / _ORIENTATION_BINS,
                               lambd=period, gamma=1.0, psi=0).astype(np.float32)
            for i in range(_ORIENTATION_BINS)]


@functools.lru_cache(maxsize=32)
def master_print(citizen: str, finger: str) -> np.ndarray:
    """The finger's ridge pattern as float32 in [-1, 1] (ridges negative), cached.

    Grown at half resolution (four times fewer pixels to filter) and scaled up: ridges are
    smooth at this scale, so nothing is lost that a 500 dpi sensor would show.
    """
    import cv2

    rng = _rng("print", citizen, finger)
    w, h = WIDTH // 2, HEIGHT // 2
    theta = _orientation(rng, w, h)
    # cv2's Gabor theta is the direction of the wave normal: ridges run perpendicular to it
    bins = (np.round((theta + math.pi / 2) / math.pi * _ORIENTATION_BINS) % _ORIENTATION_BINS).astype(np.int32)
    masks = [bins == index for index in range(_ORIENTATION_BINS)]
    field = cv2.GaussianBlur(rng.standard_normal((h, w)).astype(np.float32), (0, 0), RIDGE_PERIOD / 2)
    bank = _gabor_bank(RIDGE_PERIOD / 2)
    for _ in range(_ITERATIONS):
        out = np.empty_like(field)
        for mask, kernel in zip(masks, bank):
            if mask.any():
                out[mask] = cv2.filter2D(field, -1, kernel)[mask]
        field = np.tanh(out / (np.std(out) + 1e-6) * 2.5)
    return np.tanh(cv2.resize(field, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC) * 1.5)


def impression(citizen: str, finger: str, touch: int = 0, *, pressure: float = 1.0,
               width: int = WIDTH, height: int = HEIGHT) -> np.ndarray:
    """One touch of the finger on 500 dpi glass: 8-bit grey, dark ridges on a white background.

    `touch` picks the placement (0 is centred); `pressure` below 1 thins and breaks the ridges
    like a dry or light touch, above 1 thickens them like a wet or heavy one.
    """
    import cv2

    master = master_print(citizen, finger)
    rng = _rng("touch", citizen, finger, str(touch))
    angle = 0.0 if touch == 0 else rng.uniform(-9, 9)
    dx, dy = (0.0, 0.0) if touch == 0 else (rng.uniform(-22, 22), rng.uniform(-22, 22))
    scale = 1.0 if touch == 0 else rng.uniform(0.97, 1.03)
    m = cv2.getRotationMatrix2D((WIDTH / 2, HEIGHT / 2), angle, scale)
    m[:, 2] += (dx, dy)
    ridges = cv2.warpAffine(master, m, (WIDTH, HEIGHT), borderMode=cv2.BORDER_REFLECT)
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    ex = (xx - WIDTH / 2 - dx) / (WIDTH * 0.46)
    ey = (yy - HEIGHT / 2 - dy) / (HEIGHT * 0.47)
    contact = np.clip((1.0 - (ex ** 2 + ey ** 2)) * 6.0, 0.0, 1.0)      # soft finger outline
    level = ridges + (1.0 - pressure) * 0.9                             # threshold moves with pressure
    ink = np.clip(0.5 - level * 0.9, 0.0, 1.0) * contact
    grey = 245.0 - ink * 205.0 + rng.normal(0, 6.0, ink.shape)
    out = np.clip(grey, 0, 255).astype(np.uint8)
    if (width, height) != (WIDTH, HEIGHT):
        out = cv2.resize(out, (width, height), interpolation=cv2.INTER_AREA)
    return out


def smudged(grey: np.ndarray, seed: int = 0) -> np.ndarray:
    """A finger moved on dirty glass: ridges blurred into each other, faint, noisy."""
    import cv2

    blurred = cv2.GaussianBlur(grey, (0, 0), 3.0).astype(np.float32)
    faint = 245.0 - (245.0 - blurred) * 0.45 + np.random.default_rng(seed).normal(0, 10.0, grey.shape)
    return np.clip(faint, 0, 255).astype(np.uint8)


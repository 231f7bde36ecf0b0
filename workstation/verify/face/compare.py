"""Is the person at the counter the person on the chip? dlib's 128-d encodings and their distance.

Verdicts by distance d: match when d ≤ MATCH_BELOW, uncertain up to NO_MATCH_ABOVE, no match
beyond. 0.6 is dlib's published operating point (99.38 % on LFW); the band 0.5–0.6 is shown to
the officer as "uncertain" instead of decided silently, because a chip photo is small, compressed
and often years old. The rates measured on the fixture pairs are in the README and the tests.
"""
from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.verify.face.engine import FaceBox, FaceEngine, default_engine

MATCH_BELOW = 0.50
NO_MATCH_ABOVE = 0.60


class NoFaceFound(WorkstationError):
    def __init__(self, which: str, count: int) -> None:
        self.which = which
        self.count = count
        if count == 0:
            message = Message(f"Không tìm thấy khuôn mặt trong ảnh {which}.", f"No face found in the {which} image.")
        else:
            message = Message(f"Ảnh {which} có {count} khuôn mặt; cần đúng một.",
                              f"The {which} image shows {count} faces; exactly one is needed.")
        super().__init__(message, f"{which}: {count} faces")


@dataclass(frozen=True)
class FaceMatch:
    score: float            # dlib distance: 0 is identical; lower is more alike
    threshold: float        # NO_MATCH_ABOVE: beyond it, not the same person
    match_below: float
    verdict: str            # "match" | "uncertain" | "no_match"
    ms: float

    def as_dict(self) -> dict[str, object]:
        return {"score": round(self.score, 4), "threshold": self.threshold, "match_below": self.match_below,
                "verdict": self.verdict, "ms": round(self.ms, 1)}


def verdict_for(distance: float, match_below: float = MATCH_BELOW, no_match_above: float = NO_MATCH_ABOVE) -> str:
    if distance <= match_below:
        return "match"
    if distance <= no_match_above:
        return "uncertain"
    return "no_match"


@dataclass(frozen=True)
class Encoded:
    encoding: np.ndarray
    box: FaceBox


class FaceComparator:
    """Encodes each image once (cached by content), then compares encodings in microseconds."""

    def __init__(self, engine: FaceEngine | None = None, cache_size: int = 64, match_below: float = MATCH_BELOW,
                 no_match_above: float = NO_MATCH_ABOVE) -> None:
        """The thresholds default to the measured ones (README); a supervisor may move them."""
        if not 0 < match_below <= no_match_above < 2:
            raise ValueError("face thresholds must satisfy 0 < match_below <= no_match_above < 2")
        self.match_below, self.no_match_above = match_below, no_match_above
        self.engine = engine or default_engine()
        self.cache_size = cache_size
        self._cache: OrderedDict[str, Encoded] = OrderedDict()
        self.encodings_computed = 0

    def encode(self, rgb: np.ndarray, which: str, largest_only: bool = False) -> Encoded:
        key = hashlib.sha256(rgb.tobytes()).hexdigest() + str(rgb.shape)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        boxes = self.engine.locate(rgb)
        if largest_only and boxes:
            boxes = [max(boxes, key=lambda b: b.width * b.height)]
        if len(boxes) != 1:
            raise NoFaceFound(which, len(boxes))
        encoded = Encoded(self.engine.encode(rgb, boxes[0]), boxes[0])
        self.encodings_computed += 1
        self._cache[key] = encoded
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return encoded

    def compare(self, reference: np.ndarray, probe: np.ndarray) -> FaceMatch:
        start = time.perf_counter()
        a = self.encode(reference, "chip", largest_only=True)
        b = self.encode(probe, "live")
        distance = float(np.linalg.norm(a.encoding - b.encoding))
        return FaceMatch(distance, self.no_match_above, self.match_below,
                         verdict_for(distance, self.match_below, self.no_match_above),
                         (time.perf_counter() - start) * 1000)

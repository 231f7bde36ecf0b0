"""dlib's face detector, 5-point landmarks and 128-d encoder, through face_recognition.

face_recognition calls quit() when its model package cannot be imported, so it is imported
lazily here, behind a guard that turns that into FaceEngineUnavailable. Only the 5-point landmark
model is used (free to use); the 68-point model was trained on a dataset whose licence forbids
commercial use. Detection runs on a copy scaled to at most `detect_side` pixels: HOG's cost grows
with the pixel count, and a face that fills a counter photo is still hundreds of pixels wide.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from workstation.errors import WorkstationError
from workstation.messages import Message

log = logging.getLogger(__name__)


class FaceEngineUnavailable(WorkstationError):
    def __init__(self, detail: str) -> None:
        super().__init__(Message("Bộ so khớp khuôn mặt chưa được cài đặt đúng. Hãy báo bộ phận kỹ thuật.",
                                 f"Face comparison is not installed correctly ({detail})."), detail)


@dataclass(frozen=True)
class FaceBox:
    top: int
    right: int
    bottom: int
    left: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.top, self.right, self.bottom, self.left)


@dataclass(frozen=True)
class Landmarks5:
    """dlib's 5 points: the outer and inner corner of each eye, and the base of the nose."""

    # named as the viewer sees them (face_recognition's names): right_eye is on the image's right,
    # the subject's left eye; each is its two corners
    right_eye: tuple[tuple[float, float], tuple[float, float]]
    left_eye: tuple[tuple[float, float], tuple[float, float]]
    nose: tuple[float, float]

    @property
    def right_eye_center(self) -> np.ndarray:
        return np.mean(np.array(self.right_eye), axis=0)

    @property
    def left_eye_center(self) -> np.ndarray:
        return np.mean(np.array(self.left_eye), axis=0)

    @property
    def eye_distance(self) -> float:
        return float(np.linalg.norm(self.left_eye_center - self.right_eye_center))


_lock = threading.Lock()
_module: Any = None


def _face_recognition() -> Any:
    global _module
    with _lock:
        if _module is None:
            try:
                import face_recognition
            except SystemExit as exc:  # face_recognition quits when its models are missing
                raise FaceEngineUnavailable(f"face_recognition_models could not be loaded ({exc})") from None
            except ImportError as exc:
                raise FaceEngineUnavailable(str(exc)) from None
            _module = face_recognition
        return _module


# face_recognition keeps one dlib detector, shape predictor and encoder per process, and dlib's
# objects are not safe to call from two threads at once: the preview's analysis and the chip
# photo's encoding (started when the chip is read) overlapped and crashed with SIGSEGV. Every call
# into dlib holds this lock.
_dlib = threading.Lock()


class FaceEngine:
    def __init__(self, detect_side: int = 640) -> None:
        self.detect_side = detect_side
        self.fr = _face_recognition()

    def locate(self, rgb: np.ndarray) -> list[FaceBox]:
        h, w = rgb.shape[:2]
        scale = min(1.0, self.detect_side / max(h, w))
        small = cv2.resize(rgb, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA) if scale < 1 else rgb
        with _dlib:
            boxes = self.fr.face_locations(small, number_of_times_to_upsample=0, model="hog")
            if not boxes and max(small.shape[:2]) < 480:
                # small images (a chip photo): one upsampling finds faces under ~80 px
                boxes = self.fr.face_locations(small, number_of_times_to_upsample=1, model="hog")
        out = [FaceBox(*(int(round(v / scale)) for v in box)) for box in boxes]
        return [FaceBox(max(0, b.top), min(w, b.right), min(h, b.bottom), max(0, b.left)) for b in out]

    def landmarks(self, rgb: np.ndarray, box: FaceBox) -> Landmarks5:
        with _dlib:
            marks = self.fr.face_landmarks(rgb, [box.as_tuple()], model="small")[0]
        left, right = marks["left_eye"], marks["right_eye"]   # face_recognition names them as seen
        return Landmarks5(right_eye=(tuple(right[0]), tuple(right[1])), left_eye=(tuple(left[0]), tuple(left[1])),
                          nose=tuple(marks["nose_tip"][0]))

    def encode(self, rgb: np.ndarray, box: FaceBox) -> np.ndarray:
        with _dlib:
            return self.fr.face_encodings(rgb, [box.as_tuple()], num_jitters=1, model="small")[0]


_engine: FaceEngine | None = None


def default_engine() -> FaceEngine:
    """One engine per process: loading dlib's models takes a few hundred milliseconds."""
    global _engine
    if _engine is None:
        _engine = FaceEngine()
    return _engine

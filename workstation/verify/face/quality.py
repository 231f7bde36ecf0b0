"""Is this a portrait good enough to enroll? Checks modelled on the ICAO portrait rules
(ISO/IEC 19794-5 / 39794-5): exactly one face, enough pixels between the eyes, a frontal pose,
eyes open, sharp, well exposed. Each check gives its value, its limit and the officer's next step.

Eyes open is measured on eyelid landmarks of MediaPipe's iris model (verify/face/eyes.py), not
dlib's 68-point model, whose training data's licence forbids commercial use (see README).
"""
from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

import cv2
import numpy as np

from workstation.messages import Message
from workstation.verify.face.engine import FaceBox, FaceEngine, Landmarks5, default_engine
from workstation.verify.face.eyes import EyeModel, EyeModelUnavailable, EyesOpenness, default_eye_model


log = logging.getLogger(__name__)

@dataclass(frozen=True)
class QualityLimits:
    min_eye_distance: float = 60.0      # px between eye centres (ICAO asks 90 for print; a webcam frame less)
    max_yaw: float = 0.16               # nose offset from the eyes' midpoint, in eye distances (≈ 10°)
    max_roll_degrees: float = 8.0
    min_sharpness: float = 40.0         # variance of the Laplacian of the face scaled to 200 px
    exposure_range: tuple[float, float] = (70.0, 200.0)   # mean luminance of the face
    max_clipped: float = 0.05           # share of face pixels burnt white or crushed black
    # lid gap / eye width of the less open eye: 0.25–0.40 open, under 0.20 shut in the test
    # photographs (tests/verify/test_face_eyes.py); None leaves the check out
    min_eye_opening: float | None = 0.22


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    value: float
    limit: str
    advice: Message | None = None

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "passed": self.passed, "value": round(self.value, 3), "limit": self.limit,
                "advice": self.advice.en if self.advice else None, "advice_vi": self.advice.vi if self.advice else None}


@dataclass(frozen=True)
class QualityReport:
    faces: int
    checks: tuple[Check, ...]
    box: FaceBox | None
    landmarks: Landmarks5 | None
    ms: float
    eyes: EyesOpenness | None = None

    @property
    def passed(self) -> bool:
        return self.faces == 1 and all(c.passed for c in self.checks)

    @property
    def advice(self) -> Message | None:
        """The first thing to fix, for the guidance line under the preview."""
        return next((c.advice for c in self.checks if not c.passed and c.advice), None)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"passed": self.passed, "faces": self.faces,
                                  "checks": [c.as_dict() for c in self.checks], "ms": round(self.ms, 1)}
        if self.eyes is not None:
            out["eyes"] = self.eyes.as_dict()
        return out


MOVE_CLOSER = Message("Đề nghị công dân tiến lại gần camera", "Ask the citizen to move closer")
LOOK_STRAIGHT = Message("Đề nghị công dân nhìn thẳng vào camera", "Ask the citizen to look straight at the camera")
HEAD_LEVEL = Message("Đề nghị công dân giữ thẳng đầu", "Ask the citizen to keep the head level")
HOLD_STILL = Message("Đề nghị công dân giữ yên", "Ask the citizen to hold still")
TOO_DARK = Message("Ảnh quá tối: bật thêm đèn", "Too dark: turn on more light")
TOO_BRIGHT = Message("Ảnh quá sáng: tránh ánh sáng chiếu thẳng", "Too bright: avoid direct light")
NO_FACE = Message("Chưa thấy khuôn mặt: đề nghị công dân nhìn vào camera", "No face: ask the citizen to face the camera")
OPEN_EYES = Message("Đề nghị công dân mở mắt, nhìn vào camera", "Ask the citizen to open both eyes and look at the camera")
ONE_PERSON = Message("Chỉ một người đứng trước camera", "Only one person in front of the camera")


def head_pose(marks: Landmarks5) -> tuple[float, float]:
    """(yaw, roll): yaw as the nose's offset from the eyes' midpoint along the eye line, in eye
    distances (0 frontal; about ±0.3 for a 20° turn); roll in degrees."""
    first, second = sorted((marks.right_eye_center, marks.left_eye_center), key=lambda p: float(p[0]))
    nose = np.array(marks.nose)
    eye_distance = max(marks.eye_distance, 1e-6)
    axis = (second - first) / eye_distance
    yaw = float(np.dot(nose - (first + second) / 2, axis) / eye_distance)
    roll = math.degrees(math.atan2(float(second[1] - first[1]), float(second[0] - first[0])))
    return yaw, roll


def _face_crop(gray: np.ndarray, box: FaceBox) -> np.ndarray:
    crop = gray[max(0, box.top):box.bottom, max(0, box.left):box.right]
    if crop.size == 0:
        return np.zeros((1, 1), np.uint8)
    return cv2.resize(crop, (200, max(1, int(200 * crop.shape[0] / max(1, crop.shape[1])))), interpolation=cv2.INTER_AREA)


def measure_eyes(rgb: np.ndarray, marks: Landmarks5, yaw: float, limits: QualityLimits,
                 eye_model: EyeModel | None = None) -> EyesOpenness | None:
    """The eyes' openness, measured on a frontal face only (the capture is frontal anyway, and a
    head turned for the liveness challenge must not be told to open its eyes); None on a turned
    head, or when the eye model is not installed or cannot run (logged), so that it never refuses
    every photo. The quality gate and the blink challenge both read it from here."""
    model = eye_model or default_eye_model()
    if model is None or abs(yaw) > limits.max_yaw:
        return None
    try:
        return model.openness(rgb, marks)
    except EyeModelUnavailable as exc:
        log.warning("eyes-open check left out: %s", exc.detail)
        return None


def assess(rgb: np.ndarray, engine: FaceEngine | None = None, limits: QualityLimits = QualityLimits(),
           eye_model: EyeModel | None = None) -> QualityReport:
    """`eye_model` defaults to the process's shared one. The eyes check is left out when the
    setting turns it off or `measure_eyes` gives nothing."""
    start = time.perf_counter()
    engine = engine or default_engine()
    boxes = engine.locate(rgb)
    if len(boxes) != 1:
        advice = NO_FACE if not boxes else ONE_PERSON
        check = Check("one_face", False, float(len(boxes)), "= 1", advice)
        return QualityReport(len(boxes), (check,), None, None, (time.perf_counter() - start) * 1000)
    box = boxes[0]
    marks = engine.landmarks(rgb, box)
    eye_distance = marks.eye_distance
    yaw, roll = head_pose(marks)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    face = _face_crop(gray, box)
    sharpness = float(cv2.Laplacian(face, cv2.CV_64F).var())
    mean = float(face.mean())
    clipped = float(((face >= 250) | (face <= 5)).mean())
    lo, hi = limits.exposure_range
    checks = [
        Check("one_face", True, 1.0, "= 1"),
        Check("eye_distance", eye_distance >= limits.min_eye_distance, eye_distance,
              f">= {limits.min_eye_distance:g} px", MOVE_CLOSER),
        Check("exposure", lo <= mean <= hi and clipped <= limits.max_clipped, mean,
              f"{lo:g}..{hi:g}, clipped <= {limits.max_clipped:.0%}", TOO_DARK if mean < lo else TOO_BRIGHT),
        Check("frontal", abs(yaw) <= limits.max_yaw, yaw, f"|yaw| <= {limits.max_yaw:g}", LOOK_STRAIGHT),
        Check("roll", abs(roll) <= limits.max_roll_degrees, roll, f"|roll| <= {limits.max_roll_degrees:g}°", HEAD_LEVEL),
        Check("sharpness", sharpness >= limits.min_sharpness, sharpness, f">= {limits.min_sharpness:g}", HOLD_STILL),
    ]
    eyes = None
    if limits.min_eye_opening is not None:
        eyes = measure_eyes(rgb, marks, yaw, limits, eye_model)
        if eyes is not None:
            checks.insert(5, Check("eyes_open", eyes.least >= limits.min_eye_opening, eyes.least,
                                   f">= {limits.min_eye_opening:g}", OPEN_EYES))
    return QualityReport(1, tuple(checks), box, marks, (time.perf_counter() - start) * 1000, eyes)

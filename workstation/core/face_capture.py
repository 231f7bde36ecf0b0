"""The face step: guidance on the live preview, the liveness challenge, auto-capture when the
portrait passes.

Frames arrive from the camera's thread; analysis runs on its own thread on the newest frame only
(detection on a copy scaled to 320 px, ~13 ms), at most `rate` times a second, so the preview
never waits for it. When `needed` analyses in a row pass every quality check, the frame is
captured, once the head-turn challenge has passed (workstation.verify.face.liveness). A manual
capture keeps the failing checks, liveness included, with it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from workstation.core.latest_only import LatestOnlyWorker
from workstation.devices.camera.base import CameraDriver, Frame
from workstation.messages import Message
from workstation.verify.face.engine import FaceEngine
from workstation.verify.face.image_io import bgr_to_rgb
from workstation.verify.face.eyes import default_eye_model
from workstation.verify.face.liveness import (
    BLINK,
    HEAD_TURN,
    BlinkChallenge,
    HeadTurnChallenge,
    LivenessState,
    photo_edge_around,
)
from workstation.verify.face.quality import QualityLimits, QualityReport, assess, head_pose, measure_eyes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FaceGuidance:
    frame_index: int
    report: QualityReport
    streak: int                         # analyses in a row that passed
    liveness: LivenessState | None = None

    @property
    def advice(self) -> Message | None:
        """What the officer should ask for next: what makes the frame unusable first (no face, too
        dark, too far...), then the liveness challenge while it runs, then the pose. Eyes shut for
        the blink challenge are the challenge's business, not a fault of the frame."""
        if self.liveness is not None and self.liveness.status == "shut":
            return self.liveness.advice
        unusable = [c for c in self.report.checks if not c.passed and c.name not in ("frontal", "roll")]
        if unusable:
            return unusable[0].advice
        if self.liveness is not None and self.liveness.status != "passed":
            return self.liveness.advice
        return self.report.advice


@dataclass(frozen=True)
class CapturedFace:
    frame: Frame
    report: QualityReport
    automatic: bool
    liveness: LivenessState | None = None

    @property
    def failed_checks(self) -> tuple[str, ...]:
        failed = [c.name for c in self.report.checks if not c.passed]
        if self.liveness is not None and self.liveness.status != "passed":
            failed.append("liveness")
        return tuple(failed)


class FaceCaptureSession:
    def __init__(self, on_guidance: Callable[[FaceGuidance], None], on_capture: Callable[[CapturedFace], None],
                 engine: FaceEngine | None = None, rate: float = 8.0, needed: int = 3,
                 limits: QualityLimits = QualityLimits(), liveness: bool = True, challenge: str = HEAD_TURN) -> None:
        self.on_guidance = on_guidance
        self.on_capture = on_capture
        self.engine = engine or FaceEngine(detect_side=320)
        self.needed = needed
        self.limits = limits
        self._lock = threading.Lock()
        self._last_report: tuple[Frame, QualityReport] | None = None
        self._captured = False
        self.streak = 0
        self.challenge: HeadTurnChallenge | BlinkChallenge | None = None
        if liveness:
            self.challenge = BlinkChallenge() if challenge == BLINK else HeadTurnChallenge()
        self.liveness: LivenessState | None = None
        self.worker: LatestOnlyWorker[Frame] = LatestOnlyWorker("face-analysis", self._analyse, 1.0 / rate)

    @property
    def analysed(self) -> int:
        return self.worker.handled

    @property
    def thread(self) -> threading.Thread:
        return self.worker.thread

    def start(self) -> "FaceCaptureSession":
        self.worker.start()
        return self

    def stop(self) -> None:
        self.worker.stop()

    def offer(self, frame: Frame) -> None:
        """From the camera thread, for every frame; never blocks on the analysis."""
        self.worker.offer(frame)

    def capture_now(self) -> CapturedFace | None:
        """The officer's manual capture: the newest analysed frame, with its failing checks."""
        with self._lock:
            last = self._last_report
        if last is None:
            return None
        captured = CapturedFace(last[0], last[1], automatic=False, liveness=self.liveness)
        if self._finish(captured):
            self.worker.stop(join=False)
        return captured

    def _finish(self, captured: CapturedFace) -> bool:
        with self._lock:
            if self._captured:
                return False
            self._captured = True
        self.on_capture(captured)
        return True

    def _analyse(self, frame: Frame) -> bool:
        try:
            rgb = bgr_to_rgb(frame.pixels)
            report = assess(rgb, self.engine, self.limits)
            self._update_liveness(rgb, report)
        except Exception:  # noqa: BLE001 - one bad frame must not end the preview
            log.exception("face analysis failed on frame %d", frame.index)
            return False
        live = self.challenge is None or (self.liveness is not None and self.liveness.status == "passed")
        self.streak = self.streak + 1 if report.passed and live else 0
        with self._lock:
            self._last_report = (frame, report)
        self.on_guidance(FaceGuidance(frame.index, report, self.streak, self.liveness))
        if self.streak >= self.needed:
            self._finish(CapturedFace(frame, report, automatic=True, liveness=self.liveness))
            return True
        return False

    def _update_liveness(self, rgb: np.ndarray, report: QualityReport) -> None:
        if self.challenge is None or report.faces != 1 or report.landmarks is None or report.box is None:
            return
        if self.liveness is not None and self.liveness.status in ("passed", "failed"):
            return
        edge = photo_edge_around(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), report.box)
        if isinstance(self.challenge, BlinkChallenge):
            self.liveness = self.challenge.update(self._openness(rgb, report), edge)
            return
        yaw, _roll = head_pose(report.landmarks)
        self.liveness = self.challenge.update(yaw, report.landmarks.eye_distance, edge)

    def _openness(self, rgb: np.ndarray, report: QualityReport) -> float | None:
        """The quality report's, or measured here when the eyes-open check is turned off."""
        eyes = report.eyes
        if eyes is None and self.limits.min_eye_opening is None and report.landmarks is not None:
            eyes = measure_eyes(rgb, report.landmarks, head_pose(report.landmarks)[0], self.limits)
        return eyes.least if eyes is not None else None


@dataclass(frozen=True)
class CameraRun:
    captured: CapturedFace | None
    frames: int        # frames read from the camera
    analysed: int      # of which analysed


def blink_challenge_available() -> bool:
    """The blink challenge needs the eye model (it is installed by setup, but may be missing)."""
    return default_eye_model() is not None


def capture_from_camera(camera: CameraDriver, timeout: float, limits: QualityLimits = QualityLimits(),
                        challenge: str = HEAD_TURN) -> CameraRun:
    """Without a window (`workstation enroll`): feed the camera's frames to a capture session
    until it captures by itself, or, after `timeout`, capture by hand as the officer would."""
    captured: list[CapturedFace] = []
    session = FaceCaptureSession(on_guidance=lambda _g: None, on_capture=captured.append, limits=limits,
                                 challenge=challenge).start()
    frames = 0
    deadline = time.monotonic() + timeout
    try:
        camera.open()
        while not captured and time.monotonic() < deadline:
            session.offer(camera.read())
            frames += 1
        if not captured:
            session.capture_now()
    finally:
        session.stop()
        camera.close()
    return CameraRun(captured[0] if captured else None, frames, session.analysed)


def frame_from_rgb(rgb: np.ndarray, index: int = 0) -> Frame:
    return Frame(np.ascontiguousarray(rgb[..., ::-1]), time.monotonic(), index)

"""The face step: guidance on the live preview, auto-capture when the portrait passes.

Frames arrive from the camera's thread; analysis runs on its own thread on the newest frame only
(detection on a copy scaled to 320 px, ~13 ms), at most `rate` times a second, so the preview
never waits for it. When `needed` analyses in a row pass every quality check, the frame is
captured. A manual capture keeps the failing checks with it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from workstation.devices.camera.base import Frame
from workstation.verify.face.engine import FaceEngine
from workstation.verify.face.image_io import bgr_to_rgb
from workstation.verify.face.quality import QualityLimits, QualityReport, assess

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FaceGuidance:
    frame_index: int
    report: QualityReport
    streak: int          # analyses in a row that passed


@dataclass(frozen=True)
class CapturedFace:
    frame: Frame
    report: QualityReport
    automatic: bool

    @property
    def failed_checks(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.report.checks if not c.passed)


class FaceCaptureSession:
    def __init__(self, on_guidance: Callable[[FaceGuidance], None], on_capture: Callable[[CapturedFace], None],
                 engine: FaceEngine | None = None, rate: float = 8.0, needed: int = 3,
                 limits: QualityLimits = QualityLimits()) -> None:
        self.on_guidance = on_guidance
        self.on_capture = on_capture
        self.engine = engine or FaceEngine(detect_side=320)
        self.interval = 1.0 / rate
        self.needed = needed
        self.limits = limits
        self._latest: Frame | None = None
        self._last_report: tuple[Frame, QualityReport] | None = None
        self._cond = threading.Condition()
        self._stop = False
        self._captured = False
        self.streak = 0
        self.analysed = 0
        self.thread = threading.Thread(target=self._run, name="face-analysis", daemon=True)

    def start(self) -> "FaceCaptureSession":
        self.thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify()
        self.thread.join(5)

    def offer(self, frame: Frame) -> None:
        """From the camera thread, for every frame; never blocks on the analysis."""
        with self._cond:
            self._latest = frame
            self._cond.notify()

    def capture_now(self) -> CapturedFace | None:
        """The officer's manual capture: the newest analysed frame, with its failing checks."""
        with self._cond:
            last = self._last_report
        if last is None:
            return None
        captured = CapturedFace(last[0], last[1], automatic=False)
        self._finish(captured)
        return captured

    def _finish(self, captured: CapturedFace) -> None:
        with self._cond:
            if self._captured:
                return
            self._captured = True
            self._stop = True
            self._cond.notify()
        self.on_capture(captured)

    def _next(self) -> Frame | None:
        with self._cond:
            while self._latest is None and not self._stop:
                self._cond.wait()
            if self._stop:
                return None
            frame, self._latest = self._latest, None
            return frame

    def _run(self) -> None:
        while True:
            frame = self._next()
            if frame is None:
                return
            started = time.monotonic()
            try:
                report = assess(bgr_to_rgb(frame.pixels), self.engine, self.limits)
            except Exception:  # noqa: BLE001 - one bad frame must not end the preview
                log.exception("face analysis failed on frame %d", frame.index)
                continue
            self.analysed += 1
            self.streak = self.streak + 1 if report.passed else 0
            with self._cond:
                self._last_report = (frame, report)
            self.on_guidance(FaceGuidance(frame.index, report, self.streak))
            if self.streak >= self.needed:
                self._finish(CapturedFace(frame, report, automatic=True))
                return
            time.sleep(max(0.0, self.interval - (time.monotonic() - started)))


def frame_from_rgb(rgb: np.ndarray, index: int = 0) -> Frame:
    return Frame(np.ascontiguousarray(rgb[..., ::-1]), time.monotonic(), index)

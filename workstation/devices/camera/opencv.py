"""USB and built-in webcams through OpenCV's VideoCapture."""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from workstation.devices.base import DeviceState, DeviceStatus, DriverParams, Param
from workstation.devices.camera.base import CameraDriver, CameraLostError, Frame

log = logging.getLogger(__name__)


class OpenCvCameraDriver(CameraDriver):
    name = "opencv"
    parameters = {"device": Param((int, str), 0, low=0, high=63),     # an index, or a path such as /dev/video2
                  "width": Param((int,), 1280, low=0, high=8192),      # 0: leave the camera's own
                  "height": Param((int,), 720, low=0, high=8192),
                  "fps": Param((float,), 30.0, low=0, high=240)}
    title = "Webcam (OpenCV)"

    def __init__(self, params=None) -> None:  # noqa: ANN001
        super().__init__(params)
        self._capture: Any = None
        self._index = 0

    @classmethod
    def missing_library(cls, params: DriverParams | None = None) -> str | None:
        try:
            import cv2  # noqa: F401
        except ImportError as exc:
            return f"opencv-python is not installed ({exc})"
        return None

    @property
    def device(self) -> int | str:
        value = self.params.get("device", 0)
        return value if isinstance(value, (int, str)) else 0

    def _device_path(self) -> Path | None:
        """On Linux a camera is a /dev/video* node: checking it is instant and grabs nothing."""
        if isinstance(self.device, str):
            return Path(self.device)
        if sys.platform.startswith("linux"):
            return Path(f"/dev/video{self.device}")
        return None

    def probe(self) -> DeviceStatus:
        if self._capture is not None:
            return self.status(DeviceState.CONNECTED, f"camera {self.device}")
        path = self._device_path()
        if path is not None:
            if path.exists():
                return self.status(DeviceState.CONNECTED, str(path))
            return self.status(DeviceState.MISSING, f"{path} not present")
        import cv2

        capture = cv2.VideoCapture(self.device)
        try:
            if capture.isOpened():
                return self.status(DeviceState.CONNECTED, f"camera {self.device}")
            return self.status(DeviceState.MISSING, f"camera {self.device} not found")
        finally:
            capture.release()

    def open(self) -> None:
        import cv2

        capture = cv2.VideoCapture(self.device)
        if not capture.isOpened():
            raise CameraLostError(f"cannot open camera {self.device}")
        for prop, key in ((cv2.CAP_PROP_FRAME_WIDTH, "width"), (cv2.CAP_PROP_FRAME_HEIGHT, "height"),
                          (cv2.CAP_PROP_FPS, "fps")):
            if self.params.get(key):
                capture.set(prop, float(self.params.get(key)))
        self._capture = capture
        self._index = 0

    def read(self) -> Frame:
        if self._capture is None:
            self.open()
        ok, pixels = self._capture.read()
        if not ok or pixels is None:
            self.close()
            raise CameraLostError(f"camera {self.device} returned no frame")
        self._index += 1
        return Frame(pixels, time.monotonic(), self._index)

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None

"""The simulated camera: plays an image folder (a tester's scenario) or a test pattern, at a set
frame rate, so the preview, detection and capture paths run exactly as with a webcam."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from workstation.devices.base import DeviceStatus, Param
from workstation.devices.camera.base import CameraDriver, CameraLostError, Frame
from workstation.devices.simulation import SimulatedPlug, simulated_status

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}


class SimulatedCameraDriver(CameraDriver):
    name = "simulated"
    parameters = {"fps": Param((float,), 30.0, low=1, high=240),
                  "width": Param((int,), 640, low=16, high=4096),
                  "height": Param((int,), 480, low=16, high=4096),
                  "scenario": Param((str,), "")}
    title = "Simulated camera"
    simulated = True

    def __init__(self, params=None) -> None:  # noqa: ANN001
        super().__init__(params)
        self.plug = SimulatedPlug()
        self._frames: list[np.ndarray] = []
        self._index = 0
        self._next_due = 0.0
        self._open = False

    @property
    def size(self) -> tuple[int, int]:
        return int(self.params.get("width", 640)), int(self.params.get("height", 480))

    def probe(self) -> DeviceStatus:
        return simulated_status(self, self.title)

    def load_scenario(self, folder: Path | None) -> None:
        """Play the images of `folder` in name order (None: the built-in test pattern)."""
        frames: list[np.ndarray] = []
        if folder is not None:
            import cv2

            for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
                image = cv2.imread(str(path), cv2.IMREAD_COLOR)
                if image is not None:
                    frames.append(image)
            if not frames:
                raise CameraLostError(f"no images in scenario folder {folder}")
        self._frames = frames

    def load_frames(self, frames: list[np.ndarray]) -> None:
        """Play these BGR frames (a scenario made in memory) in a loop."""
        if not frames:
            raise CameraLostError("an empty camera scenario")
        self._frames = list(frames)

    def open(self) -> None:
        if not self.plug.plugged:
            raise CameraLostError("simulated camera unplugged")
        scenario = self.params.get("scenario", "")
        if scenario and not self._frames:
            self.load_scenario(Path(str(scenario)))
        self._open = True
        self._index = 0
        self._next_due = time.monotonic()

    def read(self) -> Frame:
        if not self.plug.plugged:
            self._open = False
            raise CameraLostError("simulated camera unplugged")
        if not self._open:
            self.open()
        # pace like a real camera: a frame every 1/fps seconds
        delay = self._next_due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next_due = max(self._next_due + 1.0 / self.fps, time.monotonic())
        self._index += 1
        if self._frames:
            pixels = self._frames[(self._index - 1) % len(self._frames)]
        else:
            pixels = pattern_frame(*self.size, self._index)
        return Frame(pixels, time.monotonic(), self._index)

    def close(self) -> None:
        self._open = False


def pattern_frame(width: int, height: int, index: int) -> np.ndarray:
    """Colour bars with a bar sweeping across: shows at a glance that frames are moving."""
    x = np.linspace(0, 255, width, dtype=np.float32)
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    frame = np.empty((height, width, 3), dtype=np.uint8)
    frame[..., 0] = (x[None, :] * 0.6 + 60).astype(np.uint8)
    frame[..., 1] = (y * 0.5 + 50).astype(np.uint8)
    frame[..., 2] = 90
    bar = (index * 8) % max(width - 16, 1)
    frame[:, bar:bar + 16] = 255
    return frame

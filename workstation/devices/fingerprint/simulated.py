"""The simulated fingerprint scanner: produces a ridge-like 500 dpi image, with controls for
delay and unplugging, so the capture workflow runs without hardware."""
from __future__ import annotations

import time

import numpy as np

from workstation.devices.base import DeviceStatus
from workstation.devices.fingerprint.base import (
    CaptureTimeout,
    FingerImage,
    FingerprintDriver,
    ScannerError,
    ScannerInfo,
)
from workstation.devices.simulation import SimulatedPlug, simulated_status


class SimulatedScannerDriver(FingerprintDriver):
    name = "simulated"
    title = "Simulated fingerprint scanner"
    simulated = True

    def __init__(self, params=None) -> None:  # noqa: ANN001
        super().__init__(params)
        self.plug = SimulatedPlug()

    def probe(self) -> DeviceStatus:
        return simulated_status(self, self.title)

    def info(self) -> ScannerInfo:
        return ScannerInfo(vendor="Workstation", model="Simulated scanner", serial="SIM-0001", dpi=500)

    def capture(self, finger: str, timeout: float = 10.0) -> FingerImage:
        if not self.plug.plugged:
            raise ScannerError("simulated scanner unplugged")
        delay = float(self.params.get("delay_seconds", 0.0))
        if delay > timeout:
            raise CaptureTimeout(f"simulated delay {delay}s exceeds timeout {timeout}s")
        time.sleep(delay)
        return FingerImage(ridge_image(finger), dpi=500)


def ridge_image(finger: str, width: int = 400, height: int = 500) -> np.ndarray:
    """Concentric ridges around a finger-specific core: distinct per finger, stable per call."""
    seed = sum(finger.encode()) % 97
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    cx, cy = width * (0.4 + seed / 485), height * (0.45 + seed / 970)
    r = np.hypot((xx - cx) * 1.0, (yy - cy) * 0.8)
    ridges = 0.5 + 0.5 * np.sin(r / 4.5 + np.arctan2(yy - cy, xx - cx) * (seed % 3))
    mask = ((xx - width / 2) / (width * 0.42)) ** 2 + ((yy - height / 2) / (height * 0.47)) ** 2 <= 1
    image = np.where(mask, 255 - ridges * 200, 255)
    return image.astype(np.uint8)

"""The fingerprint scanner interface: device info, capture of one finger as an 8-bit image."""
from __future__ import annotations

import abc
from dataclasses import dataclass

import numpy as np

from workstation.devices.base import DeviceKind, Driver
from workstation.errors import DeviceError
from workstation.messages import Message


@dataclass(frozen=True)
class ScannerInfo:
    vendor: str
    model: str
    serial: str
    dpi: int


@dataclass(frozen=True)
class FingerImage:
    """One captured finger: 8-bit grey pixels at the scanner's resolution."""

    pixels: np.ndarray
    dpi: int
    device_quality: int | None = None  # the scanner's own score, where it has one


class FingerprintDriver(Driver):
    kind = DeviceKind.FINGERPRINT

    @abc.abstractmethod
    def info(self) -> ScannerInfo:
        """Vendor, model, serial and resolution of the attached scanner."""

    @abc.abstractmethod
    def capture(self, finger: str, timeout: float = 10.0) -> FingerImage:
        """Wait for `finger` (e.g. "right_index") on the glass and return its image."""


class ScannerError(DeviceError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Message(
            "Máy quét vân tay không phản hồi. Hãy kiểm tra dây cáp USB.",
            "The fingerprint scanner is not answering: check its USB cable."), detail)


class CaptureTimeout(DeviceError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Message(
            "Chưa nhận được vân tay. Hãy đặt ngón tay lên mặt kính máy quét.",
            "No finger was placed in time: put the finger on the scanner glass."), detail)

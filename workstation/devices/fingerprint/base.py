"""The fingerprint scanner interface: device info, capture of one finger as an 8-bit image."""
from __future__ import annotations

import abc
import threading
from collections.abc import Callable
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

    def as_dict(self) -> dict[str, object]:
        return {"vendor": self.vendor, "model": self.model, "serial": self.serial, "dpi": self.dpi}


@dataclass(frozen=True)
class FingerImage:
    """One captured finger: 8-bit grey pixels at the scanner's resolution."""

    pixels: np.ndarray
    dpi: int
    device_quality: int | None = None  # the scanner's own score, where it has one


PreviewCallback = Callable[[np.ndarray], None]


class FingerprintDriver(Driver):
    """A scanner. `capture` runs on the device's own thread and blocks until a finger is scanned,
    the timeout passes or `cancel()` is called from any other thread."""

    kind = DeviceKind.FINGERPRINT

    def __init__(self, params=None) -> None:  # noqa: ANN001
        super().__init__(params)
        self._cancelled = threading.Event()

    @abc.abstractmethod
    def info(self) -> ScannerInfo:
        """Vendor, model, serial and resolution of the attached scanner."""

    @abc.abstractmethod
    def capture(self, finger: str, timeout: float = 10.0, preview: PreviewCallback | None = None) -> FingerImage:
        """Wait for `finger` (e.g. "right_index") on the glass and return its image; `preview`
        receives live frames where the scanner has them."""

    def cancel(self) -> None:
        """Stop a capture in progress (it raises CaptureCancelled). Safe from any thread."""
        self._cancelled.set()

    def _begin_capture(self) -> None:
        self._cancelled.clear()

    def _check_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise CaptureCancelled()


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


class CaptureCancelled(DeviceError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Message("Đã huỷ lấy vân tay.", "Fingerprint capture cancelled."), detail)

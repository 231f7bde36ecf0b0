"""The camera interface: open, read frames, close."""
from __future__ import annotations

import abc
from dataclasses import dataclass

import numpy as np

from workstation.devices.base import DeviceKind, Driver
from workstation.errors import DeviceError
from workstation.messages import Message


@dataclass(frozen=True)
class Frame:
    """One camera frame: BGR uint8 pixels (OpenCV's order), when it was taken, its number."""

    pixels: np.ndarray
    timestamp: float
    index: int

    @property
    def size(self) -> tuple[int, int]:
        return int(self.pixels.shape[1]), int(self.pixels.shape[0])


class CameraDriver(Driver):
    kind = DeviceKind.CAMERA

    @abc.abstractmethod
    def open(self) -> None:
        """Start streaming; raises CameraLostError when the camera cannot be opened."""

    @abc.abstractmethod
    def read(self) -> Frame:
        """The next frame, blocking at most about one frame interval."""

    @property
    def fps(self) -> float:
        return float(self.params.get("fps", 30))


class CameraLostError(DeviceError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Message(
            "Mất kết nối camera. Hãy kiểm tra dây cáp USB của camera.",
            "The camera stopped answering: check its USB cable."), detail)

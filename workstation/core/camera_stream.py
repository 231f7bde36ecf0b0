"""Streaming camera frames on the camera's own thread until stopped; a camera that vanishes is
reported and retried, never a crash."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

from workstation.core.device_manager import DeviceManager
from workstation.devices.base import DeviceKind
from workstation.devices.camera.base import CameraDriver, CameraLostError, Frame
from workstation.errors import WorkstationError

log = logging.getLogger(__name__)


class CameraStream:
    def __init__(self, devices: DeviceManager, on_frame: Callable[[Frame], None],
                 on_error: Callable[[WorkstationError], None] | None = None, retry_seconds: float = 1.0) -> None:
        self.devices = devices
        self.on_frame = on_frame
        self.on_error = on_error or (lambda _e: None)
        self.retry_seconds = retry_seconds
        self._stop = threading.Event()
        self.future: Future[None] | None = None
        self.frames = 0

    def start(self) -> None:
        self._stop.clear()
        self.future = self.devices.submit(DeviceKind.CAMERA, self._loop)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self.future is not None:
            try:
                self.future.result(timeout)
            except Exception:  # noqa: BLE001, S110
                pass

    def _loop(self, camera: CameraDriver) -> None:  # runs on the camera's thread
        while not self._stop.is_set():
            try:
                camera.open()
                while not self._stop.is_set():
                    frame = camera.read()
                    self.frames += 1
                    self.on_frame(frame)
            except CameraLostError as exc:
                log.info("camera lost: %s", exc.detail)
                self.on_error(exc)
                self._stop.wait(self.retry_seconds)
            finally:
                camera.close()
        return None


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True

"""Fingerprint scanners supported by libfprint (DigitalPersona U.are.U 4000/4500 and others),
through GObject introspection. Linux only, imported lazily: other systems list it as unavailable.

libfprint gives a finished image per touch and no live frames, so there is no preview. A capture
blocks in `capture_sync`; a timeout or `cancel()` cancels it through a Gio.Cancellable. The
library's test device `virtual_image` (FP_VIRTUAL_IMAGE=socket) drives this same path in the tests.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np

from workstation.devices.base import DeviceState, DeviceStatus, DriverParams, Param
from workstation.devices.fingerprint.base import (
    CaptureCancelled,
    CaptureTimeout,
    FingerImage,
    FingerprintDriver,
    PreviewCallback,
    ScannerError,
    ScannerInfo,
)

log = logging.getLogger(__name__)
_DEFAULT_DPI = 500


def _gi() -> tuple[Any, Any]:
    import gi

    gi.require_version("FPrint", "2.0")
    from gi.repository import FPrint, Gio

    return FPrint, Gio


class LibfprintScannerDriver(FingerprintDriver):
    name = "libfprint"
    parameters = {"device": Param((str,), "")}
    title = "libfprint scanner"

    def __init__(self, params=None) -> None:  # noqa: ANN001
        super().__init__(params)
        self._context: Any = None
        self._device: Any = None
        self._lock = threading.Lock()
        self._cancellable: Any = None

    @classmethod
    def missing_library(cls, params: DriverParams | None = None) -> str | None:
        try:
            _gi()
        except (ImportError, ValueError) as exc:
            return f"libfprint is not installed (apt install libfprint-2-2 gir1.2-fprint-2.0 python3-gi): {exc}"
        return None

    def _devices(self) -> list[Any]:
        if self._context is None:
            fprint, _ = _gi()
            self._context = fprint.Context()
        self._context.enumerate()
        wanted = str(self.params.get("device", ""))   # part of the driver or device name; empty: the first
        devices = list(self._context.get_devices())
        if wanted:
            devices = [d for d in devices if wanted in d.get_driver() or wanted in d.get_name()]
        return devices

    def probe(self) -> DeviceStatus:
        devices = self._devices()
        if not devices:
            self._device = None
            return self.status(DeviceState.MISSING, "no libfprint scanner attached")
        return self.status(DeviceState.CONNECTED, ", ".join(d.get_name() for d in devices))

    def _open(self) -> Any:
        if self._device is None:
            devices = self._devices()
            if not devices:
                raise ScannerError("no libfprint scanner attached")
            device = devices[0]
            try:
                device.open_sync(None)
            except Exception as exc:  # noqa: BLE001 - GLib.Error: busy, permission denied, gone
                raise ScannerError(f"cannot open {device.get_name()}: {exc}") from None
            self._device = device
        return self._device

    def info(self) -> ScannerInfo:
        device = self._open()
        return ScannerInfo(vendor=device.get_driver(), model=device.get_name(), serial=device.get_device_id(),
                           dpi=_DEFAULT_DPI)

    def capture(self, finger: str, timeout: float = 10.0, preview: PreviewCallback | None = None) -> FingerImage:
        _, gio = _gi()
        self._begin_capture()
        device = self._open()
        cancellable = gio.Cancellable()
        timed_out = threading.Event()

        def expire() -> None:
            timed_out.set()
            cancellable.cancel()

        timer = threading.Timer(timeout, expire)
        with self._lock:
            self._cancellable = cancellable
        timer.start()
        try:
            image = device.capture_sync(True, cancellable)
        except Exception as exc:  # noqa: BLE001 - GLib.Error carries the reason
            if timed_out.is_set():
                raise CaptureTimeout(f"no finger within {timeout:.0f} s") from None
            if cancellable.is_cancelled():
                raise CaptureCancelled() from None
            self._close_device()
            raise ScannerError(f"capture failed: {exc}") from None
        finally:
            timer.cancel()
            with self._lock:
                self._cancellable = None
        width, height = image.get_width(), image.get_height()
        pixels = np.frombuffer(bytes(image.get_data()), dtype=np.uint8)[:width * height].reshape(height, width).copy()
        ppmm = image.get_ppmm()
        dpi = round(ppmm * 25.4) if ppmm and ppmm > 0 else _DEFAULT_DPI
        return FingerImage(pixels, dpi=dpi)

    def cancel(self) -> None:
        super().cancel()
        with self._lock:
            if self._cancellable is not None:
                self._cancellable.cancel()

    def _close_device(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            try:
                device.close_sync(None)
            except Exception as exc:  # noqa: BLE001 - already gone
                log.debug("closing libfprint device: %s", exc)

    def close(self) -> None:
        self._close_device()

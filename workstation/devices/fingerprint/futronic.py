"""Futronic scanners (FS80H, FS88H, FS60, ...) through the vendor's ftrScanAPI, reached with ctypes.
libfprint has no Futronic driver; Futronic ships ftrScanAPI for Linux (libScanAPI.so) and
Windows (ftrScanAPI.dll).

Written against the SDK's documented C API, NOT TESTED ON HARDWARE (drivers_config says so too):
    FTRHANDLE ftrScanOpenDevice(void);               void ftrScanCloseDevice(FTRHANDLE);
    BOOL ftrScanGetImageSize(FTRHANDLE, FTRSCAN_IMAGE_SIZE *);   {int nWidth, nHeight, nImageSize}
    BOOL ftrScanIsFingerPresent(FTRHANDLE, FTRSCAN_FRAME_PARAMETERS * /* may be NULL */);
    BOOL ftrScanGetFrame(FTRHANDLE, void *buffer, FTRSCAN_FRAME_PARAMETERS * /* may be NULL */);
    BOOL ftrScanGetSerialNumber(FTRHANDLE, void *buffer /* 8 bytes */);
    DWORD ftrScanGetLastError(void);
The tests build a stand-in library with these signatures, so the ctypes marshalling, the polling,
timeouts, cancel and unplugging are exercised; what a real FS88H returns is not.
"""
from __future__ import annotations

import ctypes
import sys
import threading
import time
from typing import Any

import numpy as np

from workstation.devices.base import DeviceState, DeviceStatus, DriverParams, Param
from workstation.devices.fingerprint.base import (
    CaptureTimeout,
    FingerImage,
    FingerprintDriver,
    PreviewCallback,
    ScannerError,
    ScannerInfo,
)

DEFAULT_LIBRARY = "ftrScanAPI.dll" if sys.platform == "win32" else "libScanAPI.so"
_POLL_SECONDS = 0.05
_FRAME_TRIES = 5          # a moving finger gives a failed frame; the SDK samples retry a few times


class _ImageSize(ctypes.Structure):
    _fields_ = [("nWidth", ctypes.c_int), ("nHeight", ctypes.c_int), ("nImageSize", ctypes.c_int)]


def _library_name(params: DriverParams | None) -> str:
    return str((params or DriverParams()).get("library", "") or DEFAULT_LIBRARY)


def load_library(name: str) -> Any:
    """The SDK as a ctypes library with every function's argument and result types declared."""
    loader = ctypes.WinDLL if sys.platform == "win32" else ctypes.CDLL  # type: ignore[attr-defined]
    lib = loader(name)
    handle = ctypes.c_void_p
    lib.ftrScanOpenDevice.restype = handle
    lib.ftrScanOpenDevice.argtypes = []
    lib.ftrScanCloseDevice.restype = None
    lib.ftrScanCloseDevice.argtypes = [handle]
    lib.ftrScanGetImageSize.restype = ctypes.c_int
    lib.ftrScanGetImageSize.argtypes = [handle, ctypes.POINTER(_ImageSize)]
    lib.ftrScanIsFingerPresent.restype = ctypes.c_int
    lib.ftrScanIsFingerPresent.argtypes = [handle, ctypes.c_void_p]
    lib.ftrScanGetFrame.restype = ctypes.c_int
    lib.ftrScanGetFrame.argtypes = [handle, ctypes.c_void_p, ctypes.c_void_p]
    lib.ftrScanGetSerialNumber.restype = ctypes.c_int
    lib.ftrScanGetSerialNumber.argtypes = [handle, ctypes.c_void_p]
    lib.ftrScanGetLastError.restype = ctypes.c_uint32
    lib.ftrScanGetLastError.argtypes = []
    return lib


class FutronicScannerDriver(FingerprintDriver):
    name = "futronic"
    parameters = {"library": Param((str,), ""), "dpi": Param((int,), 500, low=250, high=1000)}
    title = "Futronic scanner (ftrScanAPI)"

    def __init__(self, params=None) -> None:  # noqa: ANN001
        super().__init__(params)
        self._lib: Any = None
        self._handle: int | None = None
        self._size: tuple[int, int] = (0, 0)
        self._io = threading.Lock()   # the SDK is not documented as thread-safe: one call at a time

    @classmethod
    def missing_library(cls, params: DriverParams | None = None) -> str | None:
        name = _library_name(params)
        try:
            load_library(name)
        except (OSError, AttributeError) as exc:
            return f"the Futronic SDK library {name} is not installed or incomplete ({exc})"
        return None

    def _sdk(self) -> Any:
        if self._lib is None:
            self._lib = load_library(_library_name(self.params))
        return self._lib

    def _open(self) -> int:
        with self._io:
            if self._handle is None:
                lib = self._sdk()
                handle = lib.ftrScanOpenDevice()
                if not handle:
                    raise ScannerError(f"ftrScanOpenDevice failed (error {lib.ftrScanGetLastError()})")
                size = _ImageSize()
                if not lib.ftrScanGetImageSize(handle, ctypes.byref(size)) or size.nImageSize <= 0:
                    lib.ftrScanCloseDevice(handle)
                    raise ScannerError(f"ftrScanGetImageSize failed (error {lib.ftrScanGetLastError()})")
                if size.nImageSize < size.nWidth * size.nHeight:
                    lib.ftrScanCloseDevice(handle)
                    raise ScannerError(f"the scanner reports {size.nWidth}×{size.nHeight} in {size.nImageSize} bytes")
                self._handle, self._size = handle, (size.nWidth, size.nHeight)
            return self._handle

    def probe(self) -> DeviceStatus:
        try:
            self._open()
        except ScannerError as exc:
            return self.status(DeviceState.MISSING, f"no Futronic scanner answering ({exc.detail})")
        return self.status(DeviceState.CONNECTED, f"Futronic {self._size[0]}×{self._size[1]}")

    def info(self) -> ScannerInfo:
        handle = self._open()
        serial = ctypes.create_string_buffer(8)
        with self._io:
            ok = self._sdk().ftrScanGetSerialNumber(handle, serial)
        return ScannerInfo(vendor="Futronic", model=f"ftrScanAPI {self._size[0]}×{self._size[1]}",
                           serial=serial.raw.hex() if ok else "", dpi=int(self.params.get("dpi", 500)))

    def capture(self, finger: str, timeout: float = 10.0, preview: PreviewCallback | None = None) -> FingerImage:
        self._begin_capture()
        handle = self._open()
        lib = self._sdk()
        width, height = self._size
        buffer = ctypes.create_string_buffer(max(width * height, 1) + 64)
        deadline = time.monotonic() + timeout
        while True:
            self._check_cancelled()
            with self._io:
                present = lib.ftrScanIsFingerPresent(handle, None)
                error = 0 if present else lib.ftrScanGetLastError()
            if present:
                break
            if error not in (0, 4306):   # 4306 = ERROR_EMPTY: nothing on the glass yet
                self._drop(handle)
                raise ScannerError(f"ftrScanIsFingerPresent failed (error {error})")
            if preview is not None:
                frame = self._frame(handle, buffer)
                if frame is not None:
                    preview(frame)
            if time.monotonic() >= deadline:
                raise CaptureTimeout(f"no finger within {timeout:.0f} s")
            self._cancelled.wait(_POLL_SECONDS)
        for _ in range(_FRAME_TRIES):
            self._check_cancelled()
            frame = self._frame(handle, buffer)
            if frame is not None:
                return FingerImage(frame, dpi=int(self.params.get("dpi", 500)))
            self._cancelled.wait(_POLL_SECONDS)
        with self._io:
            error = lib.ftrScanGetLastError()
        raise ScannerError(f"ftrScanGetFrame failed {_FRAME_TRIES} times (error {error})")

    def _frame(self, handle: int, buffer: Any) -> np.ndarray | None:
        width, height = self._size
        with self._io:
            ok = self._sdk().ftrScanGetFrame(handle, buffer, None)
        if not ok:
            return None
        return np.frombuffer(buffer.raw, dtype=np.uint8, count=width * height).reshape(height, width).copy()

    def _drop(self, handle: int) -> None:
        with self._io:
            if self._handle == handle:
                self._sdk().ftrScanCloseDevice(handle)
                self._handle = None

    def close(self) -> None:
        if self._handle is not None:
            self._drop(self._handle)

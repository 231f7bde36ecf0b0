"""The real scanner drivers without a scanner: libfprint through its own test device
(`virtual_image`, fed over a Unix socket), and the Futronic ctypes driver against a stand-in
ftrScanAPI library compiled here from C with the SDK's signatures."""
from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from workstation.devices.base import DeviceState, DriverParams
from workstation.devices.fingerprint import synthetic
from workstation.devices.fingerprint.base import CaptureCancelled, CaptureTimeout, ScannerError

PRINT = synthetic.impression("driver test", "right_index", 1)


# -- libfprint -------------------------------------------------------------------------------------
@pytest.fixture
def virtual_image(tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    from workstation.devices.fingerprint.libfprint import LibfprintScannerDriver

    reason = LibfprintScannerDriver.missing_library()
    if reason:
        pytest.skip(reason)
    path = str(tmp_path / "virtual-image.socket")
    monkeypatch.setenv("FP_VIRTUAL_IMAGE", path)
    driver = LibfprintScannerDriver(DriverParams({"device": "virtual_image"}))
    yield driver, path
    driver.close()


def _put_finger(path: str, pixels: np.ndarray, after: float) -> threading.Thread:
    def feed() -> None:
        time.sleep(after)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(path)
            s.sendall(struct.pack("ii", pixels.shape[1], pixels.shape[0]) + pixels.tobytes())
            time.sleep(0.3)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


def test_libfprint_captures_through_the_virtual_device(virtual_image) -> None:  # noqa: ANN001
    driver, path = virtual_image
    status = driver.probe()
    assert status.state == DeviceState.CONNECTED and "Virtual image" in status.detail
    assert driver.info().vendor == "virtual_image"
    _put_finger(path, PRINT, after=0.2).join(timeout=0)
    image = driver.capture("right_index", timeout=10)
    assert image.dpi == 500 and np.array_equal(image.pixels, PRINT)


def test_libfprint_times_out_is_cancelled_and_captures_again(virtual_image) -> None:  # noqa: ANN001
    driver, path = virtual_image
    with pytest.raises(CaptureTimeout):
        driver.capture("right_index", timeout=0.3)
    threading.Timer(0.2, driver.cancel).start()
    with pytest.raises(CaptureCancelled):
        driver.capture("right_index", timeout=10)
    _put_finger(path, PRINT, after=0.2)
    assert np.array_equal(driver.capture("left_index", timeout=10).pixels, PRINT)


# -- Futronic ftrScanAPI ---------------------------------------------------------------------------
STAND_IN = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef struct { int nWidth; int nHeight; int nImageSize; } FTRSCAN_IMAGE_SIZE;
static unsigned int last_error = 0;
static int polls = 0;
static int env_int(const char *name) { const char *v = getenv(name); return v ? atoi(v) : 0; }
void *ftrScanOpenDevice(void) { polls = 0; if (env_int("FAKE_FTR_ABSENT")) { last_error = 21; return 0; } return (void *)0x5ca7; }
void ftrScanCloseDevice(void *h) { (void)h; }
int ftrScanGetImageSize(void *h, FTRSCAN_IMAGE_SIZE *s) {
  if (h != (void *)0x5ca7) return 0;
  s->nWidth = 400; s->nHeight = 500; s->nImageSize = 400 * 500; return 1; }
int ftrScanIsFingerPresent(void *h, void *params) {
  (void)params;
  if (h != (void *)0x5ca7) return 0;
  if (env_int("FAKE_FTR_UNPLUG_AFTER") && polls >= env_int("FAKE_FTR_UNPLUG_AFTER")) { last_error = 0x20000004; return 0; }
  if (++polls > env_int("FAKE_FTR_PRESENT_AFTER")) return 1;
  last_error = 4306; return 0; }
int ftrScanGetFrame(void *h, void *buffer, void *params) {
  (void)params;
  if (h != (void *)0x5ca7) return 0;
  FILE *f = fopen(getenv("FAKE_FTR_IMAGE"), "rb");
  if (!f) { last_error = 2; return 0; }
  size_t n = fread(buffer, 1, 400 * 500, f); fclose(f); return n == 400 * 500; }
int ftrScanGetSerialNumber(void *h, void *buffer) { (void)h; memcpy(buffer, "\x01\x02\x03\x04\x05\x06\x07\x08", 8); return 1; }
unsigned int ftrScanGetLastError(void) { return last_error; }
"""


@pytest.fixture(scope="module")
def stand_in_library(tmp_path_factory) -> Path:  # noqa: ANN001
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        pytest.skip("no C compiler to build the stand-in ftrScanAPI (scripts/setup.sh installs gcc)")
    folder = tmp_path_factory.mktemp("ftr")
    (folder / "ftr.c").write_text(STAND_IN)
    subprocess.run([compiler, "-shared", "-fPIC", "-o", str(folder / "libScanAPI.so"), str(folder / "ftr.c")],
                   check=True, capture_output=True)
    (folder / "print.raw").write_bytes(PRINT.tobytes())
    return folder


@pytest.fixture
def futronic(stand_in_library: Path, monkeypatch):  # noqa: ANN001, ANN201
    from workstation.devices.fingerprint.futronic import FutronicScannerDriver

    monkeypatch.setenv("FAKE_FTR_IMAGE", str(stand_in_library / "print.raw"))
    params = DriverParams({"library": str(stand_in_library / "libScanAPI.so")})
    assert FutronicScannerDriver.missing_library(params) is None
    driver = FutronicScannerDriver(params)
    yield driver
    driver.close()


def test_futronic_unavailable_without_its_sdk() -> None:
    from workstation.devices.fingerprint.futronic import FutronicScannerDriver

    reason = FutronicScannerDriver.missing_library(DriverParams({"library": "/nowhere/libScanAPI.so"}))
    assert reason and "Futronic SDK library" in reason


def test_futronic_waits_for_the_finger_and_captures(futronic, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("FAKE_FTR_PRESENT_AFTER", "3")
    assert futronic.probe().state == DeviceState.CONNECTED
    info = futronic.info()
    assert (info.vendor, info.serial, info.dpi) == ("Futronic", "0102030405060708", 500)
    frames: list[np.ndarray] = []
    image = futronic.capture("right_index", timeout=5, preview=frames.append)
    assert np.array_equal(image.pixels, PRINT) and len(frames) == 3


def test_futronic_timeout_cancel_unplug_and_absent(futronic, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("FAKE_FTR_PRESENT_AFTER", "1000000")
    with pytest.raises(CaptureTimeout):
        futronic.capture("right_index", timeout=0.2)
    threading.Timer(0.15, futronic.cancel).start()
    with pytest.raises(CaptureCancelled):
        futronic.capture("right_index", timeout=10)
    monkeypatch.setenv("FAKE_FTR_UNPLUG_AFTER", "1")
    with pytest.raises(ScannerError):
        futronic.capture("right_index", timeout=10)
    monkeypatch.setenv("FAKE_FTR_ABSENT", "1")
    status = futronic.probe()
    assert status.state == DeviceState.MISSING and "ftrScanOpenDevice failed" in status.detail


def test_futronic_capture_from_the_cli(stand_in_library: Path, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    import json

    from workstation.cli.main import main

    folder = tmp_path / "drivers"
    folder.mkdir()
    (folder / "fingerprint-futronic.toml").write_text(
        f'kind = "fingerprint"\ndriver = "futronic"\n[params]\nlibrary = "{stand_in_library / "libScanAPI.so"}"\n')
    monkeypatch.setenv("WORKSTATION_DRIVERS_CONFIG", str(folder))
    monkeypatch.setenv("FAKE_FTR_IMAGE", str(stand_in_library / "print.raw"))
    os.environ.pop("FAKE_FTR_PRESENT_AFTER", None)
    assert main(["--real", "finger", "capture", "--driver", "futronic", "--finger", "left_thumb", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scanner"]["vendor"] == "Futronic" and data["iso_position"] == 6 and data["passed"] is True


def test_an_unknown_scenario_in_drivers_config_is_said_in_words() -> None:
    from workstation.devices.base import DriverParams
    from workstation.devices.fingerprint.simulated import SimulatedScannerDriver
    from workstation.errors import WorkstationError

    with pytest.raises(WorkstationError, match="unknown fingerprint scenario 'nope'"):
        SimulatedScannerDriver(DriverParams({"scenario": "nope"}))

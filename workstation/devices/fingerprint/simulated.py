"""The simulated fingerprint scanner: a 500 dpi scanner whose "citizen" has ten synthetic
fingers (see synthetic.py), every touch a new impression, with the faults testers need to
script: a slow finger, a poor print, the same finger presented twice, no finger at all, a cable
pulled out, and a real (latent, poor) print from the `wsq` package."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from workstation.devices.base import DeviceStatus, Param
from workstation.devices.fingerprint import synthetic
from workstation.devices.fingerprint.base import (
    CaptureTimeout,
    FingerImage,
    FingerprintDriver,
    PreviewCallback,
    ScannerError,
    ScannerInfo,
)
from workstation.devices.simulation import SimulatedPlug, simulated_status
from workstation.errors import WorkstationError

DPI = 500
_PREVIEW_FRAMES = 4


@dataclass(frozen=True)
class ScannerScenario:
    name: str
    description: str
    poor_fingers: frozenset[str] = frozenset()   # always a smudged, unusable print
    poor_first_touch: bool = False               # every finger's first touch smudged, then fine
    swap_once: tuple[str, str] | None = None     # (asked, presented): once, the wrong finger is put down
    no_finger: bool = False                      # nobody touches the glass: every capture times out
    unplug_on_capture: bool = False              # the cable comes out at the first capture
    real_latent: bool = False                    # every finger is the wsq package's real latent print


SCENARIOS: dict[str, ScannerScenario] = {s.name: s for s in (
    ScannerScenario("good", "every finger gives a good print at the first touch"),
    ScannerScenario("poor_first_touch", "each finger's first touch is smudged; the retry is good",
                    poor_first_touch=True),
    ScannerScenario("poor_right_index", "the right index never gives a usable print (worn or injured): "
                    "the sequence falls back to the right thumb", poor_fingers=frozenset({"right_index"})),
    ScannerScenario("same_finger_twice", "asked for the left index, the citizen puts the right index down "
                    "again once", swap_once=("left_index", "right_index")),
    ScannerScenario("no_finger", "nobody touches the glass: the capture times out", no_finger=True),
    ScannerScenario("unplugged", "the scanner's cable comes out at the first capture", unplug_on_capture=True),
    ScannerScenario("latent", "every finger is a real latent print (the wsq package's test image): "
                    "a real fingerprint, too poor to enrol", real_latent=True),
)}


class UnknownScenario(WorkstationError, ValueError):
    """A scenario name (drivers_config, --scenario, the Simulate menu) that does not exist: said in
    words, never a traceback."""


def scenario(name: str) -> ScannerScenario:
    try:
        return SCENARIOS[name]
    except KeyError:
        raise UnknownScenario(f"unknown fingerprint scenario '{name}' (one of: {', '.join(SCENARIOS)})") from None


def latent_print() -> np.ndarray:
    """The `wsq` package's test print (a real latent). Its WSQ header swaps width and height."""
    import importlib.resources
    import io

    import wsq  # noqa: F401 - registers the WSQ reader with Pillow
    from PIL import Image

    data = (importlib.resources.files("wsq") / "tests" / "test.wsq").read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("L")).reshape(540, 520).copy()


class SimulatedScannerDriver(FingerprintDriver):
    name = "simulated"
    parameters = {"scenario": Param((str,), "good", choices=tuple(SCENARIOS)),
                  "citizen": Param((str,), "simulated citizen"),
                  "delay_seconds": Param((float,), 0.0, low=0, high=30),
                  "no_finger_wait_seconds": Param((float,), 0.2, low=0, high=30)}
    title = "Simulated fingerprint scanner"
    simulated = True

    def __init__(self, params=None) -> None:  # noqa: ANN001
        super().__init__(params)
        self.plug = SimulatedPlug()
        self._lock = threading.Lock()
        self._touches: dict[str, int] = {}
        self._swapped = False
        self._scenario = scenario(str(self.params.get("scenario", "good")) or "good")
        self.citizen = str(self.params.get("citizen", "simulated citizen"))

    @property
    def scenario(self) -> ScannerScenario:
        return self._scenario

    def load_scenario(self, name: str, citizen: str | None = None) -> None:
        """Switch scenario (and citizen); touch counts start again."""
        with self._lock:
            self._scenario = scenario(name)
            if citizen is not None:
                self.citizen = citizen
            self._touches.clear()
            self._swapped = False

    def probe(self) -> DeviceStatus:
        return simulated_status(self, self.title)

    def info(self) -> ScannerInfo:
        if not self.plug.plugged:
            raise ScannerError("simulated scanner unplugged")
        return ScannerInfo(vendor="Workstation", model="Simulated scanner", serial="SIM-0001", dpi=DPI)

    def capture(self, finger: str, timeout: float = 10.0, preview: PreviewCallback | None = None) -> FingerImage:
        self._begin_capture()
        if not self.plug.plugged:
            raise ScannerError("simulated scanner unplugged")
        current = self._scenario
        if current.unplug_on_capture:
            self.plug.unplug()
            raise ScannerError("simulated scanner unplugged during capture")
        if current.no_finger:
            self._wait(min(timeout, float(self.params.get("no_finger_wait_seconds", 0.2))))
            raise CaptureTimeout(f"no finger within {timeout:.0f} s (simulated)")
        delay = float(self.params.get("delay_seconds", 0.0))
        if delay > timeout:
            self._wait(timeout)
            raise CaptureTimeout(f"simulated delay {delay}s exceeds timeout {timeout}s")
        with self._lock:
            presented = finger
            if current.swap_once and current.swap_once[0] == finger and not self._swapped:
                presented, self._swapped = current.swap_once[1], True
            touch = self._touches.get(presented, 0)
            self._touches[presented] = touch + 1
        pixels = self._print(current, presented, touch)
        self._press(pixels, delay, preview)
        return FingerImage(pixels, dpi=DPI)

    def _print(self, current: ScannerScenario, finger: str, touch: int) -> np.ndarray:
        if current.real_latent:
            return latent_print()
        pixels = synthetic.impression(self.citizen, finger, touch + 1)
        if finger in current.poor_fingers or (current.poor_first_touch and touch == 0):
            pixels = synthetic.smudged(pixels, seed=touch)
        return pixels

    def _press(self, pixels: np.ndarray, delay: float, preview: PreviewCallback | None) -> None:
        """The finger coming down on the glass: a few preview frames over `delay` seconds."""
        for step in range(1, _PREVIEW_FRAMES + 1):
            self._wait(delay / _PREVIEW_FRAMES)
            if preview is not None:
                weight = step / _PREVIEW_FRAMES
                preview((255 - (255 - pixels.astype(np.float32)) * weight).astype(np.uint8))

    def _wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            self._check_cancelled()
            if not self.plug.plugged:
                raise ScannerError("simulated scanner unplugged during capture")
            left = end - time.monotonic()
            if left <= 0:
                return
            self._cancelled.wait(min(left, 0.05))

"""USB QR scanners in keyboard mode: they type the code followed by Enter into the focused field.

Such a scanner is indistinguishable from a keyboard, so it cannot be detected or read here: the
window's QR field receives its text. The driver exists so the status bar can say so.
"""
from __future__ import annotations

from workstation.devices.base import DeviceState, DeviceStatus, Param
from workstation.devices.qr_scanner.base import QrScannerDriver


class KeyboardWedgeQrDriver(QrScannerDriver):
    name = "keyboard_wedge"
    parameters: dict[str, Param] = {}
    title = "QR scanner (keyboard mode)"
    detectable = False  # never counts as "hardware found" when choosing real or simulated mode

    def probe(self) -> DeviceStatus:
        return self.status(DeviceState.CONNECTED, "keyboard mode: scans type into the QR field")

    def read(self, timeout: float) -> str | None:
        return None  # the text arrives through the window's QR field

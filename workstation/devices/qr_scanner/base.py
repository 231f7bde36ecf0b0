"""The QR scanner interface: hand over the text of the next QR code scanned.

A USB QR scanner usually types into whatever field has the focus (keyboard wedge), so its text
reaches the core through the UI; a scanner that can be read directly implements `read`.
"""
from __future__ import annotations

import abc

from workstation.devices.base import DeviceKind, Driver


class QrScannerDriver(Driver):
    kind = DeviceKind.QR_SCANNER

    @abc.abstractmethod
    def read(self, timeout: float) -> str | None:
        """The text of the next scanned code, or None when nothing was scanned within `timeout`."""

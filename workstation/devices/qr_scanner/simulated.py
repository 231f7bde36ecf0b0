"""The simulated QR scanner: testers queue QR texts; `read` hands them out like scans."""
from __future__ import annotations

import queue

from workstation.devices.base import DeviceStatus, Param
from workstation.devices.qr_scanner.base import QrScannerDriver
from workstation.devices.simulation import SimulatedPlug, simulated_status


class SimulatedQrScannerDriver(QrScannerDriver):
    name = "simulated"
    parameters: dict[str, Param] = {}
    title = "Simulated QR scanner"
    simulated = True

    def __init__(self, params=None) -> None:  # noqa: ANN001
        super().__init__(params)
        self.plug = SimulatedPlug()
        self._scans: queue.Queue[str] = queue.Queue()

    def probe(self) -> DeviceStatus:
        return simulated_status(self, self.title)

    def scan(self, text: str) -> None:
        self._scans.put(text)

    def read(self, timeout: float) -> str | None:
        try:
            return self._scans.get(timeout=timeout)
        except queue.Empty:
            return None

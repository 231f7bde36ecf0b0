"""Controls every simulated device shares, so testers can script faults the same way everywhere."""
from __future__ import annotations

import threading

from workstation.devices.base import DeviceState, DeviceStatus


class SimulatedPlug:
    """A simulated cable: testers unplug and replug it to exercise hot-plug handling."""

    def __init__(self, plugged: bool = True) -> None:
        self._plugged = threading.Event()
        if plugged:
            self._plugged.set()

    @property
    def plugged(self) -> bool:
        return self._plugged.is_set()

    def unplug(self) -> None:
        self._plugged.clear()

    def replug(self) -> None:
        self._plugged.set()


def simulated_status(driver, title: str) -> DeviceStatus:  # noqa: ANN001 - any simulated Driver
    """Probe answer of a simulated device: present while plugged, missing after unplug()."""
    if driver.plug.plugged:
        return driver.status(DeviceState.SIMULATED, title)
    return driver.status(DeviceState.MISSING, f"{title} (unplugged)")

"""What every device driver is, whatever it drives.

A driver is a class registered under the entry-point group "workstation.drivers" as
"<kind>.<name>". Importing its module must never import the hardware library: that happens in
`missing_library()` and `open()`, so a laptop without libfprint still lists the driver, as
unavailable with the reason, instead of crashing.
"""
from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar


class DeviceKind(StrEnum):
    CARD_READER = "card_reader"
    CAMERA = "camera"
    FINGERPRINT = "fingerprint"
    QR_SCANNER = "qr_scanner"


class DeviceState(StrEnum):
    CONNECTED = "connected"      # real hardware present and answering
    SIMULATED = "simulated"      # a simulator stands in for the hardware
    MISSING = "missing"          # driver ready, no device attached (or it was unplugged)
    UNAVAILABLE = "unavailable"  # the driver's library is not installed
    DISABLED = "disabled"        # switched off in drivers_config


@dataclass(frozen=True)
class DeviceStatus:
    """A snapshot of one device, as the status bar and `workstation devices` show it."""

    kind: DeviceKind
    driver: str
    state: DeviceState
    detail: str = ""          # device name when present, the reason when not
    simulated: bool = False
    card_present: bool | None = None   # card readers: is a card on the reader (None: not a reader)


@dataclass(frozen=True)
class DriverParams:
    """The parameters a drivers_config file gives one driver, with typed accessors."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


class Driver(abc.ABC):
    """Base of every device driver, real or simulated."""

    kind: ClassVar[DeviceKind]
    name: ClassVar[str]
    simulated: ClassVar[bool] = False
    title: ClassVar[str] = ""
    poll_interval: ClassVar[float | None] = None   # probe more often than the setting (card readers)

    def __init__(self, params: DriverParams | None = None) -> None:
        self.params = params or DriverParams()

    @classmethod
    def missing_library(cls, params: DriverParams | None = None) -> str | None:
        """Why this driver cannot work on this machine (a library not installed), or None.
        `params` are the driver's drivers_config parameters (a library path may be one)."""
        return None

    @abc.abstractmethod
    def probe(self) -> DeviceStatus:
        """Is the device there? Quick (well under a second); runs on the device's own thread."""

    def close(self) -> None:
        """Release the device; called on its own thread when the program stops."""

    def status(self, state: DeviceState, detail: str = "", card_present: bool | None = None) -> DeviceStatus:
        return DeviceStatus(self.kind, self.name, state, detail, self.simulated, card_present)

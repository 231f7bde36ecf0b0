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


@dataclass(frozen=True)
class Param:
    """One parameter a driver takes from its drivers_config file: its type (or types: a camera is
    an index or a device path), default, bounds or choices. A driver that declares its parameters
    gets them checked when the file is read, so "fps = 'thirty'" or a misspelt key is a sentence
    naming file and key, not a ValueError inside a device thread."""

    types: tuple[type, ...]
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> tuple[Any, str]:
        """The value to use (ints widened to float where a float is wanted), or "" and the problem."""
        if isinstance(value, bool) and bool not in self.types:
            return None, f"must be {self._kind()}, got {value!r}"
        if float in self.types and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, self.types):
            return None, f"must be {self._kind()}, got {value!r}"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
                return None, f"must be between {self.low:g} and {self.high:g}, got {value:g}"
        if self.choices and value not in self.choices:
            return None, f"must be one of {', '.join(self.choices)}, got {value!r}"
        return value, ""

    def _kind(self) -> str:
        names = {int: "a whole number", float: "a number", str: "text in quotes", bool: "true or false"}
        return " or ".join(names[t] for t in self.types)


def check_params(parameters: Mapping[str, Param], given: DriverParams, file: Any) -> DriverParams:
    """The declared parameters with defaults filled in; ConfigError on an unknown key or a bad value."""
    from workstation.errors import ConfigError

    for key in given.values:
        if key not in parameters:
            known = ", ".join(sorted(parameters)) or "none"
            raise ConfigError(file, f"params.{key}", f"unknown parameter for this driver (known: {known})")
    checked: dict[str, Any] = {}
    for key, param in parameters.items():
        value, problem = param.check(given.values.get(key, param.default))
        if problem:
            raise ConfigError(file, f"params.{key}", problem)
        checked[key] = value
    return DriverParams(checked)


class Driver(abc.ABC):
    """Base of every device driver, real or simulated."""

    kind: ClassVar[DeviceKind]
    name: ClassVar[str]
    simulated: ClassVar[bool] = False
    title: ClassVar[str] = ""
    poll_interval: ClassVar[float | None] = None   # probe more often than the setting (card readers)
    # The drivers_config parameters this driver takes. None: not declared (plugins written before
    # parameters were checked), handed over unchecked.
    parameters: ClassVar[Mapping[str, Param] | None] = None

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

    def close(self) -> None:  # noqa: B027
        """Release the device; called on its own thread when the program stops."""

    def status(self, state: DeviceState, detail: str = "", card_present: bool | None = None) -> DeviceStatus:
        return DeviceStatus(self.kind, self.name, state, detail, self.simulated, card_present)

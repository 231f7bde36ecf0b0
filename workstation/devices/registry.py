"""Finds the device drivers (entry points) and joins them with their drivers_config declarations.

A driver that cannot load, or whose library is missing, is still listed, with the reason: the
officer's IT support sees "libfprint is not installed", not a crash at start-up.
"""
from __future__ import annotations

import inspect
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib.metadata import entry_points

from workstation.devices.base import DeviceKind, Driver, check_params
from workstation.devices.driver_config import DriverDeclaration
from workstation.errors import ConfigError

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "workstation.drivers"


@dataclass(frozen=True)
class DriverEntry:
    """One driver as the registry knows it: its class (if it loaded) and its declaration."""

    kind: DeviceKind
    name: str
    cls: type[Driver] | None
    declaration: DriverDeclaration | None
    load_error: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}.{self.name}"

    @property
    def simulated(self) -> bool:
        return bool(self.cls and self.cls.simulated)

    @property
    def enabled(self) -> bool:
        return self.declaration is not None and self.declaration.enabled

    def unavailable_reason(self) -> str | None:
        if self.load_error:
            return self.load_error
        assert self.cls is not None
        if not inspect.signature(self.cls.missing_library).parameters:   # plugins written before params
            return self.cls.missing_library()
        return self.cls.missing_library(self.declaration.params if self.declaration else None)

    def create(self) -> Driver:
        if self.cls is None or self.load_error:
            raise RuntimeError(f"driver {self.key} cannot be used: {self.load_error}")
        params = self.declaration.params if self.declaration else None
        return self.cls(params)


def _checked_entry(kind: DeviceKind, name: str, cls: type[Driver], decl: DriverDeclaration | None) -> DriverEntry:
    """A declaration whose parameters break the driver's schema leaves the driver listed but not
    usable, with the file, key and problem as its reason: the other devices still start."""
    if decl is None or cls.parameters is None:
        return DriverEntry(kind, name, cls, decl)
    try:
        params = check_params(cls.parameters, decl.params, decl.file)
    except ConfigError as exc:
        log.warning("driver %s.%s: %s", kind, name, exc.message.en)
        return DriverEntry(kind, name, cls, decl, exc.message.en)
    return DriverEntry(kind, name, cls, replace(decl, params=params))


def discover_driver_classes() -> dict[str, type[Driver] | str]:
    """Every driver registered under the entry-point group, or the reason it failed to load."""
    found: dict[str, type[Driver] | str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not stop the program
            log.warning("driver %s failed to load: %s", ep.name, exc)
            found[ep.name] = f"the driver failed to load ({type(exc).__name__}: {exc})"
            continue
        if not (isinstance(cls, type) and issubclass(cls, Driver)):
            found[ep.name] = f"{ep.value} is not a workstation Driver"
            continue
        found[ep.name] = cls
    return found


class DriverRegistry:
    def __init__(self, classes: dict[str, type[Driver] | str], declarations: Iterable[DriverDeclaration]) -> None:
        by_key = {d.key: d for d in declarations}
        entries: dict[str, DriverEntry] = {}
        for key, cls_or_error in classes.items():
            kind_text, _, name = key.partition(".")
            try:
                kind = DeviceKind(kind_text)
            except ValueError:
                log.warning("driver %s has an unknown device kind", key)
                continue
            if isinstance(cls_or_error, str):
                entries[key] = DriverEntry(kind, name, None, by_key.get(key), cls_or_error)
            else:
                entries[key] = _checked_entry(kind, name, cls_or_error, by_key.get(key))
        for key, decl in by_key.items():
            if key not in entries:
                entries[key] = DriverEntry(decl.kind, decl.driver, None, decl,
                                           f"no driver named '{decl.driver}' is installed for {decl.kind}")
        order = {k: i for i, k in enumerate(DeviceKind)}
        self._entries = sorted(entries.values(), key=lambda e: (order[e.kind], e.simulated, e.name))

    @classmethod
    def discover(cls, declarations: Iterable[DriverDeclaration]) -> "DriverRegistry":
        return cls(discover_driver_classes(), declarations)

    def entries(self) -> list[DriverEntry]:
        return list(self._entries)

    def usable(self, kind: DeviceKind, simulated: bool) -> list[DriverEntry]:
        """Enabled drivers of `kind` that loaded and have their library, in declaration order."""
        return [e for e in self._entries
                if e.kind == kind and e.simulated == simulated and e.enabled and e.unavailable_reason() is None]

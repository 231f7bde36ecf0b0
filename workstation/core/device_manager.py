"""Chooses real or simulated devices and runs one worker per device.

The whole workstation is either real or simulated, never a mix: a simulated camera must never
help produce a real enrollment. "auto" picks real when any detectable device answers at start-up.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import TypeVar

from workstation.config import DeviceMode
from workstation.core.device_worker import DeviceWorker
from workstation.devices.base import DeviceKind, DeviceState, DeviceStatus, Driver
from workstation.devices.registry import DriverEntry, DriverRegistry

log = logging.getLogger(__name__)
T = TypeVar("T")
Listener = Callable[[DeviceStatus], None]


@dataclass(frozen=True)
class DeviceSelection:
    simulated: bool
    reason: str                              # why this mode, for the banner and the log
    drivers: dict[DeviceKind, DriverEntry]   # kinds without a usable driver are absent


def probe_drivers(entries: list[DriverEntry], timeout: float) -> list[DeviceStatus]:
    """Probe real drivers side by side, giving up on any that takes longer than `timeout`."""
    if not entries:
        return []
    drivers = [e.create() for e in entries]
    pool = ThreadPoolExecutor(max_workers=len(drivers), thread_name_prefix="probe")
    futures: list[Future[DeviceStatus]] = [pool.submit(d.probe) for d in drivers]
    results = []
    for driver, future in zip(drivers, futures, strict=True):
        try:
            results.append(future.result(timeout=timeout))
        except FutureTimeout:
            results.append(driver.status(DeviceState.MISSING, "did not answer in time"))
        except Exception as exc:  # noqa: BLE001
            results.append(driver.status(DeviceState.MISSING, str(exc)))
    pool.shutdown(wait=False, cancel_futures=True)
    for driver in drivers:
        try:
            driver.close()
        except Exception:  # noqa: BLE001, S110
            pass
    return results


def select_devices(registry: DriverRegistry, mode: DeviceMode, probe_timeout: float = 2.0) -> DeviceSelection:
    def pick(simulated: bool) -> dict[DeviceKind, DriverEntry]:
        chosen = {}
        for kind in DeviceKind:
            usable = registry.usable(kind, simulated)
            if usable:
                chosen[kind] = usable[0]
        return chosen

    if mode == "simulated":
        return DeviceSelection(True, "simulated mode was requested", pick(True))
    real = pick(False)
    if mode == "real":
        return DeviceSelection(False, "real devices were requested", real)
    detectable = [e for e in real.values() if getattr(e.cls, "detectable", True)]
    statuses = probe_drivers(detectable, probe_timeout)
    found = [s for s in statuses if s.state == DeviceState.CONNECTED]
    if found:
        names = ", ".join(f"{s.kind}: {s.detail}" for s in found)
        return DeviceSelection(False, f"hardware found ({names})", real)
    return DeviceSelection(True, "no hardware found, using simulated devices", pick(True))


class DeviceManager:
    """Owns the device workers; listeners hear every status change, on the device's thread."""

    def __init__(self, selection: DeviceSelection, poll_seconds: float = 1.0) -> None:
        self.selection = selection
        self.poll_seconds = poll_seconds
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._workers: dict[DeviceKind, DeviceWorker] = {}

    @property
    def simulated(self) -> bool:
        return self.selection.simulated

    def subscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def _publish(self, status: DeviceStatus) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(status)

    def start(self) -> None:
        for kind, entry in self.selection.drivers.items():
            worker = DeviceWorker(entry.create(), self.poll_seconds, self._publish)
            self._workers[kind] = worker
            worker.start()

    def stop(self) -> None:
        for worker in self._workers.values():
            worker.stop()
        self._workers.clear()

    def driver(self, kind: DeviceKind) -> Driver | None:
        worker = self._workers.get(kind)
        return worker.driver if worker else None

    def submit(self, kind: DeviceKind, fn: Callable[[Driver], T]) -> "Future[T]":
        worker = self._workers.get(kind)
        if worker is None:
            raise KeyError(f"no {kind} device is configured")
        return worker.submit(fn)

    def statuses(self) -> dict[DeviceKind, DeviceStatus]:
        """The latest status of every kind; kinds without a driver are reported missing."""
        result = {}
        for kind in DeviceKind:
            worker = self._workers.get(kind)
            status = worker.status if worker else None
            if status is None:
                name = self.selection.drivers[kind].name if kind in self.selection.drivers else "-"
                detail = "starting" if worker else "no usable driver configured"
                state = DeviceState.MISSING
                status = DeviceStatus(kind, name, state, detail, self.simulated)
            result[kind] = status
        return result

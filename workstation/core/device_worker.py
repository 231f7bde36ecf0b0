"""One thread per physical device: every call to a driver runs on its device's thread.

Drivers are then never touched from two threads (pyscard connections, VideoCapture and libfprint
contexts are not thread-safe), a slow device cannot stall another one, and the UI thread never
waits on hardware: it gets a Future. Between calls the worker probes its device every
`poll_seconds` and reports when its status changes (hot-plug).
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from workstation.devices.base import DeviceState, DeviceStatus, Driver

log = logging.getLogger(__name__)
T = TypeVar("T")
_STOP = object()


class DeviceWorker:
    def __init__(self, driver: Driver, poll_seconds: float,
                 on_status: Callable[[DeviceStatus], None]) -> None:
        self.driver = driver
        self.poll_seconds = min(poll_seconds, driver.poll_interval or poll_seconds)
        self._on_status = on_status
        self._tasks: queue.Queue[Any] = queue.Queue()
        self._status: DeviceStatus | None = None
        self._status_lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name=f"device:{driver.kind}:{driver.name}", daemon=True)

    @property
    def status(self) -> DeviceStatus | None:
        with self._status_lock:
            return self._status

    def start(self) -> None:
        self.thread.start()

    def submit(self, fn: Callable[[Driver], T]) -> "Future[T]":
        """Run `fn(driver)` on the device's thread."""
        future: Future[T] = Future()
        self._tasks.put((fn, future))
        return future

    def probe_now(self) -> "Future[DeviceStatus]":
        return self.submit(lambda _driver: self._probe())

    def stop(self, timeout: float = 5.0) -> None:
        if self.thread.is_alive():
            self._tasks.put(_STOP)
            self.thread.join(timeout)

    def _run(self) -> None:
        self._probe()
        while True:
            try:
                item = self._tasks.get(timeout=self.poll_seconds)
            except queue.Empty:
                self._probe()
                continue
            if item is _STOP:
                break
            fn, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(self.driver))
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
                future.set_exception(exc)
        try:
            self.driver.close()
        except Exception:  # noqa: BLE001
            log.warning("closing %s failed", self.thread.name, exc_info=True)

    def _probe(self) -> DeviceStatus:
        try:
            status = self.driver.probe()
        except Exception as exc:  # noqa: BLE001 - a failing probe means the device is not usable
            log.info("probe of %s failed: %s", self.thread.name, exc)
            status = self.driver.status(DeviceState.MISSING, f"not answering ({exc})")
        with self._status_lock:
            changed = status != self._status
            self._status = status
        if changed:
            try:
                self._on_status(status)
            except Exception:  # noqa: BLE001 - a listener's bug must not kill the device thread
                log.exception("device status listener failed")
        return status

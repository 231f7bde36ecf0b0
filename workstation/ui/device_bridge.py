"""Carries device status changes from the device threads to the UI thread as a Qt signal."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from workstation.devices.base import DeviceStatus


class DeviceBridge(QObject):
    """Lives in the UI thread; `publish` may be called from any thread (queued delivery)."""

    status_changed = Signal(object)

    def publish(self, status: DeviceStatus) -> None:
        self.status_changed.emit(status)

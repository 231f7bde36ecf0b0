"""Devices and the disk as the officer needs to know them (issue 20 finding 9): the status bar's
dots, and on the page (ui/page_notice.py) a device that stopped answering until it is back, and a
disk too full to start the next citizen. The main window passes device statuses here and only
coordinates what the enrollment does about them."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from workstation.devices.base import DeviceKind, DeviceState, DeviceStatus

if TYPE_CHECKING:
    from workstation.storage.key_protection import KeyProtection


class DeviceNotices(QObject):
    def __init__(self, window) -> None:  # noqa: ANN001 - MainWindow (its notice, devices_bar, services)
        super().__init__(window)
        self.window = window
        self.statuses: dict[DeviceKind, DeviceStatus] = {}

    def language(self) -> str:
        return self.window.translations.language

    def status(self, status: DeviceStatus) -> None:
        """A device's new status: the dot, and the page while it is missing."""
        self.window.devices_bar.set_status(status)
        self.statuses[status.kind] = status
        self.say(status.kind, status.state == DeviceState.MISSING)

    def key_protection(self, protection: "KeyProtection") -> None:
        """Once, at start, on the page: the keys are plain files (no OS keyring), what that means and
        what to do (the whole of it as the tooltip: the same words as `workstation info` and the log;
        issue 20 finding 16). It stays until the first chip read or another notice takes the line."""
        from workstation.storage.key_protection import SHORT_NOTICE

        if protection.notice is not None:
            self.window.notice.show_notice(SHORT_NOTICE.text(self.language()), "warn", key="keys")
            self.window.notice.setToolTip(protection.notice.text(self.language()))

    def refresh_disk_space(self) -> None:
        """Free space where the drafts are, in the status bar (amber when low, red when too low), and
        on the page when it matters: a disk too full to start the next citizen is said before the
        card is read, not after."""
        from workstation.disk_space import LOW, TOO_LOW

        services, notice = self.window.services, self.window.notice
        check = services.store.space_check() if services is not None else None
        self.window.devices_bar.set_disk(check, self.language())
        if check is not None and check.level in (LOW, TOO_LOW):
            notice.show_notice(check.message().text(self.language()), "error" if check.level == TOO_LOW else "warn",
                               key="disk")
        else:
            notice.clear_notice("disk")

    def device_name(self, kind: DeviceKind) -> str:
        return {DeviceKind.CARD_READER: self.tr("The card reader"), DeviceKind.CAMERA: self.tr("The camera"),
                DeviceKind.FINGERPRINT: self.tr("The fingerprint scanner"),
                DeviceKind.QR_SCANNER: self.tr("The QR scanner")}.get(kind, str(kind))

    def say(self, kind: DeviceKind, missing: bool) -> None:
        """A device that stops answering is said on the page (until it is back), not only as a dot."""
        key = f"device:{kind}"
        if missing:
            self.window.notice.show_notice(
                self.tr("%1 is unplugged or not answering: plug it in again (nothing captured is lost).")
                .replace("%1", self.device_name(kind)), "error", key=key)
        else:
            self.window.notice.clear_notice(key)

    def camera_state(self, present: bool, detail: str) -> None:
        """The camera's stream failing is the first sign it is gone (its probe waits while it streams)."""
        last = self.statuses.get(DeviceKind.CAMERA)
        if present:
            if last is not None:
                self.window.devices_bar.set_status(last)
        else:
            self.window.devices_bar.set_status(DeviceStatus(DeviceKind.CAMERA, last.driver if last else "camera",
                                                            DeviceState.MISSING, detail))
        self.say(DeviceKind.CAMERA, not present)

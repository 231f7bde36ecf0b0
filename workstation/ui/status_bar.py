"""The device status bar: one indicator per device kind, live as devices come and go."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from workstation.devices.base import DeviceKind, DeviceState, DeviceStatus
from workstation.disk_space import LOW, OK, TOO_LOW, SpaceCheck

STATE_COLOURS = {
    DeviceState.CONNECTED: "#1b7f3b",
    DeviceState.SIMULATED: "#b36b00",
    DeviceState.MISSING: "#b3261e",
    DeviceState.UNAVAILABLE: "#6b6b6b",
    DeviceState.DISABLED: "#6b6b6b",
}


class DeviceIndicator(QLabel):
    def __init__(self, kind: DeviceKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.status: DeviceStatus | None = None
        self.setObjectName(f"device-{kind}")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.refresh()

    def kind_name(self) -> str:
        return {
            DeviceKind.CARD_READER: self.tr("Card reader"),
            DeviceKind.CAMERA: self.tr("Camera"),
            DeviceKind.FINGERPRINT: self.tr("Fingerprint scanner"),
            DeviceKind.QR_SCANNER: self.tr("QR scanner"),
        }[self.kind]

    def state_name(self, state: DeviceState) -> str:
        return {
            DeviceState.CONNECTED: self.tr("connected"),
            DeviceState.SIMULATED: self.tr("simulated"),
            DeviceState.MISSING: self.tr("missing"),
            DeviceState.UNAVAILABLE: self.tr("unavailable"),
            DeviceState.DISABLED: self.tr("disabled"),
        }[state]

    def set_status(self, status: DeviceStatus) -> None:
        self.status = status
        self.refresh()

    def refresh(self) -> None:
        state = self.status.state if self.status else DeviceState.MISSING
        colour = STATE_COLOURS[state]
        text = self.state_name(state) if self.status else self.tr("starting…")
        if self.status is not None and self.status.card_present:
            text += " · " + self.tr("card on the reader")
        self.setText(f'<span style="color:{colour}; font-size:16pt">●</span> '
                     f"<b>{self.kind_name()}</b>: {text}")
        self.setToolTip(self.status.detail if self.status else "")

    @property
    def state_text(self) -> str:
        return self.state_name(self.status.state) if self.status else ""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)


class DiskIndicator(QLabel):
    """Free space where the drafts are: green, amber when low, red when no new enrollment can start."""

    COLOURS = {OK: "#1b7f3b", LOW: "#b36b00", TOO_LOW: "#b3261e"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disk-space")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.check: SpaceCheck | None = None
        self.language = "vi"
        self.hide()

    def set_check(self, check: SpaceCheck | None, language: str) -> None:
        self.check, self.language = check, language
        self.setVisible(check is not None)
        if check is None:
            return
        free = check.message().text(language) if check.level != OK else ""
        label = self.tr("Disk")
        amount = f"{check.free_mb / 1024:.1f} GB".replace(".", "," if language == "vi" else ".") \
            if check.free_mb >= 1024 else f"{check.free_mb} MB"
        self.setText(f'<span style="color:{self.COLOURS[check.level]}; font-size:16pt">●</span> '
                     f"<b>{label}</b>: {amount}")
        self.setToolTip(free)


class DeviceStatusBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(24)
        self.indicators = {kind: DeviceIndicator(kind, self) for kind in DeviceKind}
        for indicator in self.indicators.values():
            layout.addWidget(indicator)
        self.disk = DiskIndicator(self)
        layout.addWidget(self.disk)
        layout.addStretch(1)

    def set_disk(self, check: SpaceCheck | None, language: str) -> None:
        self.disk.set_check(check, language)

    def set_status(self, status: DeviceStatus) -> None:
        self.indicators[status.kind].set_status(status)

"""The operator bar, under the title: who is logged in, which workstation and commune, whether the
packages are getting out (centre online or not, how many not yet sent, the last sync), and a
log-out button. The centre is probed off the window's thread, every half minute."""
from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from workstation.core.operator_status import OperatorStatus, operator_status

REFRESH_MS = 30_000


class _Bridge(QObject):
    probed = Signal(object)


class OperatorBar(QWidget):
    log_out_requested = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:  # noqa: ANN001 - EnrollmentServices
        super().__init__(parent)
        self.setObjectName("operator-bar")
        self.services = services
        self.status: OperatorStatus | None = None
        self.setStyleSheet("#operator-bar { background: #e8eef5; } QLabel { font-size: 12pt; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.setSpacing(18)
        self.officer = QLabel(self)
        self.officer.setObjectName("operator-officer")
        self.workstation = QLabel(self)
        self.sync = QLabel(self)
        self.sync.setObjectName("operator-sync")
        self.log_out_button = QPushButton(self)
        self.log_out_button.setObjectName("operator-logout")
        self.log_out_button.clicked.connect(self.log_out_requested.emit)
        # never the focus: Space or Enter pressed on another page must not land on it (issue 20 #1)
        self.log_out_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for widget in (self.officer, self.workstation, self.sync):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.log_out_button)
        self.bridge = _Bridge(self)
        self.bridge.probed.connect(self._show)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self._probing = False
        self.refresh()

    def refresh(self) -> None:
        """Now from the database; the centre's reachability a moment later, from a thread."""
        if self.services is None:
            return
        self._show(operator_status(self.services))
        if self.status is not None and self.status.centre_url and not self._probing:
            self._probing = True
            services = self.services

            def probe() -> None:
                try:
                    self.bridge.probed.emit(operator_status(services, probe=True))
                finally:
                    self._probing = False
            threading.Thread(target=probe, name="centre-probe", daemon=True).start()

    def _show(self, status: OperatorStatus) -> None:
        if self.status is not None and status.online is None and self.status.centre_url == status.centre_url:
            status = OperatorStatus(**{**status.__dict__, "online": self.status.online})   # keep the last probe
        self.status = status
        self.retranslate()

    def retranslate(self) -> None:
        self.log_out_button.setText(self.tr("Log out"))
        has_accounts = self.services is not None and self.services.has_officers()
        self.log_out_button.setVisible(has_accounts)
        status = self.status
        if status is None:
            return
        self.officer.setText(self.tr("Officer: %1").replace("%1", f"<b>{status.officer or '—'}</b>"))
        commune = status.commune or self.tr("not registered with a centre")
        self.workstation.setText(self.tr("Workstation %1 · commune %2").replace("%1", status.workstation_id[:8])
                                 .replace("%2", commune))
        if not status.centre_url:
            state, colour = self.tr("offline (export to USB)"), "#6b6b6b"
        elif status.online is None:
            state, colour = self.tr("checking the centre…"), "#6b6b6b"
        elif status.online:
            state, colour = self.tr("centre online"), "#1b7f3b"
        else:
            state, colour = self.tr("centre unreachable"), "#b36b00"
        unsent = self.tr("not yet sent: %1").replace("%1", str(status.unsent))
        last = (self.tr("last sync %1").replace("%1", status.last_sync.strftime("%d/%m %H:%M"))
                if status.last_sync else self.tr("never synced"))
        unsent_colour = "#b36b00" if status.unsent else "#1b7f3b"
        self.sync.setText(f'<span style="color:{colour}">●</span> {state} · '
                          f'<span style="color:{unsent_colour}">{unsent}</span> · {last}')

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

"""The idle lock: after some minutes without keyboard or mouse the window hides everything behind
a cover (a citizen's data must not stay on an unattended screen) until the officer's password,
or a supervisor's, is given again. Enrollment state is untouched: unlocking resumes exactly there."""
from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
          QEvent.Type.TouchBegin}


class IdleLock(QObject):
    def __init__(self, window: QWidget, minutes: float, unlock: Callable[[], bool]) -> None:
        """`unlock` asks for the password and says whether it was right (the window's dialog)."""
        super().__init__(window)
        self.window = window
        self.seconds = minutes * 60
        self.unlock = unlock
        self.last_input = time.monotonic()
        self.locked = False
        self.cover = QLabel(window)
        self.cover.setObjectName("idle-lock-cover")
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setStyleSheet("background: #1f2a36; color: white; font-size: 26pt;")
        self.cover.hide()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        if self.seconds > 0:
            QApplication.instance().installEventFilter(self)
            self.timer.start(5000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT and not self.locked:
            self.last_input = time.monotonic()
        return False

    def check(self) -> None:
        if not self.locked and self.seconds > 0 and time.monotonic() - self.last_input >= self.seconds:
            self.lock()

    def lock(self, text: str = "") -> None:
        """Cover the window; `text` says why (default: left unattended)."""
        self.locked = True
        self.cover.setText(text or self.tr("Locked: the screen was left unattended.\nEnter your password to continue."))
        self.cover.setGeometry(self.window.rect())
        self.cover.raise_()
        self.cover.show()
        QTimer.singleShot(0, self, self.ask)

    def ask(self) -> None:
        if self.locked and self.unlock():
            self.locked = False
            self.cover.hide()
            self.last_input = time.monotonic()
        elif self.locked:
            QTimer.singleShot(500, self, self.ask)   # the dialog was dismissed: ask again

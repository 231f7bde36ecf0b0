"""The line above the step pages where what matters before the next card is said: a scan kept for
the next citizen, a device unplugged, a full disk, a sync that failed. The status bar is out of the
officer's sight; this is not (issue 20 findings 3 and 9)."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

COLOURS = {"info": ("#0b4f8a", "#e3eefa"), "warn": ("#6b4000", "#fff1d6"), "error": ("#ffffff", "#b3261e")}


class PageNotice(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page-notice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.level = ""
        self.key = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear_notice)
        self.hide()

    def show_notice(self, text: str, level: str = "info", seconds: float = 0, key: str = "") -> None:
        """`key` names the condition (e.g. "disk", "device:camera") so that its end clears it;
        `seconds` 0: stays until cleared."""
        fg, bg = COLOURS[level]
        self.level, self.key = level, key
        self.setStyleSheet(f"#page-notice {{ color: {fg}; background: {bg}; font-size: 17pt; font-weight: 600;"
                           f" padding: 8px 16px; }}")
        self.setText(text)
        self.setToolTip("")
        self.show()
        self.timer.stop()
        if seconds > 0:
            self.timer.start(int(seconds * 1000))

    def clear_notice(self, key: str | None = None) -> None:
        """Clears the notice (only the one of `key`, when given)."""
        if key is not None and key != self.key:
            return
        self.level, self.key = "", ""
        self.setText("")
        self.setToolTip("")
        self.hide()

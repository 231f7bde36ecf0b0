"""Catching a keyboard-wedge scan wherever the focus is (issue 20 finding 3): an application-wide
event filter hands each keystroke, with the window system's timestamp, to the core's BurstTracker;
a burst that is a scan never reaches the focused field (its first key is taken back) and goes to
`on_scan` instead; a person's keys held a moment are replayed in order. Keys without a timestamp
(made by a program, as in tests with QTest) pass untouched, as do keys in modal dialogs."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from workstation.core.scanner_input import Action, BurstTracker, Scan

_END = {Qt.Key.Key_Return: "enter", Qt.Key.Key_Enter: "enter", Qt.Key.Key_Tab: "tab"}
GIVE_BACK_MS = 120     # no key for this long: the held keys were a person's, replay them


class ScanCatcher(QObject):
    def __init__(self, on_scan: Callable[[Scan], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_scan = on_scan
        self.tracker = BurstTracker()
        self._keys: list[tuple[int, str]] = []       # the burst's keys as pressed (key code, text)
        self._target: QWidget | None = None          # where the burst's first key went
        self._before: tuple[str, int] | None = None  # that line edit's text and cursor before it
        self._taken_back = False
        self._replaying = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(GIVE_BACK_MS)
        self.timer.timeout.connect(lambda: self._replay(self.tracker.give_back()))
        QApplication.instance().installEventFilter(self)

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or self._replaying or not isinstance(watched, QWidget):
            return False
        focus = QApplication.focusWidget()
        if watched is not focus and not (focus is None and watched.isWindow()):
            return False                              # the same key again on its way up the parents
        assert isinstance(event, QKeyEvent)
        if event.timestamp() == 0 or event.isAutoRepeat() or QApplication.activeModalWidget() is not None:
            return False
        at = event.timestamp() / 1000
        if event.key() in _END:
            if not self.tracker.strokes:
                return False
            self.timer.stop()
            scan, replay = self.tracker.end(_END[event.key()], at)
            if scan is not None:
                self._forget()
                self.on_scan(scan)
                return True
            self._replay(replay)
            return False
        if event.key() in (Qt.Key.Key_Shift, Qt.Key.Key_CapsLock, Qt.Key.Key_AltGr):
            return False                              # a scanner presses Shift for capitals: the burst goes on
        text = event.text()
        mods = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if not text or not text.isprintable() or mods != Qt.KeyboardModifier.NoModifier:
            self.timer.stop()
            self._replay(self.tracker.give_back())
            return False
        action, replay = self.tracker.char(text, at)
        self._replay(replay)
        self.timer.start()
        if action == Action.PASS:
            self._forget()
            self._keys = [(event.key(), text)]
            self._target = focus
            self._before = (focus.text(), focus.cursorPosition()) if isinstance(focus, QLineEdit) else None
            return False
        self._keys.append((event.key(), text))
        if action == Action.HOLD_TAKE_BACK and isinstance(self._target, QLineEdit) and self._before is not None:
            self._target.setText(self._before[0])     # the first key of the scan went in: undone
            self._target.setCursorPosition(self._before[1])
            self._taken_back = True
        return True

    def _forget(self) -> None:
        self._keys, self._target, self._before, self._taken_back = [], None, None, False

    def _replay(self, chars: list[str]) -> None:
        """A person's keys, held a moment, reach the focused widget after all, in order (the
        burst's first key only when it was taken back: otherwise it went through already)."""
        if not chars:
            return
        keys = self._keys if self._taken_back else self._keys[1:]
        target = QApplication.focusWidget() or self._target
        self._forget()
        if target is None:
            return
        self._replaying = True
        try:
            for key, text in keys:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
        finally:
            self._replaying = False

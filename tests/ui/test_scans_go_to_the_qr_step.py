"""Issue 20 finding 3: a scanner is a keyboard that types fast. Its keys, stamped a few
milliseconds apart as the window system stamps them, are caught wherever the focus is, replace
the QR field's old text and never land in another field (the phone field on review); a person's
slower keys go where they are typed. Timestamps are injected: no sleeps."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import answer_credentials
from tests.ui.test_enrollment_window import LONG, _insert
from workstation.core.context import AppContext
from workstation.core.enrollment.workflow import Step
from workstation.emulator.fixtures import fixture

_clock = [1_000_000]


def keys(text: str, gap_ms: int, end: Qt.Key | None = Qt.Key.Key_Return) -> None:
    """Types `text` into the focused widget as the window system would deliver it."""
    def send(key: int, char: str) -> None:
        _clock[0] += gap_ms
        target = QApplication.focusWidget()
        assert target is not None
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(_clock[0])
            QApplication.sendEvent(target, event)

    for char in text:
        key = Qt.Key.Key_Space if char == " " else (ord(char.upper()) if char.isascii() and char.isalnum() else 0)
        send(int(key), char)
    if end is not None:
        send(int(end), "\r" if end == Qt.Key.Key_Return else "\t")
    _clock[0] += 1000


def test_after_login_the_qr_field_has_the_focus_and_a_rescan_replaces(qtbot, accounts, monkeypatch) -> None:  # noqa: ANN001
    from workstation.ui.app import start_gui

    answer_credentials(monkeypatch, [("cb.le", "mat-khau-456")])
    gui = start_gui(AppContext.load(mode="simulated"))
    qtbot.addWidget(gui.window)
    window = gui.window
    window.show()
    window.activateWindow()
    try:
        window.set_language("vi")
        field = window.qr_field
        qtbot.waitUntil(lambda: QApplication.focusWidget() is field.edit, timeout=3000)
        qr = fixture("an-genuine").qr
        keys(qr[:40] + "0101", 4)                       # a bad scan (cut short): "scan again"
        assert field.edit.text() == qr[:40] + "0101" and not field.entry.ok
        keys(qr, 4)                                     # the rescan replaces, not appended
        assert field.edit.text() == qr and field.entry.ok and window.qr_entry is not None
        field.edit.clear()
        keys("abc", 150, end=None)                      # a person typing: straight into the field
        assert field.edit.text() == "abc"
    finally:
        gui.close()


def test_a_scan_during_review_never_types_into_the_phone_field(qtbot, gui, faces_dir) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    window.activateWindow()
    _insert(window, "an-genuine", faces_dir)
    qtbot.waitUntil(lambda: window.workflow.step == Step.REVIEW, timeout=LONG * 2)
    page = window.review_page
    page.phone.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.phone, timeout=3000)
    keys("0912", 120, end=None)                         # the officer types the phone number
    assert page.phone.text() == "0912"
    next_qr = fixture("bich-variants").qr
    keys(next_qr, 3)                                    # the next citizen's card scanned meanwhile
    assert page.phone.text() == "0912" and window.workflow.step == Step.REVIEW
    assert window.notice.isVisible() and "tiếp theo" in window.notice.text()
    keys(" 345 678", 120, end=None)
    assert page.phone.text() == "0912 345 678"
    page.consent.setChecked(True)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.saved_page.next_button.isVisible(), timeout=10_000)
    qtbot.keyClick(window.saved_page, Qt.Key.Key_Return)   # next citizen: the kept QR is read
    assert window.workflow.step in (Step.CARD, Step.CHIP)
    assert window.qr_field.edit.text() == next_qr and window.qr_entry is not None
    assert window.qr_entry.qr.full_name == "Trần Thị Bích Ngọc"

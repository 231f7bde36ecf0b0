"""Issue 20 finding 8: the face's retake and "accept with a reason" by keyboard; F9's list has the
focus at once and every button there has its key; a strong focus ring; every action on every page
shows its key."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tests.ui.conftest import answer_confirmations, answer_credentials, answer_reasons
from tests.ui.test_enrollment_window import LONG, _insert

KEY = re.compile(r"\((F\d+|Ctrl\+[A-Za-z+]+|Enter|Del|Space|phím cách|Esc)\)")


def _unkeyed(page) -> list[str]:  # noqa: ANN001
    return [b.text() for b in page.findChildren(QPushButton) if b.isVisible() and not KEY.search(b.text())]


def test_face_retake_and_override_by_keys_and_every_action_shows_its_key(qtbot, gui, faces_dir,  # noqa: ANN001
                                                                         monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    window = gui.window
    window.set_language("vi")
    _insert(window, "an-genuine", faces_dir, camera="impostor")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.face_page, timeout=10_000)
    face = window.face_page
    assert _unkeyed(face) == []
    qtbot.wait(300)
    face.capture_now()
    qtbot.waitUntil(lambda: face.review is not None and face.override_button.isVisible(), timeout=LONG)
    assert _unkeyed(face) == [] and _unkeyed(window.chip_page) == []
    qtbot.keyClick(face, Qt.Key.Key_F5)                                     # retake
    assert face.review is None and not face.override_button.isVisible()

    def captured_again() -> bool:
        face.capture_now()                  # Space, as soon as the camera runs again
        return face.review is not None and face.override_button.isVisible()
    qtbot.waitUntil(captured_again, timeout=LONG)
    asked = []
    face.override_requested.connect(asked.append)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ảnh chip chụp khi còn nhỏ tuổi", True))
    answer_credentials(monkeypatch, [("nobody", "wrong")])                  # the supervisor step is asked
    qtbot.keyClick(face, Qt.Key.Key_F4)                                     # accept with a reason
    assert asked == ["Ảnh chip chụp khi còn nhỏ tuổi"]
    for page in (window.finger_page, window.review_page, window.saved_page, window.history_page,
                 window.settings_page):
        window.pages.setCurrentWidget(page)
        page.setVisible(True)
        if page is window.saved_page:
            page.show_saved("x", "L2-XXXX", 10)
        assert _unkeyed(page) == [], page.objectName()


def test_the_day_s_list_has_the_focus_and_its_keys(qtbot, gui, monkeypatch) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    store = window.services.store
    draft = store.new_draft("cb.le", "079190004321", "Trần Thị Bích Ngọc", simulated=True)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    page = window.history_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=3000)   # no Tab tour
    answer_reasons(monkeypatch, [("Công dân không quay lại", True)])
    answer_confirmations(monkeypatch, ["do"])
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)                                     # discard, by its key
    assert store.get(draft).state == "discarded"


def test_the_focused_button_is_plainly_marked(qtbot, gui) -> None:  # noqa: ANN001
    """The application style sheet draws a thick ring on the focused widget: the same button
    looks different with and without the focus."""
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    holder = QWidget()
    qtbot.addWidget(holder)
    row = QHBoxLayout(holder)
    first, second = QPushButton("Một (F1)", holder), QPushButton("Hai (F2)", holder)
    row.addWidget(first)
    row.addWidget(second)
    holder.show()
    holder.activateWindow()
    second.setFocus()
    qtbot.waitUntil(second.hasFocus, timeout=2000)
    plain = first.grab().toImage()
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=2000)
    ringed = first.grab().toImage()
    assert ":focus" in QApplication.instance().styleSheet()
    assert plain != ringed
    ring = ringed.pixelColor(2, ringed.height() // 2).name()
    assert ring == "#0b57d0"                                  # the ring's own colour, at its edge

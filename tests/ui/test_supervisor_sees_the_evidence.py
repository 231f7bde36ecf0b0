"""Issue 20 finding 12: the supervisor approving a face sees both photos, the citizen (name, ID
masked), the reason and the officer, in the approval dialog itself (it no longer covers the
photos it asks about); the end-of-day approval names the citizen, the reason and the officer."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.ui.test_enrollment_window import LONG, _insert


def _capture_dialogs(monkeypatch, answers, screenshot=None):  # noqa: ANN001, ANN202
    from workstation.ui import credentials_dialog

    seen = []
    typed = iter(answers)

    def exec_(dialog) -> bool:  # noqa: ANN001
        from PySide6.QtWidgets import QApplication

        dialog.show()
        dialog.adjustSize()
        QApplication.processEvents()
        seen.append(dialog)
        if screenshot is not None:
            dialog.grab().save(str(screenshot))
        username, password = next(typed)
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.try_accept()
        return bool(dialog.approved_by)

    monkeypatch.setattr(credentials_dialog.CredentialsDialog, "exec", exec_)
    return seen


def test_the_face_override_dialog_shows_both_photos_the_citizen_reason_and_officer(  # noqa: ANN001
        qtbot, accounts, monkeypatch, faces_dir, screenshot_dir) -> None:
    from PySide6.QtWidgets import QInputDialog

    from workstation.core.context import AppContext
    from workstation.ui.app import start_gui

    seen = _capture_dialogs(monkeypatch, [("cb.le", "mat-khau-456"), ("sup.tran", "mat-khau-123")],
                            screenshot_dir / "supervisor-approval-vi.png")
    gui = start_gui(AppContext.load(mode="simulated"))
    qtbot.addWidget(gui.window)
    window = gui.window
    window.show()
    try:
        window.set_language("vi")
        _insert(window, "an-genuine", faces_dir, camera="impostor")
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.face_page, timeout=10_000)
        face = window.face_page
        qtbot.wait(300)
        face.capture_now()
        qtbot.waitUntil(lambda: face.override_button.isVisible(), timeout=LONG)
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ảnh chip chụp khi còn nhỏ tuổi", True))
        qtbot.keyClick(face, Qt.Key.Key_F4)
        dialog = seen[-1]
        photos = [dialog.findChild(QLabel, f"approval-photo-{n}") for n in (0, 1)]
        assert all(p is not None and p.pixmap() is not None and not p.pixmap().isNull() for p in photos)
        facts = dialog.findChild(QLabel, "approval-facts").text()
        assert "Nguyễn Văn An (001******345)" in facts and "Ảnh chip chụp khi còn nhỏ tuổi" in facts
        assert "cb.le" in facts and "001099012345" not in facts
        assert window.workflow.step.value == "fingerprints"           # approved by sup.tran: on it goes
    finally:
        gui.close()


def test_the_end_of_day_review_names_the_citizen_the_reason_and_the_officer(qtbot, gui, monkeypatch) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    store = window.services.store
    eid = store.new_draft("cb.le", "001099012345", "Nguyễn Văn An", simulated=True)
    store.complete(eid, "5b0c4c1e-0000-4000-8000-000000000009", b"sealed", "cb.le", flags=("face_override",))
    seen = _capture_dialogs(monkeypatch, [("nobody", "x")])
    window.toggle_history()
    page = window.history_page
    page.table.selectRow([r.enrollment_id for r in page.rows].index(eid))
    page.review_selected("approved")
    facts = seen[-1].findChild(QLabel, "approval-facts").text()
    assert "Nguyễn Văn An (001******345)" in facts and "lãnh đạo chấp nhận khuôn mặt" in facts and "cb.le" in facts

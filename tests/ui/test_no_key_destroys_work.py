"""Issue 20 finding 1 and 13: no key an officer presses in the normal flow (Space, Enter, digits,
F-keys) logs out, discards or ends an enrollment; those ask first, and the safe choice is the
default; a finger that cannot be taken has no reason chosen for the officer; the destructive
button never shares its word with the one that goes back."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import answer_confirmations, answer_credentials
from workstation.core.context import AppContext

NORMAL_KEYS = [Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_1, Qt.Key.Key_5,
               Qt.Key.Key_F2, Qt.Key.Key_F5, Qt.Key.Key_F8]


def test_space_and_enter_on_the_fingerprint_page_never_log_out(qtbot, accounts, monkeypatch) -> None:  # noqa: ANN001
    from workstation.ui.app import start_gui
    from workstation.ui.exception_dialog import FingerExceptionDialog

    answer_credentials(monkeypatch, [("cb.le", "mat-khau-456")])
    asked = answer_confirmations(monkeypatch, ["Return", "Space", "Escape", "do"])
    monkeypatch.setattr(FingerExceptionDialog, "exec", lambda dialog: False)
    gui = start_gui(AppContext.load(mode="simulated"))
    qtbot.addWidget(gui.window)
    window = gui.window
    window.show()
    try:
        window.set_language("vi")
        bar = window.operator_bar
        assert bar.log_out_button.isVisible()
        assert bar.log_out_button.focusPolicy() == Qt.FocusPolicy.NoFocus      # Tab never lands on it
        window.step_list.setCurrentRow(3)                                      # the fingerprint page
        for _ in range(40):                                                    # wherever Tab goes
            qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Tab)
            assert window.focusWidget() is not bar.log_out_button
        for key in NORMAL_KEYS:
            qtbot.keyClick(window.focusWidget() or window, key)
        assert window.services.officer == "cb.le" and not window.idle_lock.locked and asked == []
        # the button itself asks; Enter, Space and Esc keep the officer logged in
        for _ in range(3):
            bar.log_out_button.click()
            assert window.services.officer == "cb.le" and not window.idle_lock.locked
        assert len(asked) == 3 and "hồ sơ nháp" in asked[0]
        answer_credentials(monkeypatch, [("cb.pham", "mat-khau-789")])
        bar.log_out_button.click()                                             # the destructive button
        qtbot.waitUntil(lambda: window.services.officer == "cb.pham", timeout=3000)
    finally:
        gui.close()


def test_no_reason_is_chosen_for_a_finger_that_cannot_be_taken(qtbot, gui) -> None:  # noqa: ANN001
    from workstation.ui.exception_dialog import FingerExceptionDialog

    gui.window.set_language("vi")
    dialog = FingerExceptionDialog("ngón trỏ tay phải", lambda: "vi", None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not any(b.isChecked() for b in dialog.buttons)                     # not "amputated" by default
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() != FingerExceptionDialog.DialogCode.Accepted and dialog.error.text()
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    dialog.try_accept()
    assert dialog.result() == FingerExceptionDialog.DialogCode.Accepted and dialog.reason.key != "amputated"


def test_discard_asks_and_its_buttons_say_different_things(qtbot, gui, monkeypatch) -> None:  # noqa: ANN001
    from tests.ui.conftest import answer_reasons
    from PySide6.QtWidgets import QDialogButtonBox

    window = gui.window
    window.set_language("vi")
    store = window.services.store
    draft = store.new_draft("cb.le", "079190004321", "Trần Thị Bích Ngọc", simulated=True)
    store.add_capture(draft, "face", "face/live.jpg", b"\xff\xd8 a face")
    window.toggle_history()
    page = window.history_page
    page.table.selectRow([r.enrollment_id for r in page.rows].index(draft))
    answer_reasons(monkeypatch, [("Công dân bỏ về", True)] * 2)
    asked = answer_confirmations(monkeypatch, ["Return", "do"])
    page.discard_selected()                                   # Enter out of habit: kept
    assert store.get(draft).state == "draft" and store.captures(draft)
    page.discard_selected()
    assert store.get(draft).state == "discarded" and len(asked) == 2
    # Qt's Cancel no longer says "Huỷ" (the Vietnamese of discard): it says "go back"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
    assert "Huỷ" not in cancel and cancel == "Quay lại"

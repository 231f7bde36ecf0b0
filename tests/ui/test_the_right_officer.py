"""Issue 20 finding 2: the officer logged in is the one every record names — the enrollment in
the list, the audit entries and the receipt — after log out, log in and the idle lock."""
from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.ui.conftest import answer_confirmations, answer_credentials
from tests.ui.test_enrollment_window import LONG, _insert
from workstation.core.context import AppContext
from workstation.core.enrollment.workflow import Step


def _enrol(qtbot, window, card: str, phone: str, faces_dir) -> str:  # noqa: ANN001
    _insert(window, card, faces_dir)
    qtbot.waitUntil(lambda: window.workflow.step == Step.REVIEW, timeout=LONG * 2)
    page = window.review_page
    qtbot.keyClicks(page.phone, phone)
    page.consent.setChecked(True)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.saved_page.receipt is not None, timeout=10_000)
    return window.workflow.enrollment_id


def test_every_record_names_the_officer_logged_in(qtbot, accounts, monkeypatch, faces_dir) -> None:  # noqa: ANN001
    from workstation.storage.models import AuditEntry
    from workstation.ui.app import start_gui

    answer_credentials(monkeypatch, [("cb.le", "mat-khau-456"), ("cb.pham", "mat-khau-789"),
                                     ("cb.pham", "mat-khau-789")])
    answer_confirmations(monkeypatch, ["do"])
    gui = start_gui(AppContext.load(mode="simulated"))
    qtbot.addWidget(gui.window)
    window = gui.window
    window.show()
    try:
        window.set_language("vi")
        first = _enrol(qtbot, window, "an-genuine", "0912345678", faces_dir)
        assert window.saved_page.receipt.officer == "cb.le"
        qtbot.keyClick(window.saved_page, Qt.Key.Key_Return)
        window.operator_bar.log_out_button.click()                         # cb.le leaves, cb.pham logs in
        qtbot.waitUntil(lambda: window.services.officer == "cb.pham" and not window.idle_lock.locked, timeout=3000)
        window.idle_lock.lock()                                             # the screen left unattended
        qtbot.waitUntil(lambda: not window.idle_lock.locked, timeout=3000)  # cb.pham unlocks
        second = _enrol(qtbot, window, "bich-variants", "0987654321", faces_dir)
        assert window.saved_page.receipt.officer == "cb.pham"
        store = window.services.store
        assert store.get(first).officer == "cb.le" and store.get(second).officer == "cb.pham"
        window.history_page.refresh()
        shown = {r.enrollment_id: r.officer for r in window.history_page.rows}
        assert shown[first] == "cb.le" and shown[second] == "cb.pham"
        with store.sessions() as session:
            entries = [(e.officer, e.action) for e in session.scalars(
                select(AuditEntry).where(AuditEntry.enrollment_id == second))]
        assert entries and all(officer == "cb.pham" for officer, _action in entries), entries
        assert "officer" not in {officer for officer, _action in entries}
    finally:
        gui.close()

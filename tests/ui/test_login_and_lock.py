"""Logging in when accounts exist, the idle lock hiding the screen until the password is given,
and who may unlock (the officer at the counter or a supervisor)."""
from __future__ import annotations

import pytest

from tests.ui.conftest import answer_credentials
from workstation.core.context import AppContext
from workstation.errors import WorkstationError


def test_login_names_the_officer_and_the_idle_lock_covers_the_screen(qtbot, accounts, monkeypatch) -> None:  # noqa: ANN001
    from workstation.ui import credentials_dialog
    from workstation.ui.app import start_gui

    answers = iter([("cb.le", "wrong-password"), ("cb.le", "mat-khau-456")])
    errors: list[str] = []

    def exec_(dialog) -> bool:  # noqa: ANN001 - a person typing into the dialog until it accepts
        for username, password in answers:
            dialog.username.setText(username)
            dialog.password.setText(password)
            dialog.try_accept()
            if dialog.approved_by:
                return True
            errors.append(dialog.error.text())
        return False

    monkeypatch.setattr(credentials_dialog.CredentialsDialog, "exec", exec_)
    gui = start_gui(AppContext.load(mode="simulated"))
    qtbot.addWidget(gui.window)
    gui.window.show()
    try:
        assert gui.window.services.officer == "cb.le" and len(errors) == 1
        lock = gui.window.idle_lock
        assert lock.seconds == 5 * 60
        lock.unlock = lambda: False
        lock.last_input -= lock.seconds + 1
        lock.check()
        assert lock.locked and lock.cover.isVisible()
        qtbot.wait(50)
        assert lock.locked                                  # a wrong password keeps it locked
        lock.unlock = lambda: True
        qtbot.waitUntil(lambda: not lock.locked, timeout=3000)
        assert not lock.cover.isVisible()
    finally:
        gui.close()


def test_who_may_unlock(accounts) -> None:  # noqa: ANN001
    from workstation.core.enrollment.services import EnrollmentServices

    db = accounts.open_database()
    services = EnrollmentServices.from_context(accounts, db, simulated=True)
    assert services.log_in("cb.le", "mat-khau-456") == "cb.le"
    assert services.unlock("cb.le", "mat-khau-456") == "cb.le"
    assert services.unlock("sup.tran", "mat-khau-123") == "sup.tran"
    with pytest.raises(WorkstationError, match="Only the officer at the counter"):
        services.unlock("cb.pham", "mat-khau-789")
    with pytest.raises(WorkstationError):
        services.unlock("cb.le", "not-it")
    db.close()


def test_settings_are_saved_and_thresholds_need_a_supervisor(qtbot, gui, screenshot_dir) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt

    from workstation.config import load_settings
    from workstation.storage.officers import create_officer

    window = gui.window
    qtbot.keyClick(window, Qt.Key.Key_F10)
    page = window.settings_page
    assert window.pages.currentWidget() is page and page.drivers.rowCount() >= 8
    assert not page.finger_min.isEnabled()
    assert not hasattr(page, "central")          # the dead central-database field is gone
    page.police_unit.setText("  Công an xã   Đông Hội ")
    page.large_text.setChecked(True)
    page.finger_min.setValue(60)                 # locked: not taken
    page.save()
    saved = load_settings(page.settings_file)
    assert saved.ui.police_unit == "Công an xã Đông Hội" and saved.ui.large_text
    assert saved.verify.finger_min_quality == 50
    create_officer(window.services.store.sessions, "sup.tran", "mat-khau-123", role="supervisor")
    assert window.services.approve_supervisor("sup.tran", "mat-khau-123") == "sup.tran"
    page.unlock_thresholds("sup.tran")
    assert page.finger_min.isEnabled()
    page.finger_min.setValue(60)
    page.eyes_min.setValue(0.18)
    page.match_below.setValue(0.62)
    page.no_match_above.setValue(0.55)
    page.save()
    assert "không được lớn hơn" in page.message.text()
    page.match_below.setValue(0.48)
    page.save()
    saved = load_settings(page.settings_file)
    assert (saved.verify.finger_min_quality, saved.verify.face_match_below, saved.verify.face_no_match_above,
            saved.verify.min_eye_opening) == (60, 0.48, 0.55, 0.18)
    window.grab().save(str(screenshot_dir / f"settings-{window.translations.language}.png"))
    qtbot.keyClick(window, Qt.Key.Key_F10)
    assert window.pages.currentIndex() == window.step_list.currentRow()


def test_the_window_discards_drafts_left_longer_than_the_setting_at_start(qtbot, isolated_home) -> None:  # noqa: ANN001
    from datetime import UTC, datetime, timedelta

    from workstation.core.context import AppContext
    from workstation.storage.models import Enrollment
    from workstation.ui.app import start_gui

    context = AppContext.load(mode="simulated")
    first = start_gui(context)
    store = first.window.services.store
    stale = store.new_draft("cb.le", "001099012345", "Nguyễn Văn An", simulated=True)
    fresh = store.new_draft("cb.le", "079190004321", "Trần Thị Bích Ngọc", simulated=True)
    with store.sessions.begin() as session:
        session.get(Enrollment, stale).updated_at = datetime.now(UTC) - timedelta(days=8)
    first.close()
    second = start_gui(AppContext.load(mode="simulated"))           # storage.draft_days: 7 by default
    qtbot.addWidget(second.window)
    try:
        store = second.window.services.store
        assert store.get(stale).state == "discarded" and store.get(fresh).state == "draft"
    finally:
        second.close()


def test_the_operator_bar_names_the_officer_and_log_out_lets_the_next_one_in(qtbot, accounts, monkeypatch,  # noqa: ANN001
                                                                             screenshot_dir) -> None:  # noqa: ANN001
    """Issue 16 item 4: officer, workstation, commune, sync state and unsent packages on screen;
    log out is audited and covers the screen until another officer logs in."""
    from sqlalchemy import select

    from workstation.storage.models import AuditEntry
    from workstation.ui.app import start_gui

    from tests.ui.conftest import answer_confirmations

    answer_credentials(monkeypatch, [("cb.le", "mat-khau-456"), ("cb.pham", "mat-khau-789")])
    answer_confirmations(monkeypatch, ["do"])
    gui = start_gui(AppContext.load(mode="simulated"))
    qtbot.addWidget(gui.window)
    window = gui.window
    window.show()
    try:
        window.set_language("vi")
        bar = window.operator_bar
        assert "cb.le" in bar.officer.text() and window.services.workstation_id[:8] in bar.workstation.text()
        assert "chưa đăng ký" in bar.workstation.text()                           # no centre registration
        assert "chưa gửi: 0 hồ sơ" in bar.sync.text() and "ngoại tuyến" in bar.sync.text()
        assert bar.log_out_button.isVisible()
        assert window.grab().save(str(screenshot_dir / "operator-bar-vi.png"))
        qtbot.mouseClick(bar.log_out_button, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.idle_lock.locked, timeout=3000)        # the next officer logged in
        assert window.services.officer == "cb.pham" and "cb.pham" in bar.officer.text()
        with window.services.store.sessions() as session:
            actions = [(e.officer, e.action) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert ("cb.le", "logout") in actions and actions[-1] == ("cb.pham", "login")
    finally:
        gui.close()

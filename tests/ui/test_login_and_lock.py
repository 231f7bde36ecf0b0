"""Logging in when accounts exist, the idle lock hiding the screen until the password is given,
and who may unlock (the officer at the counter or a supervisor)."""
from __future__ import annotations

import pytest

from workstation.core.context import AppContext
from workstation.errors import WorkstationError


@pytest.fixture
def accounts(isolated_home):  # noqa: ANN001, ANN201
    from workstation.storage.officers import create_officer

    context = AppContext.load(mode="simulated")
    db = context.open_database()
    create_officer(db.sessions, "cb.le", "mat-khau-456", role="officer")
    create_officer(db.sessions, "cb.pham", "mat-khau-789", role="officer")
    create_officer(db.sessions, "sup.tran", "mat-khau-123", role="supervisor")
    db.close()
    return context


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

import os
from pathlib import Path

import pytest

from workstation.core.context import AppContext


@pytest.fixture
def gui(qtbot, isolated_home: Path):  # noqa: ANN001, ANN201
    from workstation.ui.app import start_gui

    context = AppContext.load(mode="simulated")
    started = start_gui(context)
    qtbot.addWidget(started.window)
    started.window.show()
    yield started
    started.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """WORKSTATION_SCREENSHOTS=folder keeps the screenshots for a person to look at."""
    folder = Path(os.environ.get("WORKSTATION_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def accounts(isolated_home):  # noqa: ANN001, ANN201
    """Officer and supervisor accounts in the workstation's database, before the window starts."""
    from workstation.storage.officers import create_officer

    context = AppContext.load(mode="simulated")
    db = context.open_database()
    create_officer(db.sessions, "cb.le", "mat-khau-456", role="officer")
    create_officer(db.sessions, "cb.pham", "mat-khau-789", role="officer")
    create_officer(db.sessions, "sup.tran", "mat-khau-123", role="supervisor")
    db.close()
    return context


def answer_credentials(monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, str]]) -> None:
    """Every credentials dialog (login, unlock, supervisor) is answered with the next user name
    and password, as a person would type them, and accepted only if they are right."""
    from workstation.ui import credentials_dialog

    typed = iter(answers)

    def exec_(dialog) -> bool:  # noqa: ANN001
        username, password = next(typed)
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.try_accept()
        return bool(dialog.approved_by)

    monkeypatch.setattr(credentials_dialog.CredentialsDialog, "exec", exec_)


def answer_reasons(monkeypatch: pytest.MonkeyPatch, answers: list[tuple[str, bool]]) -> None:
    """Every reason dialog (discard, refuse) is answered with the next (text, went on)."""
    from workstation.ui import confirm

    typed = iter(answers)
    monkeypatch.setattr(confirm, "ask_reason", lambda *a, **k: next(typed))


def answer_confirmations(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """Every confirmation (log out, discard, refuse) is shown and answered as a person would:
    "do" clicks the destructive button; a key name ("Return", "Space", "Escape", "1", "F5") is
    pressed on the widget that has the focus. Returns the questions asked, to check."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    pressed = iter(answers)
    asked: list[str] = []

    def exec_(box) -> int:  # noqa: ANN001
        asked.append(box.text())
        box.show()
        box.activateWindow()
        QApplication.processEvents()
        answer = next(pressed)
        if answer == "do":
            [b for b in box.buttons() if b.objectName() == "confirm-do"][0].click()
        else:
            focus = QApplication.focusWidget()
            target = focus if focus is not None and box.isAncestorOf(focus) else box
            QTest.keyClick(target, getattr(Qt.Key, f"Key_{answer}"))
        QApplication.processEvents()
        box.hide()
        if box.parentWidget() is not None:       # as a modal dialog gives the focus back when it closes
            box.parentWidget().window().activateWindow()
            QApplication.processEvents()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked

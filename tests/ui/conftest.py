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

"""Asking for a name and password: the supervisor's approval of an override, the officer's login
and unlocking the screen after the idle lock. The check itself is the core's."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workstation.errors import WorkstationError


class CredentialsDialog(QDialog):
    """Accepted only when `check(username, password)` returns a name; its error is shown otherwise."""

    def __init__(self, title: str, explanation: str, check: Callable[[str, str], str], language,  # noqa: ANN001
                 parent: QWidget | None = None, username: str = "", evidence: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("credentials-dialog")
        self.setWindowTitle(title)
        self.check = check
        self.language = language
        self.approved_by: str | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(explanation, self)
        intro.setWordWrap(True)
        intro.setStyleSheet("font-size: 14pt;")
        layout.addWidget(intro)
        if evidence is not None:                  # what is being approved, in the dialog itself
            evidence.setParent(self)
            layout.addWidget(evidence)
            self.setMinimumWidth(520)
        form = QFormLayout()
        self.username = QLineEdit(username, self)
        self.username.setObjectName("credentials-username")
        self.password = QLineEdit(self)
        self.password.setObjectName("credentials-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("credentials-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e; font-size: 13pt;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def try_accept(self) -> None:
        try:
            self.approved_by = self.check(self.username.text(), self.password.text())
        except WorkstationError as exc:
            self.error.setText(exc.officer_text(self.language()))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

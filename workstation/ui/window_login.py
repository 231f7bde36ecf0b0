"""The officer at the counter: logging out (the screen cleared and covered, a draft under way kept
to resume) and the dialog that lifts the idle lock (any officer logs in after a log-out; the same
officer's password after the lock), so every record names the officer actually logged in.

Strings keep the "MainWindow" translation context (workstation_vi.ts keys them by it), hence
QCoreApplication.translate rather than self.tr."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from workstation.ui.credentials_dialog import CredentialsDialog

if TYPE_CHECKING:
    from workstation.ui.main_window import MainWindow


class WindowLogin(QObject):
    """Log-out and unlock for the window's services (only when the workstation has officers)."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window

    def log_out(self) -> None:
        """The officer leaves the counter: the screen is cleared (a draft under way stays, to resume)
        and covered until an officer logs in."""
        window = self.window
        if window.services is None or not window.services.has_officers():
            return
        from workstation.ui.confirm import confirm

        if not confirm(window, QCoreApplication.translate("MainWindow", "Log out"),
                       QCoreApplication.translate("MainWindow",
                                                  "Log out of the workstation? The enrollment on screen stays as a draft."),
                       QCoreApplication.translate("MainWindow", "Log out"),
                       QCoreApplication.translate("MainWindow", "Stay logged in")):
            return
        window.services.log_out()
        window.next_citizen(force=True)
        window.operator_bar.refresh()
        window.idle_lock.lock(QCoreApplication.translate("MainWindow", "Logged out.\nAn officer logs in to continue."))

    def unlock(self) -> bool:
        """The idle lock's dialog: True when the officer proved who they are."""
        window = self.window
        services = window.services
        assert services is not None
        if not services.officer:             # logged out: any officer logs in
            dialog = CredentialsDialog(QCoreApplication.translate("MainWindow", "Log in"),
                                       QCoreApplication.translate("MainWindow", "Officer's user name and password."),
                                       services.log_in, lambda: window.translations.language, window)
            done = bool(dialog.exec()) and dialog.approved_by is not None
            if done:
                window.operator_bar.refresh()
                QTimer.singleShot(0, window, lambda: window.focus_qr_on_card_page(window.step_list.currentRow()))
            return done
        dialog = CredentialsDialog(QCoreApplication.translate("MainWindow", "Unlock"),
                                   QCoreApplication.translate("MainWindow", "Enter your password to continue."),
                                   services.unlock, lambda: window.translations.language, window,
                                   username=services.officer)
        return bool(dialog.exec()) and dialog.approved_by is not None

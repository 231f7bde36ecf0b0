"""A draft chosen in the history (F9): continued (the citizen's card is read again, the chip must
prove itself again) or discarded with a reason. Either may end the enrollment at the counter, so
the window's next_citizen is used; main_window.py only connects the history page's requests here.

Strings keep the "MainWindow" translation context (workstation_vi.ts keys them by it), hence
QCoreApplication.translate rather than self.tr."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox

from workstation.core.enrollment.workflow import Step
from workstation.errors import WorkstationError
from workstation.ui.window_steps import STEP_ROWS

if TYPE_CHECKING:
    from workstation.ui.main_window import MainWindow


class WindowDrafts(QObject):
    """Resume or discard a draft from the history page, for the window's workflow."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window

    def resume_draft(self, enrollment_id: str) -> None:
        """Continue a draft: the citizen's card is read again (the chip must prove itself again);
        when it is the same citizen, the new captures join the draft."""
        window = self.window
        if window.workflow is not None and window.workflow.step not in (Step.CARD, Step.SAVED):
            QMessageBox.information(window, QCoreApplication.translate("MainWindow", "Continue the draft"),
                                    QCoreApplication.translate("MainWindow", "Finish or restart the enrollment in progress first."))
            return
        window.next_citizen(force=True)
        if window.workflow is not None:
            window.workflow.resume_id = enrollment_id
        window.pages.setCurrentIndex(STEP_ROWS[Step.CARD])
        window.notice.show_notice(QCoreApplication.translate(
            "MainWindow", "Place the citizen's card on the reader again to continue the draft."), "info", 30)

    def discard_draft(self, enrollment_id: str, reason: str) -> None:
        """Discard a draft from the history; when it is the enrollment at the counter, that
        enrollment ends and the window waits for the next citizen."""
        window = self.window
        if window.services is None:
            return
        try:
            window.services.discard_draft(enrollment_id, reason)
        except WorkstationError as exc:
            window.history_page.show_result(exc.officer_text(window.translations.language), ok=False)
            return
        if window.workflow is not None and window.workflow.enrollment_id == enrollment_id:
            window.next_citizen(force=True)
            window.pages.setCurrentWidget(window.history_page)   # the officer stays where they were
        window.history_page.show_result(QCoreApplication.translate("MainWindow", "The draft was discarded."), ok=True)

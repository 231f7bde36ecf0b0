"""The window's side of saving an enrollment: the review's blocking checks said on the page, the
sealing and the database transaction off the UI thread (a slow disk never freezes the counter),
then the saved page with the citizen's receipt and the day's pace, or the failure in the officer's
words (the draft is kept). main_window.py only connects the review page's request here."""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from workstation.core.enrollment.workflow import Step
from workstation.errors import WorkstationError
from workstation.ui.window_steps import STEP_ROWS

if TYPE_CHECKING:
    from workstation.core.enrollment.workflow import SavedPackage
    from workstation.core.receipt import Receipt
    from workstation.ui.main_window import MainWindow


class _SaveBridge(QObject):
    """The save runs on its own thread; these signals bring its outcome to the UI thread."""

    saved = Signal(object)
    failed = Signal(object)


class WindowSave(QObject):
    """Saves the window's workflow and shows the outcome on the saved page."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.bridge = _SaveBridge(window)
        self.bridge.saved.connect(self._saved)
        self.bridge.failed.connect(self._save_failed)

    def save_enrollment(self) -> None:
        window = self.window
        workflow, services = window.workflow, window.services
        if workflow is None or services is None or workflow.step != Step.REVIEW:
            return
        window.review_page.refresh()
        blocking = workflow.blocking()
        if blocking:
            window.review_page.show_message(" ".join(c.message.text(window.translations.language) for c in blocking))
            return
        window.saved_page.set_receipt(None)
        window.saved_page.show_saving()
        window.step_list.setCurrentRow(STEP_ROWS[Step.SAVED])

        def work() -> None:   # sealing and the database transaction stay off the UI thread
            try:
                self.bridge.saved.emit(services.save(workflow))
            except Exception as exc:  # noqa: BLE001 - shown to the officer; the draft is kept
                self.bridge.failed.emit(exc)
        threading.Thread(target=work, name="save-enrollment", daemon=True).start()

    def _saved(self, saved: "SavedPackage") -> None:
        window = self.window
        window.refresh_disk_space()
        window.operator_bar.refresh()
        assert window.workflow is not None
        name = window.workflow.card.dg13.full_name if window.workflow.card else ""
        receipt = self._receipt(saved.package_id)
        window.saved_page.set_receipt(receipt)
        reference = receipt.reference if receipt is not None else saved.package_id[:8]
        from workstation.core.history import day_rows, pace

        today = pace(day_rows(window.services.store)) if window.services is not None else None
        window.saved_page.show_saved(name, reference, window.workflow.card_to_saved, today)
        if window.campaign is not None:
            window.campaign.saved()

    def _receipt(self, package_id: str) -> "Receipt | None":
        from workstation.core.receipt import receipt_for

        window = self.window
        if window.workflow is None or window.workflow.card is None:
            return None
        services = window.services
        unit = services.police_unit if services is not None else ""
        return receipt_for(window.workflow, package_id, unit, services.commune() if services is not None else "")

    def _save_failed(self, error: Exception) -> None:
        text = error.officer_text(self.window.translations.language) if isinstance(error, WorkstationError) else str(error)
        self.window.saved_page.show_failed(text)

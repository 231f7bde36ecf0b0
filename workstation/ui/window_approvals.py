"""The window's decisions that go past the checks on a person's word: a supervisor approving a chip
whose issuer is not verified or a face the comparison did not accept (both with the evidence in
front of them: the two photos, the citizen, the reason, the officer), the officer's reason to
enrol the same citizen again, and the officer refusing an enrollment. Each records who decided and
why through the workflow; main_window.py only connects the pages' requests here.

Strings keep the "MainWindow" translation context (workstation_vi.ts keys them by it), hence
QCoreApplication.translate rather than self.tr."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox

from workstation.core.enrollment.workflow import Step
from workstation.errors import WorkstationError
from workstation.ui.credentials_dialog import CredentialsDialog
from workstation.ui.window_steps import CHIP_CHECKS, STEP_ROWS

if TYPE_CHECKING:
    from workstation.ui.approval_evidence import EvidencePanel
    from workstation.ui.main_window import MainWindow


class WindowApprovals(QObject):
    """Supervisor approvals, the repeat citizen's reason and refusals, for the window's workflow."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window

    def chain_approval(self, reason: str) -> None:
        """A supervisor approves a chip whose issuer is not verified (verify.require_trusted_chain off)."""
        window = self.window
        if window.workflow is None or window.services is None:
            return
        dialog = CredentialsDialog(
            QCoreApplication.translate("MainWindow", "Supervisor approval"),
            QCoreApplication.translate(
                "MainWindow", "A supervisor must approve enrolling with a chip whose issuer is not verified. Reason: %1")
            .replace("%1", reason), window.services.approve_supervisor, lambda: window.translations.language, window,
            evidence=self.evidence(reason, with_photos=False))
        if not dialog.exec() or dialog.approved_by is None:
            return
        try:
            window.workflow.approve_chain(dialog.approved_by, reason)
        except WorkstationError as exc:
            window.chip_page.show_error(exc.officer_text(window.translations.language))
            return
        self._show_chip_checks()

    def enrol_again(self, reason: str) -> None:
        """The same citizen again within storage.repeat_days: the officer's reason, then on."""
        window = self.window
        if window.workflow is None or window.workflow.step != Step.CHIP:
            return
        try:
            window.workflow.enrol_again(reason)
        except WorkstationError as exc:
            window.chip_page.show_error(exc.officer_text(window.translations.language))
            return
        self._show_chip_checks()

    def _show_chip_checks(self) -> None:
        """After an approval or a reason: the chip page's checks again, and on to the face when clear."""
        workflow = self.window.workflow
        assert workflow is not None
        self.window.chip_page.show_checks([c for c in workflow.checks() if c.name in CHIP_CHECKS])
        if workflow.step == Step.FACE:
            self.window.step_list.setCurrentRow(STEP_ROWS[Step.FACE])

    def evidence(self, reason: str, with_photos: bool) -> "EvidencePanel":
        """Both photos, the citizen (ID masked), the reason and the officer, for the supervisor."""
        from workstation.core.receipt import mask_id
        from workstation.ui.approval_evidence import EvidencePanel

        window = self.window
        card = window.workflow.card if window.workflow is not None else None
        name, number = (card.dg13.full_name, mask_id(card.dg13.id_number)) if card is not None else ("—", "—")
        chip = window.chip_page.photo.pixmap() if with_photos else None
        live = window.face_page.photo.pixmap() if with_photos and window.face_page is not None else None
        officer = window.services.acting_officer if window.services is not None else ""
        return EvidencePanel(name, number, reason, officer, chip, live)

    def refuse_enrollment(self, reason: str) -> None:
        """The officer ends this enrollment (kept in the history as refused), next citizen."""
        window = self.window
        if window.workflow is None:
            return
        try:
            window.services.refuse(window.workflow, reason) if window.services is not None else window.workflow.refuse(reason)
        except WorkstationError as exc:
            QMessageBox.warning(window, QCoreApplication.translate("MainWindow", "Refuse this enrollment"),
                                exc.officer_text(window.translations.language))
            return
        window.next_citizen(force=True)
        window.notice.show_notice(
            QCoreApplication.translate("MainWindow", "The enrollment was refused and kept in the history."), "info", 10)

    def face_override(self, reason: str) -> None:
        """A supervisor accepts a face the comparison did not (the reason and who approved are kept)."""
        window = self.window
        if window.workflow is None or window.services is None or window.workflow.face is None:
            return
        dialog = CredentialsDialog(
            QCoreApplication.translate("MainWindow", "Supervisor approval"),
            QCoreApplication.translate("MainWindow", "A supervisor must approve accepting this face. Reason: %1")
            .replace("%1", reason),
            window.services.approve_supervisor, lambda: window.translations.language, window,
            evidence=self.evidence(reason, with_photos=True))
        if not dialog.exec() or dialog.approved_by is None:
            return
        window.workflow.override_face(dialog.approved_by, reason)
        if window.face_page is not None and window.workflow.face is not None:
            window.face_page.show_review(window.workflow.face)
        window.start_fingerprints()
        window.step_list.setCurrentRow(STEP_ROWS[Step.FINGERPRINTS])

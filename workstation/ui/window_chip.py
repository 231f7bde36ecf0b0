"""The window's side of reading the card: a card arriving on the reader or a QR entered starts the
chip read (off the UI thread, in core.card_session), its progress, result or failure come back here
through Qt signals, and the chip page says it: the checks, a wrong card/QR pair, a forged or cloned
chip recorded for the supervisor. Also F5 (read the same card again) and F6 (scan the QR again).
The citizen's state stays on the window (workflow, qr_entry, chip_photo, card_present), which the
other steps share; this file only does the chip step's part.

Strings keep the "MainWindow" translation context (workstation_vi.ts keys them by it), hence
QCoreApplication.translate rather than self.tr."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from workstation.core.card_session import CardSession
from workstation.core.enrollment.workflow import Step
from workstation.errors import WorkstationError
from workstation.ui.window_steps import AUTO_ADVANCE_MS, CHIP_CHECKS, STEP_ROWS
from workstation.verify.trust_store import TrustStore

if TYPE_CHECKING:
    from workstation.core.card_reading import CardRead
    from workstation.core.device_manager import DeviceManager
    from workstation.core.qr_entry import QrEntry
    from workstation.ui.main_window import MainWindow


class _ChipBridge(QObject):
    """The card session reports from its own thread; these signals bring it to the UI thread."""

    progress = Signal(str)
    result = Signal(object)
    error = Signal(object)


class WindowChip(QObject):
    """Starts the chip read when both the card and its QR are there, and shows what it found."""

    def __init__(self, window: "MainWindow", devices: "DeviceManager | None", trust: TrustStore | None) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = _ChipBridge(window)
        self.bridge.progress.connect(lambda step: window.chip_page.show_progress(step))
        self.bridge.result.connect(self.chip_read)
        self.bridge.error.connect(self.chip_failed)
        self.session: CardSession | None = None
        if devices is not None:
            self.session = CardSession(devices, trust or TrustStore(), self.bridge.progress.emit,
                                       self.bridge.result.emit, self.bridge.error.emit)

    def card_status(self, card_present: bool) -> None:
        """The reader's status: a card that has just arrived is read (its time kept for the pace)."""
        window = self.window
        arrived = card_present and not window.card_present
        window.card_present = card_present
        if arrived:
            window.card_arrived_at = time.monotonic()
        if arrived:
            self.start_chip_read()

    def on_qr_entered(self, entry: "QrEntry") -> None:
        window = self.window
        window.qr_entry = entry if entry.ok else None
        if window.qr_entry is not None and window.card_present:
            self.start_chip_read()

    def start_chip_read(self) -> None:
        window = self.window
        if self.session is None or window.qr_entry is None or self.session.busy:
            return
        window.notice.clear_notice("keys")        # said at start; a citizen's pages need the room
        if window.workflow is not None and window.workflow.step not in (Step.CARD, Step.CHIP):
            if window.workflow.step != Step.FACE or window.workflow.face is not None or window.services is None:
                return   # this citizen's captures are under way; "Next citizen" starts over
            # another card before anything of the citizen was captured: a new enrollment (the
            # chip-only draft stays in the history as a draft)
            window.workflow = window.services.new_workflow()
            if window.face_page is not None:
                window.face_page.reset()
        if window.workflow is not None:
            window.workflow.card_placed(window.card_arrived_at)
        window.step_list.setCurrentRow(1)
        window.chip_page.show_progress("card_access")
        try:
            self.session.read(list(window.qr_entry.keys), window.qr_entry.qr)
        except KeyError:   # no card reader driver is configured
            window.chip_page.show_error(QCoreApplication.translate("MainWindow", "No card reader is configured."))

    def chip_read(self, result: "CardRead") -> None:
        window = self.window
        try:
            window.chip_photo = np.asarray(result.photo.decode())
        except WorkstationError:
            window.chip_photo = None
        window.chip_page.show_result(result, window.chip_photo)
        self._record_incident(result)
        if window.face_page is not None:
            window.face_page.set_reference(window.chip_photo)
        if window.workflow is None:
            return
        try:
            window.workflow.chip_read(result)
        except WorkstationError as exc:
            window.chip_page.show_error(exc.officer_text(window.translations.language))
            return
        window.chip_page.show_checks([c for c in window.workflow.checks() if c.name in CHIP_CHECKS])
        self._say_wrong_pair(result)
        if window.campaign is not None and window.workflow.card is not None:
            window.campaign.card_read(window.workflow.card.dg13.id_number)
        if window.workflow.step == Step.FACE:
            QTimer.singleShot(AUTO_ADVANCE_MS, window, lambda: window.advance_from(Step.CHIP))

    def chip_failed(self, error: WorkstationError) -> None:
        from workstation.core.card_pair import RESCAN, is_wrong_key, wrong_pair

        window = self.window
        language = window.translations.language
        if is_wrong_key(error) and window.qr_entry is not None and window.qr_entry.qr is not None:
            said = wrong_pair(window.qr_entry.qr, None)
            assert said is not None           # without a read, wrong_pair always says whose QR it is
            window.chip_page.show_wrong_pair(f"{said.text(language)}\n{RESCAN.text(language)}\n"
                                             f"({error.officer_text(language)})")
        else:
            window.chip_page.show_error(error.officer_text(language))
        if window.workflow is not None:
            window.workflow.chip_failed()

    def _record_incident(self, result: "CardRead") -> None:
        """A forged or cloned chip leaves a record for the supervisor, not only a red screen."""
        window = self.window
        if window.services is None:
            return
        try:
            incident = window.services.record_incident(result)
        except WorkstationError as exc:
            window.notice.show_notice(exc.officer_text(window.translations.language), "error", key="incident")
            return
        if incident is not None:
            window.notice.show_notice(QCoreApplication.translate(
                "MainWindow", "Recorded as chip incident no. %1 for the supervisor. Keep the card and report it.")
                .replace("%1", str(incident)), "error", 60, key="incident")

    def _say_wrong_pair(self, result: "CardRead") -> None:
        from workstation.core.card_pair import RESCAN, wrong_pair

        window = self.window
        if window.qr_entry is None or window.qr_entry.qr is None:
            return
        said = wrong_pair(window.qr_entry.qr, result)
        if said is not None:
            language = window.translations.language
            window.chip_page.show_wrong_pair(f"{said.text(language)}\n{RESCAN.text(language)}")

    def read_card_again(self) -> None:
        """F5 on a red chip or a failed read: the same card (and QR) read again, from scratch."""
        window = self.window
        if window.workflow is not None and window.services is not None and window.workflow.step == Step.CHIP:
            window.workflow = window.services.new_workflow()
        window.chip_page.reset()
        self.start_chip_read()

    def rescan_qr(self) -> None:
        """F6 on a wrong card/QR pair: the old QR is dropped, step 1 waits for the QR of the card
        on the reader (a scan anywhere replaces it)."""
        window = self.window
        if window.workflow is not None and window.services is not None and window.workflow.step == Step.CHIP:
            window.workflow = window.services.new_workflow()
        window.chip_page.reset()
        window.qr_entry = None
        window.qr_field.reset()
        window.step_list.setCurrentRow(STEP_ROWS[Step.CARD])
        window.qr_field.edit.setFocus()
        window.notice.show_notice(QCoreApplication.translate(
            "MainWindow", "Scan the QR code of the card that is on the reader."), "info", 30, key="scan")

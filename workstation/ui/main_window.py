"""The main shell: simulated-mode banner, the step list, the step pages, the device status bar."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workstation import __version__
from workstation.config import Settings
from workstation.core.card_session import CardSession, TrustStore
from workstation.core.device_manager import DeviceManager
from workstation.core.enrollment.services import EnrollmentServices
from workstation.core.enrollment.workflow import EnrollmentWorkflow, Step
from workstation.core.qr_entry import QrEntry
from workstation.core.simulation import SimulationControls
from workstation.devices.base import DeviceKind, DeviceState, DeviceStatus
from workstation.devices.registry import DriverRegistry
from workstation.errors import WorkstationError
from workstation.ui.chip_page import ChipPage
from workstation.ui.credentials_dialog import CredentialsDialog
from workstation.ui.face_page import FacePage
from workstation.ui.finger_page import FingerPage
from workstation.ui.history_page import HistoryPage
from workstation.ui.i18n import Translations
from workstation.ui.idle_lock import IdleLock
from workstation.ui.review_page import ReviewPage, SavedPage
from workstation.ui.settings_page import SettingsPage
from workstation.ui.operator_bar import OperatorBar
from workstation.ui.device_notices import DeviceNotices
from workstation.ui.page_notice import PageNotice
from workstation.ui.scan_catcher import ScanCatcher
from workstation.ui.simulate_menu import SimulateMenu
from workstation.ui.scaling import window_scale
from workstation.ui.status_bar import DeviceStatusBar
from workstation.ui.step_pages import STEPS, StepPage, StepTexts




class _ChipBridge(QObject):
    progress = Signal(str)
    result = Signal(object)
    error = Signal(object)


class _SaveBridge(QObject):
    saved = Signal(object)
    failed = Signal(object)


CHIP_CHECKS = ("chip", "expiry", "qr", "repeat")     # what the chip page shows
STEP_ROWS = {Step.CARD: 0, Step.CHIP: 1, Step.FACE: 2, Step.FINGERPRINTS: 3, Step.REVIEW: 4, Step.SAVED: 5}
AUTO_ADVANCE_MS = 800    # long enough to see a green verdict, short enough not to keep the queue waiting
STEP_LIST_WIDTH = 240
DISK_CHECK_MS = 30_000   # free space shown in the status bar: a statvfs call, every half minute


class MainWindow(QMainWindow):
    def __init__(self, translations: Translations, simulated: bool, mode_reason: str = "",
                 simulation: SimulationControls | None = None, devices: DeviceManager | None = None,
                 trust: TrustStore | None = None, services: EnrollmentServices | None = None,
                 idle_lock_minutes: float = 0.0, settings: "Settings | None" = None,
                 settings_file: Path | None = None, registry: "DriverRegistry | None" = None) -> None:
        super().__init__()
        self.translations = translations
        self.devices = devices
        self.services = services
        self.workflow: EnrollmentWorkflow | None = services.new_workflow() if services is not None else None
        self.save_bridge = _SaveBridge(self)
        self.save_bridge.saved.connect(self._saved)
        self.save_bridge.failed.connect(self._save_failed)
        self.chip_bridge = _ChipBridge(self)
        self.chip_bridge.progress.connect(lambda step: self.chip_page.show_progress(step))
        self.chip_bridge.result.connect(self._chip_read)
        self.chip_bridge.error.connect(self._chip_failed)
        self.card_session = None
        if devices is not None:
            self.card_session = CardSession(devices, trust or TrustStore(), self.chip_bridge.progress.emit,
                                            self.chip_bridge.result.emit, self.chip_bridge.error.emit)
        self.qr_entry: QrEntry | None = None
        self.card_present = False
        self.card_arrived_at: float | None = None   # time.monotonic() of the card on the reader
        self.simulation = simulation
        self.chip_photo: np.ndarray | None = None
        self.simulated = simulated
        self.mode_reason = mode_reason
        self.setObjectName("main-window")
        self.resize(1280, 720)
        self.setMinimumSize(1000, 600)

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.banner = QLabel(central)
        self.banner.setObjectName("simulated-banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("background:#ffb300; color:#000; font-size:14pt; font-weight:600; padding:6px;")
        self.banner.setVisible(simulated)
        outer.addWidget(self.banner)
        self.operator_bar = OperatorBar(services, central)
        self.operator_bar.setVisible(services is not None)
        self.operator_bar.log_out_requested.connect(self.log_out)
        outer.addWidget(self.operator_bar)

        self.notice = PageNotice(central)
        self.device_notices = DeviceNotices(self)
        body = QHBoxLayout()
        self.texts = StepTexts(central)
        self.texts.hide()
        self.step_list = QListWidget(central)
        self.step_list.setObjectName("step-list")
        self.step_list.setFixedWidth(STEP_LIST_WIDTH)
        self.step_list.setStyleSheet("font-size: 15pt;")
        self.step_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pages = QStackedWidget(central)
        self.face_page: FacePage | None = None
        language = lambda: self.translations.language  # noqa: E731
        self.chip_page = ChipPage(language, self.pages)
        self.chip_page.proceed.connect(self._chip_proceed)
        self.chip_page.approval_requested.connect(self._chain_approval)
        self.chip_page.retry_requested.connect(self._read_card_again)
        self.chip_page.next_citizen_requested.connect(lambda: self.next_citizen(force=True))
        self.chip_page.repeat_reason_given.connect(self._enrol_again)
        self.chip_page.rescan_requested.connect(self.rescan_qr)
        self.finger_page = FingerPage(devices, language, self.pages)
        self.finger_page.finished.connect(self._fingerprints_done)
        self.review_page = ReviewPage(language, self.pages)
        self.review_page.save_requested.connect(self.save_enrollment)
        self.saved_page = SavedPage(self.pages)
        self.saved_page.next_citizen.connect(self.next_citizen)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.saved_page, self.next_citizen)
        for step in STEPS:
            self.step_list.addItem("")
            if step.key == "chip":
                self.pages.addWidget(self.chip_page)
            elif step.key == "face":
                self.face_page = FacePage(devices, language, self.pages)
                self.face_page.thresholds = services.face_thresholds if services is not None else None
                if services is not None:
                    self.face_page.quality_limits = services.quality_limits()
                self.face_page.reviewed.connect(self._face_reviewed)
                self.face_page.override_requested.connect(self._face_override)
                self.face_page.refuse_requested.connect(self._refuse_enrollment)
                self.face_page.camera_state.connect(lambda present, why: self.device_notices.camera_state(present, why))
                self.pages.addWidget(self.face_page)
            elif step.key == "fingerprints":
                self.pages.addWidget(self.finger_page)
            elif step.key == "review":
                self.pages.addWidget(self.review_page)
            elif step.key == "save":
                self.pages.addWidget(self.saved_page)
            else:
                self.pages.addWidget(StepPage(step, self.texts, self.pages))
        self.history_page = HistoryPage(services, language, self.pages)
        self.history_page.resume.connect(self.resume_draft)
        self.history_page.discard.connect(self.discard_draft)
        self.history_page.back.connect(self.toggle_history)
        self.pages.addWidget(self.history_page)
        self.settings_page = SettingsPage(settings or Settings(), settings_file or Path("settings.toml"), registry,
                                          services, language, self.pages,
                                          trust=self.card_session.trust if self.card_session else trust)
        self.settings_page.trust_changed.connect(self._trust_changed)
        self.settings_page.back.connect(self.toggle_settings)
        self.settings_page.language_chosen.connect(self.set_language)
        self.pages.addWidget(self.settings_page)
        self.step_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.step_list.setCurrentRow(0)
        card_page = self.pages.widget(0)
        if card_page.qr_field is not None:
            card_page.qr_field.entered.connect(self.on_qr_entered)
        body.addWidget(self.step_list)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.notice)
        right.addWidget(self.pages, 1)
        body.addLayout(right, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.idle_lock = IdleLock(self, idle_lock_minutes if services is not None and services.has_officers() else 0,
                                  self._unlock)
        self.devices_bar = DeviceStatusBar(self)
        self.statusBar().addPermanentWidget(self.devices_bar, 1)
        self.disk_timer = QTimer(self)
        self.disk_timer.setInterval(DISK_CHECK_MS)
        self.disk_timer.timeout.connect(self.refresh_disk_space)
        self.disk_timer.start()
        self._build_menus()
        self.retranslate()
        self.held_scan: str | None = None     # a QR scanned while a citizen's captures were under way
        self.scan_catcher = ScanCatcher(self.on_scan, self)
        from workstation.ui.text_scale import TextScaler

        self.text_scaler = TextScaler(self)
        self.step_list.currentRowChanged.connect(self._focus_qr_on_card_page)
        self._focus_qr_on_card_page(self.step_list.currentRow())
        from workstation.ui.campaign_counter import attach_campaign

        self.campaign = attach_campaign(self)     # check-in, queue (F11), progress (F12); None: no campaign

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.language_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code, label in (("vi", "Tiếng Việt"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.language_actions[self.translations.language].setChecked(True)

        self.simulate_menu: SimulateMenu | None = None
        if self.simulation is not None:
            self.simulate_menu = SimulateMenu(self, self.simulation)
            menu = self.simulate_menu
            self.insert_actions, self.unplug_actions = menu.insert_actions, menu.unplug_actions
            self.scene_actions, self.remove_card_action = menu.scene_actions, menu.remove_card_action

        self.history_action = QAction(self, shortcut=QKeySequence(Qt.Key.Key_F9))
        self.history_action.triggered.connect(self.toggle_history)
        self.file_menu.insertAction(self.quit_action, self.history_action)
        self.settings_action = QAction(self, shortcut=QKeySequence(Qt.Key.Key_F10))
        self.settings_action.triggered.connect(self.toggle_settings)
        self.file_menu.insertAction(self.quit_action, self.settings_action)

        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

        self.next_action = QAction(self, shortcut=QKeySequence("Ctrl+PgDown"))
        self.next_action.triggered.connect(lambda: self.move_step(+1))
        self.prev_action = QAction(self, shortcut=QKeySequence("Ctrl+PgUp"))
        self.prev_action.triggered.connect(lambda: self.move_step(-1))
        self.addActions([self.next_action, self.prev_action])

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        """Photos, previews and the step list grow with the window (1280×720 → 1920×1080)."""
        super().resizeEvent(event)
        scale = window_scale(self.width(), self.height())
        for name in ("chip_page", "face_page", "finger_page", "review_page"):   # not all built on the first resize
            page = getattr(self, name, None)
            if page is not None:
                page.sizes.apply(scale)
        if getattr(self, "step_list", None) is not None:
            self.step_list.setFixedWidth(round(STEP_LIST_WIDTH * min(scale, 1.3)))
        scaler = getattr(self, "text_scaler", None)
        if scaler is not None:
            from workstation.ui.text_scale import text_scale

            scaler.set_factor(text_scale(self.width(), self.height()))

    def refresh_disk_space(self) -> None:
        self.device_notices.refresh_disk_space()

    def retranslate(self) -> None:
        self.refresh_disk_space()
        self.setWindowTitle(self.tr("Level-2 electronic identity enrollment"))
        self.banner.setText(self.tr("SIMULATED MODE: simulated devices, not for real enrollments"))
        self.banner.setToolTip(self.mode_reason)
        for row, step in enumerate(STEPS):
            self.step_list.item(row).setText(f"{row + 1}. {self.texts.title(step.key)}")
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.history_action.setText(self.tr("Today's &enrollments (F9)"))
        self.settings_action.setText(self.tr("&Settings (F10)"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About"))
        if self.simulate_menu is not None:
            self.simulate_menu.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- behaviour -----------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        self.translations.set_language(language)  # type: ignore[arg-type]
        self.language_actions[self.translations.language].setChecked(True)

    def move_step(self, delta: int) -> None:
        row = max(0, min(self.step_list.count() - 1, self.step_list.currentRow() + delta))
        self.step_list.setCurrentRow(row)

    def on_device_status(self, status: DeviceStatus) -> None:
        self.device_notices.status(status)
        if status.kind == DeviceKind.FINGERPRINT:
            self.finger_page.scanner_state(status.state != DeviceState.MISSING)
        if status.kind == DeviceKind.CARD_READER:
            arrived = bool(status.card_present) and not self.card_present
            self.card_present = bool(status.card_present)
            if arrived:
                self.card_arrived_at = time.monotonic()
            if arrived:
                self.start_chip_read()

    # -- the card: QR scanned, card placed, chip read ---------------------------------------------
    # the Simulate menu's (ui/simulate_menu.py), for testers and the tests
    def simulate_insert(self, name: str, qr: str, portrait: bytes | None = None) -> None:
        if self.simulate_menu is not None:
            self.simulate_menu.insert(name, qr, portrait)

    def use_citizen_photo(self, path: Path, camera: str = "genuine_turn") -> None:
        if self.simulate_menu is not None:
            self.simulate_menu.use_citizen_photo(path, camera)

    @property
    def citizen_photo(self) -> Path | None:
        return self.simulate_menu.citizen_photo if self.simulate_menu is not None else None

    @property
    def qr_field(self):  # noqa: ANN201 - QrField
        return self.pages.widget(0).qr_field

    def _focus_qr_on_card_page(self, row: int) -> None:
        """Step 1 waits for the QR: its field has the focus (the first scan after login is not lost)."""
        if row == STEP_ROWS[Step.CARD]:
            self.qr_field.edit.setFocus()

    def on_scan(self, scan) -> None:  # noqa: ANN001 - core.scanner_input.Scan
        """A scan caught wherever the focus was: to the QR step, or kept for the next citizen,
        never typed into another field."""
        from workstation.core.scan_routing import ScanRoute, route_scan

        if self.campaign is not None and self.campaign.scanned(scan):
            return                                # an invitation slip: checked in, nothing else takes it
        step = str(self.workflow.step) if self.workflow is not None else "card"
        route = route_scan(scan, step, check_in=self.campaign is not None)
        if route == ScanRoute.NOT_A_CARD:
            self.notice.show_notice(self.tr("That code is not the QR code of a citizen ID card: scan the QR on the "
                                            "card."), "warn", 10, key="scan")
            return
        if route == ScanRoute.HOLD:
            self.held_scan = scan.text
            self.notice.show_notice(self.tr("QR code of the next citizen kept: it is read when this enrollment "
                                            "ends."), "info", 10, key="scan")
            return
        if route == ScanRoute.NEXT_CITIZEN:
            self.next_citizen()
        self.take_qr(scan.text)

    def take_qr(self, text: str) -> None:
        """A new QR for the card on the reader: a red or failed read of the last QR starts over."""
        if (self.workflow is not None and self.services is not None and self.workflow.step == Step.CHIP
                and not (self.card_session is not None and self.card_session.busy)):
            self.workflow = self.services.new_workflow()
            self.chip_page.reset()
        self.notice.clear_notice("scan")
        if self.workflow is None or self.workflow.step == Step.CARD:
            self.step_list.setCurrentRow(STEP_ROWS[Step.CARD])
        self.qr_field.take_scan(text)

    def on_qr_entered(self, entry: QrEntry) -> None:
        self.qr_entry = entry if entry.ok else None
        if self.qr_entry is not None and self.card_present:
            self.start_chip_read()

    def start_chip_read(self) -> None:
        if self.card_session is None or self.qr_entry is None or self.card_session.busy:
            return
        self.notice.clear_notice("keys")        # said at start; a citizen's pages need the room
        if self.workflow is not None and self.workflow.step not in (Step.CARD, Step.CHIP):
            if self.workflow.step != Step.FACE or self.workflow.face is not None or self.services is None:
                return   # this citizen's captures are under way; "Next citizen" starts over
            # another card before anything of the citizen was captured: a new enrollment (the
            # chip-only draft stays in the history as a draft)
            self.workflow = self.services.new_workflow()
            if self.face_page is not None:
                self.face_page.reset()
        if self.workflow is not None:
            self.workflow.card_placed(self.card_arrived_at)
        self.step_list.setCurrentRow(1)
        self.chip_page.show_progress("card_access")
        try:
            self.card_session.read(list(self.qr_entry.keys), self.qr_entry.qr)
        except KeyError:   # no card reader driver is configured
            self.chip_page.show_error(self.tr("No card reader is configured."))

    def _chip_read(self, result) -> None:  # noqa: ANN001
        try:
            self.chip_photo = np.asarray(result.photo.decode())
        except WorkstationError:
            self.chip_photo = None
        self.chip_page.show_result(result, self.chip_photo)
        self._record_incident(result)
        if self.face_page is not None:
            self.face_page.set_reference(self.chip_photo)
        if self.workflow is None:
            return
        try:
            self.workflow.chip_read(result)
        except WorkstationError as exc:
            self.chip_page.show_error(exc.officer_text(self.translations.language))
            return
        self.chip_page.show_checks([c for c in self.workflow.checks() if c.name in CHIP_CHECKS])
        self._say_wrong_pair(result)
        if self.campaign is not None and self.workflow.card is not None:
            self.campaign.card_read(self.workflow.card.dg13.id_number)
        if self.workflow.step == Step.FACE:
            QTimer.singleShot(AUTO_ADVANCE_MS, self, lambda: self._advance_from(Step.CHIP))

    def _chip_failed(self, error) -> None:  # noqa: ANN001
        from workstation.core.card_pair import RESCAN, is_wrong_key, wrong_pair

        language = self.translations.language
        if is_wrong_key(error) and self.qr_entry is not None and self.qr_entry.qr is not None:
            said = wrong_pair(self.qr_entry.qr, None)
            self.chip_page.show_wrong_pair(f"{said.text(language)}\n{RESCAN.text(language)}\n"
                                           f"({error.officer_text(language)})")
        else:
            self.chip_page.show_error(error.officer_text(language))
        if self.workflow is not None:
            self.workflow.chip_failed()

    def _record_incident(self, result) -> None:  # noqa: ANN001 - CardRead
        """A forged or cloned chip leaves a record for the supervisor, not only a red screen."""
        if self.services is None:
            return
        try:
            incident = self.services.record_incident(result)
        except WorkstationError as exc:
            self.notice.show_notice(exc.officer_text(self.translations.language), "error", key="incident")
            return
        if incident is not None:
            self.notice.show_notice(self.tr("Recorded as chip incident no. %1 for the supervisor. Keep the card and "
                                            "report it.").replace("%1", str(incident)), "error", 60, key="incident")

    def _say_wrong_pair(self, result) -> None:  # noqa: ANN001 - CardRead
        from workstation.core.card_pair import RESCAN, wrong_pair

        if self.qr_entry is None or self.qr_entry.qr is None:
            return
        said = wrong_pair(self.qr_entry.qr, result)
        if said is not None:
            language = self.translations.language
            self.chip_page.show_wrong_pair(f"{said.text(language)}\n{RESCAN.text(language)}")

    def rescan_qr(self) -> None:
        """F6 on a wrong card/QR pair: the old QR is dropped, step 1 waits for the QR of the card
        on the reader (a scan anywhere replaces it)."""
        if self.workflow is not None and self.services is not None and self.workflow.step == Step.CHIP:
            self.workflow = self.services.new_workflow()
        self.chip_page.reset()
        self.qr_entry = None
        self.qr_field.reset()
        self.step_list.setCurrentRow(STEP_ROWS[Step.CARD])
        self.qr_field.edit.setFocus()
        self.notice.show_notice(self.tr("Scan the QR code of the card that is on the reader."), "info", 30,
                                key="scan")

    # -- the rest of the enrollment: face, fingerprints, review, save ------------------------------
    def _advance_from(self, expected: Step) -> None:
        """Show the workflow's current step, if the officer has not moved on by hand meanwhile."""
        if self.workflow is not None and self.step_list.currentRow() == STEP_ROWS[expected]:
            self.step_list.setCurrentRow(STEP_ROWS[self.workflow.step])

    def _chip_proceed(self) -> None:
        if self.workflow is None or self.workflow.step != Step.CHIP:
            self.step_list.setCurrentRow(STEP_ROWS[Step.FACE])

    def _face_reviewed(self, review, jpeg: bytes) -> None:  # noqa: ANN001
        if self.workflow is None or self.workflow.step != Step.FACE:
            return
        try:
            self.workflow.face_captured(review, jpeg)
        except WorkstationError as exc:     # the photo could not be kept (a full disk): said, not lost silently
            self.face_page.show_error(exc)
            return
        if self.workflow.step == Step.FINGERPRINTS:
            self._start_fingerprints()
            QTimer.singleShot(AUTO_ADVANCE_MS, self, lambda: self._advance_from(Step.FACE))

    def _start_fingerprints(self) -> None:
        threshold = self.services.finger_min_quality if self.services else None
        if self.workflow is not None:
            self.finger_page.begin(self.workflow.fingerprint_sequence(threshold))

    def _read_card_again(self) -> None:
        """F5 on a red chip or a failed read: the same card (and QR) read again, from scratch."""
        if self.workflow is not None and self.services is not None and self.workflow.step == Step.CHIP:
            self.workflow = self.services.new_workflow()
        self.chip_page.reset()
        self.start_chip_read()

    def _trust_changed(self, store) -> None:  # noqa: ANN001 - TrustStore
        """An imported CSCA counts from the next card on."""
        if self.card_session is not None:
            self.card_session.trust = store

    def _chain_approval(self, reason: str) -> None:
        """A supervisor approves a chip whose issuer is not verified (verify.require_trusted_chain off)."""
        if self.workflow is None or self.services is None:
            return
        dialog = CredentialsDialog(
            self.tr("Supervisor approval"),
            self.tr("A supervisor must approve enrolling with a chip whose issuer is not verified. Reason: %1")
            .replace("%1", reason), self.services.approve_supervisor, lambda: self.translations.language, self,
            evidence=self._evidence(reason, with_photos=False))
        if not dialog.exec() or dialog.approved_by is None:
            return
        try:
            self.workflow.approve_chain(dialog.approved_by, reason)
        except WorkstationError as exc:
            self.chip_page.show_error(exc.officer_text(self.translations.language))
            return
        self.chip_page.show_checks([c for c in self.workflow.checks() if c.name in CHIP_CHECKS])
        if self.workflow.step == Step.FACE:
            self.step_list.setCurrentRow(STEP_ROWS[Step.FACE])

    def _enrol_again(self, reason: str) -> None:
        """The same citizen again within storage.repeat_days: the officer's reason, then on."""
        if self.workflow is None or self.workflow.step != Step.CHIP:
            return
        try:
            self.workflow.enrol_again(reason)
        except WorkstationError as exc:
            self.chip_page.show_error(exc.officer_text(self.translations.language))
            return
        self.chip_page.show_checks([c for c in self.workflow.checks() if c.name in CHIP_CHECKS])
        if self.workflow.step == Step.FACE:
            self.step_list.setCurrentRow(STEP_ROWS[Step.FACE])

    def _evidence(self, reason: str, with_photos: bool):  # noqa: ANN202 - EvidencePanel
        """Both photos, the citizen (ID masked), the reason and the officer, for the supervisor."""
        from workstation.core.receipt import mask_id
        from workstation.ui.approval_evidence import EvidencePanel

        card = self.workflow.card if self.workflow is not None else None
        name, number = (card.dg13.full_name, mask_id(card.dg13.id_number)) if card is not None else ("—", "—")
        chip = self.chip_page.photo.pixmap() if with_photos else None
        live = self.face_page.photo.pixmap() if with_photos and self.face_page is not None else None
        officer = self.services.acting_officer if self.services is not None else ""
        return EvidencePanel(name, number, reason, officer, chip, live)

    def _refuse_enrollment(self, reason: str) -> None:
        """The officer ends this enrollment (kept in the history as refused), next citizen."""
        if self.workflow is None:
            return
        try:
            self.services.refuse(self.workflow, reason) if self.services is not None else self.workflow.refuse(reason)
        except WorkstationError as exc:
            QMessageBox.warning(self, self.tr("Refuse this enrollment"), exc.officer_text(self.translations.language))
            return
        self.next_citizen(force=True)
        self.notice.show_notice(self.tr("The enrollment was refused and kept in the history."), "info", 10)

    def _face_override(self, reason: str) -> None:
        if self.workflow is None or self.services is None or self.workflow.face is None:
            return
        dialog = CredentialsDialog(
            self.tr("Supervisor approval"),
            self.tr("A supervisor must approve accepting this face. Reason: %1").replace("%1", reason),
            self.services.approve_supervisor, lambda: self.translations.language, self,
            evidence=self._evidence(reason, with_photos=True))
        if not dialog.exec() or dialog.approved_by is None:
            return
        self.workflow.override_face(dialog.approved_by, reason)
        if self.face_page is not None and self.workflow.face is not None:
            self.face_page.show_review(self.workflow.face)
        self._start_fingerprints()
        self.step_list.setCurrentRow(STEP_ROWS[Step.FINGERPRINTS])

    def _fingerprints_done(self, sequence) -> None:  # noqa: ANN001
        if self.workflow is None or self.workflow.step != Step.FINGERPRINTS:
            return
        self.workflow.fingerprints_done(sequence)
        live = self.face_page.photo.pixmap() if self.face_page is not None else None
        self.review_page.show_workflow(self.workflow, self.chip_photo, live)
        self.step_list.setCurrentRow(STEP_ROWS[Step.REVIEW])

    def save_enrollment(self) -> None:
        workflow, services = self.workflow, self.services
        if workflow is None or services is None or workflow.step != Step.REVIEW:
            return
        self.review_page.refresh()
        blocking = workflow.blocking()
        if blocking:
            self.review_page.show_message(" ".join(c.message.text(self.translations.language) for c in blocking))
            return
        self.saved_page.set_receipt(None)
        self.saved_page.show_saving()
        self.step_list.setCurrentRow(STEP_ROWS[Step.SAVED])

        def work() -> None:   # sealing and the database transaction stay off the UI thread
            try:
                self.save_bridge.saved.emit(services.save(workflow))
            except Exception as exc:  # noqa: BLE001 - shown to the officer; the draft is kept
                self.save_bridge.failed.emit(exc)
        threading.Thread(target=work, name="save-enrollment", daemon=True).start()

    def _saved(self, saved) -> None:  # noqa: ANN001
        self.refresh_disk_space()
        self.operator_bar.refresh()
        assert self.workflow is not None
        name = self.workflow.card.dg13.full_name if self.workflow.card else ""
        receipt = self._receipt(saved.package_id)
        self.saved_page.set_receipt(receipt)
        reference = receipt.reference if receipt is not None else saved.package_id[:8]
        from workstation.core.history import day_rows, pace

        today = pace(day_rows(self.services.store)) if self.services is not None else None
        self.saved_page.show_saved(name, reference, self.workflow.card_to_saved, today)
        if self.campaign is not None:
            self.campaign.saved()

    def _receipt(self, package_id: str):  # noqa: ANN202 - Receipt | None
        from workstation.core.receipt import receipt_for

        if self.workflow is None or self.workflow.card is None:
            return None
        services = self.services
        unit = services.police_unit if services is not None else ""
        return receipt_for(self.workflow, package_id, unit, services.commune() if services is not None else "")

    def _save_failed(self, error) -> None:  # noqa: ANN001
        text = error.officer_text(self.translations.language) if isinstance(error, WorkstationError) else str(error)
        self.saved_page.show_failed(text)

    def log_out(self) -> None:
        """The officer leaves the counter: the screen is cleared (a draft under way stays, to resume)
        and covered until an officer logs in."""
        if self.services is None or not self.services.has_officers():
            return
        from workstation.ui.confirm import confirm

        if not confirm(self, self.tr("Log out"),
                       self.tr("Log out of the workstation? The enrollment on screen stays as a draft."),
                       self.tr("Log out"), self.tr("Stay logged in")):
            return
        self.services.log_out()
        self.next_citizen(force=True)
        self.operator_bar.refresh()
        self.idle_lock.lock(self.tr("Logged out.\nAn officer logs in to continue."))

    def _unlock(self) -> bool:
        assert self.services is not None
        if not self.services.officer:             # logged out: any officer logs in
            dialog = CredentialsDialog(self.tr("Log in"), self.tr("Officer's user name and password."),
                                       self.services.log_in, lambda: self.translations.language, self)
            done = bool(dialog.exec()) and dialog.approved_by is not None
            if done:
                self.operator_bar.refresh()
                QTimer.singleShot(0, self, lambda: self._focus_qr_on_card_page(self.step_list.currentRow()))
            return done
        dialog = CredentialsDialog(self.tr("Unlock"), self.tr("Enter your password to continue."),
                                   self.services.unlock, lambda: self.translations.language, self,
                                   username=self.services.officer)
        return bool(dialog.exec()) and dialog.approved_by is not None

    def toggle_history(self) -> None:
        """F9: today's enrollments, and back to where the enrollment was."""
        self._toggle_page(self.history_page)

    def toggle_settings(self) -> None:
        """F10: the settings, and back to where the enrollment was."""
        self._toggle_page(self.settings_page)

    def _toggle_page(self, page: QWidget) -> None:
        if self.pages.currentWidget() is page:
            self.pages.setCurrentIndex(self.step_list.currentRow())
        else:
            self.pages.setCurrentWidget(page)

    def resume_draft(self, enrollment_id: str) -> None:
        """Continue a draft: the citizen's card is read again (the chip must prove itself again);
        when it is the same citizen, the new captures join the draft."""
        if self.workflow is not None and self.workflow.step not in (Step.CARD, Step.SAVED):
            QMessageBox.information(self, self.tr("Continue the draft"),
                                    self.tr("Finish or restart the enrollment in progress first."))
            return
        self.next_citizen(force=True)
        if self.workflow is not None:
            self.workflow.resume_id = enrollment_id
        self.pages.setCurrentIndex(STEP_ROWS[Step.CARD])
        self.notice.show_notice(self.tr("Place the citizen's card on the reader again to continue the draft."),
                                "info", 30)

    def discard_draft(self, enrollment_id: str, reason: str) -> None:
        """Discard a draft from the history; when it is the enrollment at the counter, that
        enrollment ends and the window waits for the next citizen."""
        if self.services is None:
            return
        try:
            self.services.discard_draft(enrollment_id, reason)
        except WorkstationError as exc:
            self.history_page.show_result(exc.officer_text(self.translations.language), ok=False)
            return
        if self.workflow is not None and self.workflow.enrollment_id == enrollment_id:
            self.next_citizen(force=True)
            self.pages.setCurrentWidget(self.history_page)   # the officer stays where they were
        self.history_page.show_result(self.tr("The draft was discarded."), ok=True)

    def next_citizen(self, force: bool = False) -> None:
        """Start over for the next person in the queue."""
        if not force and self.workflow is not None and self.workflow.step not in (Step.SAVED, Step.CARD, Step.CHIP):
            return
        if self.services is not None:
            self.workflow = self.services.new_workflow()
        self.chip_photo = None
        self.chip_page.reset()
        if self.face_page is not None:
            self.face_page.set_reference(None)
            self.face_page.reset()
        self.finger_page.sequence = None
        self.review_page.reset()
        self.saved_page.set_receipt(None)          # no receipt of the last citizen to print for this one
        self.qr_entry = None
        self.qr_field.reset()
        self.notice.clear_notice("incident")
        self.step_list.setCurrentRow(STEP_ROWS[Step.CARD])
        self.qr_field.edit.setFocus()
        held, self.held_scan = self.held_scan, None
        if held is not None:                      # scanned during the last citizen's enrollment
            self.take_qr(held)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About"),
                          self.tr("Level-2 electronic identity enrollment workstation, version %1").replace("%1", __version__))

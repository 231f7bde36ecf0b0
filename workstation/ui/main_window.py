"""The main shell: simulated-mode banner, the step list, the step pages, the device status bar.
It builds the pages and coordinates the enrollment between them; the parts with a job of their
own are helpers it delegates to: window_scans.py (a caught scan), window_chip.py (the chip read),
window_approvals.py (supervisor approvals, a repeat's reason, a refusal), window_save.py (the
save), window_drafts.py (a draft resumed or discarded) and window_login.py (log-out and unlock)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer
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
from workstation.core.card_session import TrustStore
from workstation.core.device_manager import DeviceManager
from workstation.core.enrollment.services import EnrollmentServices
from workstation.core.enrollment.workflow import EnrollmentWorkflow, Step
from workstation.core.qr_entry import QrEntry
from workstation.core.simulation import SimulationControls
from workstation.devices.base import DeviceKind, DeviceState, DeviceStatus
from workstation.devices.registry import DriverRegistry
from workstation.errors import WorkstationError
from workstation.ui.chip_page import ChipPage
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
from workstation.ui.simulate_menu import SimulateMenu
from workstation.ui.scaling import window_scale
from workstation.ui.status_bar import DeviceStatusBar
from workstation.ui.step_pages import STEPS, StepPage, StepTexts
from workstation.ui.window_approvals import WindowApprovals
from workstation.ui.window_chip import WindowChip
from workstation.ui.window_drafts import WindowDrafts
from workstation.ui.window_login import WindowLogin
from workstation.ui.window_save import WindowSave
from workstation.ui.window_scans import WindowScans
from workstation.ui.window_steps import AUTO_ADVANCE_MS, STEP_ROWS

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
        self.saving = WindowSave(self)             # the review's save, off the UI thread
        self.chip = WindowChip(self, devices, trust)   # the card on the reader and its QR: the chip read
        self.card_session = self.chip.session
        self.approvals = WindowApprovals(self)     # a supervisor's approval, a repeat's reason, a refusal
        self.login = WindowLogin(self)
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
        self.operator_bar.log_out_requested.connect(self.login.log_out)
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
        self.chip_page.approval_requested.connect(self.approvals.chain_approval)
        self.chip_page.retry_requested.connect(self.chip.read_card_again)
        self.chip_page.next_citizen_requested.connect(lambda: self.next_citizen(force=True))
        self.chip_page.repeat_reason_given.connect(self.approvals.enrol_again)
        self.chip_page.rescan_requested.connect(self.chip.rescan_qr)
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
                self.face_page.override_requested.connect(self.approvals.face_override)
                self.face_page.refuse_requested.connect(self.approvals.refuse_enrollment)
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
        self.drafts = WindowDrafts(self)           # a draft from the history: resumed or discarded
        self.history_page.resume.connect(self.drafts.resume_draft)
        self.history_page.discard.connect(self.drafts.discard_draft)
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
            card_page.qr_field.entered.connect(self.chip.on_qr_entered)
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
                                  self.login.unlock)
        self.devices_bar = DeviceStatusBar(self)
        self.statusBar().addPermanentWidget(self.devices_bar, 1)
        self.disk_timer = QTimer(self)
        self.disk_timer.setInterval(DISK_CHECK_MS)
        self.disk_timer.timeout.connect(self.refresh_disk_space)
        self.disk_timer.start()
        self._build_menus()
        self.retranslate()
        self.scans = WindowScans(self)     # a scan caught wherever the focus was: routed, or kept for the next citizen
        self.scan_catcher = self.scans.catcher
        from workstation.ui.text_scale import TextScaler

        self.text_scaler = TextScaler(self)
        self.step_list.currentRowChanged.connect(self.focus_qr_on_card_page)
        self.focus_qr_on_card_page(self.step_list.currentRow())
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
            self.chip.card_status(bool(status.card_present))

    # -- the card step (a caught scan: window_scans.py; the chip read: window_chip.py) -------------
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

    def focus_qr_on_card_page(self, row: int) -> None:
        """Step 1 waits for the QR: its field has the focus (the first scan after login is not lost)."""
        if row == STEP_ROWS[Step.CARD]:
            self.qr_field.edit.setFocus()

    # -- the rest of the enrollment: face, fingerprints, review, save ------------------------------
    def advance_from(self, expected: Step) -> None:
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
            self.start_fingerprints()
            QTimer.singleShot(AUTO_ADVANCE_MS, self, lambda: self.advance_from(Step.FACE))

    def start_fingerprints(self) -> None:
        threshold = self.services.finger_min_quality if self.services else None
        if self.workflow is not None:
            self.finger_page.begin(self.workflow.fingerprint_sequence(threshold))

    def _trust_changed(self, store) -> None:  # noqa: ANN001 - TrustStore
        """An imported CSCA counts from the next card on."""
        if self.card_session is not None:
            self.card_session.trust = store

    def _fingerprints_done(self, sequence) -> None:  # noqa: ANN001
        if self.workflow is None or self.workflow.step != Step.FINGERPRINTS:
            return
        self.workflow.fingerprints_done(sequence)
        live = self.face_page.photo.pixmap() if self.face_page is not None else None
        self.review_page.show_workflow(self.workflow, self.chip_photo, live)
        self.step_list.setCurrentRow(STEP_ROWS[Step.REVIEW])

    def save_enrollment(self) -> None:
        self.saving.save_enrollment()

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
        self.scans.release_held()                 # a QR scanned during the last citizen's enrollment

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About"),
                          self.tr("Level-2 electronic identity enrollment workstation, version %1").replace("%1", __version__))

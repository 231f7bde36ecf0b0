"""The main shell: simulated-mode banner, the step list, the step pages, the device status bar."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QFileDialog,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workstation import __version__
from workstation.core.card_session import CardSession, TrustStore
from workstation.core.device_manager import DeviceManager
from workstation.core.qr_entry import QrEntry
from workstation.core.simulation import SimulationControls
from workstation.devices.base import DeviceKind, DeviceStatus
from workstation.ui.chip_page import ChipPage
from workstation.ui.face_page import FacePage
from workstation.ui.i18n import Translations
from workstation.ui.status_bar import DeviceStatusBar
from workstation.ui.step_pages import STEPS, StepPage, StepTexts


class _ChipBridge(QObject):
    progress = Signal(str)
    result = Signal(object)
    error = Signal(object)


class MainWindow(QMainWindow):
    def __init__(self, translations: Translations, simulated: bool, mode_reason: str = "",
                 simulation: SimulationControls | None = None, devices: DeviceManager | None = None,
                 trust: TrustStore | None = None) -> None:
        super().__init__()
        self.translations = translations
        self.devices = devices
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
        self.simulation = simulation
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

        body = QHBoxLayout()
        self.texts = StepTexts(central)
        self.texts.hide()
        self.step_list = QListWidget(central)
        self.step_list.setObjectName("step-list")
        self.step_list.setFixedWidth(240)
        self.step_list.setStyleSheet("font-size: 15pt;")
        self.step_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pages = QStackedWidget(central)
        self.face_page: FacePage | None = None
        self.chip_page = ChipPage(lambda: self.translations.language, self.pages)
        self.chip_page.proceed.connect(lambda: self.step_list.setCurrentRow(2))
        for step in STEPS:
            self.step_list.addItem("")
            if step.key == "chip":
                self.pages.addWidget(self.chip_page)
            elif step.key == "face":
                self.face_page = FacePage(devices, lambda: self.translations.language, self.pages)
                self.pages.addWidget(self.face_page)
            else:
                self.pages.addWidget(StepPage(step, self.texts, self.pages))
        self.step_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.step_list.setCurrentRow(0)
        card_page = self.pages.widget(0)
        if card_page.qr_field is not None:
            card_page.qr_field.entered.connect(self.on_qr_entered)
        body.addWidget(self.step_list)
        body.addWidget(self.pages, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.devices_bar = DeviceStatusBar(self)
        self.statusBar().addPermanentWidget(self.devices_bar, 1)
        self._build_menus()
        self.retranslate()

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

        self.simulate_menu = None
        if self.simulation is not None:
            self._build_simulate_menu(self.simulation)

        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

        self.next_action = QAction(self, shortcut=QKeySequence("Ctrl+PgDown"))
        self.next_action.triggered.connect(lambda: self.move_step(+1))
        self.prev_action = QAction(self, shortcut=QKeySequence("Ctrl+PgUp"))
        self.prev_action.triggered.connect(lambda: self.move_step(-1))
        self.addActions([self.next_action, self.prev_action])

    def _build_simulate_menu(self, simulation: SimulationControls) -> None:
        self.simulate_menu = self.menuBar().addMenu("")
        self.simulate_menu.setObjectName("simulate-menu")
        self.insert_menu = self.simulate_menu.addMenu("")
        self.insert_actions = {}
        for card in simulation.fixture_cards():
            action = QAction(f"{card.name}  ({card.kind}) — {card.description}", self)
            action.setObjectName(f"insert-{card.name}")
            action.triggered.connect(lambda _checked=False, c=card: self.simulate_insert(c.name, c.qr))
            self.insert_menu.addAction(action)
            self.insert_actions[card.name] = action
        self.remove_card_action = QAction(self, shortcut=QKeySequence("Ctrl+R"))
        self.remove_card_action.triggered.connect(lambda: simulation.remove_card())
        self.simulate_menu.addAction(self.remove_card_action)
        self.scenario_action = QAction(self)
        self.scenario_action.triggered.connect(self.choose_camera_scenario)
        self.simulate_menu.addAction(self.scenario_action)
        self.simulate_menu.addSeparator()
        self.unplug_actions = {}
        for kind in (DeviceKind.CARD_READER, DeviceKind.CAMERA, DeviceKind.FINGERPRINT):
            action = QAction(self, checkable=True)
            action.toggled.connect(lambda unplugged, k=kind: simulation.set_plugged(k, not unplugged))
            self.simulate_menu.addAction(action)
            self.unplug_actions[kind] = action

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Level-2 electronic identity enrollment"))
        self.banner.setText(self.tr("SIMULATED MODE: simulated devices, not for real enrollments"))
        self.banner.setToolTip(self.mode_reason)
        for row, step in enumerate(STEPS):
            self.step_list.item(row).setText(f"{row + 1}. {self.texts.title(step.key)}")
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About"))
        if self.simulate_menu is not None:
            self.simulate_menu.setTitle(self.tr("&Simulate"))
            self.insert_menu.setTitle(self.tr("&Insert card"))
            self.remove_card_action.setText(self.tr("&Remove card"))
            self.scenario_action.setText(self.tr("Camera &scenario…"))
            names = {DeviceKind.CARD_READER: self.tr("Unplug the card reader"),
                     DeviceKind.CAMERA: self.tr("Unplug the camera"),
                     DeviceKind.FINGERPRINT: self.tr("Unplug the fingerprint scanner")}
            for kind, action in self.unplug_actions.items():
                action.setText(names[kind])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- behaviour -----------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        self.translations.set_language(language)  # type: ignore[arg-type]
        self.language_actions[self.translations.language].setChecked(True)

    def choose_camera_scenario(self) -> None:
        """A folder of frames made by `workstation sim face-scenes` (genuine, photo attack, ...)."""
        if self.simulation is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Camera scenario: a folder of frames"))
        if folder:
            self.simulation.play_camera_scenario(Path(folder))

    def move_step(self, delta: int) -> None:
        row = max(0, min(self.step_list.count() - 1, self.step_list.currentRow() + delta))
        self.step_list.setCurrentRow(row)

    def on_device_status(self, status: DeviceStatus) -> None:
        self.devices_bar.set_status(status)
        if status.kind == DeviceKind.CARD_READER:
            arrived = bool(status.card_present) and not self.card_present
            self.card_present = bool(status.card_present)
            if arrived:
                self.start_chip_read()

    # -- the card: QR scanned, card placed, chip read ---------------------------------------------
    def simulate_insert(self, name: str, qr: str) -> None:
        """A tester's insertion: the card goes on the simulated reader and its QR is 'scanned'."""
        if self.simulation is None:
            return
        self.simulation.insert_card(name)
        field = self.pages.widget(0).qr_field
        field.edit.setText(qr)
        field.edit.returnPressed.emit()

    def on_qr_entered(self, entry: QrEntry) -> None:
        self.qr_entry = entry if entry.ok else None
        if self.qr_entry is not None and self.card_present:
            self.start_chip_read()

    def start_chip_read(self) -> None:
        if self.card_session is None or self.qr_entry is None or self.card_session.busy:
            return
        self.step_list.setCurrentRow(1)
        self.chip_page.show_progress("card_access")
        try:
            self.card_session.read(list(self.qr_entry.keys), self.qr_entry.qr)
        except KeyError:   # no card reader driver is configured
            self.chip_page.show_error(self.tr("No card reader is configured."))

    def _chip_read(self, result) -> None:  # noqa: ANN001
        self.chip_page.show_result(result)
        if self.face_page is not None:
            self.face_page.set_reference(np.asarray(result.photo.decode()))

    def _chip_failed(self, error) -> None:  # noqa: ANN001
        self.chip_page.show_error(error.officer_text(self.translations.language))

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About"),
                          self.tr("Level-2 electronic identity enrollment workstation, version %1").replace("%1", __version__))

"""Starting the window: settings, devices, database, translations, then the main shell."""
from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, QSize, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from workstation.core.card_session import trust_store_for
from workstation.core.context import AppContext
from workstation.core.device_manager import DeviceManager
from workstation.core.enrollment.services import EnrollmentServices
from workstation.core.simulation import SimulationControls
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.database import Database
from workstation.ui.device_bridge import DeviceBridge
from workstation.ui.i18n import Translations
from workstation.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class NoDisplayError(WorkstationError):
    def __init__(self) -> None:
        super().__init__(Message(
            "Không tìm thấy màn hình. Hãy chạy chương trình trong phiên làm việc có màn hình.",
            "No screen found (DISPLAY and WAYLAND_DISPLAY are not set): run it from the desktop "
            "session, or set QT_QPA_PLATFORM=offscreen for a headless check."))


@dataclass
class Gui:
    """The running window and what it owns; `close` stops devices and the database."""

    context: AppContext
    window: MainWindow
    devices: DeviceManager
    database: Database
    bridge: DeviceBridge
    translations: Translations

    def close(self) -> None:
        self.window.scan_catcher.remove()
        self.window.text_scaler.remove()
        if self.window.face_page is not None:
            self.window.face_page.stop()
        self.devices.stop()
        self.database.close()
        self.translations.uninstall()


def start_gui(context: AppContext) -> Gui:
    """Build the window around a loaded context (QApplication must exist)."""
    from workstation.ui.style import apply_style

    apply_style(QApplication.instance())
    database = context.open_database()
    selection = context.select_devices()
    devices = context.device_manager(selection)
    translations = Translations(context.paths.cache_dir)
    translations.set_language(context.settings.ui.language)
    simulation = SimulationControls(devices) if selection.simulated else None
    trust = trust_store_for(context.settings, selection.simulated)
    services = EnrollmentServices.from_context(context, database, selection.simulated, getpass.getuser())
    from workstation.core.campaign_desk import CampaignDesk

    services.campaign = CampaignDesk.open(context, database)        # None: no campaign imported here
    if services.has_officers():
        _log_in(services, translations)
    elif not selection.simulated:
        raise WorkstationError(Message(
            "Chưa có tài khoản cán bộ. Tạo tài khoản: workstation officer add TÊN --role supervisor",
            "No officer accounts yet. Create one: workstation officer add NAME --role supervisor"))
    services.expire_drafts(context.settings.storage.draft_days)   # after the login: the audit names the officer
    window = MainWindow(translations, selection.simulated, selection.reason, simulation, devices, trust, services,
                        context.settings.ui.idle_lock_minutes, context.settings,
                        context.settings.source or context.paths.settings_file, context.registry)
    window.device_notices.key_protection(context.key_protection())
    bridge = DeviceBridge(window)
    bridge.status_changed.connect(window.on_device_status)
    devices.subscribe(bridge.publish)
    devices.start()
    return Gui(context, window, devices, database, bridge, translations)


def _log_in(services: EnrollmentServices, translations: Translations) -> None:
    """Who is at the counter: every enrollment and audit entry carries the name."""
    from workstation.ui.credentials_dialog import CredentialsDialog

    dialog = CredentialsDialog(QCoreApplication.translate("Login", "Log in"),
                               QCoreApplication.translate("Login", "Officer's user name and password."),
                               services.log_in, lambda: translations.language)
    if not dialog.exec():
        raise WorkstationError(Message("Chưa đăng nhập.", "Not logged in."))


LARGE_TEXT_SCALE = "1.25"


def apply_large_text(enabled: bool) -> None:
    """Large-text mode: Qt's scale factor for the whole window (text, buttons, photos alike), unless
    the person starting the program set one."""
    if enabled and "QT_SCALE_FACTOR" not in os.environ:
        os.environ["QT_SCALE_FACTOR"] = LARGE_TEXT_SCALE


def _show_filling_the_screen(window: QWidget) -> None:
    """A counter screen is the program's: the window takes the whole screen (maximized where a
    window manager is; sized to the screen's free area where none is, as under Xvfb)."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is not None:
        area = filling_geometry(screen.availableGeometry(), window.minimumSize())
        if area is not None:
            window.setGeometry(area)
    window.showMaximized()


def filling_geometry(area: QRect, minimum: QSize) -> QRect | None:
    """The screen's free area, unless it is smaller than the window can be (then its own size)."""
    if area.width() >= minimum.width() and area.height() >= minimum.height():
        return area
    return None


def _check_display() -> None:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoDisplayError()


def _show_startup_error(error: WorkstationError) -> None:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    QMessageBox.critical(None, "Workstation", error.officer_text("vi") + "\n\n" + error.officer_text("en"))


def run_gui(args: argparse.Namespace) -> int:
    _check_display()
    try:
        context = AppContext.load(args.config, args.mode)
    except WorkstationError as exc:
        QApplication.instance() or QApplication(sys.argv[:1])
        _show_startup_error(exc)
        raise
    apply_large_text(context.settings.ui.large_text)          # before Qt starts: it reads the scale once
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("workstation")
    try:
        gui = start_gui(context)
    except WorkstationError as exc:
        _show_startup_error(exc)
        raise
    _show_filling_the_screen(gui.window)
    screenshot: Path | None = args.screenshot
    if screenshot is not None or args.quit_after is not None:
        delay_ms = int(1000 * (args.quit_after if args.quit_after is not None else 1.5))

        def finish() -> None:
            if screenshot is not None:
                gui.window.grab().save(str(screenshot))
            app.quit()

        QTimer.singleShot(delay_ms, finish)
    try:
        return int(app.exec())
    finally:
        gui.close()

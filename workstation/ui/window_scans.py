"""The window's side of a caught scan: ui/scan_catcher.py catches the burst wherever the focus was,
core/scan_routing.py decides where it goes; this file does what that decision says to the counter's
window (the campaign's check-in first, then the QR step, a note on the page, or the scan kept for
the next citizen), so a scan is never typed into another field and main_window.py only wires it.

Strings keep the "MainWindow" translation context (workstation_vi.ts keys them by it), hence
QCoreApplication.translate rather than self.tr."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from workstation.core.enrollment.workflow import Step
from workstation.core.scan_routing import ScanRoute, route_scan
from workstation.ui.scan_catcher import ScanCatcher
from workstation.ui.window_steps import STEP_ROWS

if TYPE_CHECKING:
    from workstation.core.scanner_input import Scan
    from workstation.ui.main_window import MainWindow


class WindowScans(QObject):
    """Routes each caught scan; holds a QR scanned while a citizen's captures were under way until
    that enrollment ends (`release_held`)."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.held: str | None = None          # a QR scanned while a citizen's captures were under way
        self.catcher = ScanCatcher(self.on_scan, window)

    def on_scan(self, scan: "Scan") -> None:
        """A scan caught wherever the focus was: to the QR step, or kept for the next citizen,
        never typed into another field."""
        window = self.window
        if window.campaign is not None and window.campaign.scanned(scan):
            return                                # an invitation slip: checked in, nothing else takes it
        step = str(window.workflow.step) if window.workflow is not None else "card"
        route = route_scan(scan, step, check_in=window.campaign is not None)
        if route == ScanRoute.NOT_A_CARD:
            window.notice.show_notice(QCoreApplication.translate(
                "MainWindow", "That code is not the QR code of a citizen ID card: scan the QR on the card."),
                "warn", 10, key="scan")
            return
        if route == ScanRoute.HOLD:
            self.held = scan.text
            window.notice.show_notice(QCoreApplication.translate(
                "MainWindow", "QR code of the next citizen kept: it is read when this enrollment ends."),
                "info", 10, key="scan")
            return
        if route == ScanRoute.NEXT_CITIZEN:
            window.next_citizen()
        self.take_qr(scan.text)

    def take_qr(self, text: str) -> None:
        """A new QR for the card on the reader: a red or failed read of the last QR starts over."""
        window = self.window
        if (window.workflow is not None and window.services is not None and window.workflow.step == Step.CHIP
                and not (window.card_session is not None and window.card_session.busy)):
            window.workflow = window.services.new_workflow()
            window.chip_page.reset()
        window.notice.clear_notice("scan")
        if window.workflow is None or window.workflow.step == Step.CARD:
            window.step_list.setCurrentRow(STEP_ROWS[Step.CARD])
        window.qr_field.take_scan(text)

    def release_held(self) -> None:
        """The next citizen's turn: the QR kept during the last citizen's enrollment is read now."""
        held, self.held = self.held, None
        if held is not None:                      # scanned during the last citizen's enrollment
            self.take_qr(held)

"""The campaign in the counter's window: a scanned slip or card checks the citizen in and a big
verdict says so; the card read at the chip step is compared with the citizen checked in; the
queue (F11) and the progress (F12) pages. The decisions are Qt-free (core.scan_routing,
core.campaign_desk); this file only shows them, so main_window.py needs a handful of lines."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QLabel, QLayout, QWidget

from workstation.core.campaign_desk import OK, REFUSED, WARN, CampaignDesk, Verdict

if TYPE_CHECKING:
    from workstation.core.scanner_input import Scan
    from workstation.ui.main_window import MainWindow

VERDICT_SECONDS = 120          # the verdict stays while the citizen walks to the counter
COLOURS = {OK: ("#ffffff", "#1b7a2f"), WARN: ("#3d2600", "#ffc857"), REFUSED: ("#ffffff", "#b3261e")}


class CampaignVerdict(QLabel):
    """One line, big: who arrived and their slot, or why the slip is refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaign-verdict")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.level = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear)
        self.hide()

    def show_verdict(self, level: str, text: str) -> None:
        fg, bg = COLOURS[level]
        self.level = level
        self.setStyleSheet(f"#campaign-verdict {{ color: {fg}; background: {bg}; font-size: 26pt; font-weight: 700;"
                           " padding: 12px 20px; }")
        self.setText(text)
        self.show()
        self.timer.start(VERDICT_SECONDS * 1000)

    def clear(self) -> None:
        self.level = ""
        self.setText("")
        self.hide()


def _layout_holding(layout: QLayout, widget: QWidget) -> QBoxLayout | None:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is widget and isinstance(layout, QBoxLayout):
            return layout
        if item.layout() is not None and (found := _layout_holding(item.layout(), widget)) is not None:
            return found
    return None


class CampaignCounter(QObject):
    def __init__(self, window: "MainWindow", desk: CampaignDesk) -> None:
        super().__init__(window)
        from workstation.ui.campaign_progress import ProgressPage
        from workstation.ui.campaign_queue import QueuePage

        self.window, self.desk = window, desk
        self.verdict = CampaignVerdict(window.centralWidget())
        layout = _layout_holding(window.centralWidget().layout(), window.notice)
        if layout is not None:
            layout.insertWidget(layout.indexOf(window.notice), self.verdict)
        self.queue_page = QueuePage(desk, window.pages)
        self.progress_page = ProgressPage(desk, window.pages)
        for page in (self.queue_page, self.progress_page):
            window.pages.addWidget(page)
            page.back.connect(lambda p=page: self.toggle(p))
        self.queue_action = QAction(window, shortcut=QKeySequence(Qt.Key.Key_F11))
        self.queue_action.triggered.connect(lambda: self.toggle(self.queue_page))
        self.progress_action = QAction(window, shortcut=QKeySequence(Qt.Key.Key_F12))
        self.progress_action.triggered.connect(lambda: self.toggle(self.progress_page))
        for action in (self.queue_action, self.progress_action):
            window.file_menu.insertAction(window.quit_action, action)
        window.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.queue_action.setText(self.tr("Campaign &queue (F11)"))
        self.progress_action.setText(self.tr("Campaign &progress (F12)"))

    def toggle(self, page: QWidget) -> None:
        self.window._toggle_page(page)              # noqa: SLF001 - the window's own F9/F10 toggling
        if self.window.pages.currentWidget() is page:
            page.refresh()
            page.setFocus()

    # -- hooks main_window calls -------------------------------------------------------------------
    def scanned(self, scan: "Scan") -> bool:
        """Checks the citizen in when the scan is the slip's or the card's QR. True: the scan was
        the slip's, nothing else takes it; False: the enrollment routes it as before."""
        from workstation.core.scan_routing import CampaignRoute, campaign_route

        route = campaign_route(scan, True)
        if route == CampaignRoute.NONE:
            return False
        verdict = self.desk.check_in(scan.text)
        if verdict is None:
            return False                      # a card's QR the QR step refuses itself, in its words
        self.show(verdict)
        self.refresh()
        return route == CampaignRoute.CHECK_IN

    def card_read(self, id_number: str) -> None:
        verdict = self.desk.card_read(id_number)
        if verdict is not None:
            self.show(verdict)
        self.refresh()                        # the citizen's draft exists now: "being served"

    def show(self, verdict: Verdict) -> None:
        self.verdict.show_verdict(verdict.level, verdict.message.text(self.window.translations.language))

    def saved(self) -> None:
        """The enrollment is saved (its invitation closed by EnrollmentServices.save): the last
        verdict is over."""
        self.verdict.clear()
        self.refresh()

    def refresh(self) -> None:
        """After a check-in or a save: the page on screen shows it at once."""
        current = self.window.pages.currentWidget()
        if current in (self.queue_page, self.progress_page):
            current.refresh()


def attach_campaign(window: "MainWindow") -> CampaignCounter | None:
    desk = window.services.campaign if window.services is not None else None
    return CampaignCounter(window, desk) if desk is not None else None

"""F11: this shift's queue at the counter — expected, arrived, being served, done, no-show — from
the campaign's queue (campaign.queue). Keyboard first: the table has the focus, Esc or F11 goes
back, F5 refreshes, the shift box is reached with Alt+C."""
from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.campaign.queue import ARRIVED, DONE, EXPECTED, MISSED, SERVING
from workstation.core.campaign_desk import CampaignDesk

ORDER = (EXPECTED, ARRIVED, SERVING, DONE, MISSED)
BACKGROUND = {EXPECTED: None, ARRIVED: "#d9f2dd", SERVING: "#fff1c2", DONE: "#e6e6e6", MISSED: "#f8d7d4"}


class QueuePage(QWidget):
    back = Signal()

    def __init__(self, desk: CampaignDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaign-queue")
        self.desk = desk
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 28pt; font-weight: 600;")
        top.addWidget(self.heading, 1)
        self.shift_label = QLabel(self)
        self.shift_label.setStyleSheet("font-size: 15pt;")
        self.shift_box = QComboBox(self)
        self.shift_box.setStyleSheet("font-size: 15pt;")
        self.shift_label.setBuddy(self.shift_box)
        self.shift_box.currentIndexChanged.connect(lambda _i: self.refresh(keep_shift=True))
        top.addWidget(self.shift_label)
        top.addWidget(self.shift_box)
        layout.addLayout(top)
        self.counts = QLabel(self)
        self.counts.setObjectName("queue-counts")
        self.counts.setStyleSheet("font-size: 18pt; font-weight: 600;")
        layout.addWidget(self.counts)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("queue-table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setStyleSheet("font-size: 16pt;")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.hint = QLabel(self)
        self.hint.setStyleSheet("font-size: 13pt; color: #444;")
        layout.addWidget(self.hint)
        self.setFocusProxy(self.table)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.entries: list = []
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def status_text(self, status: str, outcome: str | None = None) -> str:
        if status == DONE:
            return self.tr("Refused") if outcome == "refused" else self.tr("Done")
        return {EXPECTED: self.tr("Expected"), ARRIVED: self.tr("Arrived"), SERVING: self.tr("Being served"),
                MISSED: self.tr("No-show")}[status]

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Queue of this shift"))
        self.shift_label.setText(self.tr("&Shift:"))
        self.table.setHorizontalHeaderLabels([self.tr("Slot"), self.tr("Name"), self.tr("Village"),
                                              self.tr("Status")])
        self.hint.setText(self.tr("Scan a slip or a card anywhere to check a citizen in. F11 or Esc: back to the "
                                  "enrollment; F5: refresh."))
        self.refresh(keep_shift=True)

    def _fill_shifts(self) -> None:
        from workstation.campaign.plan import PlanSettings

        settings = self.desk.store.settings()
        names = [s.name for s in PlanSettings.from_dict(settings.plan).shifts] if settings and settings.plan else []
        self.shift_box.blockSignals(True)
        self.shift_box.clear()
        self.shift_box.addItem(self.tr("Whole day"), None)
        for name in names:
            self.shift_box.addItem(name, name)
        now = self.desk.shift_now()
        self.shift_box.setCurrentIndex(max(0, self.shift_box.findData(now)) if now else 0)
        self.shift_box.blockSignals(False)

    def refresh(self, keep_shift: bool = False) -> None:
        if not keep_shift or self.shift_box.count() == 0:
            self._fill_shifts()
        self.entries = self.desk.queue(self.shift_box.currentData())
        counts = Counter(e.status for e in self.entries)
        self.counts.setText("   ·   ".join(f"{self.status_text(s)}: {counts.get(s, 0)}" for s in ORDER))
        self.table.setRowCount(len(self.entries))
        today = self.desk.today()
        for row, entry in enumerate(self.entries):
            when = f"{entry.slot:%H:%M}" if entry.slot.date() == today else f"{entry.slot:%d/%m %H:%M}"
            cells = (when if entry.shift != "-" else "—", entry.full_name, entry.village,
                     self.status_text(entry.status, entry.outcome))
            colour = BACKGROUND[entry.status]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if colour:
                    item.setBackground(QColor(colour))
                self.table.setItem(row, column, item)
        for column in (0, 2, 3):
            self.table.resizeColumnToContents(column)
        # the cursor on whom the officer calls next: the first arrived, else the first expected
        first = next((i for i, e in enumerate(self.entries) if e.status == ARRIVED),
                     next((i for i, e in enumerate(self.entries) if e.status in (SERVING, EXPECTED)), 0))
        if self.entries:
            self.table.selectRow(first)
            self.table.scrollToItem(self.table.item(first, 0))

"""F12: the campaign's progress for the commune chief — the commune and each village: eligible,
invited, came, enrolled, refused, no-show, still due; the date the quota is reached at the current
pace beside the plan's; a burn-up against the plan and per-village bars. Counted by
campaign.progress in the database; refreshed each time the page is shown (bench: campaign.progress_view)."""
from __future__ import annotations

from datetime import date
from itertools import accumulate

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.campaign.progress import KEYS, Progress
from workstation.core.campaign_desk import CampaignDesk
from workstation.ui.campaign_charts import BurnUpChart, VillageBars, number


class ProgressPage(QWidget):
    back = Signal()

    def __init__(self, desk: CampaignDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaign-progress")
        self.desk = desk
        self.progress: Progress | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 16)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 26pt; font-weight: 600;")
        layout.addWidget(self.heading)
        self.summary = QLabel(self)
        self.summary.setObjectName("progress-summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 16pt;")
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 2 + len(KEYS), self)
        self.table.setObjectName("progress-table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setStyleSheet("QTableWidget { font-size: 13pt; } QHeaderView::section { font-size: 11pt; }")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (0, 1):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 4)
        charts = QHBoxLayout()
        self.burn_up = BurnUpChart(self)
        self.bars = VillageBars(self)
        charts.addWidget(self.burn_up, 1)
        charts.addWidget(self.bars, 1)
        layout.addLayout(charts, 3)
        self.hint = QLabel(self)
        self.hint.setStyleSheet("font-size: 13pt; color: #444;")
        layout.addWidget(self.hint)
        self.setFocusProxy(self.table)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Village"), self.tr("Officer in charge"), self.tr("Eligible"), self.tr("Invited"),
            self.tr("Came"), self.tr("Enrolled"), self.tr("Refused"), self.tr("No-show"), self.tr("Still due")])
        self.hint.setText(self.tr("F12 or Esc: back to the enrollment; F5: refresh."))
        if self.progress is not None:
            self.show_progress(self.progress)
        else:
            self.heading.setText(self.tr("Campaign progress"))

    def refresh(self) -> None:
        self.show_progress(self.desk.progress(), self.desk.plan_line())

    def show_progress(self, progress: Progress, plan: list[tuple[date, int]] | None = None) -> None:
        self.progress = progress
        self.heading.setText(self.tr("Campaign progress: %1").replace("%1", progress.commune))
        totals = progress.totals
        forecast = f"{progress.forecast:%d/%m/%Y}" if progress.forecast else self.tr("not yet known")
        planned = f"{progress.planned:%d/%m/%Y}" if progress.planned else "—"
        self.summary.setText(
            self.tr("Quota %1 · enrolled %2 · pace %3 a working day · quota reached on %4 at this pace "
                    "(plan: %5)")
            .replace("%1", number(progress.quota) if progress.quota else "—").replace("%2", number(totals["enrolled"]))
            .replace("%3", f"{progress.pace_per_day:.1f}".replace(".", ",") if progress.pace_per_day < 10
                     else f"{progress.pace_per_day:.0f}").replace("%4", forecast).replace("%5", planned))
        rows = [(str(v["village"]), str(v["officer"] or "—"), [int(v[k]) for k in KEYS])  # type: ignore[call-overload]
                for v in progress.villages]
        rows.append((self.tr("Whole commune"), "", [totals[k] for k in KEYS]))
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, (village, officer, figures) in enumerate(rows):
            for c, text in enumerate([village, officer, *(number(n) for n in figures)]):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r == len(rows) - 1:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.bars.set_data([(str(v["village"]), int(v["eligible"]), int(v["enrolled"]))  # type: ignore[call-overload]
                            for v in progress.villages])
        days = [(date.fromisoformat(str(d["day"])), int(d["enrolled"])) for d in progress.days  # type: ignore[call-overload]
                if date.fromisoformat(str(d["day"])) <= progress.day]
        actual = list(zip([d for d, _ in days], accumulate(n for _, n in days)))
        plan = plan if plan is not None else self.burn_up.plan
        if plan and (not actual or actual[0][0] > plan[0][0]):
            actual.insert(0, (plan[0][0], 0))                  # both lines start from nothing
        self.burn_up.set_data(actual, plan, progress.quota or 0)

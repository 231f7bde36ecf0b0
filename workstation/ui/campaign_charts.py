"""The progress page's two charts, drawn with QPainter (PySide6-Essentials has no QtCharts and a
chart library is not worth its weight for two figures): the burn-up of enrollments against the
plan's line, and per village the enrolled share of the eligible."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

ACTUAL, PLAN, ELIGIBLE, AXIS = QColor("#1b7a2f"), QColor("#0b4f8a"), QColor("#d0d7de"), QColor("#444444")


def number(value: float) -> str:
    """Thousands with a dot, as Vietnamese writes them (12.000)."""
    return f"{round(value):,}".replace(",", ".")


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def _font(self, painter: QPainter, points: float, bold: bool = False) -> None:
        font = QFont(self.font())
        font.setPointSizeF(points * max(1.0, self.height() / 320))
        font.setBold(bold)
        painter.setFont(font)


class BurnUpChart(_Chart):
    """Cumulative enrollments per day (green) against the plan's line to the quota (blue)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("burn-up")
        self.actual: list[tuple[date, int]] = []
        self.plan: list[tuple[date, int]] = []
        self.quota = 0

    def set_data(self, actual: list[tuple[date, int]], plan: list[tuple[date, int]], quota: int) -> None:
        self.actual, self.plan, self.quota = actual, plan, quota
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        self._font(painter, 11, bold=True)
        painter.setPen(AXIS)
        painter.drawText(QRectF(0, 4, self.width(), 28), Qt.AlignmentFlag.AlignHCenter,
                         self.tr("Enrolled against the plan"))
        days = sorted({d for d, _ in self.actual} | {d for d, _ in self.plan})
        top = max([self.quota, *(n for _, n in self.actual), *(n for _, n in self.plan), 1])
        area = QRectF(64, 40, max(10, self.width() - 84), max(10, self.height() - 96))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        self._font(painter, 9)
        for fraction in (0, 0.5, 1):
            y = area.bottom() - fraction * area.height()
            painter.drawText(QRectF(0, y - 10, 58, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             number(top * fraction))
        if not days:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("No plan and no enrollments yet"))
            return
        first, span = days[0], max(1, (days[-1] - days[0]).days)

        def point(day: date, value: int) -> QPointF:
            return QPointF(area.left() + (day - first).days / span * area.width(),
                           area.bottom() - value / top * area.height())

        painter.drawText(QRectF(area.left() - 30, area.bottom() + 4, 80, 20), Qt.AlignmentFlag.AlignLeft,
                         f"{first:%d/%m}")
        painter.drawText(QRectF(area.right() - 50, area.bottom() + 4, 80, 20), Qt.AlignmentFlag.AlignLeft,
                         f"{days[-1]:%d/%m}")
        if self.quota:
            painter.setPen(QPen(AXIS, 1, Qt.PenStyle.DotLine))
            y = area.bottom() - self.quota / top * area.height()
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        for series, colour, style in ((self.plan, PLAN, Qt.PenStyle.DashLine), (self.actual, ACTUAL, Qt.PenStyle.SolidLine)):
            painter.setPen(QPen(colour, 3, style))
            points = [point(d, n) for d, n in series]
            for a, b in zip(points, points[1:]):
                painter.drawLine(a, b)
            if len(points) == 1:
                painter.drawEllipse(points[0], 4, 4)
        legend_y = self.height() - 26
        for x, colour, text in ((area.left(), ACTUAL, self.tr("Enrolled")), (area.left() + 180, PLAN, self.tr("Plan"))):
            painter.fillRect(QRectF(x, legend_y + 6, 18, 8), colour)
            painter.setPen(AXIS)
            painter.drawText(QRectF(x + 24, legend_y, 150, 22), Qt.AlignmentFlag.AlignLeft, text)


class VillageBars(_Chart):
    """Per village: eligible (grey) with the enrolled part (green) and the figure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("village-bars")
        self.rows: list[tuple[str, int, int]] = []

    def set_data(self, rows: list[tuple[str, int, int]]) -> None:
        self.rows = rows
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        self._font(painter, 11, bold=True)
        painter.setPen(AXIS)
        painter.drawText(QRectF(0, 4, self.width(), 28), Qt.AlignmentFlag.AlignHCenter,
                         self.tr("Enrolled of the eligible, per village"))
        if not self.rows:
            return
        self._font(painter, 9)
        label_w = min(200.0, self.width() * 0.32)
        area = QRectF(label_w + 8, 40, max(10, self.width() - label_w - 90), max(10, self.height() - 52))
        top = max(1, max(eligible for _, eligible, _ in self.rows))
        band = area.height() / len(self.rows)
        bar = max(4.0, band * 0.7)
        for i, (name, eligible, enrolled) in enumerate(self.rows):
            y = area.top() + i * band + (band - bar) / 2
            painter.setPen(AXIS)
            painter.drawText(QRectF(0, y, label_w, bar), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             name)
            painter.fillRect(QRectF(area.left(), y, eligible / top * area.width(), bar), ELIGIBLE)
            painter.fillRect(QRectF(area.left(), y, enrolled / top * area.width(), bar), ACTUAL)
            share = f"{enrolled / eligible:.0%}" if eligible else "—"
            painter.drawText(QRectF(area.left() + eligible / top * area.width() + 6, y, 80, bar),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, share)

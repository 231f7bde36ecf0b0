"""Photos and previews that grow with the window: a counter screen is read from a distance, and a
1920×1080 monitor left two thirds empty around 150×200 photos. Sizes are given for a 1280×720
window and scaled by the smaller of the width and height ratios (1 to 1.6), so nothing grows out
of the window."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget

BASE_WIDTH, BASE_HEIGHT = 1280, 720
MAX_SCALE = 1.6
MIN_SCALE = 0.8      # a window smaller than 1280×720 (large-text mode on a 1366×768 screen): photos shrink


def window_scale(width: int, height: int) -> float:
    return max(MIN_SCALE, min(width / BASE_WIDTH, height / BASE_HEIGHT, MAX_SCALE))


class ScaledSizes:
    """Widgets whose fixed size follows the window's scale."""

    def __init__(self) -> None:
        self._widgets: list[tuple[QWidget, int, int]] = []
        self._pixmaps: dict[int, tuple[QLabel, QPixmap]] = {}
        self.scale = 1.0

    def set_pixmap(self, label: QLabel, pixmap: QPixmap | None, smooth: bool = True) -> None:
        """Show `pixmap` fitted to the label, and again at the label's next size (None: clear).
        `smooth=False` for live preview frames: a fast scale, thirty times a second."""
        if pixmap is None or pixmap.isNull():
            self._pixmaps.pop(id(label), None)
            label.clear()
            return
        self._pixmaps[id(label)] = (label, pixmap)
        mode = Qt.TransformationMode.SmoothTransformation if smooth else Qt.TransformationMode.FastTransformation
        label.setPixmap(pixmap.scaled(label.size(), Qt.AspectRatioMode.KeepAspectRatio, mode))

    def add(self, widget: QWidget, width: int, height: int) -> QWidget:
        self._widgets.append((widget, width, height))
        widget.setFixedSize(round(width * self.scale), round(height * self.scale))
        return widget

    def apply(self, scale: float) -> bool:
        """True when the sizes changed (the page may repaint its images at the new size)."""
        if abs(scale - self.scale) < 0.01:
            return False
        self.scale = scale
        for widget, width, height in self._widgets:
            widget.setFixedSize(round(width * scale), round(height * scale))
        for label, pixmap in list(self._pixmaps.values()):
            self.set_pixmap(label, pixmap)
        return True


def shrink_to_fit(page: QWidget, sizes: ScaledSizes, floor: float = 0.5) -> None:
    """A page whose content is taller than the page (large-text mode on a small screen) first
    shrinks its photos, step by step, rather than letting Qt squeeze labels over them."""
    layout = page.layout()
    if layout is None or page.height() <= 0:
        return
    scale = sizes.scale
    while layout.minimumSize().height() > page.height() and scale > floor:
        scale = round(scale - 0.05, 2)
        sizes.apply(scale)
        layout.activate()

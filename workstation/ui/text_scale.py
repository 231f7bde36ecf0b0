"""Text that grows and shrinks with the window (issue 20 finding 11): at 1920×1080 only the photos
grew and half the review page stayed empty; in large-text mode at 1366×768 (a logical window of
1093×614) text was cut and overlapped the photos. Every widget's style sheet gives its font size in
points for a 1280×720 window; this rewrites those sizes by the window's text factor, again whenever
a widget sets a new style sheet (Qt's StyleChange), so pages that recolour a label keep the scale."""
from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from workstation.ui.scaling import BASE_HEIGHT, BASE_WIDTH

FONT = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")
MIN_TEXT, MAX_TEXT = 0.8, 1.35


def text_scale(width: int, height: int) -> float:
    """1 at 1280×720; up to 1.35 on a large window (growing a little slower than the photos);
    down to 0.8 on a window smaller than 1280×720 (large-text mode on a small screen), so nothing
    is cut."""
    ratio = min(width / BASE_WIDTH, height / BASE_HEIGHT)
    if ratio > 1:
        ratio = 1 + (ratio - 1) * 0.7
    return round(max(MIN_TEXT, min(MAX_TEXT, ratio)), 2)


class TextScaler(QObject):
    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self.factor = 1.0
        self._busy = False
        QApplication.instance().installEventFilter(self)

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def set_factor(self, factor: float) -> None:
        if abs(factor - self.factor) < 0.01:
            return
        self.factor = factor
        from workstation.ui.style import apply_style

        apply_style(QApplication.instance(), factor)
        for widget in [self.root, *self.root.findChildren(QWidget)]:
            self._apply(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (event.type() == QEvent.Type.StyleChange and not self._busy and isinstance(watched, QWidget)
                and (watched is self.root or self.root.isAncestorOf(watched))):
            self._apply(watched)
        return False

    def _apply(self, widget: QWidget) -> None:
        sheet = widget.styleSheet()
        if not sheet or "font-size" not in sheet:
            return
        original = widget.property("_text_original") if sheet == widget.property("_text_scaled") else sheet
        scaled = FONT.sub(lambda m: f"font-size: {float(m.group(1)) * self.factor:.1f}pt", original)
        widget.setProperty("_text_original", original)
        widget.setProperty("_text_scaled", scaled)
        if scaled != sheet:
            self._busy = True
            try:
                widget.setStyleSheet(scaled)
            finally:
                self._busy = False
            widget.updateGeometry()          # a wrapped label's height follows its new font

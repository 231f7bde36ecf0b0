"""The window at a screen size, looked at for text that is cut or widgets that overlap (issue 20
finding 11). Used in-process by tests/ui/test_sizes.py and, for large-text mode (QT_SCALE_FACTOR
is read once when Qt starts), in a child process: `python -m tests.ui.size_walk OUT FACES`."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

SIZES = ((1280, 720), (1366, 768), (1920, 1080))


def problems(page: QWidget) -> list[str]:
    """Visible labels and buttons whose text does not fit, and visible siblings that overlap."""
    found = []
    shown = [w for w in page.findChildren(QWidget) if w.isVisible() and isinstance(w, (QLabel, QAbstractButton))
             and w.window() is page.window()]
    for widget in shown:
        text = widget.text() if not isinstance(widget, QLabel) or widget.pixmap().isNull() else ""
        if not text:
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 2:
                found.append(f"cut ({needed}>{widget.height()} px high): {text[:50]!r}")
        elif widget.sizeHint().width() > widget.width() + 2 and not isinstance(widget, QLabel):
            found.append(f"cut ({widget.sizeHint().width()}>{widget.width()} px wide): {text[:50]!r}")
    boxes = [(w, w.mapTo(page, w.rect().topLeft()), w.size()) for w in shown]
    from PySide6.QtCore import QRect

    rects = [(w, QRect(p, s)) for w, p, s in boxes]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            overlap = ra.intersected(rb)
            if overlap.width() > 3 and overlap.height() > 3:
                found.append(f"overlap: {type(a).__name__}#{a.objectName()} and {type(b).__name__}#{b.objectName()}")
    return found


def walk(window, out: Path, tag: str, scale: float = 1.0) -> dict[str, object]:  # noqa: ANN001
    """`window` at each physical size (logical = physical / scale); the review page, then the
    others, screenshots to `out`; returns the problems found and the heading's font size."""
    report: dict[str, object] = {}
    pages = {"review": window.review_page, "chip": window.chip_page, "face": window.face_page,
             "saved": window.saved_page, "history": window.history_page}
    for width, height in SIZES:
        window.resize(round(width / scale), round(height / scale))
        found: dict[str, list[str]] = {}
        for name, page in pages.items():
            window.pages.setCurrentWidget(page)
            for _ in range(5):
                QApplication.processEvents()
            window.grab().save(str(out / f"size-{name}-{width}x{height}-{tag}.png"))
            issues = problems(page)
            if issues:
                found[name] = issues
        report[f"{width}x{height}"] = {"problems": found,
                                       "heading_pt": window.review_page.heading.font().pointSizeF()}
    return report


def main() -> int:
    out, faces = Path(sys.argv[1]), Path(sys.argv[2])
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from tests.ui.test_enrollment_window import _insert
    from workstation.core.context import AppContext
    from workstation.core.enrollment.workflow import Step
    from workstation.ui.app import start_gui

    gui = start_gui(AppContext.load(mode="simulated"))
    window = gui.window
    window.show()
    window.set_language("vi")
    try:
        _insert(window, "an-genuine", faces)
        import time

        deadline = time.monotonic() + 90
        while window.workflow.step != Step.REVIEW and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        window.review_page.phone.setText("0912 345 678")
        report = walk(window, out, f"large{scale:g}", scale)
    finally:
        gui.close()
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

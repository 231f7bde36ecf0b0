"""Readable from a distance (issue 16 item 8): photos and previews grow with the window from
1280×720 to 1920×1080, the face verdict is words (the numbers behind F7, with a decimal comma in
Vietnamese) that break between phrases only, and large-text mode scales the whole window."""
from __future__ import annotations

import os

from PySide6.QtCore import Qt

from tests.ui.test_enrollment_window import LONG, _insert, _shot
from workstation.core.enrollment.workflow import Step


def test_photos_grow_with_the_window_and_the_verdict_is_words(qtbot, gui, faces_dir, screenshot_dir) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    page = window.face_page
    _insert(window, "an-genuine", faces_dir, camera="impostor")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page, timeout=10_000)
    qtbot.wait(300)
    page.capture_now()
    qtbot.waitUntil(lambda: page.review is not None, timeout=LONG)
    sizes = {}
    for width, height in ((1280, 720), (1366, 768), (1920, 1080)):
        window.resize(width, height)
        qtbot.wait(50)
        sizes[width] = (page.chip_photo.width(), page.preview.width(), window.chip_page.photo.width(),
                        window.review_page.chip_photo.width(), window.finger_page.image.width())
        for language in ("vi", "en"):
            window.set_language(language)
            _shot(window, screenshot_dir, f"face-{width}x{height}")
    assert all(big > small for big, small in zip(sizes[1920], sizes[1280]))
    assert sizes[1280] == (150, 480, 180, 135, 280)                          # the base sizes
    assert page.photo.pixmap().width() > 150                                 # the photo redrawn larger
    window.set_language("vi")
    qtbot.wait(50)
    verdict = page.verdict.text()
    assert "KHÔNG&nbsp;phải" in verdict and "0," not in verdict and "0." not in verdict   # words, unbreakable
    assert page.verdict.geometry().left() >= page.preview.geometry().right()             # beside, not over
    assert not page.details.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_F7)
    assert page.details.isVisible() and "0," in page.details.text()          # decimal comma
    window.set_language("en")
    qtbot.wait(50)
    assert "0." in page.details.text() and "NOT&nbsp;the&nbsp;same" in page.verdict.text()
    _shot(window, screenshot_dir, "face-details")
    assert window.workflow.step == Step.FACE


def test_large_text_scales_the_whole_window_from_the_next_start(monkeypatch) -> None:  # noqa: ANN001
    from workstation.ui.app import LARGE_TEXT_SCALE, apply_large_text

    monkeypatch.delenv("QT_SCALE_FACTOR", raising=False)
    apply_large_text(False)
    assert "QT_SCALE_FACTOR" not in os.environ
    apply_large_text(True)
    assert os.environ["QT_SCALE_FACTOR"] == LARGE_TEXT_SCALE
    monkeypatch.setenv("QT_SCALE_FACTOR", "2")
    apply_large_text(True)
    assert os.environ["QT_SCALE_FACTOR"] == "2"                              # the person's own choice stays

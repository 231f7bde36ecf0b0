"""Issue 20 finding 14: the saved page's time runs from the card placed to the package saved (not
from when the window stood idle on step 1); it shows today's count and the last hour's pace, and
says plainly to give the card back."""
from __future__ import annotations

import re
import time

from PySide6.QtCore import Qt

from tests.ui.test_enrollment_window import LONG, _insert
from workstation.core.enrollment.workflow import Step

IDLE = 600.0   # the counter stood ten minutes on step 1 before this citizen came


def test_the_saved_page_times_the_citizen_not_the_idle_counter(qtbot, gui, faces_dir, screenshot_dir) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    window.workflow._entered = time.monotonic() - IDLE          # the workflow began long before the card
    _insert(window, "an-genuine", faces_dir)
    qtbot.waitUntil(lambda: window.workflow.step == Step.REVIEW, timeout=LONG * 2)
    page = window.review_page
    qtbot.keyClicks(page.phone, "0912345678")
    page.consent.setChecked(True)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = window.saved_page
    qtbot.waitUntil(lambda: saved.next_button.isVisible(), timeout=10_000)
    seconds = int(re.search(r"đến khi lưu: (\d+) giây", saved.detail.text()).group(1))
    assert seconds < IDLE and seconds == round(window.workflow.card_to_saved)
    assert saved.hand_back.isVisible() and "Trả thẻ Căn cước cho công dân" in saved.hand_back.text()
    assert saved.pace_label.isVisible() and "Hôm nay: đã lưu 1 hồ sơ" in saved.pace_label.text()
    assert "trong giờ vừa qua: 1" in saved.pace_label.text()
    from tests.ui.size_walk import problems

    qtbot.wait(50)
    assert problems(saved) == []                                    # the reference and time not cut off
    assert window.grab().save(str(screenshot_dir / "saved-hand-back-vi.png"))


def test_the_pace_counts_saved_enrollments_today_and_in_the_last_hour() -> None:
    from datetime import datetime, timedelta

    from workstation.core.history import HistoryRow, pace

    now = datetime(2026, 12, 4, 15, 0).astimezone()
    rows = [HistoryRow(str(n), state, "0", "x", "cb.le", now - timedelta(minutes=minutes), False)
            for n, (state, minutes) in enumerate([("complete", 5), ("synced", 50), ("exported", 90),
                                                  ("draft", 2), ("discarded", 3), ("refused", 4)])]
    assert pace(rows, now) == type(pace(rows, now))(today=3, last_hour=2)

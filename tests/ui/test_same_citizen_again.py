"""Issue 20 finding 4: the same citizen enrolled within storage.repeat_days is said at the chip
step (when, where, by whom) and the enrollment goes on only with the officer's reason, recorded."""
from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.ui.conftest import answer_reasons
from tests.ui.test_enrollment_window import _insert
from workstation.core.enrollment.workflow import Step


def test_a_citizen_enrolled_recently_is_said_at_the_chip_and_needs_a_reason(qtbot, gui, faces_dir,  # noqa: ANN001
                                                                           monkeypatch, screenshot_dir) -> None:
    from workstation.storage.models import AuditEntry

    window = gui.window
    window.set_language("vi")
    store = window.services.store
    earlier = store.new_draft("cb.le", "001099012345", "Nguyễn Văn An", simulated=True)
    store.complete(earlier, "5b0c4c1e-0000-4000-8000-000000000001", b"sealed", "cb.le")
    _insert(window, "an-genuine", faces_dir)
    page = window.chip_page
    qtbot.waitUntil(lambda: page.repeat_button.isVisible(), timeout=10_000)
    qtbot.wait(1200)                                               # longer than the auto-advance
    assert window.workflow.step == Step.CHIP and window.workflow.enrollment_id is None
    said = page.findings.text()
    assert "đã được đăng ký 1 lần trong 30 ngày" in said and "cán bộ cb.le" in said and "(F4)" in page.repeat_button.text()
    assert "#1b7f3b" not in page.verdict.styleSheet() and "quyết định" in page.verdict.text()   # not green
    assert window.grab().save(str(screenshot_dir / "chip-same-citizen-again-vi.png"))
    answer_reasons(monkeypatch, [("ngắn", True), ("Công dân làm mất giấy hẹn, đăng ký lại", True)])
    qtbot.keyClick(page, Qt.Key.Key_F4)                             # too short: refused in words
    assert window.workflow.step == Step.CHIP and "lý do" in page.status.text()
    qtbot.keyClick(page, Qt.Key.Key_F4)
    assert window.workflow.step == Step.FACE and window.workflow.enrollment_id is not None
    assert "enrolled_again" in window.workflow.review_flags()
    with store.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "enrolled_again")).one()
    assert entry.enrollment_id == window.workflow.enrollment_id and "đăng ký lại" in entry.detail


def test_an_expired_card_is_never_under_a_green_banner(qtbot, gui, faces_dir, screenshot_dir) -> None:  # noqa: ANN001
    """Issue 20 finding 7: the banner's colour follows the decision, not only the chip's authenticity."""
    window = gui.window
    window.set_language("vi")
    _insert(window, "expired", faces_dir)
    page = window.chip_page
    qtbot.waitUntil(lambda: page.result is not None and page.findings.text() != "", timeout=10_000)
    assert window.workflow.step == Step.CHIP and window.workflow.blocking()
    assert "#b3261e" in page.verdict.styleSheet() and "#1b7f3b" not in page.verdict.styleSheet()
    assert "Không đăng ký: Thẻ đã hết hạn" in page.verdict.text()
    assert window.grab().save(str(screenshot_dir / "chip-expired-vi.png"))

"""A whole enrollment in the window, offscreen, with the keyboard only: card on the reader and its
QR scanned → chip → face (head turn, auto-capture) → fingerprints → review (phone, consent) → saved
→ next citizen; and the main error paths (forged card, card pulled out, poor finger, refused face
with a supervisor's approval). Screenshots of each step go to WORKSTATION_SCREENSHOTS if set."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from workstation.core.enrollment.simulated_run import simulated_citizen
from workstation.core.enrollment.workflow import Step
from workstation.emulator.fixtures import fixture
from workstation.storage.enrollments import COMPLETE

LONG = 40_000   # ms: the face step waits for a head turn played at 30 fps on a shared machine


def _insert(window, card: str, faces_dir: Path, camera: str = "genuine_turn") -> None:  # noqa: ANN001
    portrait, frames = simulated_citizen(card, camera, faces_dir / "obama.jpg", faces_dir / "biden.jpg")
    window.simulation.play_camera_frames(frames).result(5)
    window.simulate_insert(card, fixture(card).qr, portrait)


def _shot(window, folder: Path, name: str) -> None:  # noqa: ANN001
    assert window.grab().save(str(folder / f"{name}-{window.translations.language}.png"))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_whole_enrollment_with_the_keyboard(qtbot, gui, faces_dir, screenshot_dir, language) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language(language)
    qtbot.wait(50)
    _shot(window, screenshot_dir, "1-card")
    _insert(window, "an-genuine", faces_dir)
    qtbot.waitUntil(lambda: window.workflow.step == Step.FACE, timeout=10_000)
    _shot(window, screenshot_dir, "2-chip")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.face_page, timeout=5_000)
    qtbot.waitUntil(lambda: window.workflow.step == Step.FINGERPRINTS, timeout=LONG)
    _shot(window, screenshot_dir, "3-face")
    qtbot.waitUntil(lambda: window.workflow.step == Step.REVIEW, timeout=LONG)
    page = window.review_page
    assert window.pages.currentWidget() is page
    assert not page.save_button.isEnabled()                     # no phone, no consent yet
    assert page.panel.checks[-1].name == "contact" and page.panel.checks[-1].level == "fail"
    qtbot.keyClicks(page.phone, "0912 345 678")
    qtbot.keyClick(page.phone, Qt.Key.Key_Return)               # → email
    qtbot.keyClick(page.email, Qt.Key.Key_Return)               # → consent
    assert page.consent.hasFocus()
    qtbot.keyClick(page.consent, Qt.Key.Key_Space)
    assert page.save_button.isEnabled()
    assert [c.level for c in page.panel.checks] == ["ok"] * 5
    _shot(window, screenshot_dir, "5-review")
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workflow.step == Step.SAVED, timeout=10_000)
    qtbot.waitUntil(lambda: window.saved_page.next_button.isVisible(), timeout=5_000)
    _shot(window, screenshot_dir, "6-saved")
    stored = window.services.store.get(window.workflow.enrollment_id)
    assert stored.state == COMPLETE and stored.package is not None
    first = window.workflow
    qtbot.keyClick(window.saved_page, Qt.Key.Key_Return)        # next citizen
    assert window.workflow is not first and window.workflow.step == Step.CARD
    assert window.pages.currentIndex() == 0 and window.chip_page.values["full_name"].text() == ""
    assert window.face_page.comparison.comparator is None          # no encodings of the last citizen kept in memory


def test_a_forged_card_stops_at_the_chip_with_what_to_do(qtbot, gui, faces_dir, screenshot_dir) -> None:  # noqa: ANN001
    window = gui.window
    _insert(window, "cloned", faces_dir)
    qtbot.waitUntil(lambda: window.workflow.card is not None, timeout=10_000)
    qtbot.wait(1200)   # longer than the auto-advance: it must not move on
    assert window.workflow.step == Step.CHIP and window.pages.currentWidget() is window.chip_page
    assert "Không được đăng ký" in window.chip_page.findings.text()
    assert not window.chip_page.next_button.isEnabled()
    page = window.chip_page
    assert page.retry_button.isVisible() and page.next_citizen_button.isVisible()   # never a dead end
    _shot(window, screenshot_dir, "error-cloned")
    first = window.workflow
    qtbot.keyClick(page, Qt.Key.Key_F5)                                # read the card again
    qtbot.waitUntil(lambda: window.workflow is not first and window.workflow.card is not None, timeout=10_000)
    assert window.workflow.step == Step.CHIP and page.retry_button.isVisible()
    qtbot.keyClick(page, Qt.Key.Key_F8)                                # next citizen
    assert window.workflow.step == Step.CARD and window.pages.currentIndex() == 0
    assert page.values["full_name"].text() == "" and not page.retry_button.isVisible()


def test_a_card_pulled_out_can_be_read_again(qtbot, gui, faces_dir) -> None:  # noqa: ANN001
    window = gui.window
    _insert(window, "pulled-out", faces_dir)
    qtbot.waitUntil(lambda: "nhấc ra" in window.chip_page.status.text(), timeout=10_000)
    assert window.workflow.step == Step.CARD and window.workflow.card is None


def test_a_poor_finger_falls_back_and_a_refused_face_needs_a_supervisor(qtbot, gui, faces_dir, monkeypatch,  # noqa: ANN001
                                                                         screenshot_dir) -> None:  # noqa: ANN001
    from workstation.storage.officers import create_officer
    from workstation.ui import window_approvals

    window = gui.window
    create_officer(window.services.store.sessions, "sup.tran", "mat-khau-123", role="supervisor")
    create_officer(window.services.store.sessions, "cb.le", "mat-khau-456", role="officer")
    window.simulation.set_finger_scenario("poor_right_index").result(5)
    _insert(window, "an-genuine", faces_dir, camera="impostor")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.face_page, timeout=10_000)
    qtbot.wait(500)
    window.face_page.capture_now()                              # the officer presses Space
    qtbot.waitUntil(lambda: window.workflow.face is not None, timeout=LONG)
    assert window.workflow.step == Step.FACE and window.face_page.override_button.isVisible()
    _shot(window, screenshot_dir, "error-face-refused")

    tried: list[str] = []

    class Approve:   # the dialog, answered as a person would: first an officer's account, then the supervisor's
        def __init__(self, title, explanation, check, language, parent=None, evidence=None) -> None:  # noqa: ANN001
            self.check = check
            self.approved_by = None

        def exec(self) -> bool:  # noqa: A003
            from workstation.errors import WorkstationError

            try:
                self.check("cb.le", "mat-khau-456")
            except WorkstationError as exc:
                tried.append(exc.message.en)
            self.approved_by = self.check("sup.tran", "mat-khau-123")
            return True

    monkeypatch.setattr(window_approvals, "CredentialsDialog", Approve)
    window.approvals.face_override("Đã đối chiếu trực tiếp với giấy tờ khác")
    assert tried == ["This account is not a supervisor's."]
    assert window.workflow.step == Step.FINGERPRINTS and window.workflow.face.override.officer == "sup.tran"
    qtbot.waitUntil(lambda: len(window.finger_page.sequence.attempts) > 0, timeout=LONG)
    _shot(window, screenshot_dir, "4-fingerprints-retry")
    qtbot.waitUntil(lambda: window.workflow.step == Step.REVIEW, timeout=LONG)
    finger = [c for c in window.review_page.panel.checks if c.name == "fingerprints"][0]
    face = [c for c in window.review_page.panel.checks if c.name == "face"][0]
    assert finger.level == "warn" and "right_thumb" in finger.detail
    assert face.level == "warn"
    _shot(window, screenshot_dir, "4-review-warnings")


def test_history_searches_exports_and_resumes(qtbot, gui, tmp_path, screenshot_dir) -> None:  # noqa: ANN001
    window = gui.window
    store = window.services.store
    draft = store.new_draft("cb.le", "001099012345", "Nguyễn Văn An", simulated=True)
    done = store.new_draft("cb.le", "079190004321", "Trần Thị Bích Ngọc", simulated=True)
    store.complete(done, "5b0c4c1e-0000-4000-8000-000000000002", b"sealed package", "cb.le")
    qtbot.keyClick(window, Qt.Key.Key_F9)
    page = window.history_page
    assert window.pages.currentWidget() is page
    assert page.table.rowCount() == 2 and "2" in page.counters.text()
    assert page.waiting.text() == "Chưa xuất hoặc đồng bộ (mọi ngày): 1 hồ sơ"
    qtbot.keyClicks(page.search, "ngoc")
    assert page.table.rowCount() == 1 and page.table.item(0, 2).text() == "Trần Thị Bích Ngọc"
    _shot(window, screenshot_dir, "history")
    page.sending.export_to(tmp_path / "usb")
    qtbot.waitUntil(lambda: page.export_button.isEnabled(), timeout=10_000)
    assert (tmp_path / "usb" / "5b0c4c1e-0000-4000-8000-000000000002.wspkg").read_bytes() == b"sealed package"
    assert store.get(done).state == "exported"
    assert ": 0 " in page.waiting.text()                       # nothing left to bring back
    page.search.clear()
    page.table.selectRow([r.enrollment_id for r in page.rows].index(draft))
    page.resume_selected()
    assert window.workflow.resume_id == draft and window.pages.currentIndex() == 0
    page.sending.sync_now()                                             # not registered with a centre: said in words
    qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=10_000)
    assert "workstation register" in page.message.text()


def test_no_face_in_front_of_the_camera_is_said_and_nothing_moves_on(qtbot, gui, faces_dir) -> None:  # noqa: ANN001
    window = gui.window
    _insert(window, "an-genuine", faces_dir, camera="no_face")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.face_page, timeout=10_000)
    page = window.face_page
    qtbot.waitUntil(lambda: "Chưa thấy khuôn mặt" in page.advice.text(), timeout=10_000)
    page.capture_now()
    qtbot.waitUntil(lambda: "Không tìm thấy khuôn mặt" in page.advice.text(), timeout=10_000)
    assert window.workflow.step == Step.FACE and window.workflow.face is None


def test_the_simulate_menu_s_citizen_photo_goes_on_any_card_in_its_format(qtbot, gui, faces_dir) -> None:  # noqa: ANN001
    window = gui.window
    window.use_citizen_photo(faces_dir / "obama.jpg")
    assert window.citizen_photo == faces_dir / "obama.jpg"
    window.simulate_insert("bich-variants", fixture("bich-variants").qr)     # its chip keeps JPEG 2000 photos
    qtbot.waitUntil(lambda: window.workflow.card is not None, timeout=10_000)
    card = window.workflow.card
    assert card.photo.format == "JPEG2000" and card.verdict.genuine
    assert window.chip_photo is not None
    window.scene_actions["eyes_closed"].trigger()                          # the same citizen, eyes shut
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.face_page, timeout=5_000)
    qtbot.waitUntil(lambda: "mở mắt" in window.face_page.advice.text(), timeout=15_000)
    assert window.face_page.captured is None


def test_a_draft_the_citizen_will_not_finish_is_discarded_from_the_history(qtbot, gui, faces_dir, monkeypatch,  # noqa: ANN001
                                                                           screenshot_dir) -> None:  # noqa: ANN001

    window = gui.window
    store = window.services.store
    old = store.new_draft("cb.le", "079190004321", "Trần Thị Bích Ngọc", simulated=True)
    store.add_capture(old, "face", "face/live.jpg", b"\xff\xd8 a face")
    _insert(window, "an-genuine", faces_dir, camera="no_face")        # the citizen at the counter: chip read
    qtbot.waitUntil(lambda: window.workflow.step == Step.FACE, timeout=10_000)
    current = window.workflow.enrollment_id
    assert current is not None and store.captures(current)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    page = window.history_page
    from tests.ui.conftest import answer_confirmations, answer_reasons

    answer_reasons(monkeypatch, [("", True), ("Công dân bỏ về, không chờ", True), ("Công dân không quay lại", True)])
    answer_confirmations(monkeypatch, ["do", "do", "do"])

    page.table.selectRow([r.enrollment_id for r in page.rows].index(old))
    page.discard_selected()                                             # no reason: refused, nothing lost
    assert "lý do" in page.message.text() and store.get(old).state == "draft" and store.captures(old)
    page.discard_selected()
    assert store.get(old).state == "discarded" and store.captures(old) == []
    assert window.workflow.enrollment_id == current                     # the citizen at the counter goes on
    assert page.table.item([r.enrollment_id for r in page.rows].index(old), 3).text() == "đã huỷ"
    page.discard_selected()                                             # the row is no longer a draft
    assert "Chỉ huỷ được hồ sơ nháp" in page.message.text() or "Only a draft" in page.message.text()

    page.table.selectRow([r.enrollment_id for r in page.rows].index(current))
    page.discard_selected()                                             # the enrollment in progress itself
    assert store.get(current).state == "discarded" and store.captures(current) == []
    assert window.workflow.enrollment_id is None and window.workflow.step == Step.CARD
    assert window.pages.currentWidget() is page and "huỷ" in page.message.text()
    from sqlalchemy import select

    from workstation.storage.models import AuditEntry

    with store.sessions() as session:
        discarded = session.scalars(select(AuditEntry).where(AuditEntry.action == "discarded")).all()
        assert {e.enrollment_id for e in discarded} == {old, current}
        assert all("reason" in e.detail for e in discarded)
    assert store.verify_audit() is None
    _shot(window, screenshot_dir, "history-discarded")


def test_a_citizen_photo_without_a_face_is_refused_in_words(qtbot, gui, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    import cv2
    import numpy as np
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    cv2.imwrite(str(tmp_path / "wall.png"), np.full((400, 300, 3), 128, np.uint8))
    gui.window.use_citizen_photo(tmp_path / "wall.png")
    assert said == ["Ảnh chân dung phải có đúng một khuôn mặt (thấy 0)."]
    assert gui.window.citizen_photo is None


def test_a_refused_face_is_refused_first_and_kept_in_the_history(qtbot, gui, faces_dir, monkeypatch,  # noqa: ANN001
                                                                 screenshot_dir) -> None:  # noqa: ANN001

    window = gui.window
    _insert(window, "an-genuine", faces_dir, camera="impostor")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.face_page, timeout=10_000)
    qtbot.wait(500)
    window.face_page.capture_now()
    qtbot.waitUntil(lambda: window.workflow.face is not None, timeout=LONG)
    face = window.face_page
    assert face.refuse_button.isVisible() and face.override_button.isVisible()
    assert face.refuse_button.hasFocus()                              # the decisive action comes first
    _shot(window, screenshot_dir, "face-refuse-first")
    refused = window.workflow
    from tests.ui.conftest import answer_confirmations, answer_reasons

    answer_reasons(monkeypatch, [("Khuôn mặt không khớp với ảnh chip", True)] * 2)
    answer_confirmations(monkeypatch, ["Return", "do"])
    qtbot.keyClick(face, Qt.Key.Key_F6)                               # F6, Enter out of habit: nothing ends
    assert window.workflow is refused
    qtbot.keyClick(face, Qt.Key.Key_F6)
    assert window.workflow is not refused and window.workflow.step == Step.CARD
    stored = window.services.store.get(refused.enrollment_id)
    assert stored.state == "refused" and window.services.store.captures(refused.enrollment_id) == []
    window.history_page.refresh()
    row = [r for r in window.history_page.rows if r.enrollment_id == refused.enrollment_id][0]
    assert row.state == "refused"


def test_a_disk_too_full_refuses_the_next_citizen_at_the_chip_and_says_so(qtbot, gui, faces_dir,  # noqa: ANN001
                                                                        screenshot_dir) -> None:  # noqa: ANN001
    """Free space below storage.min_free_mb: the status bar is red with the amount, and the card
    of the next citizen is read but no draft starts: the chip page says why."""
    from workstation.disk_space import TOO_LOW

    window = gui.window
    window.set_language("vi")
    store = window.services.store
    store.free_space_mb = (10**9, 10**9)              # more than any disk has: "too low" everywhere
    window.refresh_disk_space()
    disk = window.devices_bar.disk
    assert disk.isVisible() and disk.check.level == TOO_LOW and "#b3261e" in disk.text()
    assert "không bắt đầu hồ sơ mới" in disk.toolTip()
    _insert(window, "an-genuine", faces_dir)
    qtbot.waitUntil(lambda: "không bắt đầu hồ sơ mới" in window.chip_page.status.text(), timeout=10_000)
    assert window.workflow.enrollment_id is None and window.workflow.step == Step.CHIP
    _shot(window, screenshot_dir, "disk-full-chip")

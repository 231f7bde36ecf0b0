"""Issue 21 item 4 in the window: a scanned invitation slip (or the card's QR) checks the citizen
in wherever the focus is and a big verdict says who and when, or why not (forged, another
commune); the card read at the chip step is compared with the citizen invited; the saved
enrollment closes the invitation and the queue (F11) shows it; a refused one records why."""
from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.ui.campaign_setup import fix_clock, make_campaign, slip_of
from tests.ui.test_enrollment_window import LONG, _insert
from tests.ui.test_scans_go_to_the_qr_step import keys
from workstation.campaign.models import Resident
from workstation.campaign.refs import Signer
from workstation.core.context import AppContext
from workstation.core.enrollment.workflow import Step
from workstation.emulator.fixtures import fixture
from workstation.verify.qr import parse_qr

AN = parse_qr(fixture("an-genuine").qr).id_number


def scanner_types(text: str, gap_ms: int = 4) -> None:
    """As a keyboard-wedge scanner (and xdotool) types: Shift pressed and released around each
    capital and '|', every event stamped a few ms apart, Enter last."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from tests.ui import test_scans_go_to_the_qr_step as typing

    def send(kind: QEvent.Type, key: int, char: str, mods: Qt.KeyboardModifier) -> None:
        typing._clock[0] += gap_ms                                       # noqa: SLF001 - the shared clock
        event = QKeyEvent(kind, key, mods, char)
        event.setTimestamp(typing._clock[0])                             # noqa: SLF001
        QApplication.sendEvent(QApplication.focusWidget(), event)

    shift = Qt.KeyboardModifier.ShiftModifier
    for char in text:
        key = int(Qt.Key.Key_Bar) if char == "|" else ord(char.upper())
        shifted = char.isupper() or char == "|"
        if shifted:
            send(QEvent.Type.KeyPress, int(Qt.Key.Key_Shift), "", shift)
        mods = shift if shifted else Qt.KeyboardModifier.NoModifier
        send(QEvent.Type.KeyPress, key, char, mods)
        send(QEvent.Type.KeyRelease, key, char, mods)
        if shifted:
            send(QEvent.Type.KeyRelease, int(Qt.Key.Key_Shift), "", Qt.KeyboardModifier.NoModifier)
    send(QEvent.Type.KeyPress, int(Qt.Key.Key_Return), "\r", Qt.KeyboardModifier.NoModifier)
    send(QEvent.Type.KeyRelease, int(Qt.Key.Key_Return), "\r", Qt.KeyboardModifier.NoModifier)
    typing._clock[0] += 1000                                             # noqa: SLF001


def _start(qtbot, tmp_path):  # noqa: ANN001, ANN202
    from workstation.ui.app import start_gui

    make_campaign(tmp_path)
    gui = start_gui(AppContext.load(mode="simulated"))
    qtbot.addWidget(gui.window)
    gui.window.show()
    gui.window.activateWindow()
    gui.window.set_language("vi")
    gui.window.services.repeat_days = 0
    gui.window.workflow.repeat_days = 0
    qtbot.waitUntil(lambda: QApplication.focusWidget() is gui.window.qr_field.edit, timeout=3000)
    return gui


def _outcome(window, id_number: str) -> tuple[str | None, str | None]:  # noqa: ANN001
    store = window.services.campaign.store
    with store.sessions() as session:
        resident = session.scalar(select(Resident).where(Resident.id_key == store.cipher.index(id_number)))
        return resident.outcome, resident.outcome_reason


def _shots(window, folder, name: str) -> None:  # noqa: ANN001
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        QTest.qWait(60)
        assert window.grab().save(str(folder / f"campaign-{name}-{size[0]}.png"))


def test_slip_scanned_checks_in_and_the_saved_enrollment_closes_it(qtbot, isolated_home, tmp_path, faces_dir,  # noqa: ANN001
                                                                   screenshot_dir) -> None:
    gui = _start(qtbot, tmp_path)
    window = gui.window
    try:
        assert window.campaign is not None
        slip = slip_of(window, AN)
        fix_clock(window, slip.start.replace(tzinfo=None).astimezone())
        # a forged slip and one of another commune are refused in the campaign's words
        head, mac = slip.qr_text.rsplit("|", 1)
        keys(head + "|" + ("A" if mac[0] != "A" else "B") + mac[1:], 4)
        assert window.campaign.verdict.level == "refused" and "giả" in window.campaign.verdict.text()
        elsewhere = Signer(window.services.campaign.store.cipher, "Phường Ba Đình").qr_text(slip.ref, slip.start.date())
        keys(elsewhere, 4)
        assert "xã/phường khác" in window.campaign.verdict.text()
        assert window.qr_field.edit.text() == ""          # a slip never lands in the QR field
        scanner_types(slip.qr_text)                           # Shift around capitals, as a real scanner
        verdict = window.campaign.verdict
        assert verdict.isVisible() and verdict.level == "ok"
        assert verdict.text() == f"Đã đến: {slip.full_name}, hẹn {slip.start:%H:%M}"
        _shots(window, screenshot_dir, "1-checked-in")
        QTest.keyClick(window, Qt.Key.Key_F11)               # the queue: the citizen has arrived
        page = window.campaign.queue_page
        assert window.pages.currentWidget() is page
        row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 1).text() == slip.full_name)
        assert page.table.item(row, 3).text() == "Đã đến" and "Đã đến: 1" in page.counts.text()
        _shots(window, screenshot_dir, "2-queue")
        QTest.keyClick(page.table, Qt.Key.Key_Escape)
        assert window.pages.currentIndex() == 0
        keys(slip.qr_text, 4)                                 # twice: served once
        assert window.campaign.verdict.level == "warn" and "một lần" in window.campaign.verdict.text()
        _insert(window, "an-genuine", faces_dir)
        qtbot.waitUntil(lambda: window.workflow.step == Step.REVIEW, timeout=LONG * 2)
        assert window.campaign.verdict.level == "warn"        # the card is the invited citizen's: nothing new said
        review = window.review_page
        qtbot.keyClicks(review.phone, "0912 345 678")
        review.consent.setChecked(True)
        qtbot.keyClick(review, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.workflow.step == Step.SAVED, timeout=10_000)
        qtbot.waitUntil(lambda: _outcome(window, AN)[0] == "enrolled", timeout=5_000)
        QTest.keyClick(window, Qt.Key.Key_F11)
        row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 1).text() == slip.full_name)
        assert page.table.item(row, 3).text() == "Xong"
        QTest.keyClick(window, Qt.Key.Key_F12)                # the commune chief's view counts them
        progress = window.campaign.progress_page
        assert window.pages.currentWidget() is progress
        total = progress.table.rowCount() - 1
        assert progress.table.item(total, 0).text() == "Toàn xã" and progress.table.item(total, 5).text() == "1"
        _shots(window, screenshot_dir, "3-progress")
    finally:
        gui.close()


def test_a_card_not_of_the_invited_citizen_is_said_and_a_refusal_records_why(qtbot, isolated_home, tmp_path,  # noqa: ANN001
                                                                             faces_dir, screenshot_dir) -> None:
    gui = _start(qtbot, tmp_path)
    window = gui.window
    try:
        slip = slip_of(window, other_than=AN)
        fix_clock(window, datetime.combine(slip.start.date(), time(8, 0)).astimezone())
        keys(slip.qr_text, 4)
        assert window.campaign.verdict.level == "ok"
        _insert(window, "an-genuine", faces_dir)
        qtbot.waitUntil(lambda: window.workflow.card is not None, timeout=10_000)
        qtbot.waitUntil(lambda: window.campaign.verdict.level == "refused", timeout=5_000)
        assert "KHÔNG phải của người được mời" in window.campaign.verdict.text()
        assert slip.full_name in window.campaign.verdict.text()
        _shots(window, screenshot_dir, "4-not-the-invited")
        window.approvals.refuse_enrollment("Công dân mang nhầm thẻ của người khác")     # the face page's button
        assert _outcome(window, AN) == ("refused", "Công dân mang nhầm thẻ của người khác")
    finally:
        gui.close()


def test_without_a_campaign_a_slip_is_not_a_card_and_no_campaign_keys(qtbot, gui) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    window.activateWindow()
    assert window.campaign is None and window.services.campaign is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.qr_field.edit, timeout=3000)
    keys("L2C1|XA-MINH-KHAI|ABCDEFGH|20261221|ABCDEFGHIJKLM", 4)
    assert window.notice.isVisible() and window.qr_field.edit.text() == ""

"""Issue 20 finding 5: a QR of one citizen with the card of another says whose QR it is (name, ID
masked), and offers to scan the QR again (F6) instead of reading the chip again with the same QR;
the right QR then reads the card."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_scans_go_to_the_qr_step import keys
from workstation.core.card_pair import wrong_pair
from workstation.core.enrollment.simulated_run import simulated_citizen
from workstation.core.enrollment.workflow import Step
from workstation.emulator.fixtures import fixture
from workstation.verify.qr import parse_qr


def test_a_wrong_pair_names_both_and_the_qr_is_scanned_again(qtbot, gui, faces_dir, screenshot_dir) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    window.activateWindow()
    portrait, frames = simulated_citizen("an-genuine", "genuine_turn", faces_dir / "obama.jpg", faces_dir / "biden.jpg")
    window.simulation.play_camera_frames(frames).result(5)
    window.simulate_insert("an-genuine", fixture("bich-variants").qr, portrait)   # Bích's QR, An's card
    page = window.chip_page
    qtbot.waitUntil(lambda: page.rescan_button.isVisible(), timeout=10_000)
    said = page.status.text()
    assert "QR của Trần Thị Bích Ngọc (079******321)" in said and "079190004321" not in said
    assert "(F6)" in page.rescan_button.text() and not page.retry_button.isVisible()
    assert window.grab().save(str(screenshot_dir / "chip-wrong-pair-vi.png"))
    qtbot.keyClick(page, Qt.Key.Key_F6)
    assert window.pages.currentIndex() == 0 and window.qr_field.edit.text() == ""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.qr_field.edit, timeout=3000)
    keys(fixture("an-genuine").qr, 4)                                              # the card's own QR
    qtbot.waitUntil(lambda: window.workflow.step == Step.FACE, timeout=10_000)
    assert window.workflow.card.dg13.full_name == "Nguyễn Văn An"


def test_qr_of_one_card_of_another_when_the_chip_opens() -> None:
    """The chip was read (its key came from elsewhere) but its data is another person's."""
    from types import SimpleNamespace

    from workstation.verify.cross_check import CrossCheck, Finding
    from workstation.messages import Message

    qr = parse_qr(fixture("bich-variants").qr)
    mismatch = CrossCheck((Finding("full_name", "mismatch", Message("x", "x")),))
    read = SimpleNamespace(cross_check=mismatch, dg13=SimpleNamespace(full_name="Nguyễn Văn An",
                                                                       id_number="001099012345"))
    said = wrong_pair(qr, read)
    assert said.vi == ("QR của Trần Thị Bích Ngọc (079******321), thẻ của Nguyễn Văn An (001******345): "
                       "không cùng một người.")
    assert wrong_pair(qr, SimpleNamespace(cross_check=CrossCheck(()), dg13=read.dg13)) is None

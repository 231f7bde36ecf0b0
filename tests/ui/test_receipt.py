"""The citizen's receipt (issue 16 item 3): after a save, print it or save it as PDF; the PDF is
rendered to PNG with pdftoppm and checked: its text (Vietnamese, with diacritics), the masked ID,
the reference and a QR code that decodes to it. Nothing of the citizen survives the next citizen."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_enrollment_window import LONG, _insert
from workstation.core.enrollment.workflow import Step
from workstation.core.receipt import mask_id, reference_of

NEEDS = [tool for tool in ("pdftoppm", "pdftotext") if shutil.which(tool) is None]


def test_reference_and_mask() -> None:
    reference = reference_of("7f3a9c2e-1b4d-4e8f-9a0b-c1d2e3f4a5b6")
    assert reference.startswith("L2-") and len(reference.replace("-", "")) == 12
    assert not set(reference[3:].replace("-", "")) & set("01IO")                # read out without mistakes
    assert reference_of("00000000-0000-4000-8000-000000000000") != reference_of("ffffffff-0000-4000-8000-000000000000")
    assert mask_id("001099012345") == "001******345"


@pytest.mark.skipif(bool(NEEDS), reason=f"{', '.join(NEEDS)} not installed (./test.sh installs poppler-utils)")
def test_a_saved_enrollment_gives_a_receipt_to_print_or_keep_as_pdf(qtbot, gui, faces_dir, tmp_path,  # noqa: ANN001
                                                                     screenshot_dir) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    _insert(window, "an-genuine", faces_dir)
    qtbot.waitUntil(lambda: window.workflow.step == Step.REVIEW, timeout=LONG)
    page = window.review_page
    qtbot.keyClicks(page.phone, "0912345678")
    page.consent.setChecked(True)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workflow.step == Step.SAVED, timeout=10_000)
    saved = window.saved_page
    qtbot.waitUntil(lambda: saved.print_button.isVisible(), timeout=5_000)
    receipt = saved.receipt
    assert receipt is not None and receipt.masked_id == "001******345" and receipt.consent
    assert saved.window().grab().save(str(screenshot_dir / "receipt-saved-page-vi.png"))

    pdf = tmp_path / "receipt.pdf"
    saved.save_pdf_to(pdf)
    assert "Receipt saved" in saved.receipt_status.text() or str(pdf) in saved.receipt_status.text()
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for expected in ("GIẤY XÁC NHẬN THU NHẬN HỒ SƠ", "định danh điện tử mức độ 2", "Nguyễn Văn An", "001******345",
                     receipt.reference, "Ảnh khuôn mặt", "Ngón trỏ tay phải", "Nghị định 13/2023/NĐ-CP",
                     "BẢN MÔ PHỎNG"):
        assert expected in text, expected
    assert "001099012345" not in text and "0912345678" not in text           # no full ID, no phone
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf), str(screenshot_dir / "receipt")],
                   check=True)
    png = screenshot_dir / "receipt.png"
    assert png.exists()
    import zxingcpp
    from PIL import Image

    codes = zxingcpp.read_barcodes(Image.open(png))
    assert [c.text for c in codes] == [receipt.qr_text]

    qtbot.keyClick(saved, Qt.Key.Key_Return)                                   # next citizen
    assert saved.receipt is None and not saved.print_button.isVisible()

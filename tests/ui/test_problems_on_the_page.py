"""Issue 20 finding 9: device, disk and sync problems are said on the page the officer looks at,
before the next card: an unplugged scanner does not keep saying "place the finger", an unplugged
camera changes its status, a too-full disk is said on step 1, a sync with refusals is never green
and names the reason in Vietnamese."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

from workstation.core.centre_words import refusal_words, sync_summary
from workstation.devices.base import DeviceKind, DeviceState
from workstation.emulator.fixtures import fixture


def test_an_unplugged_scanner_and_camera_are_said_on_the_page(qtbot, gui, faces_dir) -> None:  # noqa: ANN001
    from tests.ui.test_enrollment_window import _insert

    window = gui.window
    window.set_language("vi")
    page = window.finger_page
    scanner = gui.devices.driver(DeviceKind.FINGERPRINT)
    scanner.params = type(scanner.params)({"delay_seconds": 0.3, "citizen": "test citizen"})
    page.begin(window.workflow.fingerprint_sequence())
    window.step_list.setCurrentRow(3)
    qtbot.waitUntil(lambda: "Đặt" in page.instruction.text(), timeout=5000)
    window.simulation.set_plugged(DeviceKind.FINGERPRINT, False)
    qtbot.waitUntil(lambda: "máy quét vân tay" in page.instruction.text().lower(), timeout=10_000)
    assert "Đặt" not in page.instruction.text()
    assert window.notice.isVisible() and "Máy quét vân tay" in window.notice.text()
    window.simulation.set_plugged(DeviceKind.FINGERPRINT, True)
    qtbot.waitUntil(lambda: "Đặt" in page.instruction.text(), timeout=10_000)
    assert not window.notice.isVisible()

    _insert(window, "an-genuine", faces_dir)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.face_page, timeout=10_000)
    camera = window.devices_bar.indicators[DeviceKind.CAMERA]
    window.simulation.set_plugged(DeviceKind.CAMERA, False)
    qtbot.waitUntil(lambda: camera.status is not None and camera.status.state == DeviceState.MISSING,
                    timeout=10_000)
    assert "không có" in camera.text() and "Camera" in window.notice.text()
    window.simulation.set_plugged(DeviceKind.CAMERA, True)
    qtbot.waitUntil(lambda: camera.status.state != DeviceState.MISSING, timeout=10_000)


def test_a_disk_too_full_is_said_on_step_1_before_the_card(qtbot, gui) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    window.services.store.free_space_mb = (10**9, 10**9)
    window.refresh_disk_space()
    assert window.pages.currentIndex() == 0
    assert window.notice.isVisible() and window.notice.level == "error"
    assert "không bắt đầu hồ sơ mới" in window.notice.text()
    window.services.store.free_space_mb = (0, 0)
    window.refresh_disk_space()
    assert not window.notice.isVisible()


def test_a_sync_with_refusals_is_never_green_and_says_why_in_words() -> None:
    said, level = sync_summary(0, {f"p{n}": "recipient" for n in range(11)})
    assert level == "error" and "TỪ CHỐI 11/11" in said.vi and "(recipient)" not in said.vi
    assert "sai khoá máy chủ" in said.vi and "báo quản trị viên" in said.vi
    assert sync_summary(3, {})[1] == "ok"
    assert refusal_words("rejected-nonsense\\x00" * 5).vi == "lý do khác (?)"


def test_the_window_shows_a_refused_sync_in_red(qtbot, gui, monkeypatch) -> None:  # noqa: ANN001
    from workstation.core.centre_client import CentreSyncReport

    window = gui.window
    window.set_language("vi")
    monkeypatch.setattr(window.services, "sync_to_centre",
                        lambda: CentreSyncReport([], [], [], {f"p{n}": "recipient" for n in range(11)}))
    window.toggle_history()
    page = window.history_page
    page.sending.sync_now()
    qtbot.waitUntil(lambda: "TỪ CHỐI" in page.message.text(), timeout=5000)
    assert "#b3261e" in page.message.styleSheet() and "#1b7f3b" not in page.message.styleSheet()
    assert window.notice.isVisible() and "TỪ CHỐI" in window.notice.text()
    QApplication.processEvents()


def test_keys_as_plain_files_are_said_on_the_page_at_start(qtbot, gui) -> None:
    """No OS keyring here (tests/conftest.py): the window says so at start, in the officer's words,
    with what it means and what to do (issue 20 finding 16), until another notice takes the line."""
    window = gui.window
    assert window.notice.isVisible() and window.notice.key == "keys" and window.notice.level == "warn"
    assert "không được kho khoá" in window.notice.text() or "chưa được kho khoá" in window.notice.text()
    assert "Cách khắc phục" in window.notice.toolTip()                  # the whole notice, as `info` says it
    window.simulate_insert("an-genuine", fixture("an-genuine").qr)
    qtbot.waitUntil(lambda: window.notice.key != "keys", timeout=10_000)   # the citizen's pages need the room

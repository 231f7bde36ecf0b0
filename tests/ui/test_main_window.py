from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from workstation.devices.base import DeviceKind, DeviceState


def _all_simulated(gui) -> bool:  # noqa: ANN001
    indicators = gui.window.devices_bar.indicators.values()
    return all(i.status is not None and i.status.state == DeviceState.SIMULATED for i in indicators)



def _play_scene(gui, faces_dir: Path, folder: Path, kind: str, person: str = "obama.jpg",  # noqa: ANN001
                other: str = "biden.jpg") -> None:
    """The simulated camera plays face scenario `kind` made from the package portraits, at 15 fps."""
    from workstation.emulator.face_scenes import make_scenario, write_scenario
    from workstation.verify.face.engine import default_engine
    from workstation.verify.face.image_io import load_rgb

    camera = gui.devices.driver(DeviceKind.CAMERA)
    camera.params = type(camera.params)({"fps": 15})
    frames = make_scenario(kind, load_rgb(faces_dir / person), load_rgb(faces_dir / other), default_engine())
    camera.load_scenario(write_scenario(frames, folder / kind))

def test_simulated_start_shows_banner_and_every_device_simulated(qtbot, gui, screenshot_dir: Path) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: _all_simulated(gui), timeout=5000)
    window = gui.window
    assert window.banner.isVisible()
    assert "MÔ PHỎNG" in window.banner.text()
    camera = window.devices_bar.indicators[DeviceKind.CAMERA]
    assert "Camera" in camera.text() and "mô phỏng" in camera.text()
    assert window.step_list.count() == 6
    assert window.step_list.item(0).text() == "1. Thẻ căn cước"
    shot = screenshot_dir / "main-window-vi.png"
    assert window.grab().save(str(shot))
    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 600


def test_language_switches_to_english_and_back(qtbot, gui, screenshot_dir: Path) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: _all_simulated(gui), timeout=5000)
    window = gui.window
    window.set_language("en")  # Qt delivers LanguageChange through the event loop
    qtbot.waitUntil(lambda: window.banner.text().startswith("SIMULATED MODE"), timeout=3000)
    assert window.step_list.item(0).text() == "1. ID card"
    assert "Card reader" in window.devices_bar.indicators[DeviceKind.CARD_READER].text()
    assert window.windowTitle() == "Level-2 electronic identity enrollment"
    window.grab().save(str(screenshot_dir / "main-window-en.png"))
    window.set_language("vi")
    qtbot.waitUntil(lambda: window.step_list.item(0).text() == "1. Thẻ căn cước", timeout=3000)


def test_unplugged_device_shows_as_missing_live(qtbot, gui) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: _all_simulated(gui), timeout=5000)
    indicator = gui.window.devices_bar.indicators[DeviceKind.FINGERPRINT]
    gui.devices.driver(DeviceKind.FINGERPRINT).plug.unplug()
    qtbot.waitUntil(lambda: indicator.status.state == DeviceState.MISSING, timeout=5000)
    assert "không có" in indicator.text()
    gui.devices.driver(DeviceKind.FINGERPRINT).plug.replug()
    qtbot.waitUntil(lambda: indicator.status.state == DeviceState.SIMULATED, timeout=5000)


def test_steps_move_with_the_keyboard(qtbot, gui) -> None:  # noqa: ANN001
    window = gui.window
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == 1
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == 0


def test_every_window_string_has_a_vietnamese_translation(repo: Path, tmp_path: Path) -> None:
    """lupdate re-extracts the strings from the code: none may be new or unfinished."""
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    copy = tmp_path / "check.ts"
    copy.write_bytes((repo / "workstation/ui/translations/workstation_vi.ts").read_bytes())
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(p) for p in (repo / "workstation/ui").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(copy), "-no-obsolete", "-silent"],
                   check=True, capture_output=True, timeout=120)
    unfinished = [m.findtext("source") for m in ET.parse(copy).getroot().iter("message")
                  if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")]
    assert unfinished == []


def test_simulate_menu_inserts_and_removes_a_fixture_card(qtbot, gui, screenshot_dir: Path) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: _all_simulated(gui), timeout=5000)
    window = gui.window
    reader = window.devices_bar.indicators[DeviceKind.CARD_READER]
    assert reader.status.card_present is False
    assert set(window.insert_actions) >= {"an-genuine", "cloned", "pulled-out"}
    window.insert_actions["an-genuine"].trigger()
    qtbot.waitUntil(lambda: reader.status.card_present is True, timeout=3000)
    assert "có thẻ trên đầu đọc" in reader.text()
    assert "an-genuine" in reader.toolTip()
    window.grab().save(str(screenshot_dir / "main-window-card-inserted.png"))
    window.remove_card_action.trigger()
    qtbot.waitUntil(lambda: reader.status.card_present is False, timeout=3000)


def test_simulate_menu_unplugs_the_camera(qtbot, gui) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: _all_simulated(gui), timeout=5000)
    camera = gui.window.devices_bar.indicators[DeviceKind.CAMERA]
    gui.window.unplug_actions[DeviceKind.CAMERA].setChecked(True)
    qtbot.waitUntil(lambda: camera.status.state == DeviceState.MISSING, timeout=3000)
    gui.window.unplug_actions[DeviceKind.CAMERA].setChecked(False)
    qtbot.waitUntil(lambda: camera.status.state == DeviceState.SIMULATED, timeout=3000)


def test_a_keyboard_wedge_scan_is_parsed_in_the_qr_field(qtbot, gui, screenshot_dir: Path) -> None:  # noqa: ANN001
    page = gui.window.pages.widget(0)
    field = page.qr_field
    with qtbot.waitSignal(field.entered, timeout=2000) as signal:
        qtbot.keyClicks(field.edit, "001099012345|012345678|Nguy?n V?n An|01011999|Nam|Ha Noi|15042023")
        qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    entry = signal.args[0]
    assert entry.ok and entry.qr.can == "012345"
    assert "001099012345" in field.result.text() and "01/01/1999" in field.result.text()
    gui.window.grab().save(str(screenshot_dir / "main-window-qr-read.png"))
    field.edit.setText("00109901234|bad")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert "Mã QR không hợp lệ" in field.result.text()


def test_face_step_previews_guides_and_captures(qtbot, gui, tmp_path: Path, screenshot_dir: Path,  # noqa: ANN001
                                                faces_dir: Path) -> None:
    _play_scene(gui, faces_dir, tmp_path, "dark_room")
    window = gui.window
    window.step_list.setCurrentRow(2)
    page = window.face_page
    qtbot.waitUntil(lambda: page.preview.pixmap() is not None and not page.preview.pixmap().isNull(), timeout=5000)
    qtbot.waitUntil(lambda: "tối" in page.advice.text(), timeout=8000)
    window.grab().save(str(screenshot_dir / "face-step-too-dark.png"))
    page.stop()
    _play_scene(gui, faces_dir, tmp_path, "eyes_closed")
    page.restart()
    qtbot.waitUntil(lambda: "mở mắt" in page.advice.text(), timeout=8000)
    assert page.captured is None
    window.grab().save(str(screenshot_dir / "face-step-eyes-closed.png"))
    page.stop()
    _play_scene(gui, faces_dir, tmp_path, "genuine_turn")
    page.restart()
    qtbot.waitUntil(lambda: "quay đầu" in page.advice.text(), timeout=8000)
    window.grab().save(str(screenshot_dir / "face-step-turn-head.png"))
    qtbot.waitUntil(lambda: page.captured is not None, timeout=20000)
    assert page.captured.automatic and page.captured.report.passed
    assert page.captured.liveness.status == "passed"
    assert "tự động" in page.capture_note.text()
    window.grab().save(str(screenshot_dir / "face-step-captured.png"))


def test_face_step_compares_with_the_chip_photo_and_needs_a_reason_to_override(qtbot, gui, tmp_path: Path,  # noqa: ANN001
                                                                             monkeypatch, screenshot_dir: Path,  # noqa: ANN001
                                                                             faces_dir: Path) -> None:
    from PySide6.QtWidgets import QInputDialog

    from workstation.emulator.face_scenes import make_scenario, write_scenario
    from workstation.emulator.portrait import chip_photo
    from workstation.verify.face.engine import default_engine
    from workstation.verify.face.image_io import load_rgb

    engine = default_engine()
    citizen, impostor = load_rgb(faces_dir / "biden.jpg"), load_rgb(faces_dir / "obama.jpg")
    chip = load_rgb(chip_photo(citizen, engine.locate(citizen)[0].as_tuple()))
    camera = gui.devices.driver(DeviceKind.CAMERA)
    camera.load_scenario(write_scenario(make_scenario("genuine_turn", impostor, citizen, engine), tmp_path / "turn"))
    window = gui.window
    page = window.face_page
    page.set_reference(chip)
    window.step_list.setCurrentRow(2)
    qtbot.waitUntil(lambda: page.review is not None, timeout=25000)
    assert page.review.match.verdict == "no_match"
    assert "KHÔNG" in page.verdict.text() and page.override_button.isVisible()
    window.grab().save(str(screenshot_dir / "face-step-no-match.png"))
    asked: list[str] = []
    page.override_requested.connect(asked.append)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("ngắn", True))
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", lambda *a, **k: None)
    page.ask_override()
    assert asked == []                       # too short: the officer is told, nobody is asked
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: ("Ảnh trên chip chụp khi   công dân còn nhỏ", True))
    page.ask_override()
    assert asked == ["Ảnh trên chip chụp khi công dân còn nhỏ"]   # on to the supervisor's approval


def test_inserting_a_card_reads_the_chip_and_shows_the_verdict(qtbot, gui, screenshot_dir: Path) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: _all_simulated(gui), timeout=5000)
    window = gui.window
    window.insert_actions["bich-variants"].trigger()
    page = window.chip_page
    qtbot.waitUntil(lambda: page.result is not None, timeout=15000)
    assert window.pages.currentWidget() is page
    assert page.values["full_name"].text() == "Trần Thị Bích Ngọc"
    assert page.values["date_of_birth"].text() == "23/07/1990"
    assert "Chip thật" in page.verdict.text() and page.next_button.isEnabled()
    assert page.photo.pixmap() is not None and not page.photo.pixmap().isNull()
    assert window.face_page.reference is not None
    window.grab().save(str(screenshot_dir / "chip-step-genuine.png"))
    window.remove_card_action.trigger()
    qtbot.waitUntil(lambda: not window.card_present, timeout=3000)
    page.result = None
    window.insert_actions["cloned"].trigger()
    qtbot.waitUntil(lambda: page.result is not None, timeout=15000)
    assert "KHÔNG HỢP LỆ" in page.verdict.text() and not page.next_button.isEnabled()
    window.grab().save(str(screenshot_dir / "chip-step-cloned.png"))


def test_a_wrong_key_card_shows_the_reason_in_words(qtbot, gui) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: _all_simulated(gui), timeout=5000)
    window = gui.window
    window.insert_actions["wrong-key"].trigger()
    qtbot.waitUntil(lambda: "từ chối" in window.chip_page.status.text(), timeout=15000)
    assert window.chip_page.result is None


def test_f3_switches_the_face_step_to_the_blink_challenge(qtbot, gui, tmp_path: Path, screenshot_dir: Path,  # noqa: ANN001
                                                          faces_dir: Path) -> None:
    _play_scene(gui, faces_dir, tmp_path, "genuine_blink")
    window = gui.window
    window.step_list.setCurrentRow(2)
    page = window.face_page
    qtbot.waitUntil(lambda: "quay đầu" in page.advice.text(), timeout=8000)
    assert "F3" in page.challenge_button.text()
    qtbot.keyClick(page, Qt.Key.Key_F3)
    assert page.challenge == "blink" and "Quay đầu" in page.challenge_button.text()
    qtbot.waitUntil(lambda: "nhắm mắt" in page.advice.text(), timeout=8000)
    window.grab().save(str(screenshot_dir / "face-step-blink.png"))
    qtbot.waitUntil(lambda: page.captured is not None, timeout=20000)
    assert page.captured.automatic and page.captured.liveness.status == "passed"
    assert page.captured.liveness.challenge == "blink"
    page.reset()
    assert page.challenge == "head_turn"


def test_skipping_a_finger_while_the_scanner_waits_moves_on_and_finishes(qtbot, gui, monkeypatch) -> None:  # noqa: ANN001
    """F2 during a capture: the capture is cancelled, the reason kept (a preset on its number key,
    the officer's words and a photo of the hand from the camera: issue 16 item 6), the next finger
    asked for; the cancelled capture's late answer must not stop the page or land on another finger."""
    from workstation.ui.exception_dialog import FingerExceptionDialog

    scanner = gui.devices.driver(DeviceKind.FINGERPRINT)
    scanner.params = type(scanner.params)({"delay_seconds": 0.6, "citizen": "test citizen"})
    window = gui.window
    page = window.finger_page
    page.begin(window.workflow.fingerprint_sequence())
    window.step_list.setCurrentRow(3)
    qtbot.waitUntil(lambda: page.busy, timeout=5000)
    def answer(dialog) -> bool:  # noqa: ANN001 - the officer: "2" (bandaged), a few words, F4 for the photo
        qtbot.keyClick(dialog, Qt.Key.Key_2)
        dialog.note.setText("sau tai nạn")
        qtbot.keyClick(dialog, Qt.Key.Key_F4)
        qtbot.waitUntil(lambda: dialog.photo is not None or bool(dialog.error.text()), timeout=5000)
        assert dialog.photo is not None, dialog.error.text()
        dialog.try_accept()
        return dialog.result() == FingerExceptionDialog.DialogCode.Accepted

    monkeypatch.setattr(FingerExceptionDialog, "exec", answer)
    qtbot.keyClick(page, Qt.Key.Key_F2)
    exception = page.sequence.exceptions[0]
    assert exception.finger == "right_index" and exception.code == "UP"
    assert exception.reason == "Đang băng bó: sau tai nạn" and exception.text("en") == "Bandaged: sau tai nạn"
    assert exception.evidence is not None and exception.evidence[:2] == b"\xff\xd8"
    stored = [c for c in window.services.store.captures(window.workflow.enrollment_id) if c.kind == "evidence"] \
        if window.workflow.enrollment_id else []
    assert stored == [] or stored[0].data == exception.evidence
    assert page.sequence.current == "right_thumb" and page.busy
    with qtbot.waitSignal(page.finished, timeout=20000):
        pass
    assert [c.finger for c in page.sequence.captures] == ["right_thumb", "left_index"]
    assert all(a.finger != "right_index" for a in page.sequence.attempts)


def test_space_never_opens_a_dialog_on_the_fingerprint_page(qtbot, gui, monkeypatch) -> None:  # noqa: ANN001
    from workstation.ui.exception_dialog import FingerExceptionDialog

    asked: list[object] = []
    monkeypatch.setattr(FingerExceptionDialog, "exec", lambda dialog: asked.append(dialog) or False)
    window = gui.window
    page = window.finger_page
    assert page.skip_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    page.skip_button.setFocus()                     # even where focus was left on it
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert asked == []


def test_qt_s_own_buttons_are_vietnamese(qtbot, gui) -> None:  # noqa: ANN001
    """OK/Cancel of the login, lock, reason and supervisor dialogs came in English (no qtbase_vi)."""
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "") for b in (QDialogButtonBox.StandardButton.Ok,
                                                             QDialogButtonBox.StandardButton.Cancel)}
    assert texts == {"Đồng ý", "Quay lại"}


def test_another_reason_needs_words_and_evidence_goes_into_the_package(qtbot, gui, screenshot_dir) -> None:  # noqa: ANN001
    from workstation.core.finger_sequence import FingerException
    from workstation.ui.exception_dialog import FingerExceptionDialog

    gui.window.set_language("vi")
    dialog = FingerExceptionDialog("ngón trỏ tay phải", lambda: "vi", None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(screenshot_dir / "finger-exception-vi.png"))
    qtbot.keyClick(dialog, Qt.Key.Key_6)                        # "another reason"
    assert dialog.reason.key == "other"
    dialog.try_accept()
    assert dialog.result() != FingerExceptionDialog.DialogCode.Accepted and dialog.error.text()
    assert not dialog.photo_button.isEnabled()                  # no camera: no photo button to press
    dialog.note.setText("  ngón bị dị tật bẩm sinh ")
    dialog.try_accept()
    preset, text, message = dialog.chosen()
    assert preset.key == "other" and text == "ngón bị dị tật bẩm sinh" and message.en == text
    exception = FingerException("right_index", text, message, preset.code, b"\xff\xd8hand")
    assert exception.as_dict() == {"finger": "right_index", "reason": text, "code": "UP",
                                   "evidence": "evidence/right_index-hand.jpg"}


def test_the_chip_photo_is_encoded_before_the_capture_and_forgotten_for_the_next_citizen(qtbot, gui, faces_dir) -> None:  # noqa: ANN001
    """Issue 16 item 10: the face model and the chip photo's encoding are ready by the time the
    citizen is framed; a warm-up that ends after 'next citizen' keeps nothing of the last one."""
    from workstation.verify.face.image_io import load_rgb

    page = gui.window.face_page
    photo = load_rgb(faces_dir / "obama.jpg")
    page.set_reference(photo)
    qtbot.waitUntil(lambda: page.comparison.comparator is not None, timeout=30_000)
    assert len(page.comparison.comparator._cache) == 1                   # the chip photo, encoded ahead  # noqa: SLF001
    page.set_reference(photo[:, ::-1].copy())
    warming = page.comparison.warming
    page.reset()                                               # next citizen while it is still encoding
    warming.join(30)
    assert page.comparison.comparator is None


def test_the_window_takes_the_whole_screen() -> None:
    from PySide6.QtCore import QRect, QSize

    from workstation.ui.app import filling_geometry

    minimum = QSize(1000, 600)
    assert filling_geometry(QRect(0, 27, 1920, 1053), minimum) == QRect(0, 27, 1920, 1053)
    assert filling_geometry(QRect(0, 0, 1366, 740), minimum) == QRect(0, 0, 1366, 740)
    assert filling_geometry(QRect(0, 0, 800, 800), minimum) is None          # too small: its own size

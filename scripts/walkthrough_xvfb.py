"""Three citizens in a row by keyboard in a real X window (issue 20, done-when): the card goes on
the simulated reader, xdotool types the card's QR as a keyboard-wedge scanner does (4 ms a key, a
US keymap: no Vietnamese letters) and the officer's keys with human pauses (150 ms), so the window
sees real X key events with real timestamps. Prints, per citizen, the keys pressed, the seconds from
the card placed to saved, and that the next citizen starts clean; screenshots of each saved page.

    Xvfb :77 -screen 0 1366x768x24 &  DISPLAY=:77 openbox &
    DISPLAY=:77 PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \\
        .venv/bin/python scripts/walkthrough_xvfb.py 1366 768 /tmp/walk
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CITIZENS = (("an-genuine", "0912345678"), ("bich-variants", "0987654321"), ("cuong-no-expiry", "0901234567"))


def as_a_us_scanner_types(text: str) -> str:
    """The QR text without Vietnamese letters, as a scanner with a US keymap sends it."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def main() -> int:
    os.environ["WORKSTATION_HOME"] = tempfile.mkdtemp(prefix="walk-")
    sys.path.insert(0, str(REPO))
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from workstation.core.context import AppContext
    from workstation.core.enrollment.simulated_run import simulated_citizen
    from workstation.core.enrollment.workflow import Step
    from workstation.emulator.fixtures import fixture
    from workstation.ui.app import start_gui

    faces = Path(os.environ.get("WORKSTATION_TEST_FACES", REPO / ".venv/share/workstation/portraits"))
    width, height, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    gui = start_gui(AppContext.load(mode="simulated"))
    window = gui.window
    window.set_language("vi")
    window.setGeometry(0, 0, width, height)
    window.show()
    window.activateWindow()

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise SystemExit(f"timed out at {window.workflow.step}: qr={window.qr_field.edit.text()!r} "
                                 f"chip={window.chip_page.status.text()!r} notice={window.notice.text()!r}")
            app.processEvents()
            time.sleep(0.005)

    def keys(*args: str) -> None:
        """xdotool in the background while the window goes on handling events."""
        process = subprocess.Popen(["xdotool", *args])
        while process.poll() is None:
            app.processEvents()
            time.sleep(0.005)

    results = []
    for n, (card, phone) in enumerate(CITIZENS, 1):
        portrait, frames = simulated_citizen(card, "genuine_turn", faces / "obama.jpg", faces / "biden.jpg")
        window.simulation.play_camera_frames(frames).result(5)
        pump(1.0)
        presses = 0
        window.simulation.insert_card(card, portrait)                 # the card on the reader
        pump(0.8)
        keys("type", "--delay", "4", as_a_us_scanner_types(fixture(card).qr))   # the scanner types the QR...
        keys("key", "Return")                                          # ...and its Enter
        wait_for(lambda: window.workflow.step == Step.REVIEW, 90)
        pump(0.5)
        keys("type", "--delay", "150", phone)
        presses += len(phone)
        for key in ("Return", "Return", "space", "ctrl+s"):
            keys("key", "--delay", "200", key)
            presses += 1
        wait_for(lambda: window.workflow.step == Step.SAVED and window.saved_page.next_button.isVisible(), 30)
        seconds = window.workflow.card_to_saved
        pump(0.3)
        window.grab().save(str(out / f"walk-{width}x{height}-{n}-saved.png"))
        keys("key", "Return")
        presses += 1
        pump(0.5)
        window.simulation.remove_card().result(5)
        pump(0.5)
        results.append((card, presses, round(seconds, 1), window.workflow.step.value, window.qr_field.edit.text() == ""))
    gui.close()
    for card, presses, seconds, step, clean in results:
        print(f"{card}: {presses} keys, {seconds} s card placed to saved, next citizen at step {step}, "
              f"QR field empty: {clean}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

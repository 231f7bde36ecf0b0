"""Three citizens in a row by keyboard in a real X window (issue 20, done-when): the card goes on
the simulated reader, xdotool types the card's QR as a keyboard-wedge scanner does (4 ms a key, a
US keymap: no Vietnamese letters) and the officer's keys with human pauses (150 ms), so the window
sees real X key events with real timestamps. Prints, per citizen, the keys pressed, the seconds from
the card placed to saved, and that the next citizen starts clean; screenshots of each saved page.

    Xvfb :77 -screen 0 1366x768x24 & DISPLAY=:77 PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
        .venv/bin/python scripts/walkthrough_xvfb.py 1366 768 /tmp/walk
"""
import os, subprocess, sys, time, tempfile
from pathlib import Path
os.environ["WORKSTATION_HOME"] = tempfile.mkdtemp(prefix="walk-")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from workstation.core.context import AppContext
from workstation.core.enrollment.simulated_run import simulated_citizen
from workstation.core.enrollment.workflow import Step
from workstation.emulator.fixtures import fixture
from workstation.ui.app import start_gui

FACES = Path(os.environ.get("WORKSTATION_TEST_FACES", REPO / ".venv/share/workstation/portraits"))
W, H = int(sys.argv[1]), int(sys.argv[2])
out = Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)
gui = start_gui(AppContext.load(mode="simulated"))
window = gui.window
window.set_language("vi")
window.setGeometry(0, 0, W, H)
window.show()
window.activateWindow()

def pump(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(); time.sleep(0.005)

def wait_for(cond, seconds=60):
    end = time.monotonic() + seconds
    while not cond():
        if time.monotonic() > end:
            raise SystemExit(f"timed out at {window.workflow.step}: qr={window.qr_field.edit.text()!r} entry={window.qr_field.result.text()!r} chip={window.chip_page.status.text()!r} notice={window.notice.text()!r}")
        app.processEvents(); time.sleep(0.005)

def xdo(*args):
    return subprocess.Popen(["xdotool", *args])

def keys_async(args):
    p = xdo(*args)
    while p.poll() is None:
        app.processEvents(); time.sleep(0.005)

results = []
for n, (card, phone) in enumerate((("an-genuine", "0912345678"), ("bich-variants", "0987654321"), ("cuong-no-expiry", "0901234567"))):
    portrait, frames = simulated_citizen(card, "genuine_turn", FACES / "obama.jpg", FACES / "biden.jpg")
    window.simulation.play_camera_frames(frames).result(5)
    pump(1.0)
    presses = 0
    started = time.monotonic()
    window.simulation.insert_card(card, portrait)            # the card on the reader
    pump(0.8)
    import unicodedata
    qr = "".join(c for c in unicodedata.normalize("NFD", fixture(card).qr.replace("đ", "d").replace("Đ", "D"))
                 if not unicodedata.combining(c))             # as a scanner with a US keymap types it
    keys_async(["type", "--delay", "4", qr])                 # the scanner types the QR...
    keys_async(["key", "Return"])                            # ...and its Enter
    wait_for(lambda: window.workflow.step == Step.REVIEW, 90)
    pump(0.5)
    keys_async(["type", "--delay", "150", phone]); presses += len(phone)
    for k in ("Return", "Return", "space"):
        keys_async(["key", "--delay", "200", k]); presses += 1
    keys_async(["key", "ctrl+s"]); presses += 1
    wait_for(lambda: window.workflow.step == Step.SAVED and window.saved_page.next_button.isVisible(), 30)
    seconds = window.workflow.card_to_saved
    pump(0.3)
    window.grab().save(str(out / f"walk-{W}x{H}-{n+1}-saved.png"))
    keys_async(["key", "Return"]); presses += 1
    pump(0.5)
    window.simulation.remove_card().result(5)
    pump(0.5)
    results.append((card, presses, round(seconds, 1), window.workflow.step.value, window.qr_field.edit.text() == ""))
gui.close()
for card, presses, seconds, step, clean in results:
    print(f"{card}: {presses} keys, {seconds} s card placed to saved, next citizen at step {step}, QR field empty: {clean}")

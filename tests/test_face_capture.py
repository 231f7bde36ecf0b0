import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from workstation.core.camera_stream import CameraStream, wait_for
from workstation.core.device_manager import DeviceManager, DeviceSelection
from workstation.core.face_capture import FaceCaptureSession, frame_from_rgb
from workstation.devices.base import DeviceKind
from workstation.devices.driver_config import DriverDeclaration, DriverParams
from workstation.devices.registry import DriverRegistry, discover_driver_classes
from workstation.emulator.portrait import icao_crop
from workstation.verify.face.engine import default_engine
from workstation.verify.face.image_io import load_rgb



@pytest.fixture(scope="module")
def portrait_frame(faces_dir: Path) -> np.ndarray:
    """A citizen well framed in a 640×480 webcam frame (RGB)."""
    rgb = load_rgb(faces_dir / "obama2.jpg")
    crop = np.asarray(icao_crop(rgb, default_engine().locate(rgb)[0].as_tuple(), size=(360, 480)))
    frame = np.full((480, 640, 3), 120, np.uint8)
    frame[:, 140:500] = crop
    return frame


def _run_session(frames: list[np.ndarray], needed: int = 3):  # noqa: ANN202
    guidance, captured = [], []
    done = threading.Event()
    session = FaceCaptureSession(guidance.append, lambda c: (captured.append(c), done.set()), rate=50, needed=needed,
                                 liveness=False).start()
    try:
        for i in range(60):
            session.offer(frame_from_rgb(frames[i % len(frames)], i))
            if done.wait(0.03):
                break
        wait_for(lambda: session.analysed >= 3, 5)
    finally:
        session.stop()
    return guidance, captured, session


def test_a_good_portrait_is_captured_automatically(portrait_frame: np.ndarray) -> None:
    guidance, captured, _ = _run_session([portrait_frame])
    assert captured and captured[0].automatic and captured[0].report.passed
    assert captured[0].failed_checks == ()
    assert guidance[-1].streak >= 3


@pytest.mark.parametrize(("scene", "advice"), [("dark", "Too dark"), ("empty", "No face"), ("far", "move closer")])
def test_bad_scenes_give_guidance_and_no_capture(portrait_frame: np.ndarray, scene: str, advice: str) -> None:
    frame = {"dark": (portrait_frame * 0.2).astype(np.uint8),
             "empty": np.full((480, 640, 3), 120, np.uint8),
             "far": cv2.copyMakeBorder(cv2.resize(portrait_frame, (213, 160)), 160, 160, 213, 214,
                                       cv2.BORDER_CONSTANT, value=(120, 120, 120))}[scene]
    guidance, captured, _ = _run_session([frame])
    assert not captured
    assert guidance and advice in guidance[-1].report.advice.en


def test_manual_capture_keeps_the_failing_checks(portrait_frame: np.ndarray) -> None:
    dark = (portrait_frame * 0.2).astype(np.uint8)
    captured = []
    session = FaceCaptureSession(lambda g: None, captured.append, rate=50, liveness=False).start()
    try:
        for i in range(20):
            session.offer(frame_from_rgb(dark, i))
            if session.analysed:
                break
            threading.Event().wait(0.05)
        assert wait_for(lambda: session.analysed >= 1, 5)
        result = session.capture_now()
    finally:
        session.stop()
    assert result is not None and not result.automatic and "exposure" in result.failed_checks
    assert captured == [result]


def test_camera_stream_survives_the_camera_vanishing() -> None:
    classes = {"camera.simulated": discover_driver_classes()["camera.simulated"]}
    decl = DriverDeclaration(Path("x.toml"), DeviceKind.CAMERA, "simulated", True, DriverParams({"fps": 100}))
    registry = DriverRegistry(classes, [decl])
    manager = DeviceManager(DeviceSelection(True, "test", {DeviceKind.CAMERA: registry.usable(DeviceKind.CAMERA, True)[0]}))
    errors = []
    manager.start()
    stream = CameraStream(manager, lambda f: None, errors.append, retry_seconds=0.05)
    stream.start()
    try:
        assert wait_for(lambda: stream.frames > 5, 5)
        manager.driver(DeviceKind.CAMERA).plug.unplug()
        assert wait_for(lambda: errors, 5)
        assert "camera" in errors[0].one_line().lower()
        before = stream.frames
        manager.driver(DeviceKind.CAMERA).plug.replug()
        assert wait_for(lambda: stream.frames > before + 5, 5), "frames come back after replugging"
    finally:
        stream.stop()
        manager.stop()

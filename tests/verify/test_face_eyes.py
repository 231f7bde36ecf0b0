"""The eyes-open check on real photographs (the face_recognition source package's portraits, open
eyes) and on the same photographs with the eyes shut by workstation/emulator/eyelids.py, as the
simulated webcam shows them (framed, sensor noise, MJPEG-like compression) and as taken.

No offline package ships photographs of closed eyes, so the shut eyes are drawn; the lid is placed
from dlib's eye corners, not from the model under test.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workstation.emulator.eyelids import close_eyes
from workstation.emulator.face_scenes import webcam_view
from workstation.verify.face import eyes as eyes_module
from workstation.verify.face.engine import FaceEngine, Landmarks5, default_engine
from workstation.verify.face.eyes import EyeModel, EyeModelUnavailable, eye_crop, lid_opening
from workstation.verify.face.image_io import load_rgb
from workstation.verify.face.quality import OPEN_EYES, QualityLimits, assess

PHOTOS = ("obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg", "obama_partial_face2.jpg")
THRESHOLD = QualityLimits().min_eye_opening


@pytest.fixture(scope="module")
def model() -> EyeModel:
    return EyeModel()


@pytest.fixture(scope="module")
def engine() -> FaceEngine:
    return default_engine()


def _least_openness(rgb: np.ndarray, engine: FaceEngine, model: EyeModel) -> float:
    boxes = engine.locate(rgb)
    assert len(boxes) == 1
    return model.openness(rgb, engine.landmarks(rgb, boxes[0])).least


@pytest.fixture(scope="module")
def measured(faces_dir: Path, engine: FaceEngine, model: EyeModel) -> dict[str, list[tuple[str, float]]]:
    """Openness of the less open eye: each photo as taken and as the webcam shows it, eyes open and shut."""
    out: dict[str, list[tuple[str, float]]] = {"open": [], "shut": []}
    for seed, name in enumerate(PHOTOS):
        rgb = load_rgb(faces_dir / name)
        marks = engine.landmarks(rgb, engine.locate(rgb)[0])
        for state, image in (("open", rgb), ("shut", close_eyes(rgb, marks))):
            out[state].append((name, _least_openness(image, engine, model)))
            out[state].append((f"{name} webcam", _least_openness(webcam_view(image, engine, seed), engine, model)))
    return out


def test_open_eyes_pass_and_shut_eyes_fail_with_a_margin(measured) -> None:  # noqa: ANN001
    opened, shut = measured["open"], measured["shut"]
    assert len(opened) == len(shut) == 2 * len(PHOTOS)
    assert min(v for _n, v in opened) >= THRESHOLD, opened
    assert max(v for _n, v in shut) < THRESHOLD, shut
    # each photo: shutting the eyes at least halves the median openness of the set
    assert np.median([v for _n, v in shut]) < 0.5 * np.median([v for _n, v in opened])


def test_the_quality_gate_names_shut_eyes(faces_dir: Path, engine: FaceEngine) -> None:
    rgb = load_rgb(faces_dir / "obama.jpg")
    report = assess(rgb, engine)
    assert report.passed and report.eyes is not None and report.eyes.least >= THRESHOLD
    assert "eyes" in report.as_dict() and any(c.name == "eyes_open" for c in report.checks)
    shut = close_eyes(rgb, engine.landmarks(rgb, engine.locate(rgb)[0]))
    report = assess(shut, engine)
    assert not report.passed
    assert [c.name for c in report.checks if not c.passed] == ["eyes_open"]
    assert report.advice == OPEN_EYES


def test_mirrored_photo_gives_the_same_openness(faces_dir: Path, engine: FaceEngine, model: EyeModel) -> None:
    """The model sees left eyes; the other eye is mirrored before it. A mirrored photo swaps the eyes,
    so each eye's openness must come out (nearly) the same."""
    rgb = load_rgb(faces_dir / "obama3.jpg")
    flipped = np.ascontiguousarray(rgb[:, ::-1])
    a = model.openness(rgb, engine.landmarks(rgb, engine.locate(rgb)[0]))
    b = model.openness(flipped, engine.landmarks(flipped, engine.locate(flipped)[0]))
    assert abs(a.right - b.left) < 0.03 and abs(a.left - b.right) < 0.03, (a, b)


def test_eye_at_the_image_edge_and_degenerate_corners(model: EyeModel) -> None:
    rgb = np.full((120, 160, 3), 150, np.uint8)
    crop = eye_crop(rgb, np.array([-20.0, 5.0]), np.array([10.0, 3.0]))
    assert crop.shape == (64, 64, 3)
    assert np.isfinite(lid_opening(model.lids(crop)))
    marks = Landmarks5(right_eye=((5.0, 5.0), (5.0, 5.0)), left_eye=((150.0, 110.0), (159.0, 119.0)), nose=(80.0, 60.0))
    result = model.openness(rgb, marks)
    assert np.isfinite(result.right) and np.isfinite(result.left) and result.ms >= 0
    assert lid_opening(np.zeros((16, 2), np.float32)) == 0.0


def test_a_missing_or_broken_model_leaves_the_check_out_instead_of_refusing(
        tmp_path: Path, faces_dir: Path, engine: FaceEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "iris_landmark.tflite"
    broken.write_bytes(b"not a model")
    with pytest.raises(EyeModelUnavailable) as excinfo:
        EyeModel(broken)
    assert "eye model" in excinfo.value.one_line()

    monkeypatch.setattr(eyes_module, "MODEL_DISTRIBUTION", "no-such-distribution-here")
    with pytest.raises(EyeModelUnavailable, match="eye model"):
        eyes_module.model_path()
    monkeypatch.setattr(eyes_module, "_model", None)
    monkeypatch.setattr(eyes_module, "_unavailable", None)
    assert eyes_module.default_eye_model() is None
    report = assess(load_rgb(faces_dir / "obama.jpg"), engine)
    assert report.passed and report.eyes is None
    assert "eyes_open" not in [c.name for c in report.checks]


def test_the_check_can_be_left_out_by_its_limit(faces_dir: Path, engine: FaceEngine) -> None:
    rgb = load_rgb(faces_dir / "obama.jpg")
    shut = close_eyes(rgb, engine.landmarks(rgb, engine.locate(rgb)[0]))
    report = assess(shut, engine, QualityLimits(min_eye_opening=None))
    assert report.passed and report.eyes is None


def test_the_capture_session_waits_for_open_eyes_unless_the_setting_turns_the_check_off(
        faces_dir: Path, engine: FaceEngine) -> None:
    import threading

    from workstation.core.enrollment.services import EnrollmentServices
    from workstation.core.face_capture import FaceCaptureSession, frame_from_rgb
    from workstation.emulator.face_scenes import make_scenario

    frames = make_scenario("eyes_closed", load_rgb(faces_dir / "obama2.jpg"), load_rgb(faces_dir / "biden.jpg"), engine)

    def captured_with(limits: QualityLimits) -> bool:
        done = threading.Event()
        session = FaceCaptureSession(lambda _g: None, lambda _c: done.set(), rate=1000, liveness=False,
                                     limits=limits).start()
        try:
            for index, rgb in enumerate(frames):
                before = session.analysed
                session.offer(frame_from_rgb(rgb, index))
                while session.analysed == before and not done.wait(0.005):
                    pass
            return done.is_set()
        finally:
            session.stop()

    assert not captured_with(QualityLimits())
    services = EnrollmentServices(None, None, None, None, "ws-test", simulated=True,  # type: ignore[arg-type]
                                  min_eye_opening=0.0)
    assert services.quality_limits().min_eye_opening is None
    assert captured_with(services.quality_limits())
    services.min_eye_opening = 0.3
    assert services.quality_limits().min_eye_opening == 0.3


def test_a_model_that_loads_but_cannot_run_is_dropped_after_one_warning(
        faces_dir: Path, engine: FaceEngine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    model = EyeModel()

    class Refusing:
        def setInput(self, _blob: np.ndarray) -> None:  # noqa: N802 - OpenCV's name
            pass

        def forward(self, _name: str) -> np.ndarray:
            raise cv2.error("dnn: unsupported layer in this build")

    model._net = Refusing()   # noqa: SLF001 - an OpenCV build that reads the file but cannot run it
    monkeypatch.setattr(eyes_module, "_model", model)
    monkeypatch.setattr(eyes_module, "_unavailable", None)
    rgb = load_rgb(faces_dir / "obama.jpg")
    with caplog.at_level("WARNING"):
        first = assess(rgb, engine)
        second = assess(rgb, engine)
    assert first.passed and second.passed and first.eyes is None
    assert "eyes_open" not in [c.name for c in first.checks]
    assert model.broken and eyes_module.default_eye_model() is None
    assert sum("eyes-open check" in r.getMessage() for r in caplog.records) == 1

"""Liveness on the camera scenarios made from real photographs (package-shipped portraits)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workstation.core.face_capture import FaceCaptureSession, frame_from_rgb
from workstation.emulator.face_scenes import make_scenario
from workstation.verify.face.engine import default_engine
from workstation.verify.face.image_io import load_rgb
from workstation.verify.face.liveness import HeadTurnChallenge

PEOPLE = ["obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg"]


def test_a_turning_plane_never_passes_the_challenge() -> None:
    challenge = HeadTurnChallenge()
    # a photo turned by up to 55°: the eyes come 45 % closer, the nose barely moves relative to them
    for i, squeeze in enumerate([1.0, 0.9, 0.75, 0.6, 0.55, 0.6, 0.75, 0.9, 1.0] * 3):
        state = challenge.update(0.05 + 0.15 * (1 - squeeze), 80 * squeeze, now=i * 0.1)
    assert state.status == "waiting" and not challenge.turned
    assert challenge.update(0.05, 80, now=11.0).status == "failed"


def test_a_turning_head_passes_and_must_come_back() -> None:
    challenge = HeadTurnChallenge()
    states = [challenge.update(yaw, eyes, now=i * 0.1)
              for i, (yaw, eyes) in enumerate([(0.0, 80), (0.1, 79), (0.25, 76), (0.3, 75), (0.15, 78)])]
    assert [s.status for s in states] == ["waiting", "waiting", "turned", "turned", "turned"]
    assert challenge.update(0.03, 80, now=0.6).status == "passed"


def _play(frames, limit_loops: int = 3):  # noqa: ANN001, ANN202
    """Each frame is offered and analysed in turn (deterministic), the scenario looping."""
    guidance, captured = [], []
    done = threading.Event()
    session = FaceCaptureSession(guidance.append, lambda c: (captured.append(c), done.set()), rate=1000).start()
    try:
        index = 0
        for _ in range(limit_loops):
            for rgb in frames:
                before = session.analysed
                session.offer(frame_from_rgb(rgb, index))
                index += 1
                for _ in range(200):
                    if session.analysed > before or done.is_set():
                        break
                    threading.Event().wait(0.005)
                if done.is_set():
                    return guidance, captured, session
    finally:
        session.stop()
    return guidance, captured, session


@pytest.fixture(scope="module")
def photos(faces_dir: Path) -> dict[str, object]:
    return {name: load_rgb(faces_dir / name) for name in PEOPLE}


@pytest.mark.parametrize("person", ["obama.jpg", "obama2.jpg", "obama3.jpg"])
def test_genuine_head_turn_is_captured_with_liveness_passed(photos, person: str) -> None:  # noqa: ANN001
    frames = make_scenario("genuine_turn", photos[person], photos["biden.jpg"], default_engine())
    _guidance, captured, _ = _play(frames)
    assert captured and captured[0].automatic
    assert captured[0].liveness.status == "passed" and captured[0].failed_checks == ()


def test_a_live_head_still_needs_a_good_pose_to_be_captured(photos) -> None:  # noqa: ANN001
    # this portrait's head is tilted 12°: alive, but the roll check holds the capture back
    frames = make_scenario("genuine_turn", photos["biden.jpg"], photos["obama.jpg"], default_engine())
    guidance, captured, session = _play(frames)
    assert not captured and session.liveness.status == "passed"
    assert "head level" in guidance[-1].advice.en


@pytest.mark.parametrize("person", PEOPLE)
def test_photo_held_up_is_refused(photos, person: str) -> None:  # noqa: ANN001
    frames = make_scenario("photo_attack", photos[person], photos["biden.jpg"], default_engine())
    guidance, captured, session = _play(frames)
    assert not captured
    assert session.liveness is not None and session.liveness.status == "failed"
    assert "photo" in session.liveness.advice.en


@pytest.mark.parametrize(("scenario", "advice"), [("no_face", "No face"), ("two_faces", "Only one person"),
                                                  ("dark_room", "Too dark"), ("impostor", "turn the head"),
                                                  ("eyes_closed", "open both eyes")])
def test_other_scenarios_are_not_captured_and_say_why(photos, scenario: str, advice: str) -> None:  # noqa: ANN001
    frames = make_scenario(scenario, photos["obama2.jpg"], photos["biden.jpg"], default_engine())
    guidance, captured, _ = _play(frames, limit_loops=1)
    assert not captured
    assert guidance and guidance[-1].advice is not None and advice in guidance[-1].advice.en

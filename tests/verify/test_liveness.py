"""Liveness on the camera scenarios made from real photographs (package-shipped portraits)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workstation.core.face_capture import FaceCaptureSession, frame_from_rgb
from workstation.emulator.face_scenes import make_scenario
from workstation.verify.face.engine import default_engine
from workstation.verify.face.image_io import load_rgb
from workstation.verify.face.liveness import BLINK, NO_BLINK, PHOTO_HELD_UP, BlinkChallenge, HeadTurnChallenge

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


def test_a_blink_passes_only_after_open_shut_open() -> None:
    challenge = BlinkChallenge()
    states = [challenge.update(v, now=i * 0.1) for i, v in enumerate([0.30, None, 0.31, 0.12, 0.10, 0.22])]
    assert [s.status for s in states] == ["waiting"] * 3 + ["shut", "shut", "shut"]
    assert states[-1].advice.en.startswith("Good: now open")
    assert challenge.update(0.29, now=0.7).status == "passed"
    narrow = BlinkChallenge()                  # narrow eyes: judged against their own open level
    assert [narrow.update(v, now=i * 0.1).status for i, v in enumerate([0.20, 0.19, 0.09, 0.18])] == \
        ["waiting", "waiting", "shut", "passed"]


def test_eyes_never_seen_open_or_a_photo_never_pass_the_blink() -> None:
    shut_photo = BlinkChallenge()
    for i in range(30):
        state = shut_photo.update(0.08 if i % 2 else 0.05, now=i * 0.1)
    assert state.status == "waiting"
    state = shut_photo.update(0.08, now=10.5)
    assert state.status == "failed" and state.advice == NO_BLINK and state.challenge == BLINK
    held_up = BlinkChallenge()
    states = [held_up.update(0.3, photo_edge=True, now=i * 0.1) for i in range(3)]
    assert states[-1].status == "failed" and states[-1].advice == PHOTO_HELD_UP


def _play(frames, limit_loops: int = 3, challenge: str = "head_turn"):  # noqa: ANN001, ANN202
    """Each frame is offered and analysed in turn (deterministic), the scenario looping."""
    guidance, captured = [], []
    done = threading.Event()
    session = FaceCaptureSession(guidance.append, lambda c: (captured.append(c), done.set()), rate=1000,
                                 challenge=challenge).start()
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


@pytest.mark.parametrize("person", ["obama.jpg", "obama2.jpg", "obama3.jpg"])
def test_a_blink_is_captured_with_liveness_passed_when_the_officer_asks_for_it(photos, person: str) -> None:  # noqa: ANN001
    frames = make_scenario("genuine_blink", photos[person], photos["biden.jpg"], default_engine())
    guidance, captured, _ = _play(frames, challenge="blink")
    assert captured and captured[0].automatic and captured[0].failed_checks == ()
    assert captured[0].liveness.status == "passed" and captured[0].liveness.challenge == "blink"
    assert any("close the eyes" in g.advice.en for g in guidance if g.advice)
    assert any("now open the eyes" in g.advice.en for g in guidance if g.advice)   # not "open both eyes"


def test_a_blink_does_not_pass_the_head_turn_nor_a_photo_or_shut_eyes_the_blink(photos) -> None:  # noqa: ANN001
    engine = default_engine()
    blink = make_scenario("genuine_blink", photos["obama.jpg"], photos["biden.jpg"], engine)
    _guidance, captured, session = _play(blink, limit_loops=1)
    assert not captured and session.liveness.status == "waiting"
    photo = make_scenario("photo_attack", photos["obama.jpg"], photos["biden.jpg"], engine)
    _guidance, captured, session = _play(photo, challenge="blink")
    assert not captured and session.liveness.status == "failed" and "photo" in session.liveness.advice.en
    shut = make_scenario("eyes_closed", photos["obama.jpg"], photos["biden.jpg"], engine)
    _guidance, captured, session = _play(shut, limit_loops=1, challenge="blink")
    assert not captured and session.liveness.status == "waiting"

"""The enrollment workflow from card to sealed package, on the simulated devices: the whole run,
the refusals (forged chip, refused face, scanner fault), the officer's override, what is kept in
the database when a step fails, and `workstation enroll`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cards import read_fixture_card
from workstation.core.enrollment.checks import FAIL, OK, WARN, Contact, contact_check, normalise_phone
from workstation.core.enrollment.simulated_run import SimulatedEnrollment, run_simulated_enrollment
from workstation.core.enrollment.workflow import EnrollmentWorkflow, Step
from workstation.core.package.keys import load_or_create_identity, simulated_server_keys
from workstation.core.package.verify import verify_package
from workstation.devices.fingerprint.base import CaptureTimeout
from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import open_database
from workstation.storage.enrollments import COMPLETE, EnrollmentStore


@pytest.fixture
def setting(tmp_path: Path):  # noqa: ANN201
    db = open_database(f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys"))
    identity = load_or_create_identity(tmp_path / "keys", db.workstation_id)
    return db, store, identity


def _run(setting, tmp_path: Path, **options):  # noqa: ANN001, ANN003, ANN202
    db, store, identity = setting
    options.setdefault("camera_timeout", 15.0)   # a genuine head turn is captured in about 1.5 s
    return run_simulated_enrollment(SimulatedEnrollment(**options), db.workstation_id, identity,
                                    simulated_server_keys()[1], tmp_path / "out", store)


def test_a_whole_enrollment_is_saved_sealed_and_stored(setting, tmp_path, faces_dir) -> None:  # noqa: ANN001
    _db, store, _identity = setting
    run = _run(setting, tmp_path, portrait=faces_dir / "obama.jpg")
    assert run.saved is not None and run.blocked is None
    assert [(c.name, c.level) for c in run.workflow.checks()] == [
        ("chip", OK), ("qr", OK), ("face", OK), ("fingerprints", OK), ("contact", OK)]
    assert set(run.step_seconds) == {"card", "chip", "face", "fingerprints", "review"}
    report = verify_package(run.package_file.read_bytes(), simulated_server_keys()[0], self_signed_ok=True)
    assert report.ok, report.problems
    manifest = report.manifest
    assert manifest["simulated"] is True and manifest["citizen"]["phone"] == "0912345678"
    assert [c["kind"] for c in manifest["captures"]].count("finger") == 2
    assert manifest["verification"]["face"]["verdict"] == "match"
    assert {f["name"] for f in manifest["files"]} >= {"face/live.jpg", "finger/right_index.fir", "finger/left_index.fir"}
    stored = store.get(run.workflow.enrollment_id)
    assert stored.state == COMPLETE and stored.package == run.package_file.read_bytes()


def test_a_forged_chip_stops_at_the_chip_and_keeps_nothing(setting, tmp_path, faces_dir) -> None:  # noqa: ANN001
    _db, store, _identity = setting
    run = _run(setting, tmp_path, card="cloned", portrait=faces_dir / "obama.jpg")
    assert run.saved is None and run.workflow.step == Step.CHIP
    chip = run.workflow.checks()[0]
    assert chip.level == FAIL and "Do not enroll" in chip.next_step.en
    assert run.workflow.enrollment_id is None and store.drafts() == []


def test_a_photo_held_up_is_refused_unless_a_supervisor_accepts_it(setting, tmp_path, faces_dir) -> None:  # noqa: ANN001
    refused = _run(setting, tmp_path, camera="photo_attack", portrait=faces_dir / "obama.jpg", camera_timeout=4.0)
    assert refused.saved is None and refused.workflow.step == Step.FACE
    face = [c for c in refused.workflow.checks() if c.name == "face"][0]
    assert face.level == FAIL
    accepted = _run(setting, tmp_path, camera="photo_attack", portrait=faces_dir / "obama.jpg", camera_timeout=4.0,
                    supervisor="sup.tran", override_reason="Công dân có sẹo, đã đối chiếu trực tiếp")
    assert accepted.saved is not None
    face = [c for c in accepted.workflow.checks() if c.name == "face"][0]
    assert face.level == WARN and "Lãnh đạo đã chấp nhận" in face.message.vi and "sup.tran" in face.detail
    manifest = verify_package(accepted.package_file.read_bytes(), simulated_server_keys()[0], self_signed_ok=True).manifest
    assert manifest["verification"]["supervisor"] == "sup.tran"
    assert manifest["verification"]["face"]["override"]["reason"].startswith("Công dân có sẹo")


def test_a_citizen_who_cannot_turn_the_head_blinks_and_the_package_says_so(setting, tmp_path, faces_dir) -> None:  # noqa: ANN001
    blinked = _run(setting, tmp_path, camera="genuine_blink", challenge="blink", portrait=faces_dir / "obama.jpg")
    assert blinked.saved is not None
    face = verify_package(blinked.package_file.read_bytes(), simulated_server_keys()[0], self_signed_ok=True).manifest["verification"]["face"]
    assert face["liveness"] == "passed" and face["liveness_challenge"] == "blink" and face["accepted"]
    refused = _run(setting, tmp_path, camera="eyes_closed", challenge="blink", portrait=faces_dir / "obama.jpg",
                   camera_timeout=3.0)
    check = [c for c in refused.workflow.checks() if c.name == "face"][0]
    assert refused.saved is None and check.level == FAIL
    assert "(blink)" in check.message.en and "close the eyes" in check.next_step.en


def test_a_scanner_fault_loses_nothing_already_captured(setting, tmp_path, faces_dir) -> None:  # noqa: ANN001
    _db, store, _identity = setting
    with pytest.raises(CaptureTimeout):
        _run(setting, tmp_path, finger="no_finger", portrait=faces_dir / "obama.jpg")
    [draft] = store.drafts()
    kinds = [c.kind for c in store.captures(draft.id)]
    assert "chip" in kinds and kinds[-1] == "face"


def test_a_poor_finger_falls_back_and_is_recorded(setting, tmp_path, faces_dir) -> None:  # noqa: ANN001
    run = _run(setting, tmp_path, finger="poor_right_index", portrait=faces_dir / "obama.jpg")
    assert run.saved is not None
    finger = [c for c in run.workflow.checks() if c.name == "fingerprints"][0]
    assert finger.level == WARN and "right_index" in finger.detail and "right_thumb" in finger.detail


def test_phone_email_and_consent() -> None:
    assert normalise_phone("091 234 5678") == "0912345678" == normalise_phone("+84912345678")
    assert normalise_phone("0212345678") is None and normalise_phone("12345") is None
    assert contact_check(Contact("0912345678", "", True)).level == OK
    assert contact_check(Contact("0912345678", "not-an-email", True)).level == FAIL
    no_consent = contact_check(Contact("0912345678", "", False))
    assert no_consent.level == FAIL and "consent" in no_consent.next_step.en


def test_the_workflow_refuses_steps_out_of_order() -> None:
    from workstation.errors import WorkstationError

    workflow = EnrollmentWorkflow("officer", simulated=True, workstation_id="ws")
    identity, server = None, None   # never reached: the step is checked first
    with pytest.raises(WorkstationError, match="not 'review'"):
        workflow.save(identity, server)  # type: ignore[arg-type]
    assert workflow.step == Step.CARD
    workflow.card_placed()
    workflow.chip_failed()
    assert workflow.step == Step.CARD and set(workflow.timings) == {"card", "chip"}


def test_enroll_out_of_the_box_uses_the_installed_portraits(tmp_path, faces_dir, capsys, monkeypatch) -> None:  # noqa: ANN001
    """`workstation --simulate enroll --out DIR` with no photograph: the set-up's portraits (issue 16
    item 9); without them, the error says where they should be and how they get there."""
    from workstation.cli.main import main

    monkeypatch.setenv("WORKSTATION_PORTRAITS", str(faces_dir))
    out = tmp_path / "packages"
    assert main(["--simulate", "enroll", "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["saved"] is True and list(out.glob("*.wspkg"))
    assert main(["enroll", "--simulate", "--camera", "impostor", "--out", str(out), "--json"]) == 1
    assert [c["level"] for c in json.loads(capsys.readouterr().out)["checks"] if c["name"] == "face"] == ["fail"]
    monkeypatch.setenv("WORKSTATION_PORTRAITS", str(tmp_path / "none"))
    assert main(["--simulate", "enroll", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "--portrait" in err and str(tmp_path / "none") in err and "scripts/setup.sh" in err


def test_enroll_command(tmp_path, faces_dir, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    out = tmp_path / "packages"
    assert main(["--simulate", "enroll", "--portrait", str(faces_dir / "obama.jpg"), "--out", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["saved"] is True and Path(data["package_file"]).parent == out
    assert {"package_file", "package_id", "checks", "step_seconds", "total_seconds"} <= set(data)
    assert all(c["level"] == "ok" for c in data["checks"])
    # the order the tester contract writes: "workstation enroll --simulate ..."
    assert main(["enroll", "--simulate", "--card", "tampered-dg13", "--portrait", str(faces_dir / "obama.jpg"),
                 "--out", str(out), "--json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["saved"] is False and "not saved" in captured.err
    import cv2
    import numpy as np

    cv2.imwrite(str(tmp_path / "wall.png"), np.full((400, 300, 3), 128, np.uint8))     # nobody in the photo
    assert main(["--simulate", "enroll", "--portrait", str(tmp_path / "wall.png"), "--out", str(out)]) == 1
    assert "the portrait photo must show exactly one face (found 0)" in capsys.readouterr().err


class _Script:
    """A person at the terminal: answers in order, remembers what was said."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.said: list[str] = []

    def ask(self, prompt: str) -> str:
        self.said.append(prompt)
        return self.answers.pop(0)

    secret = ask

    def say(self, text: str) -> None:
        self.said.append(text)


def test_the_terminal_enrollment_asks_and_saves(isolated_home, tmp_path, faces_dir) -> None:  # noqa: ANN001
    from workstation.core.context import AppContext
    from workstation.core.enrollment.services import EnrollmentServices
    from workstation.core.enrollment.simulated_run import simulated_citizen
    from workstation.core.enrollment.terminal_run import run_terminal_enrollment
    from workstation.devices.base import DeviceKind
    from workstation.emulator.fixtures import build_card, fixture

    context = AppContext.load(mode="simulated")
    db = context.open_database()
    services = EnrollmentServices.from_context(context, db, simulated=True, officer="cb.le")
    portrait, frames = simulated_citizen("an-genuine", "genuine_turn", faces_dir / "obama.jpg")

    def prepare(drivers) -> None:  # noqa: ANN001
        drivers[DeviceKind.CARD_READER].insert(build_card("an-genuine", portrait))
        drivers[DeviceKind.CAMERA].load_frames(frames)

    person = _Script("not a qr", fixture("an-genuine").qr, "12345", "", "c", "0912345678", "", "c")
    run = run_terminal_enrollment(context, services, person, tmp_path / "out", "en", prepare, camera_timeout=15)
    assert run.saved is not None and run.package_file.exists()
    assert any("mobile number is not valid" in line for line in person.said)   # the wrong number was refused
    assert any("Invalid QR" in line or "QR" in line for line in person.said[1:3])
    # the same citizen again within storage.repeat_days: the officer gives the reason (issue 20 finding 4)
    refused = run_terminal_enrollment(context, services, _Script(fixture("an-genuine").qr, "mất giấy hẹn, làm lại",
                                                                 "0912345678", "", "n"),
                                      None, "en", prepare, camera_timeout=15)
    assert refused.saved is None and refused.blocked == "the citizen did not consent"
    _portrait, blink = simulated_citizen("an-genuine", "genuine_blink", faces_dir / "obama.jpg")

    def prepare_blink(drivers) -> None:  # noqa: ANN001
        drivers[DeviceKind.CARD_READER].insert(build_card("an-genuine", portrait))
        drivers[DeviceKind.CAMERA].load_frames(blink)

    person = _Script(fixture("an-genuine").qr, "lần thứ hai trong ngày", "0912345678", "", "c")
    blinked = run_terminal_enrollment(context, services, person, tmp_path / "out", "en", prepare_blink,
                                      camera_timeout=15, challenge="blink")
    assert blinked.saved is not None and blinked.workflow.face.liveness_challenge == "blink"
    assert any("close the eyes" in line for line in person.said)
    db.close()


def test_enroll_without_simulators_names_the_missing_devices(capsys, tmp_path) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    assert main(["--real", "enroll", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no usable driver for" in err or "Devices missing:" in err


def test_each_kept_fingerprint_is_in_the_draft_before_the_next_finger(setting) -> None:  # noqa: ANN001
    """A crash between two fingers must not lose the first: the print is committed the moment it is
    kept, not when the whole sequence ends (issue 15)."""
    from workstation.devices.base import DriverParams
    from workstation.devices.fingerprint.simulated import SimulatedScannerDriver

    db, store, _identity = setting
    workflow = EnrollmentWorkflow("officer-01", simulated=True, workstation_id=db.workstation_id, store=store)
    workflow.chip_read(read_fixture_card("an-genuine"))
    sequence = workflow.fingerprint_sequence()
    scanner = SimulatedScannerDriver(DriverParams({"citizen": "test citizen"}))
    first = sequence.current
    sequence.submit_touch(sequence.examine(scanner.capture(first, 5.0), scanner.info()))
    names = [c.name for c in store.captures(workflow.enrollment_id) if c.name.endswith(".fir")]
    assert len(names) == 1 and first in names[0] and sequence.current != first   # on disk, next finger asked


def test_a_skipped_finger_s_hand_photo_goes_into_the_draft_and_the_package(setting) -> None:  # noqa: ANN001
    """Issue 16 item 6: the preset's code, the words and the evidence photo are kept at once, and
    the sealed package carries the photo as an 'evidence' capture that its schema accepts."""

    db, store, _identity = setting
    workflow = EnrollmentWorkflow("officer-01", simulated=True, workstation_id=db.workstation_id, store=store)
    workflow.chip_read(read_fixture_card("an-genuine"))
    sequence = workflow.fingerprint_sequence()
    hand = b"\xff\xd8 a photo of the bandaged hand"
    sequence.skip("Đang băng bó", "UP", hand)
    kept = [c for c in store.captures(workflow.enrollment_id) if c.kind == "evidence"]
    assert [(c.name, c.data) for c in kept] == [("evidence/right_index-hand.jpg", hand)]
    assert sequence.exceptions[0].as_dict() == {"finger": "right_index", "reason": "Đang băng bó", "code": "UP",
                                                "evidence": "evidence/right_index-hand.jpg"}

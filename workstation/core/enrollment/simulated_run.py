"""One whole enrollment on the simulated devices, unattended: for testers (`workstation enroll
--simulate`), demos and the end-to-end benchmark.

The same workflow the window drives, fed by the same drivers the window uses: the card emulator on
the simulated reader, the simulated camera playing a scenario at its frame rate into the face
capture session, the simulated scanner through the fingerprint sequence. With `portrait` (a
photograph of one person) the fixture card's chip carries that face and the camera scenario is made
from it, so the face comparison is a real one.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from workstation.core.enrollment.workflow import EnrollmentWorkflow, SavedPackage, Step
from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import x25519

    from workstation.core.face_capture import CapturedFace
    from workstation.core.package.keys import WorkstationIdentity
    from workstation.devices.camera.base import CameraDriver
    from workstation.storage.enrollments import EnrollmentStore
    from workstation.verify.face.quality import QualityLimits

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SimulatedEnrollment:
    card: str = "an-genuine"
    camera: str = "genuine_turn"          # a face-scenes scenario name, or a folder of frames
    finger: str = "good"                  # a simulated scanner scenario
    portrait: Path | None = None          # a photograph of the citizen (the chip photo and the camera)
    other: Path | None = None             # someone else (impostor, two faces); default: portrait mirrored
    phone: str = "0912345678"
    email: str = ""
    supervisor: str = ""                  # with override_reason: accept a face the checks refused
    override_reason: str = ""
    camera_timeout: float = 20.0          # then a manual capture, as an officer would press the button
    challenge: str = "head_turn"          # the liveness challenge: head_turn | blink
    fps: float = 30.0


@dataclass
class EnrollmentRun:
    workflow: EnrollmentWorkflow
    saved: SavedPackage | None = None
    package_file: Path | None = None
    blocked: str | None = None
    step_seconds: dict[str, float] = field(default_factory=dict)
    total_seconds: float = 0.0
    frames: int = 0
    analysed: int = 0

    def take_face(self, camera: "CameraDriver", timeout: float, limits: "QualityLimits | None" = None,
                  challenge: str = "head_turn") -> "CapturedFace":
        """The face step without a window; counts the frames read and analysed."""
        from workstation.core.face_capture import capture_from_camera
        from workstation.verify.face.quality import QualityLimits

        result = capture_from_camera(camera, timeout, limits or QualityLimits(), challenge)
        self.frames, self.analysed = result.frames, result.analysed
        if result.captured is None:
            raise WorkstationError(Message("Không chụp được khuôn mặt: camera không có hình.",
                                           "No face could be captured: the camera gave no usable frame."))
        return result.captured

    def finish(self, started: float, blocked: str | None) -> "EnrollmentRun":
        """The run is over: saved (`blocked` None) or stopped, and why."""
        self.blocked = blocked
        self.total_seconds = time.monotonic() - started
        self.step_seconds = dict(self.workflow.timings)
        return self

    def as_dict(self) -> dict[str, object]:
        return {"saved": self.saved is not None, "package_file": str(self.package_file) if self.package_file else None,
                "package_id": self.saved.package_id if self.saved else None,
                "enrollment_id": self.workflow.enrollment_id, "step": str(self.workflow.step),
                "blocked": self.blocked, "checks": [c.as_dict() for c in self.workflow.checks()],
                "step_seconds": {k: round(v, 3) for k, v in self.step_seconds.items()},
                "total_seconds": round(self.total_seconds, 3), "camera_frames": self.frames,
                "face_analyses": self.analysed}


Listener = Callable[[str], None]


def _photo(path: Path) -> np.ndarray:
    from workstation.verify.face.image_io import load_rgb

    return load_rgb(path)


@lru_cache(maxsize=8)
def _chip_portrait_of_file(path: str, jpeg2000: bool) -> bytes:
    return _chip_portrait(_photo(Path(path)), jpeg2000)


def chip_portrait_for(card: str, portrait: Path) -> bytes:
    """The chip photo made from `portrait` in the format fixture card `card` stores (JPEG or
    JPEG 2000), so a tester's photo can go on any card (made once per photo and format)."""
    from workstation.emulator.fixtures import fixture

    return _chip_portrait_of_file(str(portrait), fixture(card).jpeg2000)


def _one_face(rgb: np.ndarray, other: bool = False) -> tuple[int, int, int, int]:
    """The face box of a tester's photograph (the citizen's, or the other person's), which must
    show exactly one person."""
    from workstation.verify.face.engine import default_engine

    boxes = default_engine().locate(rgb)
    if len(boxes) != 1:
        vi, en = ("người khác", "other person's") if other else ("chân dung", "portrait")
        raise WorkstationError(Message(f"Ảnh {vi} phải có đúng một khuôn mặt (thấy {len(boxes)}).",
                                       f"the {en} photo must show exactly one face (found {len(boxes)})"))
    return boxes[0].as_tuple()


def _chip_portrait(rgb: np.ndarray, jpeg2000: bool) -> bytes:
    from workstation.emulator.portrait import chip_photo

    return chip_photo(rgb, _one_face(rgb), jpeg2000=jpeg2000)


def _camera_frames(camera: str, person: np.ndarray | None, other: Path | None) -> list[np.ndarray]:
    """BGR frames of the camera scenario: a folder of frames, or a scenario made from `person`."""
    folder = Path(camera)
    if folder.is_dir():
        from workstation.devices.camera.simulated import SimulatedCameraDriver

        camera = SimulatedCameraDriver()
        camera.load_scenario(folder)
        return list(camera._frames)  # noqa: SLF001 - the frames the driver loaded
    from workstation.emulator.face_scenes import SCENARIOS, make_scenario
    from workstation.verify.face.engine import default_engine

    if camera not in SCENARIOS:
        raise WorkstationError(f"unknown camera scenario '{camera}' (one of: {', '.join(SCENARIOS)}, "
                               "or a folder of frames)")
    if person is None:
        from workstation.emulator.default_portraits import portraits_dir

        raise WorkstationError(f"camera scenario '{camera}' is made from a photograph: pass --portrait PHOTO "
                               f"(the default portraits are missing from {portraits_dir()}: scripts/setup.sh "
                               "puts them there)")
    _one_face(person)
    someone = np.ascontiguousarray(person[:, ::-1])
    if other:
        someone = _photo(other)
        _one_face(someone, other=True)
    return [np.ascontiguousarray(f[..., ::-1]) for f in make_scenario(camera, person, someone, default_engine())]


def citizen_camera_frames(camera: str, portrait: Path | None, other: Path | None = None) -> list[np.ndarray]:
    """The camera scenario's BGR frames: a folder of frames, or a scene acted by `portrait`."""
    return _camera_frames(camera, _photo(portrait) if portrait else None, other)


def simulated_citizen(card: str, camera: str, portrait: Path | None, other: Path | None = None
                      ) -> tuple[bytes | None, list[np.ndarray]]:
    """A tester's props for one citizen: the chip photo made from `portrait` (None: the fixture's
    drawn one) and the camera scenario's BGR frames."""
    frames = citizen_camera_frames(camera, portrait, other)
    chip = chip_portrait_for(card, portrait) if portrait is not None else None
    return chip, frames


def run_simulated_enrollment(options: SimulatedEnrollment, workstation_id: str, identity: "WorkstationIdentity",
                             server: "x25519.X25519PublicKey", out: Path | None = None,
                             store: "EnrollmentStore | None" = None, officer: str = "tester",
                             on_step: Listener | None = None) -> EnrollmentRun:
    from workstation.core.card_reading import read_card
    from workstation.core.face_review import encode_jpeg, face_comparator, review_face
    from workstation.core.finger_sequence import run_sequence
    from workstation.devices.base import DriverParams
    from workstation.devices.camera.simulated import SimulatedCameraDriver
    from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
    from workstation.devices.fingerprint.simulated import SimulatedScannerDriver
    from workstation.emulator.fixtures import build_card, fixture
    from workstation.emulator.simulated_trust import simulated_trust_store
    from workstation.verify.access_keys import keys_from_qr
    from workstation.verify.face.compare import NoFaceFound
    from workstation.verify.qr import parse_qr

    say = on_step or (lambda _text: None)
    card = fixture(options.card)
    portrait, frames_bgr = simulated_citizen(options.card, options.camera, options.portrait, options.other)
    # everything above is preparation (a tester's props); the clock starts with the card on the reader
    workflow = EnrollmentWorkflow(officer, simulated=True, workstation_id=workstation_id, store=store)
    run = EnrollmentRun(workflow)
    started = time.monotonic()

    reader = SimulatedCardReaderDriver()
    reader.insert(build_card(options.card, portrait))
    qr = parse_qr(card.qr)
    workflow.card_placed()
    say("chip")
    try:
        read = read_card(reader.connect, keys_from_qr(qr), simulated_trust_store(), qr=qr)
    except WorkstationError:
        workflow.chip_failed()
        raise
    workflow.devices.append({"kind": "card_reader", "driver": "simulated", "apdus": read.chip.stats.apdus})
    workflow.chip_read(read)
    if workflow.step != Step.FACE:
        return run.finish(started, "the chip checks refuse this card")

    say("face")
    camera = SimulatedCameraDriver(DriverParams({"fps": options.fps}))
    camera.load_frames(frames_bgr)
    shot = run.take_face(camera, options.camera_timeout, challenge=options.challenge)
    try:
        review = review_face(np.asarray(read.photo.decode()), shot, face_comparator())
    except NoFaceFound as exc:
        if portrait is None and exc.which != "live":
            raise WorkstationError(Message(
                f"{exc.message.vi} (Thẻ mô phỏng chỉ có ảnh vẽ: dùng --portrait ẢNH.)",
                f"{exc.message.en} (A fixture card carries a drawn photo: pass --portrait PHOTO.)")) from None
        return run.finish(started, f"face not captured: {exc.one_line()}")
    workflow.devices.append({"kind": "camera", "driver": "simulated", "scenario": Path(options.camera).name})
    workflow.face_captured(review, encode_jpeg(shot.frame.pixels))
    if workflow.step == Step.FACE:
        if not options.override_reason:
            return run.finish(started, "the face was not accepted (pass --override-reason and --supervisor to "
                                         "accept it)")
        workflow.override_face(options.supervisor or "supervisor", options.override_reason)

    say("fingerprints")
    scanner = SimulatedScannerDriver(DriverParams({"scenario": options.finger, "citizen": read.dg13.id_number}))
    sequence = run_sequence(scanner, workflow.fingerprint_sequence(), timeout=5.0)
    workflow.devices.append({"kind": "fingerprint", **scanner.info().as_dict(), "scenario": options.finger})
    workflow.fingerprints_done(sequence)

    say("review")
    workflow.set_contact(options.phone, options.email, consent=True)
    if workflow.blocking():
        return run.finish(started, "; ".join(c.message.en for c in workflow.blocking()))
    say("save")
    run.saved = workflow.save(identity, server)
    if out is not None:
        run.package_file = write_package(out, run.saved)
    return run.finish(started, None)


def write_package(out: Path, saved: SavedPackage) -> Path:
    """Write the sealed package atomically (temporary name, fsync, rename)."""
    from workstation.atomic_file import write_atomically
    from workstation.disk_space import write_error

    try:
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{saved.package_id}.wspkg"
        write_atomically(target, saved.data)
    except OSError as exc:
        raise write_error(exc, out) from None
    return target


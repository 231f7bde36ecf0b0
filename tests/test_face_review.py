from pathlib import Path

import numpy as np
import pytest

from workstation.core.face_capture import CapturedFace, frame_from_rgb
from workstation.core.face_review import OverrideRefused, override, review_face
from workstation.emulator.portrait import chip_photo
from workstation.verify.face.compare import FaceComparator
from workstation.verify.face.engine import default_engine
from workstation.verify.face.image_io import load_rgb
from workstation.verify.face.liveness import LivenessState
from workstation.verify.face.quality import assess



@pytest.fixture(scope="module")
def faces(faces_dir: Path) -> dict[str, np.ndarray]:
    return {n: load_rgb(faces_dir / n) for n in ("obama.jpg", "obama2.jpg", "biden.jpg")}


def _captured(rgb: np.ndarray, live: str = "passed") -> CapturedFace:
    return CapturedFace(frame_from_rgb(rgb), assess(rgb), automatic=True, liveness=LivenessState(live, None))


def _chip(rgb: np.ndarray) -> np.ndarray:
    engine = default_engine()
    return load_rgb(chip_photo(rgb, engine.locate(rgb)[0].as_tuple()))


def test_same_person_live_is_accepted(faces) -> None:  # noqa: ANN001
    review = review_face(_chip(faces["obama.jpg"]), _captured(faces["obama2.jpg"]), FaceComparator())
    assert review.match.verdict == "match" and review.accepted and not review.needs_override


def test_another_person_needs_an_override_with_a_reason(faces) -> None:  # noqa: ANN001
    review = review_face(_chip(faces["obama.jpg"]), _captured(faces["biden.jpg"]), FaceComparator())
    assert review.match.verdict == "no_match" and review.needs_override
    with pytest.raises(OverrideRefused):
        override(review, "officer-01", "ok")
    accepted = override(review, "officer-01", "  Ảnh trên chip chụp 20 năm trước,   đã đối chiếu giấy tờ khác ")
    assert accepted.accepted and accepted.override.reason == "Ảnh trên chip chụp 20 năm trước, đã đối chiếu giấy tờ khác"
    record = accepted.as_dict()
    assert record["verdict"] == "no_match" and record["override"]["officer"] == "officer-01"


def test_failed_liveness_is_not_accepted_even_when_the_face_matches(faces) -> None:  # noqa: ANN001
    review = review_face(_chip(faces["obama.jpg"]), _captured(faces["obama2.jpg"], "failed"), FaceComparator())
    assert review.match.verdict == "match" and review.liveness == "failed" and not review.accepted

"""The face decision for the enrollment: the chip photo against the captured face, the liveness
result, and the officer's override of a "no match" (never without a reason, always recorded)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import numpy as np

from workstation.core.face_capture import CapturedFace
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.verify.face.compare import FaceComparator, FaceMatch
from workstation.verify.face.image_io import bgr_to_rgb

MIN_REASON = 10


@dataclass(frozen=True)
class Override:
    officer: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class FaceReview:
    match: FaceMatch
    liveness: str                 # "passed" | "failed" | "not_done"
    quality_failed: tuple[str, ...]
    automatic_capture: bool
    override: Override | None = None
    liveness_challenge: str = "head_turn"   # "head_turn" | "blink"

    @property
    def accepted(self) -> bool:
        """May the enrollment go on with this face?"""
        if self.override is not None:
            return True
        return self.match.verdict == "match" and self.liveness == "passed" and not self.quality_failed

    @property
    def needs_override(self) -> bool:
        return not self.accepted

    def as_dict(self) -> dict[str, object]:
        return {**self.match.as_dict(), "liveness": self.liveness, "liveness_challenge": self.liveness_challenge,
                "quality_failed": list(self.quality_failed),
                "automatic_capture": self.automatic_capture, "accepted": self.accepted,
                "override": None if self.override is None else {
                    "officer": self.override.officer, "reason": self.override.reason,
                    "at": self.override.at.isoformat()}}


class OverrideRefused(WorkstationError):
    pass


def review_face(chip_photo_rgb: np.ndarray, captured: CapturedFace, comparator: FaceComparator) -> FaceReview:
    match = comparator.compare(chip_photo_rgb, bgr_to_rgb(captured.frame.pixels))
    status = captured.liveness.status if captured.liveness is not None else None
    liveness = status if status in ("passed", "failed") else "not_done"   # waiting/turned: not done
    quality_failed = tuple(c.name for c in captured.report.checks if not c.passed)
    challenge = captured.liveness.challenge if captured.liveness is not None else "head_turn"
    return FaceReview(match, liveness, quality_failed, captured.automatic, liveness_challenge=challenge)


def override_reason(reason: str) -> str:
    """The reason for an exception a supervisor approves (a refused face, an unverified chip
    issuer), on one line; refused when too short (the window checks it before a supervisor is
    asked, and again when it is recorded)."""
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise OverrideRefused(Message(
            f"Cần ghi lý do (ít nhất {MIN_REASON} ký tự) để lãnh đạo phê duyệt.",
            f"A reason of at least {MIN_REASON} characters is needed for a supervisor's approval."))
    return reason


def override(review: FaceReview, officer: str, reason: str, now: datetime | None = None) -> FaceReview:
    """Accept a face the checks did not accept; the reason goes into the package and the audit log."""
    reason = override_reason(reason)
    if not officer.strip():
        raise OverrideRefused("the officer accepting the face must be named")
    return replace(review, override=Override(officer.strip(), reason, now or datetime.now(UTC)))


def encode_jpeg(bgr: np.ndarray) -> bytes:
    """The captured frame as it goes into the draft and the package (face/live.jpg)."""
    import cv2

    ok, jpeg = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 90])
    if not ok:
        raise WorkstationError("the captured frame could not be encoded as JPEG")
    return jpeg.tobytes()


def face_comparator(match_below: float | None = None, no_match_above: float | None = None) -> FaceComparator:
    """One comparator per enrollment: it caches the chip photo's encoding. Thresholds: settings
    verify.face_match_below / face_no_match_above, or the measured defaults."""
    from workstation.verify.face.compare import MATCH_BELOW, NO_MATCH_ABOVE

    return FaceComparator(match_below=match_below or MATCH_BELOW, no_match_above=no_match_above or NO_MATCH_ABOVE)

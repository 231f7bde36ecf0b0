"""One enrollment as a state machine, without Qt: card → chip → face → fingerprints → review → saved.

The window and `workstation enroll` both drive it; it never talks to a device itself. Each step's
result is checked (checks.py) and every capture is written to the draft in the database the moment
it is taken, so a crash or a pulled cable loses nothing already captured. Saving seals the package
(signed, encrypted for the server) and stores it in the same transaction that completes the draft.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from workstation.core.card_reading import CardRead, chip_verification
from workstation.core.enrollment.checks import FAIL, NEEDS_CHAIN_APPROVAL, WARN, ChainApproval, Check, Contact, \
    chip_checks, contact_check, face_check, finger_check, normalise_phone
from workstation.core.face_review import FaceReview, override, override_reason
from workstation.core.finger_sequence import FingerCapture, FingerException, FingerprintSequence
from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import x25519

    from workstation.core.package.keys import WorkstationIdentity
    from workstation.storage.enrollments import EnrollmentStore

log = logging.getLogger(__name__)


class Step(StrEnum):
    CARD = "card"
    CHIP = "chip"
    FACE = "face"
    FINGERPRINTS = "fingerprints"
    REVIEW = "review"
    SAVED = "saved"


ORDER = list(Step)


class EnrollmentBlocked(WorkstationError):
    """Saving (or moving on) is refused: a red check stands."""


@dataclass(frozen=True)
class SavedPackage:
    package_id: str
    enrollment_id: str | None
    data: bytes


@dataclass
class EnrollmentWorkflow:
    officer: str
    simulated: bool
    workstation_id: str
    store: "EnrollmentStore | None" = None
    clock: Callable[[], float] = time.monotonic
    step: Step = Step.CARD
    card: CardRead | None = None
    face: FaceReview | None = None
    face_jpeg: bytes | None = None
    fingerprints: FingerprintSequence | None = None
    contact: Contact = field(default_factory=Contact)
    devices: list[dict[str, Any]] = field(default_factory=list)
    enrollment_id: str | None = None
    resume_id: str | None = None          # a draft to continue when the same citizen's card is read
    saved: SavedPackage | None = None
    timings: dict[str, float] = field(default_factory=dict)
    require_trusted_chain: bool = True    # verify.require_trusted_chain: "chain not verified" is red
    chain_approval: ChainApproval | None = None
    refused: str | None = None            # the officer's reason, once this enrollment was refused
    # who is at the counter now (the services' login): an enrollment started before a log out or
    # an idle lock names the officer logged in when each record is written, not the one of its start
    officer_of: Callable[[], str] | None = None
    repeat_days: float = 0.0              # storage.repeat_days: the same citizen again within is asked why
    place: str = ""                       # this workstation's unit or commune, to say where
    earlier: tuple = ()                   # repeats.EarlierEnrollment of this citizen in the period
    repeat_why: str | None = None         # the officer's reason to enrol again
    _entered: float = 0.0
    card_placed_at: float | None = None   # clock() when the card went on the reader
    saved_at: float | None = None
    _fingers_on_disk: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._entered = self.clock()

    def _who(self) -> str:
        """The officer logged in now; kept in `officer` for the receipt of what was just saved."""
        if self.officer_of is not None:
            self.officer = self.officer_of() or self.officer
        return self.officer

    # -- moving between steps -------------------------------------------------------------------
    def _enter(self, step: Step) -> None:
        now = self.clock()
        self.timings[str(self.step)] = self.timings.get(str(self.step), 0.0) + (now - self._entered)
        log.info("enrollment step %s -> %s (%.2f s)", self.step, step, now - self._entered)
        self.step, self._entered = step, now
        if step == Step.SAVED:
            self.saved_at = now

    @property
    def card_to_saved(self) -> float | None:
        """Seconds from the card placed to the package saved (not the time the counter stood idle
        before the citizen came: finding 14 of issue 20)."""
        if self.card_placed_at is None or self.saved_at is None:
            return None
        return self.saved_at - self.card_placed_at

    def card_placed(self, at: float | None = None) -> None:
        """The card is on the reader and its keys are known: the chip read starts. `at`: when the
        card went on the reader (clock() time), if before now."""
        if self.card_placed_at is None:
            self.card_placed_at = self.clock() if at is None else min(at, self.clock())
        if self.step == Step.CARD:
            self._enter(Step.CHIP)

    def chip_read(self, read: CardRead) -> list[Check]:
        """The chip was read. Red chip checks keep the workflow here: this card must not be enrolled."""
        if self.step not in (Step.CARD, Step.CHIP):
            raise WorkstationError("a card was already read for this enrollment: start a new one")
        self.card, self.chain_approval = read, None
        checks = self._chip_checks()
        if not any(c.level == FAIL for c in checks) and self.store is not None and self.resume_id is None:
            from workstation.core.enrollment.repeats import earlier_enrollments

            self.earlier = earlier_enrollments(self.store, read.dg13.id_number, self.repeat_days, self.place)
            checks = self._chip_checks()
        if any(c.level == FAIL for c in checks):
            if self.step == Step.CARD:
                self._enter(Step.CHIP)
            return checks
        self._chip_accepted(read)
        return checks

    def enrol_again(self, reason: str) -> list[Check]:
        """The officer says why this citizen, enrolled within storage.repeat_days, is enrolled
        again: audited, flagged for the supervisor, and the enrollment goes on."""
        from workstation.core.enrollment.repeats import repeat_reason

        self._require(Step.CHIP)
        if self.card is None or not self.earlier:
            raise WorkstationError(Message("Công dân này chưa đăng ký gần đây.", "This citizen was not enrolled "
                                                                                  "recently."))
        self.repeat_why = repeat_reason(reason)
        checks = self._chip_checks()
        if any(c.level == FAIL for c in checks):
            return checks
        self._chip_accepted(self.card)
        if self.store is not None:
            self.store.audit(self._who(), "enrolled_again", self.enrollment_id, reason=self.repeat_why,
                             earlier=len(self.earlier))
        return checks

    def _chip_checks(self) -> list[Check]:
        from workstation.core.enrollment.repeats import repeat_check

        assert self.card is not None
        checks = chip_checks(self.card, self.require_trusted_chain, self.chain_approval)
        repeat = repeat_check(self.earlier, self.repeat_days, self.repeat_why)
        return checks + [repeat] if repeat is not None else checks

    def approve_chain(self, supervisor: str, reason: str) -> list[Check]:
        """A supervisor lets a chip whose issuer could not be verified go on (only where
        verify.require_trusted_chain is off). The caller has checked the supervisor's credentials;
        the approval is audited and goes into the package."""
        self._require(Step.CHIP)
        if self.card is None or not any(c.action == NEEDS_CHAIN_APPROVAL for c in self._chip_checks()):
            raise WorkstationError(Message("Chip này không cần phê duyệt.", "This chip needs no approval."))
        self.chain_approval = ChainApproval(supervisor, override_reason(reason), datetime.now(UTC).isoformat())
        checks = self._chip_checks()
        if any(c.level == FAIL for c in checks):
            return checks
        if self.store is not None:
            self.store.audit(self._who(), "chain_approved", None, supervisor=supervisor,
                             reason_codes=list(self.card.verdict.codes))
        self._chip_accepted(self.card)
        return checks

    def _chip_accepted(self, read: CardRead) -> None:
        if self.store is not None and self.enrollment_id is None:
            d = read.dg13
            draft = self.store.get(self.resume_id) if self.resume_id else None
            resumed = draft is not None and draft.state == "draft" and self.store.is_citizen(draft, d.id_number)
            if resumed:
                self.enrollment_id = draft.id            # the same citizen: captures join the draft
                self.store.audit(self._who(), "draft_resumed", draft.id)
            else:
                self.enrollment_id = self.store.new_draft(self._who(), d.id_number, d.full_name, self.simulated)
            if not (resumed and self.store.captures(self.enrollment_id, kind="chip")):
                self._keep("chip", _chip_files(read))
            if self.chain_approval is not None:
                self.store.audit(self._who(), "chain_approval_recorded", self.enrollment_id,
                                 supervisor=self.chain_approval.supervisor)
        self._enter(Step.FACE)

    def chip_failed(self) -> None:
        """The read did not finish (wrong key, card pulled out): back to waiting for the card."""
        if self.step == Step.CHIP and self.card is None:
            self._enter(Step.CARD)

    def face_captured(self, review: FaceReview, jpeg: bytes) -> Check:
        """A capture and its comparison. Accepted: on to the fingerprints; otherwise the officer
        retakes (another call) or a supervisor overrides (`override_face`)."""
        self._require(Step.FACE)
        self.face, self.face_jpeg = review, jpeg
        self._keep("face", [(FACE_FILE, jpeg)])
        if review.accepted:
            self._enter(Step.FINGERPRINTS)
        return face_check(review)

    def override_face(self, supervisor: str, reason: str) -> Check:
        """A supervisor accepts a face the checks refused; the reason and name go into the package.
        The caller has checked the supervisor's credentials (the window's approval dialog)."""
        self._require(Step.FACE)
        if self.face is None:
            raise WorkstationError("no face was captured to accept")
        self.face = override(self.face, supervisor, reason)
        if self.store is not None:
            self.store.audit(self._who(), "face_override", self.enrollment_id, supervisor=supervisor,
                             verdict=self.face.match.verdict)
        self._enter(Step.FINGERPRINTS)
        return face_check(self.face)

    def refuse(self, reason: str) -> None:
        """The officer refuses this enrollment (the face is not the chip's, the citizen withdrew):
        its captures are deleted, the draft is kept as "refused" with the reason, audited. The
        enrollment is over; the next citizen starts clean."""
        if self.step == Step.SAVED:
            raise WorkstationError(Message("Hồ sơ đã lưu, không từ chối được.", "A saved enrollment cannot be refused."))
        reason = " ".join(reason.split())
        if len(reason) < 5:
            raise WorkstationError(Message("Hãy ghi lý do từ chối.", "Write why the enrollment is refused."))
        if self.store is not None and self.enrollment_id is not None:
            from workstation.storage.enrollments import REFUSED

            self.store.discard(self.enrollment_id, self._who(), reason, state=REFUSED)
        self.refused = reason

    def fingerprint_sequence(self, threshold: int | None = None) -> FingerprintSequence:
        """The fingerprint step of this enrollment: each print goes into the draft, in its own
        transaction, the moment it is kept, so a crash between two fingers loses none; a resumed
        draft continues from the prints it holds."""
        if threshold is None:
            sequence = FingerprintSequence(on_capture=self._finger_kept, on_exception=self._finger_exception)
        else:
            sequence = FingerprintSequence(threshold=threshold, on_capture=self._finger_kept,
                                           on_exception=self._finger_exception)
        kept = self._draft_fingers()
        if kept:
            sequence.resume(kept)
            self._fingers_on_disk.update(_finger_file(c) for c in kept)
        return sequence

    def _draft_fingers(self) -> list[FingerCapture]:
        if self.store is None or self.enrollment_id is None:
            return []
        stored = {c.name: c.data for c in self.store.captures(self.enrollment_id, kind="finger")}
        kept = []
        for name, meta in stored.items():
            record = stored.get(name.removesuffix(FINGER_META_SUFFIX) + ".fir")
            if not name.endswith(FINGER_META_SUFFIX) or record is None:
                continue
            try:
                kept.append(FingerCapture.from_draft(json.loads(meta), record))
            except (ValueError, KeyError, TypeError, AssertionError) as exc:
                log.warning("a fingerprint of draft %s cannot be resumed (%s): it is taken again",
                            self.enrollment_id[:8], exc)
        return kept

    def _finger_exception(self, exception: FingerException) -> None:
        """A skipped finger's photo of the hand goes into the draft at once, like a print."""
        if exception.evidence is not None:
            self._keep("evidence", [(exception.evidence_file, exception.evidence)])

    def _finger_kept(self, capture: FingerCapture) -> None:
        """The record and what it has no room for (quality, bar, attempts, scanner), together."""
        self._keep("finger", _finger_files(capture))
        self._fingers_on_disk.add(_finger_file(capture))

    def fingerprints_done(self, sequence: FingerprintSequence) -> Check:
        self._require(Step.FINGERPRINTS)
        if not sequence.done:
            raise WorkstationError("the fingerprint sequence is not finished")
        self.fingerprints = sequence
        self._keep("finger", [f for c in sequence.captures if _finger_file(c) not in self._fingers_on_disk
                              for f in _finger_files(c)])
        self._enter(Step.REVIEW)
        return finger_check(sequence)

    def set_contact(self, phone: str, email: str = "", consent: bool = False) -> Check:
        self.contact = Contact(phone.strip(), email.strip(), consent)
        return contact_check(self.contact)

    def _require(self, step: Step) -> None:
        if self.step != step:
            raise WorkstationError(f"the enrollment is at step '{self.step}', not '{step}'")

    def _keep(self, kind: str, files: list[tuple[str, bytes]]) -> None:
        """Files taken together go into the draft in one transaction."""
        if self.store is not None and self.enrollment_id is not None:
            self.store.add_captures(self.enrollment_id, [(kind, name, data) for name, data in files])

    # -- the verdict ----------------------------------------------------------------------------
    def checks(self) -> list[Check]:
        out: list[Check] = self._chip_checks() if self.card is not None else []
        if ORDER.index(self.step) >= ORDER.index(Step.FACE):
            out.append(face_check(self.face))
        if ORDER.index(self.step) >= ORDER.index(Step.FINGERPRINTS):
            out.append(finger_check(self.fingerprints))
        if ORDER.index(self.step) >= ORDER.index(Step.REVIEW):
            out.append(contact_check(self.contact))
        return out

    def blocking(self) -> list[Check]:
        return [c for c in self.checks() if c.level == FAIL]

    # -- saving ---------------------------------------------------------------------------------
    def save(self, identity: "WorkstationIdentity", server: "x25519.X25519PublicKey") -> SavedPackage:
        from workstation.core.package.seal import seal

        self._require(Step.REVIEW)
        blocking = self.blocking()
        if blocking:
            raise EnrollmentBlocked(Message(
                "Chưa thể lưu: " + "; ".join(c.message.vi for c in blocking),
                "Cannot save yet: " + "; ".join(c.message.en for c in blocking)))
        contents = self.package_contents()
        data = seal(contents, identity, server)
        if self.store is not None and self.enrollment_id is not None:
            self.store.complete(self.enrollment_id, contents.package_id, data, self._who(), self.review_flags())
        self.saved = SavedPackage(contents.package_id, self.enrollment_id, data)
        self._enter(Step.SAVED)
        return self.saved

    def review_flags(self) -> tuple[str, ...]:
        """What a supervisor should look at at the end of the day: a face a supervisor accepted, a
        chain a supervisor approved, fingers missing or below the bar, any amber check."""
        flags: list[str] = []
        if self.face is not None and self.face.override is not None:
            flags.append("face_override")
        if self.chain_approval is not None:
            flags.append("chain_approval")
        if self.repeat_why is not None:
            flags.append("enrolled_again")
        if self.fingerprints is not None:
            if self.fingerprints.exceptions:
                flags.append("finger_exception")
            if any(not c.passed for c in self.fingerprints.captures):
                flags.append("finger_below_bar")
        flags.extend(f"amber:{c.name}" for c in self.checks() if c.level == WARN and c.name in ("chip", "qr", "expiry"))
        return tuple(flags)

    def package_contents(self):  # noqa: ANN201 - PackageContents (imported lazily with the package code)
        from workstation.core.package.seal import Capture, PackageContents

        assert self.card is not None and self.face is not None and self.fingerprints is not None
        read, now = self.card, datetime.now(UTC)
        captures = [Capture("chip", name, data, now) for name, data in _chip_files(read)]
        if self.face_jpeg is not None:
            captures.append(Capture("face", FACE_FILE, self.face_jpeg, now))
        for c in self.fingerprints.captures:
            captures.append(Capture("finger", _finger_file(c), c.record, datetime.fromisoformat(c.captured_at)))
        for e in self.fingerprints.exceptions:
            if e.evidence is not None:
                captures.append(Capture("evidence", e.evidence_file, e.evidence, now))
        chip = chip_verification(read)
        d = read.dg13
        supervisor = self.face.override.officer if self.face.override is not None else None
        contents = PackageContents(
            workstation_id=self.workstation_id, officer_id=self._who(), simulated=self.simulated,
            citizen={"id_number": d.id_number, "full_name": d.full_name,
                     "date_of_birth": d.date_of_birth.isoformat(), "sex": d.sex,
                     "phone": normalise_phone(self.contact.phone), "email": self.contact.email or None,
                     "consent": self.contact.consent},
            verification=_decimals_as_text({"chip": chip, "face": self.face.as_dict(),
                                            "fingerprints": self.fingerprints.as_dict(),
                                            "checks": [c.as_dict() for c in self.checks()]}),
            captures=captures, devices=list(self.devices))
        if supervisor is not None:
            contents.verification["supervisor"] = supervisor
        if self.chain_approval is not None:
            contents.verification["chain_approval"] = self.chain_approval.as_dict()
        return contents

    def as_dict(self) -> dict[str, object]:
        return {"step": str(self.step), "enrollment_id": self.enrollment_id,
                "package_id": self.saved.package_id if self.saved else None,
                "checks": [c.as_dict() for c in self.checks()],
                "step_seconds": {k: round(v, 3) for k, v in self.timings.items()}}



FACE_FILE = "face/live.jpg"


def _chip_files(read: CardRead) -> list[tuple[str, bytes]]:
    """The chip's files as the draft and the package name them."""
    return [(f"chip/{name}.bin", data) for name, data in sorted(read.chip.files.items())]


def _finger_file(capture: FingerCapture) -> str:
    return f"finger/{capture.finger}.fir"


FINGER_META_SUFFIX = ".meta.json"


def _finger_files(capture: FingerCapture) -> list[tuple[str, bytes]]:
    meta = json.dumps(capture.as_dict(), sort_keys=True).encode()
    return [(_finger_file(capture), capture.record), (f"finger/{capture.finger}{FINGER_META_SUFFIX}", meta)]


def _decimals_as_text(value: Any) -> Any:
    """The manifest is canonical JSON, which has no floats: scores are written as decimal text."""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, dict):
        return {k: _decimals_as_text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_decimals_as_text(v) for v in value]
    return value

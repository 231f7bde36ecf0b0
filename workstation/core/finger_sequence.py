"""The fingerprint capture sequence of one enrolment, without Qt: which finger to ask for next,
when a print is good enough, when to retry, when to fall back to another finger, and the
same-finger check between the two hands.

One finger is wanted from each hand, the index first. A print below the quality bar is retried
up to `max_attempts` times; then the sequence falls back thumb → middle → ring on that hand. The
officer can skip a finger that is missing or injured, with a reason that is kept. If no finger
of a hand reaches the bar, the best print seen is kept and marked below the bar, so nothing
captured is thrown away and the review shows it amber. The window and `workstation enroll`
both drive this class. The expensive part of judging a touch (NFIQ 2, WSQ compression, the
same-finger match: about half a second) is `examine`, which the window runs on the scanner's
thread; `submit_touch` then only decides, on the window's thread.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import StrEnum

from workstation.devices.fingerprint.base import FingerImage, FingerprintDriver, ScannerInfo
from workstation.messages import Message
from workstation.verify.finger import iso19794_4
from workstation.verify.finger.nbis_engine import MATCH_THRESHOLD, QUALITY_THRESHOLD, FingerAnalysis, analyse, match_score
from workstation.verify.finger.positions import FINGERS, HAND_ORDER

log = logging.getLogger(__name__)


def finger_label(name: str) -> Message:
    """What the officer reads for a finger ("ngón trỏ tay phải" / "right index finger")."""
    return FINGERS[name].label


class Outcome(StrEnum):
    ACCEPTED = "accepted"                  # good print kept; on to the other hand (or done)
    RETRY = "retry"                        # below the bar: the same finger again
    SAME_FINGER = "same_finger"            # it is the other hand's finger again: the right finger, please
    FALLBACK = "fallback"                  # this finger gave up: the next finger of the hand
    KEPT_BELOW_BAR = "kept_below_bar"      # no finger of the hand reached the bar: best print kept


@dataclass(frozen=True)
class Attempt:
    finger: str
    nfiq2: int
    minutiae: int
    outcome: Outcome
    same_finger_score: int | None = None   # bozorth3 against the other hand's accepted print

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"finger": self.finger, "nfiq2": self.nfiq2, "minutiae": self.minutiae,
                                   "outcome": str(self.outcome)}
        if self.same_finger_score is not None:
            data["same_finger_score"] = self.same_finger_score
        return data


@dataclass(frozen=True)
class FingerCapture:
    """One kept finger: its ISO/IEC 19794-4 record and what the record itself has no room for."""

    finger: str
    nfiq2: int
    threshold: int            # the bar this print was judged against (setting verify.finger_min_quality)
    passed: bool
    attempts: int
    captured_at: str          # UTC, ISO 8601
    scanner: ScannerInfo
    image_format: str         # "wsq" or "png", inside the record
    record: bytes
    analysis: FingerAnalysis | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, object]:
        return {"finger": self.finger, "iso_position": FINGERS[self.finger].iso_code, "nfiq2": self.nfiq2,
                "threshold": self.threshold, "passed": self.passed, "attempts": self.attempts,
                "captured_at": self.captured_at, "scanner": self.scanner.as_dict(),
                "image_format": self.image_format, "record_bytes": len(self.record)}

    @classmethod
    def from_draft(cls, meta: dict[str, object], record: bytes) -> "FingerCapture":
        """A print kept in a draft (its record and the as_dict beside it), for a resumed enrollment.
        Its minutiae are not kept: the same-finger check of a resumed hand compares nothing."""
        scanner = meta["scanner"]
        assert isinstance(scanner, dict)
        finger = str(meta["finger"])
        if finger not in FINGERS:
            raise ValueError(f"unknown finger {finger!r} in the draft")
        return cls(finger, int(meta["nfiq2"]), int(meta["threshold"]), bool(meta["passed"]),  # type: ignore[arg-type]
                   int(meta["attempts"]), str(meta["captured_at"]),  # type: ignore[arg-type]
                   ScannerInfo(str(scanner["vendor"]), str(scanner["model"]), str(scanner["serial"]),
                               int(scanner["dpi"])), str(meta["image_format"]), record)


@dataclass(frozen=True)
class FingerException:
    """A finger not captured, and why (missing, injured, too poor after every try)."""

    finger: str
    reason: str                         # as recorded in the package (the officer's words, or ours)
    message: Message | None = None      # ours, in both languages, when the sequence gave up by itself
    code: str = ""                      # ANSI/NIST-ITL AMP: XX amputated, UP unable to print (biometric_exceptions)
    evidence: bytes | None = field(default=None, repr=False, compare=False)   # a photo of the hand (JPEG)

    def text(self, language: str) -> str:
        return self.message.text(language) if self.message is not None else self.reason  # type: ignore[arg-type]

    @property
    def evidence_file(self) -> str:
        return f"evidence/{self.finger}-hand.jpg"

    def as_dict(self) -> dict[str, str]:
        data = {"finger": self.finger, "reason": self.reason}
        if self.code:
            data["code"] = self.code
        if self.evidence is not None:
            data["evidence"] = self.evidence_file
        return data


@dataclass(frozen=True)
class Touch:
    """One touch of the scanner, examined: what `submit_touch` needs to decide without any more
    image work."""

    finger: str | None                       # the finger asked for when it was taken
    image: FingerImage
    analysis: FingerAnalysis
    scanner: ScannerInfo
    compressed: tuple[int, bytes]            # (ISO compression code, image data) for the record
    same_finger_score: int | None            # bozorth3 against the other hand's kept print


@dataclass
class _Hand:
    order: tuple[str, ...]
    index: int = 0
    attempts: int = 0
    best_poor: tuple[Touch, str, int] | None = None
    capture: FingerCapture | None = None
    given_up: bool = False

    @property
    def current(self) -> str | None:
        if self.capture is not None or self.given_up or self.index >= len(self.order):
            return None
        return self.order[self.index]


class FingerprintSequence:
    def __init__(self, max_attempts: int = 3, threshold: int = QUALITY_THRESHOLD, image_format: str = "wsq",
                 orders: tuple[tuple[str, ...], ...] = (HAND_ORDER["right"], HAND_ORDER["left"]),
                 on_capture: Callable[[FingerCapture], None] | None = None,
                 on_exception: Callable[[FingerException], None] | None = None) -> None:
        """`orders`: one tuple of fingers per print wanted, tried in that order. `on_capture` is
        called the moment a hand's print is kept (accepted, or the best below the bar), so the
        enrollment can put it on disk before the next finger is placed."""
        self.on_capture = on_capture
        self.on_exception = on_exception       # a skipped finger's evidence goes to disk like a print
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.max_attempts = max_attempts
        self.threshold = threshold
        self.image_format = image_format
        self._hands = [_Hand(order) for order in orders]
        self.attempts: list[Attempt] = []
        self.exceptions: list[FingerException] = []

    # -- what to do now -------------------------------------------------------------------------
    @property
    def current(self) -> str | None:
        """The finger to ask for now, or None when the sequence is over."""
        hand = self._hand()
        return hand.current if hand else None

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def attempt_number(self) -> int:
        """1 for the first touch of the current finger, 2 for its first retry, ..."""
        hand = self._hand()
        return hand.attempts + 1 if hand else 0

    def _hand(self) -> _Hand | None:
        return next((h for h in self._hands if h.current is not None), None)

    def resume(self, kept: list[FingerCapture]) -> None:
        """Continue a draft: the prints it already holds count for their hands, which are done."""
        for capture in kept:
            for hand in self._hands:
                if hand.capture is None and capture.finger in hand.order:
                    hand.capture = capture
                    hand.index = hand.order.index(capture.finger)
                    break

    # -- what happened --------------------------------------------------------------------------
    def examine(self, image: FingerImage, scanner: ScannerInfo, analysis: FingerAnalysis | None = None) -> Touch:
        """The slow part, safe off the window's thread (it only reads the sequence): quality and
        minutiae, the compressed image, the match against the other hand's kept print."""
        analysis = analysis if analysis is not None else analyse(image.pixels)
        hand = self._hand()
        score = self._same_as_other_hand(hand, analysis) if hand is not None else None
        return Touch(self.current, image, analysis, scanner,
                     iso19794_4.compress(image.pixels, self.image_format, image.dpi), score)

    def submit(self, image: FingerImage, analysis: FingerAnalysis, scanner: ScannerInfo) -> Outcome:
        """Examine and decide in one go (scripts, `workstation enroll`)."""
        return self.submit_touch(self.examine(image, scanner, analysis))

    def submit_touch(self, touch: Touch) -> Outcome:
        """Decide on a touch. When keeping the print fails (`on_capture` raises: the disk is
        full), the sequence is as it was before this touch, so the same finger can be placed
        again once there is room: no print counts as captured that is not on disk."""
        hand = self._hand()
        if hand is None:
            raise RuntimeError("the fingerprint sequence is already complete")
        with self._all_or_nothing(hand):
            return self._decide(hand, touch)

    @contextmanager
    def _all_or_nothing(self, hand: _Hand) -> Iterator[None]:
        saved, attempts, exceptions = replace(hand), len(self.attempts), len(self.exceptions)
        try:
            yield
        except BaseException:
            hand.__dict__.update(saved.__dict__)
            del self.attempts[attempts:], self.exceptions[exceptions:]
            raise

    def _decide(self, hand: _Hand, touch: Touch) -> Outcome:
        finger = hand.order[hand.index]
        analysis = touch.analysis
        score = touch.same_finger_score
        if score is not None and score >= MATCH_THRESHOLD:
            # the other hand's finger again: whatever its quality, it is not this finger's try
            self.attempts.append(Attempt(finger, analysis.nfiq2, analysis.minutiae, Outcome.SAME_FINGER, score))
            return Outcome.SAME_FINGER
        hand.attempts += 1
        if analysis.nfiq2 >= self.threshold:
            hand.capture = self._capture(finger, touch, hand.attempts, passed=True)
            self._kept(hand.capture)
            self.attempts.append(Attempt(finger, analysis.nfiq2, analysis.minutiae, Outcome.ACCEPTED, score))
            return Outcome.ACCEPTED
        if hand.best_poor is None or analysis.nfiq2 > hand.best_poor[0].analysis.nfiq2:
            hand.best_poor = (touch, finger, hand.attempts)
        if hand.attempts < self.max_attempts:
            self.attempts.append(Attempt(finger, analysis.nfiq2, analysis.minutiae, Outcome.RETRY))
            return Outcome.RETRY
        best = hand.best_poor[0].analysis.nfiq2
        gave_up = Message(f"chất lượng dưới {self.threshold} sau {hand.attempts} lần (cao nhất {best})",
                          f"quality below {self.threshold} after {hand.attempts} tries (best {best})")
        self.exceptions.append(FingerException(finger, gave_up.en, gave_up))
        outcome = self._next_finger(hand)
        self.attempts.append(Attempt(finger, analysis.nfiq2, analysis.minutiae, outcome))
        return outcome

    def skip(self, reason: str, code: str = "", evidence: bytes | None = None, message: Message | None = None) -> None:
        """The current finger cannot be captured (missing, injured, bandaged): record why (a preset's
        code and words, or free text), with a photo of the hand if one was taken, and move on."""
        hand = self._hand()
        if hand is None:
            raise RuntimeError("the fingerprint sequence is already complete")
        if not reason.strip():
            raise ValueError("a reason is needed to skip a finger")
        exception = FingerException(hand.order[hand.index], reason.strip(), message, code, evidence)
        with self._all_or_nothing(hand):
            self.exceptions.append(exception)
            if self.on_exception is not None:
                self.on_exception(exception)
            self._next_finger(hand)

    def _next_finger(self, hand: _Hand) -> Outcome:
        hand.index += 1
        hand.attempts = 0
        if hand.index < len(hand.order):
            return Outcome.FALLBACK
        if hand.best_poor is not None:
            touch, finger, attempts = hand.best_poor
            hand.capture = self._capture(finger, touch, attempts, passed=False)
            self._kept(hand.capture)
            return Outcome.KEPT_BELOW_BAR
        hand.given_up = True
        return Outcome.FALLBACK

    def _kept(self, capture: FingerCapture) -> None:
        if self.on_capture is not None:
            self.on_capture(capture)

    def _same_as_other_hand(self, hand: _Hand, analysis: FingerAnalysis) -> int | None:
        others = [h.capture for h in self._hands if h is not hand and h.capture is not None]
        scores = [match_score(c.analysis, analysis) for c in others if c.analysis is not None]
        return max(scores) if scores else None

    def _capture(self, finger: str, touch: Touch, attempts: int, passed: bool) -> FingerCapture:
        image, analysis, scanner = touch.image, touch.analysis, touch.scanner
        code, data = touch.compressed
        height, width = image.pixels.shape
        record = iso19794_4.encode(iso19794_4.FingerImageRecord(
            views=(iso19794_4.FingerView(FINGERS[finger].iso_code, max(0, min(100, analysis.nfiq2)), width, height,
                                         data),),
            dpi=image.dpi, compression=code, acquisition_level=iso19794_4.acquisition_level(image.dpi)))
        return FingerCapture(finger, analysis.nfiq2, self.threshold, passed, attempts,
                             dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), scanner,
                             self.image_format, record, analysis)

    # -- the result -----------------------------------------------------------------------------
    @property
    def captures(self) -> list[FingerCapture]:
        return [h.capture for h in self._hands if h.capture is not None]

    @property
    def complete(self) -> bool:
        """Both hands have a print at or above the bar."""
        return all(h.capture is not None and h.capture.passed for h in self._hands)

    def as_dict(self) -> dict[str, object]:
        return {"complete": self.complete, "captures": [c.as_dict() for c in self.captures],
                "exceptions": [e.as_dict() for e in self.exceptions],
                "attempts": [a.as_dict() for a in self.attempts]}


def run_sequence(driver: FingerprintDriver, sequence: FingerprintSequence, timeout: float = 15.0) -> FingerprintSequence:
    """Drive `sequence` with `driver` until it is over, unattended (simulated enrolment, scripts).
    Scanner faults (timeout, unplugged, cancelled) propagate: the caller decides what to tell."""
    scanner = driver.info()
    while not sequence.done:
        finger = sequence.current
        assert finger is not None
        image = driver.capture(finger, timeout)
        sequence.submit(image, analyse(image.pixels), scanner)
        log.info("fingerprint %s: %s (NFIQ 2 %d)", finger, sequence.attempts[-1].outcome,
                 sequence.attempts[-1].nfiq2)
    return sequence

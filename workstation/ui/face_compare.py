"""The face step's comparison of the capture with the chip photo, off the UI thread. The chip photo
is encoded as soon as the chip is read, while the officer frames the citizen, so the verdict after
the capture only encodes the live face (face.compare bench). Each citizen starts clean: `forget`
drops the comparator (it caches the last citizen's encodings) and the last citizen's late work.
Qt-free: the page passes callbacks that emit its signals, so the results reach the UI thread."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from workstation.core.face_review import FaceReview, face_comparator, review_face
from workstation.errors import WorkstationError

if TYPE_CHECKING:
    from workstation.core.face_capture import CapturedFace
    from workstation.verify.face.compare import FaceComparator


class FaceComparison:
    """One citizen's comparison at a time: `warm` with the chip photo, `review` the capture."""

    def __init__(self, on_reviewed: Callable[[FaceReview], None], on_error: Callable[[WorkstationError], None]) -> None:
        self.on_reviewed = on_reviewed        # called from the comparison's thread
        self.on_error = on_error              # likewise
        self.comparator: FaceComparator | None = None   # made on first use: loading dlib takes a moment
        self.warming: threading.Thread | None = None    # the chip photo being encoded ahead of the capture
        self._citizen = 0                                # bumped for each citizen: late work is dropped

    def forget(self) -> None:
        """The next citizen: nothing of the last one's photos stays in memory."""
        self._citizen += 1
        self.warming = None
        self.comparator = None

    def warm(self, photo_rgb: np.ndarray, thresholds: tuple[float, float] | None) -> None:
        """Load the face model and encode the chip photo now, while the officer frames the citizen:
        the verdict after the capture then only encodes the live face (face.compare bench)."""
        citizen = self._citizen

        def work() -> None:
            try:
                comparator = self.comparator or face_comparator(*(thresholds or (None, None)))
                comparator.encode(photo_rgb, "chip", largest_only=True)
            except WorkstationError:
                return                      # said when the capture is compared
            if citizen == self._citizen and self.comparator is None:
                self.comparator = comparator
        self.warming = threading.Thread(target=work, name="face-warm", daemon=True)
        self.warming.start()

    def review(self, reference: np.ndarray, captured: "CapturedFace", thresholds: tuple[float, float] | None) -> None:
        """The capture against the chip photo; the verdict (or why there is none) to the callbacks."""
        warming = self.warming

        def work() -> None:
            try:
                if warming is not None:
                    warming.join()          # the chip photo's encoding, started when the chip was read
                if self.comparator is None:
                    self.comparator = face_comparator(*(thresholds or (None, None)))
                self.on_reviewed(review_face(reference, captured, self.comparator))
            except WorkstationError as exc:
                self.on_error(exc)
        threading.Thread(target=work, name="face-compare", daemon=True).start()

"""The face step: live preview with the face box, the officer's next step, auto-capture.

Frames and analysis results cross from the camera and analysis threads to the UI thread through
Qt signals; only the newest frame is painted, so a slow paint never backs up the camera. The
comparison with the chip photo runs in face_compare.py.
"""
from __future__ import annotations

import html
import threading

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from workstation.core.camera_stream import CameraStream
from workstation.core.device_manager import DeviceManager
from workstation.core.face_capture import (
    BLINK,
    HEAD_TURN,
    CapturedFace,
    FaceCaptureSession,
    FaceGuidance,
    QualityLimits,
    blink_challenge_available,
)
from workstation.core.face_review import (
    FaceReview,
    OverrideRefused,
    encode_jpeg,
    override_reason,
)
from workstation.devices.base import DeviceKind
from workstation.devices.camera.base import Frame
from workstation.ui.face_compare import FaceComparison
from workstation.ui.scaling import ScaledSizes


class _Bridge(QObject):
    frame = Signal()
    guidance = Signal(object)
    captured = Signal(object)
    camera_error = Signal(object)
    stream_error = Signal(object)
    reviewed = Signal(object)


def to_qimage(bgr: np.ndarray) -> QImage:
    h, w = bgr.shape[:2]
    data = np.ascontiguousarray(bgr)
    image = QImage(data.data, w, h, 3 * w, QImage.Format.Format_BGR888)
    return image.copy()  # own the pixels: the array may be reused by the camera


class FacePage(QWidget):
    reviewed = Signal(object, bytes)          # FaceReview, the captured frame as JPEG
    override_requested = Signal(str)          # the officer's reason; the window asks a supervisor
    refuse_requested = Signal(str)            # the officer's reason: this enrollment ends here
    camera_state = Signal(bool, str)          # the camera stopped answering (False, why) or is back (True)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        from workstation.ui.scaling import shrink_to_fit

        if getattr(self, "sizes", None) is not None:
            shrink_to_fit(self, self.sizes)

    def __init__(self, devices: DeviceManager | None, language, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("step-face")
        self.devices = devices
        self.language = language
        self.bridge = _Bridge(self)
        self.bridge.frame.connect(self._paint_latest)
        self.bridge.guidance.connect(self._show_guidance)
        self.bridge.captured.connect(self._show_capture)
        self.bridge.camera_error.connect(self.show_error)
        self.bridge.stream_error.connect(self._camera_failed)
        self._camera_lost = False
        self.bridge.reviewed.connect(self._on_reviewed)
        self.reference: np.ndarray | None = None
        self.review: FaceReview | None = None
        self.comparison = FaceComparison(self.bridge.reviewed.emit, self.bridge.camera_error.emit)
        self.thresholds: tuple[float, float] | None = None   # (match at or below, no match above)
        self.quality_limits: QualityLimits = QualityLimits()
        self.challenge = HEAD_TURN      # the officer switches to BLINK for a citizen who cannot turn the head
        self._latest: Frame | None = None
        self._latest_lock = threading.Lock()
        self._guidance: FaceGuidance | None = None
        self.captured: CapturedFace | None = None
        self.stream: CameraStream | None = None
        self.session: FaceCaptureSession | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 28pt; font-weight: 600;")
        self.advice = QLabel(self)
        self.advice.setObjectName("face-advice")
        self.advice.setStyleSheet("font-size: 20pt;")
        row = QHBoxLayout()
        self.preview = QLabel(self)
        self.preview.setObjectName("face-preview")
        self.sizes = ScaledSizes()
        self.sizes.add(self.preview, 480, 360)
        self.preview.setStyleSheet("background: #222;")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side = QVBoxLayout()
        photos = QHBoxLayout()
        self.chip_photo = QLabel(self)
        self.chip_photo.setObjectName("face-chip-photo")
        self.sizes.add(self.chip_photo, 150, 200)
        self.chip_photo.setStyleSheet("background: #ddd;")
        self.chip_photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo = QLabel(self)
        self.photo.setObjectName("face-captured")
        self.sizes.add(self.photo, 150, 200)
        self.photo.setStyleSheet("background: #ddd;")
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.capture_note = QLabel(self)
        self.capture_note.setWordWrap(True)
        self.capture_note.setStyleSheet("font-size: 13pt;")
        self.capture_button = QPushButton(self)
        self.capture_button.clicked.connect(self.capture_now)
        self.retake_button = QPushButton(self)
        self.retake_button.clicked.connect(self.restart)
        self.challenge_button = QPushButton(self)
        self.challenge_button.setObjectName("face-challenge")
        self.challenge_button.clicked.connect(self.switch_challenge)
        photos.addWidget(self.chip_photo)
        photos.addWidget(self.photo)
        side.addLayout(photos)
        self.verdict = QLabel(self)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setObjectName("face-verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-size: 20pt; font-weight: 600;")
        # a refused face: ending the enrollment comes first, a supervisor's override second
        self.refuse_button = QPushButton(self)
        self.refuse_button.setObjectName("face-refuse")
        self.refuse_button.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.refuse_button.clicked.connect(self.ask_refuse)
        self.refuse_button.hide()
        self.override_button = QPushButton(self)
        self.override_button.setObjectName("face-override")
        self.override_button.clicked.connect(self.ask_override)
        self.override_button.hide()
        # the raw numbers (distance, thresholds) are for whoever wants them, behind F7: the verdict
        # itself is words an officer reads from a distance
        self.details = QLabel(self)
        self.details.setObjectName("face-details")
        self.details.setWordWrap(True)
        self.details.setStyleSheet("font-size: 12pt; color: #555;")
        self.details.hide()
        self.details_button = QPushButton(self)
        self.details_button.setObjectName("face-details-button")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self.details.setVisible)
        self.details_button.hide()
        side.addWidget(self.verdict)
        side.addWidget(self.details_button)
        side.addWidget(self.details)
        side.addWidget(self.refuse_button)
        side.addWidget(self.override_button)
        side.addWidget(self.capture_note)
        side.addWidget(self.capture_button)
        side.addWidget(self.retake_button)
        side.addWidget(self.challenge_button)
        side.addStretch(1)
        row.addWidget(self.preview)
        row.addSpacing(16)
        row.addLayout(side)
        row.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.advice)
        layout.addLayout(row)
        layout.addStretch(1)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.capture_now)
        QShortcut(QKeySequence(Qt.Key.Key_F3), self, self.switch_challenge)
        QShortcut(QKeySequence(Qt.Key.Key_F6), self, self.ask_refuse)
        # retake and the override by keyboard too (issue 20 finding 8); each only while its button shows
        QShortcut(QKeySequence(Qt.Key.Key_F5), self,
                  lambda: self.restart() if self.retake_button.isVisible() and self.review is not None else None)
        QShortcut(QKeySequence(Qt.Key.Key_F4), self,
                  lambda: self.ask_override() if self.override_button.isVisible() else None)
        QShortcut(QKeySequence(Qt.Key.Key_F7), self,
                  lambda: self.details_button.toggle() if self.details_button.isVisible() else None)
        self.retranslate()

    # -- life cycle: the camera runs only while the page is shown -------------------------------
    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        self.start()

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802
        self.stop()
        super().hideEvent(event)

    def start(self) -> None:
        if self.devices is None or self.devices.driver(DeviceKind.CAMERA) is None or self.stream is not None:
            return
        self.captured = None
        self.session = FaceCaptureSession(self.bridge.guidance.emit, self.bridge.captured.emit,
                                          limits=self.quality_limits, challenge=self.challenge).start()
        self.stream = CameraStream(self.devices, self._on_frame, self.bridge.stream_error.emit)
        self.stream.start()

    def stop(self) -> None:
        if self.stream is not None:
            self.stream.stop()
            self.stream = None
        if self.session is not None:
            self.session.stop()
            self.session = None

    def reset(self) -> None:
        """Ready for the next citizen: nothing of the last one stays on screen, nor in memory (the
        comparator caches the encodings of the last citizen's photos)."""
        self.stop()
        self.comparison.forget()
        self.captured = None
        self._guidance = None
        self.sizes.set_pixmap(self.photo, None)
        self.sizes.set_pixmap(self.preview, None)
        self.capture_note.clear()
        self.verdict.clear()
        self.details.clear()
        self.details_button.setChecked(False)
        self.details_button.hide()
        self.override_button.hide()
        self.refuse_button.hide()
        self.capture_button.show()
        self.challenge_button.show()
        self.review = None
        self.challenge = HEAD_TURN
        self.retranslate()

    def restart(self) -> None:
        self.stop()
        self.sizes.set_pixmap(self.photo, None)
        self.capture_note.clear()
        self.verdict.clear()
        self.details.clear()
        self.details_button.setChecked(False)
        self.details_button.hide()
        self.override_button.hide()
        self.refuse_button.hide()
        self.capture_button.show()
        self.challenge_button.show()
        self.review = None
        self.start()

    def switch_challenge(self) -> None:
        """F3: blink instead of the head turn (a citizen who cannot turn the head), or back; the
        liveness challenge starts over. The package records which one was done."""
        if self.challenge == HEAD_TURN and not blink_challenge_available():
            self.capture_note.setText(self.tr("The blink challenge is not available: the eye model is missing."))
            return
        self.challenge = BLINK if self.challenge == HEAD_TURN else HEAD_TURN
        self.retranslate()
        if self.stream is not None:
            self.restart()

    def set_reference(self, photo_rgb: np.ndarray | None) -> None:
        """The chip's photo, compared with the capture as soon as it is taken."""
        self.reference = photo_rgb
        if photo_rgb is None:
            self.sizes.set_pixmap(self.chip_photo, None)
            return
        image = to_qimage(np.ascontiguousarray(photo_rgb[..., ::-1]))
        self.sizes.set_pixmap(self.chip_photo, QPixmap.fromImage(image))
        self.comparison.warm(photo_rgb, self.thresholds)

    def _review_in_background(self, captured: CapturedFace) -> None:
        if self.reference is not None:
            self.comparison.review(self.reference, captured, self.thresholds)

    def _on_reviewed(self, review: FaceReview) -> None:
        self.show_review(review)
        if self.captured is not None:
            self.reviewed.emit(review, encode_jpeg(self.captured.frame.pixels))

    def show_review(self, review: FaceReview) -> None:
        self.review = review
        self._render_review(review)
        self.details_button.show()
        self.override_button.setVisible(review.needs_override)
        self.refuse_button.setVisible(review.needs_override)
        if review.needs_override:
            self.refuse_button.setFocus()

    def _render_review(self, review: FaceReview) -> None:
        """The verdict's words in the window's language (again at a language change)."""
        colours = {"match": "#1b7f3b", "uncertain": "#b36b00", "no_match": "#b3261e"}
        words = {"match": self.tr("Same person"), "uncertain": self.tr("Uncertain: check by eye"),
                 "no_match": self.tr("NOT the same person")}
        # the verdict in big words that never break inside the phrase; what qualifies it, smaller
        colour = colours[review.match.verdict]
        text = (f'<span style="font-size: 22pt; font-weight: 600; color: {colour}">'
                f'{html.escape(words[review.match.verdict]).replace(" ", "&nbsp;")}</span>')
        notes = []
        if review.liveness != "passed":
            notes.append(self.tr("Liveness not proven"))
        if review.override is not None:
            notes.append(self.tr("Accepted by the officer: %1").replace("%1", review.override.reason))
        for note in notes:
            text += f'<br/><span style="font-size: 15pt; color: {colour}">{html.escape(note)}</span>'
        self.verdict.setText(text)
        self.details.setText(self.review_details(review))
        self.verdict.setStyleSheet(f"color: {colour};")
        # the header agrees with the verdict: no green "photo taken" above a red refusal
        header = colours[review.match.verdict] if not review.needs_override or review.override else "#b3261e"
        self.advice.setStyleSheet(f"font-size: 20pt; color: {header};")

    def review_details(self, review: FaceReview) -> str:
        """The numbers behind the verdict, with the decimal separator of the window's language."""
        def number(value: float) -> str:
            text = f"{value:.2f}"
            return text.replace(".", ",") if self.language() == "vi" else text

        match = review.match
        return (self.tr("Face distance %1 (same person at or below %2, not the same above %3); liveness: %4; "
                        "checks failed: %5")
                .replace("%1", number(match.score)).replace("%2", number(match.match_below))
                .replace("%3", number(match.threshold))
                .replace("%4", self.tr("proven") if review.liveness == "passed" else self.tr("not proven"))
                .replace("%5", ", ".join(self.check_name(c) for c in review.quality_failed) or "-"))

    def ask_refuse(self) -> None:
        """The first action for a refused face: end this enrollment, with the officer's reason."""
        if self.review is None or not self.refuse_button.isVisible():
            return
        from workstation.ui.confirm import ask_reason, confirm

        title = self.tr("Refuse this enrollment")
        reason, ok = ask_reason(self, title, self.tr("Why is the enrollment refused? (kept in the history)"),
                                self.tr("Next…"), self.tr("Go back"),
                                text=self.tr("The face does not match the chip photo"))
        reason = " ".join(reason.split())
        if not ok or len(reason) < 5:
            return
        # F6 then Enter out of habit must not end the enrollment: the safe choice is the default
        if confirm(self, title, self.tr("End this enrollment as refused? Its photos are deleted."),
                   self.tr("Refuse the enrollment"), self.tr("Go back")):
            self.refuse_requested.emit(reason)

    def ask_override(self) -> None:
        if self.review is None:
            return
        # one line: Enter accepts it (a multi-line box kept Tab and Enter inside, OK needed the mouse)
        reason, ok = QInputDialog.getText(self, self.tr("Accept this face"),
                                          self.tr("Why is this face accepted? (recorded in the package)"))
        if not ok:
            return
        try:
            reason = override_reason(reason)
        except OverrideRefused as exc:
            QMessageBox.warning(self, self.tr("Accept this face"), exc.officer_text(self.language()))
            return
        self.override_requested.emit(reason)

    def capture_now(self) -> None:
        if self.session is not None and self.captured is None:
            self.session.capture_now()

    # -- from the worker threads ------------------------------------------------------------------
    def _on_frame(self, frame: Frame) -> None:
        if self.session is not None:
            self.session.offer(frame)
        with self._latest_lock:
            first = self._latest is None
            self._latest = frame
        if first:
            self.bridge.frame.emit()

    # -- on the UI thread ----------------------------------------------------------------------
    def _camera_failed(self, error) -> None:  # noqa: ANN001
        """The camera stopped answering (unplugged): said here and in the window's status."""
        self.show_error(error)
        if not self._camera_lost:
            self._camera_lost = True
            self.camera_state.emit(False, error.officer_text(self.language()) if hasattr(error, "officer_text")
                                   else str(error))

    def _paint_latest(self) -> None:
        with self._latest_lock:
            frame, self._latest = self._latest, None
        if frame is not None and self._camera_lost:
            self._camera_lost = False
            self.advice.setStyleSheet("font-size: 20pt;")
            self.advice.setText(self.tr("Ask the citizen to look straight at the camera."))
            self.camera_state.emit(True, "")
        if frame is None:
            return
        image = to_qimage(frame.pixels)
        guidance = self._guidance
        if guidance is not None and guidance.report.box is not None:
            box = guidance.report.box
            painter = QPainter(image)
            colour = QColor("#1b7f3b") if guidance.report.passed else QColor("#ffb300")
            painter.setPen(QPen(colour, 4))
            painter.drawRect(box.left, box.top, box.width, box.height)
            painter.end()
        self.sizes.set_pixmap(self.preview, QPixmap.fromImage(image), smooth=False)   # again if the window grows
        with self._latest_lock:
            pending = self._latest is not None
        if pending:
            self.bridge.frame.emit()

    def _show_guidance(self, guidance: FaceGuidance) -> None:
        self._guidance = guidance
        advice = guidance.advice
        live = guidance.liveness is None or guidance.liveness.status == "passed"
        if guidance.report.passed and live:
            self.advice.setText(self.tr("Good: hold still…"))
            self.advice.setStyleSheet("font-size: 20pt; color: #1b7f3b;")
        else:
            self.advice.setText(advice.text(self.language()) if advice else "")
            self.advice.setStyleSheet("font-size: 20pt; color: #b36b00;")

    def _show_capture(self, captured: CapturedFace) -> None:
        self.captured = captured
        self.capture_button.hide()          # taken: what is left is the verdict and retake
        self.challenge_button.hide()
        self._capture_texts(captured)
        self.advice.setStyleSheet("font-size: 20pt; color: #1b7f3b;")
        image = to_qimage(captured.frame.pixels)
        box = captured.report.box
        if box is not None:
            margin = box.height // 2
            image = image.copy(max(0, box.left - margin), max(0, box.top - margin),
                               box.width + 2 * margin, box.height + 2 * margin)
        self.sizes.set_pixmap(self.photo, QPixmap.fromImage(image))
        self.stop()
        self._review_in_background(captured)

    def _capture_texts(self, captured: CapturedFace) -> None:
        self.advice.setText(self.tr("Photo taken"))
        if captured.automatic:
            self.capture_note.setText(self.tr("Captured automatically: every check passed."))
        else:
            self.capture_note.setText(self.tr("Captured by the officer; failed checks: %1")
                                      .replace("%1", ", ".join(self.check_name(c) for c in captured.failed_checks) or "-"))

    def check_name(self, name: str) -> str:
        """A quality check's name in the officer's words."""
        return {"one_face": self.tr("one face"), "eye_distance": self.tr("too far"), "exposure": self.tr("lighting"),
                "frontal": self.tr("looking straight"), "roll": self.tr("head level"), "sharpness": self.tr("sharpness"),
                "eyes_open": self.tr("eyes open"),
                "liveness": self.tr("liveness")}.get(name, name)

    def show_error(self, error) -> None:  # noqa: ANN001
        """A camera lost, or a photo that could not be kept (a full disk), in red where the advice is."""
        self.advice.setText(error.officer_text(self.language()))
        self.advice.setStyleSheet("font-size: 20pt; color: #b3261e;")

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Face"))
        self.capture_button.setText(self.tr("Capture now (Space)"))
        self.retake_button.setText(self.tr("Retake (F5)"))
        self.override_button.setText(self.tr("Accept with a reason… (F4)"))
        self.details_button.setText(self.tr("Details (F7)"))
        if self.captured is not None:
            self._capture_texts(self.captured)
        if self.review is not None:
            self._render_review(self.review)
        self.refuse_button.setText(self.tr("Refuse and end this enrollment (F6)"))
        self.challenge_button.setText(self.tr("Cannot turn the head? Blink instead (F3)") if self.challenge == HEAD_TURN
                                      else self.tr("Turn the head instead (F3)"))
        if self._guidance is None:
            self.advice.setText(self.tr("Ask the citizen to look straight at the camera."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

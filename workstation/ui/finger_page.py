"""The fingerprint step: which finger to place, the scanner's live image, the quality of every
print, retries and fallbacks done by the core's sequence, a missing finger skipped with a reason.

Capture and scoring run on the scanner's own thread (DeviceManager.submit); results cross to the
UI thread through signals. Leaving the page cancels a capture in progress.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workstation.core.device_manager import DeviceManager
from workstation.core.finger_sequence import FingerprintSequence, Outcome, Touch, finger_label
from workstation.devices.base import DeviceKind
from workstation.devices.fingerprint.base import CaptureCancelled
from workstation.errors import WorkstationError
from workstation.ui.scaling import ScaledSizes

CAPTURE_TIMEOUT = 20.0


class _Bridge(QObject):
    preview = Signal(object)
    result = Signal(object)        # (FingerImage, FingerAnalysis, ScannerInfo)
    error = Signal(object)


def grey_to_qimage(grey: np.ndarray) -> QImage:
    data = np.ascontiguousarray(grey)
    h, w = data.shape
    return QImage(data.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


class FingerPage(QWidget):
    finished = Signal(object)      # the FingerprintSequence, once it is over

    def __init__(self, devices: DeviceManager | None, language, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("step-fingerprints")
        self.devices = devices
        self.language = language
        self.sequence: FingerprintSequence | None = None
        self.busy = False
        self.scanner_missing = False
        self._capture = 0           # the latest capture started: an older one's answer is not awaited
        self._last_ok = True
        self.bridge = _Bridge(self)
        self.bridge.preview.connect(self._show_image)
        self.bridge.result.connect(self._on_result)
        self.bridge.error.connect(self._on_capture_error)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 28pt; font-weight: 600;")
        self.instruction = QLabel(self)
        self.instruction.setObjectName("finger-instruction")
        self.instruction.setWordWrap(True)
        self.instruction.setStyleSheet("font-size: 24pt; font-weight: 600; color: #0b4f8a;")
        self.status = QLabel(self)
        self.status.setObjectName("finger-status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 18pt;")
        row = QHBoxLayout()
        self.image = QLabel(self)
        self.image.setObjectName("finger-image")
        self.sizes = ScaledSizes()
        self.sizes.add(self.image, 280, 350)
        self.image.setStyleSheet("background: #f4f4f4; border: 1px solid #bbb;")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side = QVBoxLayout()
        self.results = QLabel(self)
        self.results.setObjectName("finger-results")
        self.results.setWordWrap(True)
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setStyleSheet("font-size: 16pt;")
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("finger-retry")
        self.retry_button.clicked.connect(self.capture_next)
        self.skip_button = QPushButton(self)
        self.skip_button.setObjectName("finger-skip")
        self.skip_button.clicked.connect(self.ask_skip)
        side.addWidget(self.results)
        side.addStretch(1)
        side.addWidget(self.retry_button)
        side.addWidget(self.skip_button)
        row.addWidget(self.image)
        row.addSpacing(24)
        row.addLayout(side, 1)
        layout.addWidget(self.heading)
        layout.addWidget(self.instruction)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addStretch(1)
        # keys, not focus: Space must never open the skip dialog (it means "capture" on the face page)
        for button in (self.retry_button, self.skip_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.ask_skip)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.capture_next)
        self.retranslate()

    # -- life cycle ---------------------------------------------------------------------------
    def begin(self, sequence: FingerprintSequence) -> None:
        """A new citizen: a fresh sequence (the enrollment's: each kept print goes straight into its
        draft); capturing starts when the page is shown."""
        self.sequence = sequence
        self.sizes.set_pixmap(self.image, None)
        self._show_progress()
        if sequence.done:       # a resumed draft that already holds every print: straight on to the review
            QTimer.singleShot(0, self, lambda: self.finished.emit(sequence) if self.sequence is sequence else None)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if self.sequence is not None and not self.sequence.done:
            self.capture_next()

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802
        self.cancel()
        super().hideEvent(event)

    def cancel(self) -> None:
        driver = self.devices.driver(DeviceKind.FINGERPRINT) if self.devices else None
        if self.busy and driver is not None:
            driver.cancel()   # thread-safe: the capture raises CaptureCancelled on its thread

    # -- capturing ----------------------------------------------------------------------------
    def capture_next(self) -> None:
        if self.busy or self.sequence is None or self.sequence.done or self.devices is None:
            return
        finger = self.sequence.current
        assert finger is not None
        self.busy = True
        self.retry_button.setEnabled(False)
        self._show_progress(self.status.text(), ok=self._last_ok)   # keep the advice of the last touch
        self._capture += 1
        capture, sequence = self._capture, self.sequence

        def work(driver):  # noqa: ANN001, ANN202 - on the scanner's thread, with the slow judging
            scanner = driver.info()
            image = driver.capture(finger, CAPTURE_TIMEOUT, preview=self.bridge.preview.emit)
            return capture, sequence, sequence.examine(image, scanner)

        try:
            future = self.devices.submit(DeviceKind.FINGERPRINT, work)
        except KeyError:
            self.busy = False
            self._on_error(WorkstationError(self.tr("No fingerprint scanner is configured.")))
            return

        def done(f) -> None:  # noqa: ANN001
            error = f.exception()
            if error is not None:
                self.bridge.error.emit((capture, error))
            else:
                self.bridge.result.emit(f.result())
        future.add_done_callback(done)

    def _on_result(self, result: tuple[int, FingerprintSequence, Touch]) -> None:
        capture, sequence, touch = result
        if capture != self._capture:
            return      # a capture given up for a newer one (a finger skipped): that one is under way
        self.busy = False
        self.retry_button.setEnabled(True)
        if sequence is not self.sequence or touch.finger != sequence.current:
            return      # taken for the citizen before: not this citizen's print
        self._show_image(touch.image.pixels)
        analysis = touch.analysis
        try:
            outcome = sequence.submit_touch(touch)
        except WorkstationError as exc:     # the print could not be kept (a full disk): place it again
            self._on_error(exc)
            return
        notes = {
            Outcome.ACCEPTED: self.tr("Good print (quality %1)."),
            Outcome.RETRY: self.tr("Print too poor (quality %1): clean the finger and the glass, press a little "
                                   "harder, and place it again."),
            Outcome.SAME_FINGER: self.tr("This is the same finger as before: please place the finger asked for."),
            Outcome.FALLBACK: self.tr("This finger gives no usable print (quality %1): using another finger."),
            Outcome.KEPT_BELOW_BAR: self.tr("No finger of this hand reached the quality bar: the best print is kept."),
        }
        self._show_progress(notes[outcome].replace("%1", str(analysis.nfiq2)),
                            ok=outcome == Outcome.ACCEPTED)
        if self.sequence.done:
            self.finished.emit(self.sequence)
        elif self.isVisible():
            self.capture_next()

    def _on_capture_error(self, failure: tuple[int, BaseException]) -> None:
        capture, error = failure
        if capture == self._capture:
            self._on_error(error)

    def _on_error(self, error) -> None:  # noqa: ANN001
        self.busy = False
        self.retry_button.setEnabled(True)
        if isinstance(error, CaptureCancelled):
            return
        text = error.officer_text(self.language()) if isinstance(error, WorkstationError) else str(error)
        self.status.setText(text + " " + self.tr("Press Retry when ready."))
        self.status.setStyleSheet("font-size: 18pt; color: #b3261e;")

    def exception_dialog(self, finger: str):  # noqa: ANN201 - FingerExceptionDialog (imported when needed)
        """Preset reasons, words and a photo of the hand from the counter's camera (when there is one)."""
        from workstation.core.hand_photo import take_hand_photo
        from workstation.ui.exception_dialog import FingerExceptionDialog

        devices = self.devices
        has_camera = devices is not None and devices.driver(DeviceKind.CAMERA) is not None
        return FingerExceptionDialog(finger, self.language, (lambda: take_hand_photo(devices)) if has_camera else None,
                                     self)

    def ask_skip(self) -> None:
        """The finger asked for is missing or injured: record why and go to the next one."""
        if self.sequence is None or self.sequence.done:
            return
        finger = finger_label(self.sequence.current or "").text(self.language())
        dialog = self.exception_dialog(finger)
        if not dialog.exec():
            return
        preset, reason, message = dialog.chosen()
        self.cancel()
        try:
            self.sequence.skip(reason, preset.code, dialog.photo, message)
        except WorkstationError as exc:     # the best print so far could not be kept (a full disk)
            self._on_error(exc)
            return
        self._show_progress()
        if self.sequence.done:
            self.finished.emit(self.sequence)
        else:
            self.busy = False
            self.capture_next()

    def scanner_state(self, present: bool) -> None:
        """The scanner went away (unplugged): the big instruction says so instead of "place the
        finger"; when it is back, the capture starts again by itself."""
        self.scanner_missing = not present
        if not present:
            self.cancel()
            self.instruction.setText(self.tr("The fingerprint scanner is not answering: plug it in again."))
            self.instruction.setStyleSheet("font-size: 24pt; font-weight: 600; color: #b3261e;")
            return
        self.instruction.setStyleSheet("font-size: 24pt; font-weight: 600; color: #0b4f8a;")
        self._show_progress()
        if self.isVisible() and self.sequence is not None and not self.sequence.done and not self.busy:
            self.capture_next()

    # -- showing ------------------------------------------------------------------------------
    def _show_image(self, grey: np.ndarray) -> None:
        self.sizes.set_pixmap(self.image, QPixmap.fromImage(grey_to_qimage(grey)))

    def _show_progress(self, note: str = "", ok: bool = True) -> None:
        self._last_ok = ok
        sequence = self.sequence
        if sequence is None:
            return
        if self.scanner_missing:
            pass                                  # the instruction says the scanner is missing
        elif sequence.done:
            self.instruction.setText(self.tr("Fingerprints done."))
        else:
            finger = finger_label(sequence.current or "").text(self.language())
            text = self.tr("Place the %1 on the scanner").replace("%1", finger)
            if sequence.attempt_number > 1:
                attempt = self.tr("try %1 of %2").replace("%1", str(sequence.attempt_number))
                text += f"  ({attempt.replace('%2', str(sequence.max_attempts))})"
            self.instruction.setText(text)
        self.status.setText(note)
        self.status.setStyleSheet(f"font-size: 18pt; color: {'#1b7f3b' if ok else '#b36b00'};")
        lines = []
        quality = self.tr("quality")
        for capture in sequence.captures:
            label = finger_label(capture.finger).text(self.language())
            colour = "#1b7f3b" if capture.passed else "#b36b00"
            lines.append(f"<span style='color:{colour}'>{'✔' if capture.passed else '!'} {label}: "
                         f"{quality} {capture.nfiq2}</span>")
        for exception in sequence.exceptions:
            label = finger_label(exception.finger).text(self.language())
            lines.append(f"<span style='color:#b36b00'>✘ {label}: {exception.text(self.language())}</span>")
        self.results.setText("<br>".join(lines))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Fingerprints"))
        self.retry_button.setText(self.tr("Retry (F5)"))
        self.skip_button.setText(self.tr("Finger missing or injured… (F2)"))
        if self.sequence is None:
            self.instruction.setText(self.tr("Waiting for the face step to finish."))
        else:
            self._show_progress()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

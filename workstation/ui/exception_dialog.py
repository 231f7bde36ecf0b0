"""Why a finger cannot be taken: a preset reason on a number key (1-6), words where needed, and a
photo of the hand (F4) as evidence. Enter accepts, Esc goes back to the scanner."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workstation.core.biometric_exceptions import REASONS, ExceptionReason
from workstation.errors import WorkstationError
from workstation.messages import Message


class _Bridge(QObject):
    photo = Signal(object)          # bytes, or the error


class FingerExceptionDialog(QDialog):
    def __init__(self, finger: str, language: Callable[[], str],
                 take_photo: Callable[[], "Future[bytes]"] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finger-exception")
        self.language = language
        self.take_photo = take_photo
        self.photo: bytes | None = None
        self.setWindowTitle(self.tr("This finger cannot be taken"))
        layout = QVBoxLayout(self)
        question = QLabel(self.tr("Why can the %1 not be taken?").replace("%1", finger), self)
        question.setStyleSheet("font-size: 16pt; font-weight: 600;")
        layout.addWidget(question)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        for number, reason in enumerate(REASONS, start=1):
            button = QRadioButton(f"{number}. {reason.label.text(language())}", self)
            button.setStyleSheet("font-size: 15pt;")
            self.group.addButton(button, number - 1)
            self.buttons.append(button)
            layout.addWidget(button)
        # nothing chosen for the officer: "amputated" preselected was recorded for a bandaged finger
        self.group.setExclusive(True)
        self.note = QLineEdit(self)
        self.note.setObjectName("finger-exception-note")
        self.note.setPlaceholderText(self.tr("More detail (needed for another reason)"))
        self.note.setStyleSheet("font-size: 14pt;")
        layout.addWidget(self.note)
        row = QHBoxLayout()
        self.photo_button = QPushButton(self.tr("Photo of the hand (F4)"), self)
        self.photo_button.setObjectName("finger-exception-photo")
        self.photo_button.clicked.connect(self.shoot)
        self.photo_button.setEnabled(take_photo is not None)
        self.thumbnail = QLabel(self)
        self.thumbnail.setFixedSize(160, 120)
        self.thumbnail.setStyleSheet("background: #ddd;")
        row.addWidget(self.photo_button)
        row.addWidget(self.thumbnail)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e; font-size: 13pt;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Skip this finger"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Back to the scanner"))
        box.accepted.connect(self.try_accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.bridge = _Bridge(self)
        self.bridge.photo.connect(self._photo_taken)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        """1-6 pick a reason (unless typing in the note), F4 takes the photo."""
        key = event.key()
        if event.key() == Qt.Key.Key_F4:
            self.shoot()
            return
        if not self.note.hasFocus() and Qt.Key.Key_1 <= key < Qt.Key.Key_1 + len(self.buttons):
            self.buttons[key - Qt.Key.Key_1].click()
            return
        super().keyPressEvent(event)

    @property
    def reason(self) -> ExceptionReason:
        if self.group.checkedId() < 0:
            raise ValueError("no reason chosen yet")
        return REASONS[self.group.checkedId()]

    def try_accept(self) -> None:
        if self.group.checkedId() < 0:
            self.error.setText(self.tr("Choose the reason: press its number (1-%1).").replace("%1", str(len(REASONS))))
            return
        if self.reason.needs_text and not self.note.text().strip():
            self.error.setText(self.tr("Say why in a few words."))
            self.note.setFocus()
            return
        self.accept()

    def shoot(self) -> None:
        if self.take_photo is None:
            return
        self.photo_button.setEnabled(False)
        self.error.clear()
        future = self.take_photo()
        future.add_done_callback(lambda f: self.bridge.photo.emit(f.exception() or f.result()))

    def _photo_taken(self, result) -> None:  # noqa: ANN001 - bytes or an exception
        self.photo_button.setEnabled(True)
        if isinstance(result, BaseException):
            text = result.officer_text(self.language()) if isinstance(result, WorkstationError) else str(result)
            self.error.setText(text)
            return
        self.photo = result
        image = QImage.fromData(result)
        self.thumbnail.setPixmap(QPixmap.fromImage(image).scaled(
            self.thumbnail.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def chosen(self) -> tuple[ExceptionReason, str, Message]:
        """The preset, the officer's words, and what the screen and the receipt say."""
        from workstation.core.biometric_exceptions import reason_text

        note = " ".join(self.note.text().split())
        text = reason_text(self.reason.key, note)
        english = note if self.reason.needs_text else (f"{self.reason.label.en}: {note}" if note else self.reason.label.en)
        return self.reason, text, Message(text, english)

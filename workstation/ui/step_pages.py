"""The enrollment steps as pages. For now each page says what it waits for; the capabilities
(chip, QR, face, fingerprints, package) fill them in as they land."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from workstation.core.qr_entry import QrEntry, enter_qr


@dataclass(frozen=True)
class Step:
    key: str


STEPS = (Step("card"), Step("chip"), Step("face"), Step("fingerprints"), Step("review"), Step("save"))


class StepTexts(QWidget):
    """Holds the translatable texts of the steps (one context for translators)."""

    def title(self, key: str) -> str:
        return {
            "card": self.tr("ID card"),
            "chip": self.tr("Chip"),
            "face": self.tr("Face"),
            "fingerprints": self.tr("Fingerprints"),
            "review": self.tr("Review"),
            "save": self.tr("Save"),
        }[key]

    def waiting_for(self, key: str) -> str:
        return {
            "card": self.tr("Place the citizen's ID card on the reader and show its QR code to the camera."),
            "chip": self.tr("Reading the chip: keep the card still on the reader."),
            "face": self.tr("Ask the citizen to look straight at the camera."),
            "fingerprints": self.tr("Ask the citizen to place the right index finger on the scanner."),
            "review": self.tr("Check every result, then enter the phone number and ask for consent."),
            "save": self.tr("Saving the signed and encrypted enrollment package."),
        }[key]


def language_of(widget: QWidget) -> str:
    window = widget.window()
    translations = getattr(window, "translations", None)
    return translations.language if translations is not None else "vi"


class StepPage(QWidget):
    def __init__(self, step: Step, texts: StepTexts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.texts = texts
        self.setObjectName(f"step-{step.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 28pt; font-weight: 600;")
        self.waiting = QLabel(self)
        self.waiting.setObjectName("waiting")
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet("font-size: 18pt;")
        layout.addWidget(self.heading)
        layout.addSpacing(16)
        layout.addWidget(self.waiting)
        self.qr_field: QrField | None = None
        if step.key == "card":
            layout.addSpacing(24)
            self.qr_field = QrField(lambda: language_of(self), self)
            layout.addWidget(self.qr_field)
        layout.addStretch(1)
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.texts.title(self.step.key))
        self.waiting.setText(self.texts.waiting_for(self.step.key))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class QrField(QWidget):
    """Where a keyboard-wedge QR scanner types (it ends with Enter), or the officer pastes."""

    entered = Signal(object)   # QrEntry

    def __init__(self, language: "callable", parent: QWidget | None = None) -> None:  # noqa: F821
        super().__init__(parent)
        self.language = language
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setStyleSheet("font-size: 13pt;")
        self.edit = QLineEdit(self)
        self.edit.setObjectName("qr-input")
        self.edit.setStyleSheet("font-size: 14pt; padding: 6px;")
        self.edit.returnPressed.connect(self._submit)
        self.result = QLabel(self)
        self.result.setObjectName("qr-result")
        self.result.setWordWrap(True)
        self.result.setStyleSheet("font-size: 16pt;")
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(self.result)
        self.entry: QrEntry | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("QR code of the card (scan it, or paste the text and press Enter):"))
        self.edit.setPlaceholderText(self.tr("scan the QR code here"))
        self._show()

    def reset(self) -> None:
        """The next citizen: nothing of the last one's QR stays on screen."""
        self.entry = None
        self.edit.clear()
        self._show()

    def take_scan(self, text: str) -> None:
        """A scan caught anywhere in the window: it replaces what the field held (a rescan after
        "scan again" must not be appended to the bad one) and is read at once."""
        self.edit.setText(text)
        self._submit()

    def _submit(self) -> None:
        self.entry = enter_qr(self.edit.text())
        self._show()
        self.entered.emit(self.entry)

    def _show(self) -> None:
        entry = self.entry
        if entry is None:
            self.result.setText("")
        elif entry.ok:
            qr = entry.qr
            self.result.setStyleSheet("font-size: 16pt; color: #1b7f3b;")
            self.result.setText(self.tr("QR read: %1, born %2, ID %3").replace("%1", qr.full_name)
                                .replace("%2", qr.date_of_birth.strftime("%d/%m/%Y")).replace("%3", qr.id_number))
        else:
            self.result.setStyleSheet("font-size: 16pt; color: #b3261e;")
            self.result.setText(entry.error.text(self.language()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

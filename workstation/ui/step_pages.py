"""The enrollment steps as pages. For now each page says what it waits for; the capabilities
(chip, QR, face, fingerprints, package) fill them in as they land."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


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

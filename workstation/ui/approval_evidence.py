"""What a supervisor sees when approving (issue 20 finding 12): both photos side by side, the
citizen (name, ID number masked), the reason written and the officer asking — inside the approval
dialog, so the dialog never hides the evidence it asks about."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

PHOTO = (180, 240)


class EvidencePanel(QWidget):
    def __init__(self, name: str, masked_id: str, reason: str, officer: str,
                 chip: QPixmap | None = None, live: QPixmap | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approval-evidence")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if chip is not None or live is not None:
            photos = QGridLayout()
            photos.setVerticalSpacing(8)
            for column, (pixmap, caption) in enumerate(((chip, self.tr("Chip photo")), (live, self.tr("Taken now")))):
                image = QLabel(self)
                image.setObjectName(f"approval-photo-{column}")
                image.setFixedSize(*PHOTO)
                image.setAlignment(Qt.AlignmentFlag.AlignCenter)
                image.setStyleSheet("background: #ddd;")
                if pixmap is not None and not pixmap.isNull():
                    image.setPixmap(pixmap.scaled(*PHOTO, Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))
                label = QLabel(caption, self)
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                photos.addWidget(image, 0, column)
                photos.addWidget(label, 1, column)
            layout.addLayout(photos)
        self.facts = QLabel(self)
        self.facts.setObjectName("approval-facts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setStyleSheet("font-size: 14pt;")
        self.facts.setText("\n".join((self.tr("Citizen: %1 (%2)").replace("%1", name).replace("%2", masked_id),
                                      self.tr("Reason: %1").replace("%1", reason),
                                      self.tr("Asked by officer: %1").replace("%1", officer))))
        layout.addWidget(self.facts)

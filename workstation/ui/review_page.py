"""The review step and the verdict panel: every check green / amber / red in big letters with what
to do next, both photos side by side, the citizen's data, phone, email and consent, then Save.

The page only shows what the core's workflow says (EnrollmentWorkflow.checks) and hands the
officer's entries back to it; saving runs off the UI thread.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.core.enrollment.checks import FAIL, OK, WARN, Check
from workstation.core.enrollment.workflow import EnrollmentWorkflow
from workstation.core.receipt import Receipt
from workstation.ui.face_page import to_qimage
from workstation.ui.scaling import ScaledSizes

COLOURS = {OK: ("#1b7f3b", "#e6f4ea", "✔"), WARN: ("#8a5300", "#fff4e0", "!"), FAIL: ("#b3261e", "#fce8e6", "✘")}


class VerdictPanel(QWidget):
    """One row per check, readable from a distance."""

    def __init__(self, language, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("verdict-panel")
        self.language = language
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(6)
        self.checks: list[Check] = []
        self.labels: list[QLabel] = []
        self.rows.addStretch(1)

    def show_checks(self, checks: list[Check]) -> None:
        """Rows are updated in place (typing a phone number refreshes them on every key)."""
        self.checks = checks
        while len(self.labels) < len(checks):
            row = QLabel(self)
            row.setWordWrap(True)
            row.setTextFormat(Qt.TextFormat.RichText)
            self.rows.insertWidget(len(self.labels), row)
            self.labels.append(row)
        language = self.language()
        for row, check in zip(self.labels, checks):
            ink, paper, mark = COLOURS[check.level]
            text = f"<b>{mark} {check.message.text(language)}</b>"
            if check.next_step is not None and check.level != OK:
                text += f"<br><span style='font-size:small'>→ {check.next_step.text(language)}</span>"
            row.setObjectName(f"check-{check.name}")
            row.setText(text)
            row.setStyleSheet(f"background:{paper}; color:{ink}; font-size:15pt; padding:6px 12px; "
                              f"border-left: 8px solid {ink};")
            row.show()
        for row in self.labels[len(checks):]:
            row.hide()


class ReviewPage(QWidget):
    save_requested = Signal()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        from workstation.ui.scaling import shrink_to_fit

        if getattr(self, "sizes", None) is not None:
            shrink_to_fit(self, self.sizes)

    def __init__(self, language, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("step-review")
        self.language = language
        self.workflow: EnrollmentWorkflow | None = None
        self.sizes = ScaledSizes()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 28pt; font-weight: 600;")
        body = QHBoxLayout()
        self.panel = VerdictPanel(language, self)
        right = QVBoxLayout()
        photos = QHBoxLayout()
        self.chip_photo = self._photo_box("review-chip-photo")
        self.live_photo = self._photo_box("review-live-photo")
        self.chip_caption, self.live_caption = QLabel(self), QLabel(self)
        for box, caption in ((self.chip_photo, self.chip_caption), (self.live_photo, self.live_caption)):
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)     # the caption under its photo
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setStyleSheet("font-size: 12pt;")           # scaled with the window (ui.text_scale)
            column.addWidget(caption, 0, Qt.AlignmentFlag.AlignHCenter)
            photos.addLayout(column)
        right.addLayout(photos)
        self.form = QFormLayout()
        self.name_value, self.id_value, self.birth_value = QLabel(self), QLabel(self), QLabel(self)
        for value in (self.name_value, self.id_value, self.birth_value):
            value.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.phone = QLineEdit(self)
        self.phone.setObjectName("review-phone")
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.email = QLineEdit(self)
        self.email.setObjectName("review-email")
        self.consent = QCheckBox(self)
        self.consent.setObjectName("review-consent")
        for edit in (self.phone, self.email):
            edit.setStyleSheet("font-size: 15pt; padding: 4px;")
            edit.textChanged.connect(self.refresh)
        self.consent.setStyleSheet("font-size: 15pt;")
        self.consent.toggled.connect(self.refresh)
        self.labels = [QLabel(self) for _ in range(5)]
        for label, field in zip(self.labels, (self.name_value, self.id_value, self.birth_value, self.phone, self.email)):
            self.form.addRow(label, field)
        right.addLayout(self.form)
        right.addWidget(self.consent)
        self.message = QLabel(self)
        self.message.setObjectName("review-message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 15pt; color: #b3261e;")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("review-save")
        self.save_button.setStyleSheet("font-size: 20pt; font-weight: 600; padding: 10px;")
        self.save_button.clicked.connect(self.save_requested.emit)
        right.addWidget(self.message)
        right.addWidget(self.save_button)
        right.addStretch(1)
        body.addWidget(self.panel, 3)
        body.addSpacing(24)
        body.addLayout(right, 2)
        layout.addWidget(self.heading)
        layout.addLayout(body, 1)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_requested.emit)
        self.phone.returnPressed.connect(self.email.setFocus)
        self.email.returnPressed.connect(self.consent.setFocus)
        self.retranslate()

    def _photo_box(self, name: str) -> QLabel:
        box = QLabel(self)
        box.setObjectName(name)
        self.sizes.add(box, 135, 180)          # at 1280×720 the form below needs the room
        box.setStyleSheet("background: #ddd;")
        box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return box

    def show_workflow(self, workflow: EnrollmentWorkflow, chip_rgb: np.ndarray | None, live: QPixmap | None) -> None:
        """`live`: the face step's crop of the capture, as the officer saw it there. Filling the
        fields must not write into any enrollment (each field's change handler does): the previous
        citizen's consent or email would otherwise land in this one."""
        self.workflow = None
        chip = None if chip_rgb is None else QPixmap.fromImage(to_qimage(np.ascontiguousarray(chip_rgb[..., ::-1])))
        for box, pixmap in ((self.chip_photo, chip), (self.live_photo, live)):
            self.sizes.set_pixmap(box, pixmap)
        if workflow.card is not None:
            d = workflow.card.dg13
            self.name_value.setText(d.full_name)
            self.id_value.setText(d.id_number)
            self.birth_value.setText(d.date_of_birth.strftime("%d/%m/%Y"))
        self.phone.setText(workflow.contact.phone)
        self.email.setText(workflow.contact.email)
        self.consent.setChecked(workflow.contact.consent)
        self.message.clear()
        self.workflow = workflow
        self.refresh()
        self.phone.setFocus()

    def reset(self) -> None:
        """The next citizen: no photo, name, phone, email or consent of the last one stays."""
        self.workflow = None
        for box in (self.chip_photo, self.live_photo):
            self.sizes.set_pixmap(box, None)            # also forgotten for the next resize
        for widget in (self.name_value, self.id_value, self.birth_value, self.phone, self.email, self.message):
            widget.clear()
        self.consent.setChecked(False)

    def refresh(self) -> None:
        if self.workflow is None:
            return
        self.workflow.set_contact(self.phone.text(), self.email.text(), self.consent.isChecked())
        self.panel.show_checks(self.workflow.checks())
        self.save_button.setEnabled(not self.workflow.blocking())

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Review"))
        self.chip_caption.setText(self.tr("Chip photo"))
        self.live_caption.setText(self.tr("Taken now"))
        for label, text in zip(self.labels, (self.tr("Full name"), self.tr("ID number"), self.tr("Date of birth"),
                                             self.tr("Mobile phone"), self.tr("Email (optional)"))):
            label.setText(text)
            label.setStyleSheet("font-size: 15pt;")
        self.consent.setText(self.tr("The citizen agrees to the level-2 electronic identity enrollment"))
        self.save_button.setText(self.tr("Save the enrollment (Ctrl+S)"))
        if self.workflow is not None:
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SavedPage(QWidget):
    next_citizen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("step-save")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 28pt; font-weight: 600;")
        self.result = QLabel(self)
        self.result.setObjectName("saved-result")
        self.result.setWordWrap(True)
        self.result.setFrameShape(QFrame.Shape.NoFrame)
        self.result.setStyleSheet("font-size: 24pt;")
        self.hand_back = QLabel(self)
        self.hand_back.setObjectName("saved-hand-back")
        self.hand_back.setWordWrap(True)
        self.hand_back.setStyleSheet("font-size: 26pt; font-weight: 700; color: #0b4f8a; background: #e3eefa;"
                                     " padding: 10px 16px; border-left: 8px solid #0b4f8a;")
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("font-size: 14pt; color: #555;")
        self.pace_label = QLabel(self)
        self.pace_label.setObjectName("saved-pace")
        self.pace_label.setStyleSheet("font-size: 16pt;")
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("saved-next")
        self.next_button.setStyleSheet("font-size: 20pt; font-weight: 600; padding: 10px;")
        self.next_button.clicked.connect(self.next_citizen.emit)
        self.receipt: Receipt | None = None
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("saved-print")
        self.print_button.setStyleSheet("font-size: 16pt; padding: 8px;")
        self.print_button.clicked.connect(self.print_receipt)
        self.pdf_button = QPushButton(self)
        self.pdf_button.setObjectName("saved-pdf")
        self.pdf_button.setStyleSheet("font-size: 16pt; padding: 8px;")
        self.pdf_button.clicked.connect(self.ask_pdf)
        self.receipt_status = QLabel(self)
        self.receipt_status.setWordWrap(True)
        self.receipt_status.setStyleSheet("font-size: 14pt;")
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_receipt)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.ask_pdf)
        receipt_row = QHBoxLayout()
        receipt_row.addWidget(self.print_button)
        receipt_row.addWidget(self.pdf_button)
        receipt_row.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.result)
        layout.addWidget(self.hand_back)
        layout.addWidget(self.detail)
        layout.addWidget(self.pace_label)
        layout.addLayout(receipt_row)
        layout.addWidget(self.receipt_status)
        layout.addWidget(self.next_button)
        layout.addStretch(1)
        self._state: tuple[str, str] | None = None
        self._pace = None
        self.retranslate()

    # -- the citizen's receipt ------------------------------------------------------------------
    def set_receipt(self, receipt: Receipt | None) -> None:
        """The receipt of the enrollment just saved (None: the page is for the next citizen)."""
        self.receipt = receipt
        self.receipt_status.clear()
        self.retranslate()

    def print_receipt(self) -> None:
        """Ctrl+P: the system print dialog."""
        if self.receipt is None:
            return
        from workstation.ui.receipt_printer import print_receipt

        if print_receipt(self.receipt, self):
            self._receipt_said(self.tr("Receipt %1 sent to the printer.").replace("%1", self.receipt.reference))

    def ask_pdf(self) -> None:
        """Ctrl+Shift+P: the receipt as a PDF file (for a citizen who wants it by email, or no printer)."""
        if self.receipt is None:
            return
        from PySide6.QtCore import QStandardPaths

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"giay-xac-nhan-{self.receipt.reference}.pdf")
        from workstation.ui.file_dialogs import save_file

        name = save_file(self, self.tr("Save the receipt as PDF"), suggested, "PDF (*.pdf)")
        if name:
            self.save_pdf_to(Path(name))

    def save_pdf_to(self, path: Path) -> None:
        from workstation.errors import WorkstationError
        from workstation.ui.receipt_printer import write_pdf

        assert self.receipt is not None
        try:
            write_pdf(self.receipt, path)
        except WorkstationError as exc:
            self._receipt_said(exc.officer_text(self.language()), ok=False)
            return
        self._receipt_said(self.tr("Receipt saved: %1").replace("%1", str(path)))

    def _receipt_said(self, text: str, ok: bool = True) -> None:
        self.receipt_status.setText(text)
        self.receipt_status.setStyleSheet("font-size: 14pt; color: %s;" % ("#1b7f3b" if ok else "#b3261e"))

    def language(self) -> str:
        window = self.window()
        translations = getattr(window, "translations", None)
        return getattr(translations, "language", "vi")

    def show_saving(self) -> None:
        self._state = ("saving", "")
        self.retranslate()

    def show_saved(self, name: str, reference: str, seconds: float | None, pace=None) -> None:  # noqa: ANN001
        """`seconds`: card placed to saved; `pace`: core.history.Pace (today, last hour)."""
        self._pace = pace
        self._state = ("saved", f"{name}|{reference}|{'' if seconds is None else f'{seconds:.0f}'}")
        self.retranslate()
        self.next_button.setFocus()

    def show_failed(self, text: str) -> None:
        self._state = ("failed", text)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Save"))
        self.next_button.setText(self.tr("Next citizen (Enter)"))
        self.print_button.setText(self.tr("Print the receipt (Ctrl+P)"))
        self.pdf_button.setText(self.tr("Save the receipt as PDF (Ctrl+Shift+P)"))
        state, value = self._state or ("", "")
        self.next_button.setVisible(state == "saved")
        self.hand_back.setVisible(state == "saved")
        self.hand_back.setText("➜ " + self.tr("Give the ID card back to the citizen."))
        self.pace_label.setVisible(state == "saved" and self._pace is not None)
        if self._pace is not None:
            self.pace_label.setText(self.tr("Today: %1 saved · in the last hour: %2")
                                    .replace("%1", str(self._pace.today)).replace("%2", str(self._pace.last_hour)))
        self.print_button.setVisible(state == "saved" and self.receipt is not None)
        self.pdf_button.setVisible(state == "saved" and self.receipt is not None)
        if state == "saving":
            self.result.setText(self.tr("Saving the signed and encrypted enrollment package…"))
            self.result.setStyleSheet("font-size: 24pt;")
            self.detail.clear()
        elif state == "saved":
            name, reference, seconds = value.split("|")
            self.result.setText("✔ " + self.tr("Enrollment of %1 saved.").replace("%1", name))
            self.result.setStyleSheet("font-size: 24pt; color: #1b7f3b; font-weight: 600;")
            text = self.tr("Reference %1. The enrollment is kept on this workstation until it is synced or "
                           "exported.").replace("%1", reference)
            if seconds:
                text += " " + self.tr("Card placed to saved: %1 s.").replace("%1", seconds)
            self.detail.setText(text)
        elif state == "failed":
            self.result.setText("✘ " + value)
            self.result.setStyleSheet("font-size: 24pt; color: #b3261e; font-weight: 600;")
            self.detail.setText(self.tr("Nothing captured is lost: the draft is kept. Fix the problem and save again."))
        else:
            self.result.setText(self.tr("Saving the signed and encrypted enrollment package."))
            self.detail.clear()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

"""The chip step: progress while the chip is read, then the citizen's data, the chip photo, the
verdict on the chip's authenticity and the QR cross-check, in words the officer can act on."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.core.card_reading import CardRead
from workstation.core.face_review import OverrideRefused, override_reason
from workstation.ui.scaling import ScaledSizes


class ChipPage(QWidget):
    proceed = Signal()
    approval_requested = Signal(str)          # the officer's reason; the window asks a supervisor
    retry_requested = Signal()                # F5: read the card again
    next_citizen_requested = Signal()         # F8: give up on this card, next citizen
    rescan_requested = Signal()               # F6: the QR is another card's: scan the QR again
    repeat_reason_given = Signal(str)         # F4: why this citizen, enrolled recently, is enrolled again

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        from workstation.ui.scaling import shrink_to_fit

        if getattr(self, "sizes", None) is not None:
            shrink_to_fit(self, self.sizes)

    def __init__(self, language, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("step-chip")
        self.language = language
        self.result: CardRead | None = None
        self.photo_rgb: np.ndarray | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 28pt; font-weight: 600;")
        self.status = QLabel(self)
        self.status.setObjectName("chip-status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-size: 18pt;")
        self.verdict = QLabel(self)
        self.verdict.setObjectName("chip-verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-size: 20pt; font-weight: 600; padding: 8px;")
        body = QHBoxLayout()
        self.photo = QLabel(self)
        self.sizes = ScaledSizes()
        self.sizes.add(self.photo, 180, 240)
        self.photo.setStyleSheet("background: #ddd;")
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fields = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key in ("full_name", "id_number", "date_of_birth", "sex", "place_of_origin", "place_of_residence",
                    "issue_date", "expiry_date", "old_id_number"):
            value = QLabel(self)
            value.setObjectName(f"chip-{key}")
            value.setWordWrap(True)
            value.setStyleSheet("font-size: 14pt;")
            self.values[key] = value
            self.fields.addRow(QLabel(self), value)
        body.addWidget(self.photo)
        body.addSpacing(24)
        body.addLayout(self.fields, 1)
        self.findings = QLabel(self)
        self.findings.setObjectName("chip-findings")
        self.findings.setWordWrap(True)
        self.findings.setStyleSheet("font-size: 14pt; color: #b3261e;")
        self.next_button = QPushButton(self)
        self.next_button.clicked.connect(self.proceed.emit)
        self.next_button.setEnabled(False)
        self.approve_button = QPushButton(self)
        self.approve_button.setObjectName("chip-approve")
        self.approve_button.clicked.connect(self.ask_approval)
        self.approve_button.hide()
        # a red chip or a failed read is never a dead end: read again, or the next citizen
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("chip-retry")
        self.retry_button.clicked.connect(self.retry_requested.emit)
        self.next_citizen_button = QPushButton(self)
        self.next_citizen_button.setObjectName("chip-next-citizen")
        self.next_citizen_button.clicked.connect(self.next_citizen_requested.emit)
        self.repeat_button = QPushButton(self)
        self.repeat_button.setObjectName("chip-repeat-reason")
        self.repeat_button.clicked.connect(self.ask_repeat_reason)
        self.rescan_button = QPushButton(self)
        self.rescan_button.setObjectName("chip-rescan")
        self.rescan_button.clicked.connect(self.rescan_requested.emit)
        for button in (self.retry_button, self.next_citizen_button, self.repeat_button, self.rescan_button):
            button.hide()
        QShortcut(QKeySequence(Qt.Key.Key_F6), self, lambda: self.rescan_requested.emit()
                  if self.rescan_button.isVisible() else None)
        QShortcut(QKeySequence(Qt.Key.Key_F4), self, lambda: self.ask_repeat_reason()
                  if self.repeat_button.isVisible() else None)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self._retry_key)
        QShortcut(QKeySequence(Qt.Key.Key_F7), self, lambda: self.ask_approval()
                  if self.approve_button.isVisible() else None)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self, lambda: self.proceed.emit() if self.next_button.isEnabled() else None)
        QShortcut(QKeySequence(Qt.Key.Key_F8), self, self._next_key)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.verdict)
        layout.addLayout(body)
        layout.addWidget(self.findings)
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.repeat_button)
        buttons.addWidget(self.rescan_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.next_citizen_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.retranslate()

    def labels(self) -> dict[str, str]:
        return {"full_name": self.tr("Full name"), "id_number": self.tr("ID number"),
                "date_of_birth": self.tr("Date of birth"), "sex": self.tr("Sex"),
                "place_of_origin": self.tr("Place of origin"), "place_of_residence": self.tr("Place of residence"),
                "issue_date": self.tr("Issued on"), "expiry_date": self.tr("Valid until"),
                "old_id_number": self.tr("Old ID number")}

    def step_text(self, step: str) -> str:
        return {"card_access": self.tr("Reading the chip: opening…"), "access": self.tr("Reading the chip: access key…"),
                "dg14": self.tr("Reading the chip: security data…"),
                "chip_auth": self.tr("Checking the chip is genuine…"), "dg15": self.tr("Reading the chip: security data…"),
                "active_auth": self.tr("Checking the chip is not a copy…"), "com": self.tr("Reading the chip: data…"),
                "dg1": self.tr("Reading the chip: data…"), "dg13": self.tr("Reading the chip: personal details…"),
                "dg2": self.tr("Reading the chip: photo…"), "sod": self.tr("Reading the chip: issuer's signature…"),
                }.get(step, self.tr("Reading the chip…"))

    def show_progress(self, step: str) -> None:
        self.status.setText(self.step_text(step))
        self.status.setStyleSheet("font-size: 18pt;")

    def show_error(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("font-size: 18pt; color: #b3261e;")
        self._show_way_out(True)

    def show_wrong_pair(self, text: str) -> None:
        """The QR and the card are two people's: say whose, and offer to scan the QR again (reading
        the chip again with the same QR would fail again)."""
        self.status.setText(text)
        self.status.setStyleSheet("font-size: 18pt; color: #b3261e; font-weight: 600;")
        self._show_way_out(True)
        self.retry_button.hide()
        self.rescan_button.show()
        self.rescan_button.setFocus()

    def _show_way_out(self, shown: bool) -> None:
        self.retry_button.setVisible(shown)
        self.next_citizen_button.setVisible(shown)

    def _retry_key(self) -> None:
        if self.retry_button.isVisible():
            self.retry_requested.emit()

    def _next_key(self) -> None:
        if self.next_citizen_button.isVisible():
            self.next_citizen_requested.emit()

    def show_result(self, result: CardRead, photo_rgb: np.ndarray | None) -> None:
        """`photo_rgb`: the chip photo, decoded once by the window (None when it cannot be)."""
        self.result, self.photo_rgb = result, photo_rgb
        d = result.dg13
        fmt = lambda day: day.strftime("%d/%m/%Y") if day else ""  # noqa: E731
        values = {"full_name": d.full_name, "id_number": d.id_number, "date_of_birth": fmt(d.date_of_birth),
                  "sex": d.sex, "place_of_origin": d.place_of_origin, "place_of_residence": d.place_of_residence,
                  "issue_date": fmt(d.issue_date),
                  "expiry_date": self.tr("No expiry") if d.no_expiry else fmt(d.expiry_date),
                  "old_id_number": d.old_id_number}
        for key, value in values.items():
            self.values[key].setText(value)
        if photo_rgb is None:
            self.sizes.set_pixmap(self.photo, None)
        else:
            rgb = np.ascontiguousarray(photo_rgb)
            image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], 3 * rgb.shape[1], QImage.Format.Format_RGB888).copy()
            self.sizes.set_pixmap(self.photo, QPixmap.fromImage(image))
        verdict = result.verdict.verdict
        if verdict == "genuine":
            text, colour = self.tr("Genuine chip"), "#1b7f3b"
        elif verdict == "genuine_chain_not_verified":
            text, colour = self.tr("Chip issuer not verified: no CSCA installed"), "#b36b00"
        else:
            text, colour = self.tr("CHIP NOT AUTHENTIC: do not enroll with this card"), "#b3261e"
        if result.expired:
            text += "\n" + self.tr("The card has expired")
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"font-size: 20pt; font-weight: 600; padding: 8px; color: white; background: {colour};")
        language = self.language()
        findings = result.cross_check.findings if result.cross_check else ()
        self.findings.setText("\n".join(f"• {f.message.text(language)}" for f in findings))
        self.status.setText(self.tr("Chip read in %1 s").replace("%1", f"{result.chip.seconds:.1f}"))
        self.status.setStyleSheet("font-size: 18pt;")
        self.next_button.setEnabled(result.verdict.genuine and not (result.cross_check and result.cross_check.blocking))

    def show_checks(self, checks) -> None:  # noqa: ANN001 - list[Check] from the workflow
        """What is wrong and what to do next, from the enrollment's checks (amber and red only)."""
        language = self.language()
        lines = [f"• {c.message.text(language)}" + (f" → {c.next_step.text(language)}" if c.next_step else "")
                 for c in checks if c.level != "ok"]
        self.findings.setText("\n".join(lines))
        self.next_button.setEnabled(not any(c.level == "fail" for c in checks))
        chip = next((c for c in checks if c.name == "chip"), None)
        if chip is not None and chip.level == "fail" and self.result is not None:
            # the banner says which red it is (forged, unknown signer, withheld, copy, issuer not verified)
            headline = (self.tr("CHIP NOT AUTHENTIC: do not enroll with this card") + "\n"
                        if self.result.verdict.verdict == "not_genuine" else "")
            self.verdict.setText(headline + chip.message.text(language))
            self.verdict.setStyleSheet("font-size: 20pt; font-weight: 600; padding: 8px; color: white; "
                                       "background: #b3261e;")
        self.approve_button.setVisible(chip is not None and chip.action == "chain_approval")
        repeat = next((c for c in checks if c.name == "repeat"), None)
        self.repeat_button.setVisible(repeat is not None and repeat.action == "repeat_reason")
        self._show_way_out(any(c.level == "fail" for c in checks))
        self.retry_button.setVisible(self.retry_button.isVisible() and not self.repeat_button.isVisible())
        self._colour_banner(checks)

    def _colour_banner(self, checks) -> None:  # noqa: ANN001
        """The banner's colour follows the decision (an expired card under a green "genuine chip"
        misled: issue 20 finding 7): red when anything stops the enrollment, amber when the officer
        can resolve it on the spot (a reason, a supervisor) or a warning stands, green otherwise."""
        if self.result is None:
            return
        language = self.language()
        fails = [c for c in checks if c.level == "fail"]
        hard = [c for c in fails if not c.action]
        text = self.verdict.text().split("\n")[0]
        if hard and not any(c.name == "chip" for c in hard):
            text += "\n" + self.tr("Do not enroll: %1").replace("%1", hard[0].message.text(language))
        elif fails:
            text += "\n" + self.tr("Needs a decision before going on: see below")
        colour = "#b3261e" if hard else ("#b36b00" if fails or any(c.level == "warn" for c in checks) else "#1b7f3b")
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"font-size: 20pt; font-weight: 600; padding: 8px; color: white; "
                                   f"background: {colour};")

    def ask_repeat_reason(self) -> None:
        """The officer asks the citizen why again and writes it; the window records it and goes on."""
        from workstation.ui.confirm import ask_reason

        reason, ok = ask_reason(self, self.tr("Enrolled again"),
                                self.tr("Why is this citizen enrolled again? (recorded, shown to the supervisor)"),
                                self.tr("Go on with this reason"), self.tr("Go back"))
        if ok:
            self.repeat_reason_given.emit(reason)

    def ask_approval(self) -> None:
        """The officer's reason, then the window asks a supervisor (core.enrollment.workflow.approve_chain)."""
        title = self.tr("Approve a chip whose issuer is not verified")
        reason, ok = QInputDialog.getText(self, title, self.tr("Why may this card be enrolled? (recorded "
                                                                        "in the package)"))
        if not ok:
            return
        try:
            reason = override_reason(reason)
        except OverrideRefused as exc:
            QMessageBox.warning(self, title, exc.officer_text(self.language()))
            return
        self.approval_requested.emit(reason)

    def reset(self) -> None:
        """Ready for the next citizen's card."""
        self.result, self.photo_rgb = None, None
        for value in self.values.values():
            value.clear()
        self.sizes.set_pixmap(self.photo, None)
        self.verdict.clear()
        self.verdict.setStyleSheet("")
        self.findings.clear()
        self.next_button.setEnabled(False)
        self.approve_button.hide()
        self.repeat_button.hide()
        self.rescan_button.hide()
        self._show_way_out(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Chip"))
        self.next_button.setText(self.tr("Continue to the face (Enter)"))
        self.approve_button.setText(self.tr("Supervisor approval… (F7)"))
        self.retry_button.setText(self.tr("Read the card again (F5)"))
        self.next_citizen_button.setText(self.tr("Next citizen (F8)"))
        self.repeat_button.setText(self.tr("Enrol again, with a reason… (F4)"))
        self.rescan_button.setText(self.tr("Scan the QR code again (F6)"))
        for row, key in enumerate(self.values):
            self.fields.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(self.labels()[key])
        if self.result is None:
            self.status.setText(self.tr("Place the card on the reader and scan its QR code."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.result is not None:
                self.show_result(self.result, self.photo_rgb)
        super().changeEvent(event)

"""Today's enrollments: state of each, search by ID number or name, resume or discard a draft, export
to a USB stick, sync now, and the day's counters. Export and sync run off the UI thread
(history_sending.py)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.core.enrollment.services import EnrollmentServices
from workstation.core.history import REVIEW, HistoryRow, day_counters, day_rows, matching, not_yet_sent
from workstation.storage.enrollments import APPROVED, FLAGGED
from workstation.ui.history_sending import HistorySending


FILTER_STATES = ("", REVIEW, "draft", "complete", "exported", "synced", "refused", "discarded")


class HistoryPage(QWidget):
    resume = Signal(str)        # the id of a draft to continue
    discard = Signal(str, str)  # the id of a draft to discard, and why
    back = Signal()

    def __init__(self, services: EnrollmentServices | None, language,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history")
        self.services = services
        self.language = language
        self.rows: list[HistoryRow] = []
        self.sending = HistorySending(self)      # export to USB and sync, off the UI thread
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 28pt; font-weight: 600;")
        self.counters = QLabel(self)
        self.counters.setObjectName("history-counters")
        self.counters.setStyleSheet("font-size: 16pt;")
        self.waiting = QLabel(self)
        self.waiting.setObjectName("history-waiting")
        self.waiting.setStyleSheet("font-size: 16pt;")
        self.waiting.setMinimumHeight(self.waiting.sizeHint().height())
        self.incidents = QLabel(self)
        self.incidents.setObjectName("history-incidents")
        self.incidents.setWordWrap(True)
        self.incidents.setTextFormat(Qt.TextFormat.PlainText)
        self.incidents.setStyleSheet("font-size: 14pt; color: #ffffff; background: #b3261e; padding: 6px;")
        self.incidents.hide()
        self.search = QLineEdit(self)
        self.search.setObjectName("history-search")
        self.search.setStyleSheet("font-size: 15pt; padding: 4px;")
        self.search.textChanged.connect(self.refresh)
        self.state_filter = QComboBox(self)
        self.state_filter.setObjectName("history-state")
        self.state_filter.setStyleSheet("font-size: 15pt;")
        for state in FILTER_STATES:
            self.state_filter.addItem("", state)
        self.state_filter.currentIndexChanged.connect(self.refresh)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("history-table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (0, 1, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setStyleSheet("font-size: 13pt;")
        self.table.itemActivated.connect(lambda _item: self.resume_selected())
        buttons = QGridLayout()            # rows of three: seven buttons with their keys do not fit in one
        self.resume_button = QPushButton(self)
        self.resume_button.setObjectName("history-resume")
        self.resume_button.clicked.connect(self.resume_selected)
        self.discard_button = QPushButton(self)
        self.discard_button.setObjectName("history-discard")
        self.discard_button.clicked.connect(self.discard_selected)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("history-export")
        self.export_button.clicked.connect(self.sending.ask_export)
        self.sync_button = QPushButton(self)
        self.sync_button.setObjectName("history-sync")
        self.sync_button.clicked.connect(self.sending.sync_now)
        self.approve_button = QPushButton(self)
        self.approve_button.setObjectName("history-approve")
        self.approve_button.clicked.connect(lambda: self.review_selected(APPROVED))
        self.flag_button = QPushButton(self)
        self.flag_button.setObjectName("history-flag")
        self.flag_button.clicked.connect(lambda: self.review_selected(FLAGGED))
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.back.emit)
        for n, button in enumerate((self.resume_button, self.discard_button, self.approve_button, self.flag_button,
                                    self.export_button, self.sync_button, self.back_button)):
            buttons.addWidget(button, n // 3, n % 3)
        # every button has its key, so the list needs no Tab tour (issue 20 finding 8)
        for key, action in ((Qt.Key.Key_Delete, self.discard_selected),
                            (Qt.Key.Key_F4, lambda: self.review_selected(APPROVED)),
                            (Qt.Key.Key_F6, lambda: self.review_selected(FLAGGED)),
                            (Qt.Key.Key_F7, self.sending.ask_export), (Qt.Key.Key_F8, self.sending.sync_now),
                            ("Ctrl+F", self.search.setFocus)):
            QShortcut(QKeySequence(key), self, action)
        QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self._to_table)
        self.search.returnPressed.connect(self._to_table)
        self.message = QLabel(self)
        self.message.setObjectName("history-message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 14pt;")
        layout.addWidget(self.heading)
        layout.addWidget(self.counters)
        layout.addWidget(self.waiting)
        layout.addWidget(self.incidents)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.state_filter, 1)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.retranslate()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        self.refresh()
        self._to_table()            # the list first: arrows choose, Enter continues, the keys act

    def _to_table(self) -> None:
        self.table.setFocus()
        if self.rows and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def centre_answer(self, answer: str) -> str:
        """The centre's answer after the state: " — accepted", " — refused (signer)", ..."""
        if not answer or answer == "already_here":
            return ""
        if answer.startswith("rejected"):
            from workstation.core.centre_words import refusal_words

            return " — " + self.tr("refused by the centre (%1)").replace(
                "%1", refusal_words(answer.partition(":")[2]).text(self.language()))
        return " — " + {"accepted": self.tr("accepted by the centre"),
                        "duplicate": self.tr("centre: possible duplicate, under review")}.get(answer, answer)

    def state_name(self, state: str) -> str:
        return {"draft": self.tr("draft"), "complete": self.tr("complete"), "exported": self.tr("exported"),
                "synced": self.tr("synced"), "acknowledged": self.tr("received by the centre"),
                "discarded": self.tr("discarded"), "refused": self.tr("refused")}.get(state, state)

    def refresh(self) -> None:
        if self.services is None:
            return
        today = day_rows(self.services.store, repeat_days=self.services.repeat_days)   # the counters need the whole day
        self.rows = matching(today, self.search.text(), self.state_filter.currentData() or "")
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (row.created_at.strftime("%H:%M"), row.id_number, row.full_name,
                      self.state_name(row.state) + self.centre_answer(row.centre), row.officer, self.notes(row))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 5:
                    item.setToolTip(value)          # the whole list, where the column cuts it
                if c == 5 and row.needs_review:
                    item.setForeground(QColor("#b36b00"))
                elif c == 5 and row.review == FLAGGED:
                    item.setForeground(QColor("#b3261e"))
                if c == 3 and row.centre.startswith("rejected"):
                    item.setForeground(Qt.GlobalColor.red)              # stays here, flagged for the officer
                elif c == 3 and row.centre == "duplicate":
                    item.setForeground(Qt.GlobalColor.darkYellow)
                elif c == 3 and row.state == "draft":
                    item.setForeground(Qt.GlobalColor.darkYellow)
                elif row.state in ("discarded", "refused"):
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        counts = day_counters(today)
        self.counters.setText(self.tr("Today: %1 enrollments — %2 drafts, %3 complete, %4 exported, %5 synced, "
                                      "%6 discarded")
                              .replace("%1", str(counts["total"])).replace("%2", str(counts["draft"]))
                              .replace("%3", str(counts["complete"])).replace("%4", str(counts["exported"]))
                              .replace("%5", str(counts["synced"] + counts["acknowledged"]))
                              .replace("%6", str(counts["discarded"])))
        waiting = not_yet_sent(self.services.store)
        self.waiting.setText(self.tr("Not yet exported or synced (all days): %1 packages").replace("%1", str(waiting)))
        self.waiting.setStyleSheet("font-size: 16pt; color: %s;" % ("#b36b00" if waiting else "#1b7f3b"))
        self._show_incidents()
        if self.rows and not self.table.selectedItems():
            self.table.selectRow(0)

    def _show_incidents(self) -> None:
        """Today's forged, cloned or withholding chips, for the supervisor (issue 20 finding 6)."""
        from workstation.core.incidents import day_incidents

        rows = day_incidents(self.services.store) if self.services is not None else []
        self.incidents.setVisible(bool(rows))
        if not rows:
            return
        kinds = {"forged": self.tr("forged chip"), "clone": self.tr("copied chip"),
                 "withheld": self.tr("chip withholding data")}
        lines = [self.tr("Chip incidents today: %1 (report to the supervisor; `workstation incidents`)")
                 .replace("%1", str(len(rows)))]
        for row in rows[:5]:
            certs = row.fingerprints.get("ds_certificates") or []
            lines.append(f"{row.at.astimezone():%H:%M}  {kinds.get(row.kind, row.kind)} — {row.officer} — "
                         f"{', '.join(row.codes)}" + (f" — DS {str(certs[0])[:12]}…" if certs else ""))
        self.incidents.setText("\n".join(lines))

    def notes(self, row: HistoryRow) -> str:
        """What the supervisor should see about a row: flags, the same citizen again, the review."""
        names = {"face_override": self.tr("face accepted by a supervisor"),
                 "chain_approval": self.tr("chip chain approved by a supervisor"),
                 "finger_exception": self.tr("finger not taken"),
                 "finger_below_bar": self.tr("print below the bar"),
                 "amber:chip": self.tr("chip: amber"), "amber:qr": self.tr("QR: amber"),
                 "amber:expiry": self.tr("card expiry: amber"),
                 "enrolled_again": self.tr("enrolled again, with a reason")}
        notes = [names.get(flag, flag) for flag in row.flags]
        if row.repeats:
            notes.insert(0, self.tr("same citizen %1 more time(s) in %2 days").replace("%1", str(row.repeats))
                         .replace("%2", f"{self.services.repeat_days:g}" if self.services else "?"))
        if row.review == APPROVED:
            notes.append(self.tr("approved by %1").replace("%1", row.reviewed_by))
        elif row.review == FLAGGED:
            notes.append(self.tr("flagged by %1").replace("%1", row.reviewed_by))
        return "⚑ " + "; ".join(notes) if notes and (row.needs_review or row.review == FLAGGED) else "; ".join(notes)

    def review_selected(self, decision: str) -> None:
        """The supervisor's end-of-day decision on the selected row, with the supervisor's password."""
        row = self.selected()
        services = self.services
        if row is None or services is None:
            return
        if not (row.flags or row.repeats) or row.state in ("draft", "discarded"):
            self.message.setText(self.tr("Only an enrollment with something to review can be approved or flagged."))
            return
        note = ""
        if decision == FLAGGED:
            note, ok = QInputDialog.getText(self, self.tr("Flag for follow-up"),
                                            self.tr("What should be followed up?"))
            if not ok or not note.strip():
                return
        from workstation.ui.credentials_dialog import CredentialsDialog

        from workstation.core.receipt import mask_id
        from workstation.ui.approval_evidence import EvidencePanel

        # the citizen, what is to be reviewed and who enrolled (the photos left with the sealed package)
        evidence = EvidencePanel(row.full_name, mask_id(row.id_number), self.notes(row).lstrip("⚑ "), row.officer)
        dialog = CredentialsDialog(self.tr("Supervisor's review"), self.tr("A supervisor's user name and password."),
                                   services.approve_supervisor, self.language, self, evidence=evidence)
        if not dialog.exec() or dialog.approved_by is None:
            return
        services.store.review(row.enrollment_id, decision, dialog.approved_by, note.strip())
        self.show_result(self.tr("Approved.") if decision == APPROVED else self.tr("Flagged for follow-up."), ok=True)

    def selected(self) -> HistoryRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def resume_selected(self) -> None:
        row = self.selected()
        if row is None or row.state != "draft":
            self.message.setText(self.tr("Only a draft can be continued."))
            return
        self.resume.emit(row.enrollment_id)

    def discard_selected(self) -> None:
        """A draft the citizen will not finish: asks why, then the window discards it."""
        row = self.selected()
        if row is None or row.state != "draft":
            self.message.setText(self.tr("Only a draft can be discarded."))
            return
        from workstation.ui.confirm import ask_reason, confirm

        title = self.tr("Discard the draft")
        reason, ok = ask_reason(
            self, title,
            self.tr("Discard the draft of %1 (%2)? Its photos and fingerprints are deleted. Why?")
            .replace("%1", row.full_name).replace("%2", row.id_number), self.tr("Next…"), self.tr("Keep the draft"))
        if not ok:
            return
        if confirm(self, title, self.tr("Delete the photos and fingerprints of %1 for good?").replace("%1", row.full_name),
                   self.tr("Discard the draft"), self.tr("Keep the draft")):
            self.discard.emit(row.enrollment_id, reason)

    def show_result(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("font-size: 14pt; color: %s;" % ("#1b7f3b" if ok else "#b3261e"))
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Today's enrollments"))
        self.search.setPlaceholderText(self.tr("Search by ID number or name"))
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("ID number"), self.tr("Full name"),
                                              self.tr("State"), self.tr("Officer"), self.tr("To review")])
        filter_names = {"": self.tr("All states"), REVIEW: self.tr("To review (supervisor, end of day)"),
                        "draft": self.tr("Drafts"), "complete": self.tr("Complete"), "exported": self.tr("Exported"),
                        "synced": self.tr("Synced"), "refused": self.tr("Refused"), "discarded": self.tr("Discarded")}
        for index in range(self.state_filter.count()):
            self.state_filter.setItemText(index, filter_names[self.state_filter.itemData(index)])
        self.approve_button.setText(self.tr("Approve (supervisor)… (F4)"))
        self.flag_button.setText(self.tr("Flag for follow-up… (F6)"))
        self.resume_button.setText(self.tr("Continue the draft (Enter)"))
        self.discard_button.setText(self.tr("Discard the draft… (Del)"))
        self.export_button.setText(self.tr("Export to USB… (F7)"))
        self.sync_button.setText(self.tr("Sync now (F8)"))
        self.back_button.setText(self.tr("Back to the enrollment (F9)"))
        if self.services is not None and self.isVisible():
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

"""Settings (F10): language, the device drivers found, the trust store (CSCA files: what is
installed, with validity and CRL date, and an import), the server's key, the unit printed on
receipts, large text, the idle lock, and the decision thresholds and the trusted-chain rule — these only after a
supervisor's approval, audited. Written to the settings file with every key documented; device and
key changes take effect at the next start, an imported CSCA at once."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.config import Settings, save_settings
from workstation.core.enrollment.services import EnrollmentServices
from workstation.core.trust_admin import TRUST_SUFFIXES, describe, import_trust_file
from workstation.devices.registry import DriverRegistry
from workstation.errors import WorkstationError
from workstation.ui.credentials_dialog import CredentialsDialog
from workstation.verify.trust_store import TrustStore


class SettingsPage(QWidget):
    language_chosen = Signal(str)
    back = Signal()
    trust_changed = Signal(object)            # the TrustStore after an import

    def __init__(self, settings: Settings, settings_file: Path, registry: DriverRegistry | None,
                 services: EnrollmentServices | None, language, parent: QWidget | None = None,  # noqa: ANN001
                 trust: TrustStore | None = None) -> None:
        super().__init__(parent)
        self.trust_store = trust or TrustStore()
        self.setObjectName("settings")
        self.settings = settings
        self.settings_file = settings_file
        self.registry = registry
        self.services = services
        self.language = language
        self.supervisor: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 28pt; font-weight: 600;")
        layout.addWidget(self.heading)
        body = QHBoxLayout()
        form = QFormLayout()
        self.language_box = QComboBox(self)
        self.language_box.addItem("Tiếng Việt", "vi")
        self.language_box.addItem("English", "en")
        self.trust = self._path_row("settings-trust", settings.verify.trust_store)
        self.server_key = self._path_row("settings-server-key", settings.storage.server_key)
        self.police_unit = QLineEdit(settings.ui.police_unit, self)
        self.police_unit.setObjectName("settings-police-unit")
        self.large_text = QCheckBox(self)
        self.large_text.setObjectName("settings-large-text")
        self.large_text.setChecked(settings.ui.large_text)
        self.idle = QDoubleSpinBox(self)
        self.idle.setRange(0, 240)
        self.idle.setDecimals(0)
        self.idle.setValue(settings.ui.idle_lock_minutes)
        self.match_below = self._threshold(0.3, 0.7, settings.verify.face_match_below)
        self.no_match_above = self._threshold(0.3, 0.8, settings.verify.face_no_match_above)
        self.finger_min = QSpinBox(self)
        self.finger_min.setRange(20, 90)
        self.finger_min.setValue(settings.verify.finger_min_quality)
        self.finger_min.setObjectName("settings-finger-min")
        self.eyes_min = self._threshold(0.0, 0.35, settings.verify.min_eye_opening)
        self.eyes_min.setObjectName("settings-eyes-min")
        self.require_chain = QCheckBox(self)
        self.require_chain.setObjectName("settings-require-chain")
        self.require_chain.setChecked(settings.verify.require_trusted_chain)
        self.labels = [QLabel(self) for _ in range(11)]
        rows = (self.language_box, self.trust[0], self.server_key[0], self.police_unit, self.large_text, self.idle,
                self.match_below, self.no_match_above, self.finger_min, self.eyes_min, self.require_chain)
        for label, widget in zip(self.labels, rows):
            form.addRow(label, widget)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("settings-unlock-thresholds")
        self.unlock_button.clicked.connect(self.ask_supervisor)
        form.addRow("", self.unlock_button)
        self._lock_thresholds(True)
        left = QVBoxLayout()
        left.addLayout(form)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("settings-save")
        self.save_button.clicked.connect(self.save)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.back.emit)
        from PySide6.QtGui import QKeySequence, QShortcut

        for key, action in ((Qt.Key.Key_F7, lambda: self.ask_import()), (Qt.Key.Key_F4, lambda: self.ask_supervisor()),
                            ("Ctrl+S", lambda: self.save())):
            QShortcut(QKeySequence(key), self, action)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.back_button)
        left.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setObjectName("settings-message")
        self.message.setMinimumHeight(64)
        self.message.setWordWrap(True)
        left.addWidget(self.message)
        left.addStretch(1)
        self.drivers = QTableWidget(0, 3, self)
        self.drivers.setObjectName("settings-drivers")
        self.drivers.verticalHeader().hide()
        self.drivers.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.drivers.setWordWrap(True)
        self.trust_table = QTableWidget(0, 4, self)
        self.trust_table.setObjectName("settings-trust-table")
        self.trust_table.verticalHeader().hide()
        self.trust_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.trust_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.trust_summary = QLabel(self)
        self.trust_summary.setObjectName("settings-trust-summary")
        self.trust_summary.setWordWrap(False)
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("settings-trust-import")
        self.import_button.clicked.connect(self.ask_import)
        self.trust_heading = QLabel(self)
        self.trust_heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        body.addLayout(left, 1)
        body.addSpacing(16)
        body.addWidget(self.drivers, 1)
        layout.addLayout(body, 2)
        trust_row = QHBoxLayout()
        trust_row.addWidget(self.trust_heading)
        trust_row.addStretch(1)
        trust_row.addWidget(self.trust_summary)
        trust_row.addWidget(self.import_button)
        layout.addLayout(trust_row)
        layout.addWidget(self.trust_table, 1)
        self.retranslate()

    def _path_row(self, name: str, value: str) -> tuple[QWidget, QLineEdit]:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(value, holder)
        edit.setObjectName(name)
        browse = QPushButton("… (F2)", holder)          # F2 in the path field opens the chooser
        browse.setToolTip(self.tr("Choose a file"))
        browse.clicked.connect(lambda: self._browse(edit))
        from PySide6.QtGui import QKeySequence, QShortcut

        QShortcut(QKeySequence(Qt.Key.Key_F2), edit, lambda: self._browse(edit),
                  context=Qt.ShortcutContext.WidgetShortcut)
        row.addWidget(edit, 1)
        row.addWidget(browse)
        return holder, edit

    def _browse(self, edit: QLineEdit) -> None:
        from workstation.ui.file_dialogs import open_file

        path = open_file(self, self.tr("Choose a file"), edit.text())
        if path:
            edit.setText(path)

    def _threshold(self, low: float, high: float, value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setRange(low, high)
        box.setDecimals(2)
        box.setSingleStep(0.01)
        box.setValue(value)
        return box

    def _lock_thresholds(self, locked: bool) -> None:
        for box in (self.match_below, self.no_match_above, self.finger_min, self.eyes_min, self.require_chain):
            box.setEnabled(not locked)

    def ask_supervisor(self) -> None:
        if self.services is None:
            return
        dialog = CredentialsDialog(self.tr("Supervisor approval"), self.tr("Thresholds are changed by a supervisor."),
                                   self.services.approve_supervisor, self.language, self)
        if dialog.exec() and dialog.approved_by:
            self.unlock_thresholds(dialog.approved_by)

    def unlock_thresholds(self, supervisor: str) -> None:
        self.supervisor = supervisor
        self._lock_thresholds(False)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        index = self.language_box.findData(self.language())
        self.language_box.setCurrentIndex(max(index, 0))
        self.fill_drivers()
        self.fill_trust()

    def fill_trust(self) -> None:
        entries = describe(self.trust_store)
        self.trust_table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            crl = (self.tr("%1 (%2 days old)").replace("%1", e.crl).replace("%2", str(e.crl_age_days)) if e.crl
                   else self.tr("no CRL"))
            for c, value in enumerate((e.name, e.country, f"{e.valid_from} – {e.valid_to}", crl)):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{e.subject}\n{e.source}")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.trust_table.setItem(r, c, item)
        self.trust_table.resizeRowsToContents()
        skipped = len(self.trust_store.skipped)
        text = self.tr("%1 CSCA certificates installed.").replace("%1", str(len(entries)))
        if not entries:
            text = self.tr("No CSCA certificate installed: chips cannot be verified (call the administrator).")
        if skipped:
            text += " " + self.tr("%1 entries skipped (see the log).").replace("%1", str(skipped))
        self.trust_summary.setText(text)

    def trust_folder(self) -> Path:
        """Where imports go: the configured trust folder, or a folder beside the settings file."""
        configured = Path(self.trust[1].text().strip()).expanduser() if self.trust[1].text().strip() else None
        if configured is not None and configured.is_dir():
            return configured
        return self.settings_file.parent / "trust"

    def ask_import(self) -> None:
        pattern = " ".join(f"*{suffix}" for suffix in TRUST_SUFFIXES)
        from workstation.ui.file_dialogs import open_file

        path = open_file(self, self.tr("Import CSCA certificates or a CRL"), "",
                         self.tr("Certificates, master lists, LDIF, CRLs (%1)").replace("%1", pattern))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        folder = self.trust_folder()
        configured = self.trust[1].text().strip()
        try:
            if configured and Path(configured).expanduser().is_file():
                import_trust_file(Path(configured).expanduser(), folder)   # the single file joins the folder
            store = import_trust_file(path, folder)
        except (WorkstationError, OSError) as exc:
            text = exc.officer_text(self.language()) if isinstance(exc, WorkstationError) else str(exc)
            self._say(text, ok=False)
            return
        self.trust[1].setText(str(folder))
        self.settings = replace(self.settings, verify=replace(self.settings.verify, trust_store=str(folder)))
        try:
            save_settings(self.settings, self.settings_file)
        except WorkstationError as exc:
            self._say(exc.officer_text(self.language()), ok=False)
            return
        if self.services is not None:
            self.services.store.audit(self.services.acting_officer, "trust_imported", file=path.name,
                                      cscas=len(store.anchors), crls=len(store.crls))
        self.trust_store = store
        self.fill_trust()
        self.trust_changed.emit(store)
        self._say(self.tr("Imported: %1 CSCA certificates, %2 CRLs.").replace("%1", str(len(store.anchors)))
                  .replace("%2", str(len(store.crls))), ok=True)

    def fill_drivers(self) -> None:
        """The drivers in the window's language; the driver's own (English) reason is the tooltip,
        for whoever installs the library."""
        entries = self.registry.entries() if self.registry is not None else []
        kinds = {"card_reader": self.tr("Card reader"), "camera": self.tr("Camera"),
                 "fingerprint": self.tr("Fingerprint scanner"), "qr_scanner": self.tr("QR scanner")}
        self.drivers.setRowCount(len(entries))
        for r, entry in enumerate(entries):
            reason = entry.unavailable_reason()
            state = (self.tr("disabled") if not entry.enabled else self.tr("unavailable") if reason
                     else self.tr("simulated") if entry.simulated else self.tr("ready"))
            shown = f"{state}: {self.reason_words(reason)}" if reason else state
            for c, value in enumerate((kinds.get(str(entry.kind), str(entry.kind)), entry.name, shown)):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c == 2 and reason:
                    item.setToolTip(reason)
                self.drivers.setItem(r, c, item)
        self.drivers.resizeRowsToContents()

    def reason_words(self, reason: str) -> str:
        """"X is not installed (…)" → "X is not installed" in the officer's language."""
        import re

        found = re.match(r"^(?:the )?(.+?) is not installed", reason)
        if found:
            library = found.group(1).replace("Futronic SDK library ", "Futronic SDK ")
            return self.tr("%1 is not installed on this computer").replace("%1", library)
        return self.tr("the driver could not be loaded (details in the tooltip)")

    def edited(self) -> Settings:
        s = self.settings
        verify = replace(s.verify, trust_store=self.trust[1].text().strip())
        if self.supervisor is not None:
            verify = replace(verify, face_match_below=round(self.match_below.value(), 2),
                             face_no_match_above=round(self.no_match_above.value(), 2),
                             finger_min_quality=self.finger_min.value(),
                             min_eye_opening=round(self.eyes_min.value(), 2),
                             require_trusted_chain=self.require_chain.isChecked())
        return replace(s, ui=replace(s.ui, language=self.language_box.currentData(),
                                     idle_lock_minutes=float(self.idle.value()),
                                     police_unit=" ".join(self.police_unit.text().split()),
                                     large_text=self.large_text.isChecked()),
                       storage=replace(s.storage, server_key=self.server_key[1].text().strip()),
                       verify=verify)

    def save(self) -> None:
        new = self.edited()
        if new.verify.face_match_below > new.verify.face_no_match_above:
            self._say(self.tr("The match threshold must not be above the no-match threshold."), ok=False)
            return
        try:
            save_settings(new, self.settings_file)
        except WorkstationError as exc:
            self._say(exc.officer_text(self.language()), ok=False)
            return
        if self.services is not None and new.verify != self.settings.verify:
            self.services.store.audit(self.supervisor or self.services.officer, "thresholds_changed",
                                      face_match_below=new.verify.face_match_below,
                                      face_no_match_above=new.verify.face_no_match_above,
                                      finger_min_quality=new.verify.finger_min_quality,
                                      min_eye_opening=new.verify.min_eye_opening,
                                      require_trusted_chain=new.verify.require_trusted_chain)
        self.settings = new
        self.language_chosen.emit(new.ui.language)
        self._say(self.tr("Saved. Devices, keys and thresholds take effect at the next start."), ok=True)

    def _say(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"font-size: 14pt; color: {'#1b7f3b' if ok else '#b3261e'};")

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Settings"))
        for label, text in zip(self.labels, (
                self.tr("Language"), self.tr("Trusted CSCA certificates"), self.tr("Server key (X25519, PEM)"),
                self.tr("Police unit on receipts"), self.tr("Large text (at the next start)"),
                self.tr("Lock after idle (minutes)"),
                self.tr("Face: match at or below"), self.tr("Face: no match above"),
                self.tr("Fingerprint: lowest NFIQ 2"), self.tr("Face: eyes open at least (0 = off)"),
                self.tr("Chip: require a trusted issuer chain"))):
            label.setText(text)
        self.require_chain.setText(self.tr("On (off: each unverified chip needs a supervisor's approval)"))
        self.trust_heading.setText(self.tr("Trusted CSCA certificates"))
        self.import_button.setText(self.tr("Import CSCA / CRL… (F7)"))
        self.trust_table.setHorizontalHeaderLabels([self.tr("Subject"), self.tr("Country"), self.tr("Valid"),
                                                    self.tr("CRL")])
        self.fill_trust()
        self.unlock_button.setText(self.tr("Change thresholds (supervisor)… (F4)"))
        self.save_button.setText(self.tr("Save settings (Ctrl+S)"))
        self.back_button.setText(self.tr("Back to the enrollment (F10)"))
        self.drivers.setHorizontalHeaderLabels([self.tr("Device"), self.tr("Driver"), self.tr("State")])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

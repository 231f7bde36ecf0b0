"""The history page's packages leaving the workstation: export onto a USB stick (the chooser starts
on the stick) and sync to the centre. Both run off the UI thread (a slow stick or no network in
the village never freezes the counter); the outcome is said on the page in words, a failure also
on every page until the next sync. A job of its own, so history_page.py keeps to the day's list.

Strings keep the "HistoryPage" translation context (workstation_vi.ts keys them by it), hence
QCoreApplication.translate rather than self.tr."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from workstation.errors import WorkstationError

if TYPE_CHECKING:
    from workstation.ui.history_page import HistoryPage


class _Bridge(QObject):
    """Export and sync report from their own threads; these signals bring it to the UI thread."""

    done = Signal(str)
    failed = Signal(object)


class HistorySending(QObject):
    """Export and sync for the history page (its message line and its two buttons)."""

    def __init__(self, page: "HistoryPage") -> None:
        super().__init__(page)
        self.page = page
        self.bridge = _Bridge(page)
        self.bridge.done.connect(self._done)
        self.bridge.failed.connect(self._failed)

    def ask_export(self) -> None:
        """Export onto a USB stick: the chooser starts on the stick (one plugged in), offers the
        sticks (several), or says to plug one in (none)."""
        from workstation.core.removable_media import removable_drives

        drives = removable_drives()
        start = Path.home()
        if len(drives) == 1:
            start = drives[0].path
        elif drives:
            other = QCoreApplication.translate("HistoryPage", "Another folder…")
            names = [f"{d.label}  ({d.free_bytes // (1024 * 1024)} MB)" for d in drives] + [other]
            choice, ok = QInputDialog.getItem(self.page, QCoreApplication.translate("HistoryPage", "Export to a USB stick"),
                                              QCoreApplication.translate("HistoryPage", "Which USB stick?"),
                                              names, 0, False)
            if not ok:
                return
            if choice != other:
                self.export_to(drives[names.index(choice)].path)
                return
        else:
            self.page.message.setText(QCoreApplication.translate("HistoryPage",
                                                                 "No USB stick found: plug one in, or choose a folder."))
        folder = self.choose_folder(start)
        if folder:
            self.export_to(Path(folder))

    def choose_folder(self, start: Path) -> str:
        """Qt's own folder dialog, its labels in the window's language (the native one may not be)."""
        dialog = QFileDialog(self.page, QCoreApplication.translate("HistoryPage", "Export to a USB stick: choose its folder"),
                             str(start))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setLabelText(QFileDialog.DialogLabel.LookIn, QCoreApplication.translate("HistoryPage", "Look in:"))
        dialog.setLabelText(QFileDialog.DialogLabel.FileName, QCoreApplication.translate("HistoryPage", "Folder:"))
        dialog.setLabelText(QFileDialog.DialogLabel.FileType, QCoreApplication.translate("HistoryPage", "Type:"))
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, QCoreApplication.translate("HistoryPage", "Export here"))
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, QCoreApplication.translate("HistoryPage", "Cancel"))
        if not dialog.exec():
            return ""
        chosen = dialog.selectedFiles()
        return chosen[0] if chosen else ""

    def export_to(self, folder: Path) -> None:
        services = self.page.services
        if services is None:
            return
        self._busy(QCoreApplication.translate("HistoryPage", "Exporting…"))

        def work() -> None:
            from workstation.storage.central import export

            try:
                count = len(export(services.store, folder, services.workstation_id, services.acting_officer))
                self.bridge.done.emit(QCoreApplication.translate("HistoryPage", "%1 packages written to %2.")
                                      .replace("%1", str(count)).replace("%2", str(folder)))
            except Exception as exc:  # noqa: BLE001 - a full stick or a pulled one: said in words
                self.bridge.failed.emit(exc)
        threading.Thread(target=work, name="export", daemon=True).start()

    def sync_now(self) -> None:
        services = self.page.services
        if services is None:
            return
        self._busy(QCoreApplication.translate("HistoryPage", "Syncing…"))

        def work() -> None:
            try:
                from workstation.core.centre_words import sync_summary

                report = services.sync_to_centre()
                said, level = sync_summary(int(report.as_dict()["acknowledged"]), dict(report.rejected))
                if level == "ok":
                    self.bridge.done.emit(said.text(self.page.language()))
                else:       # any refusal: never green, the reason in words
                    self.bridge.failed.emit(WorkstationError(said))
            except Exception as exc:  # noqa: BLE001 - no network in the village: said in words
                self.bridge.failed.emit(exc)
        threading.Thread(target=work, name="sync", daemon=True).start()

    def _busy(self, text: str) -> None:
        page = self.page
        page.message.setText(text)
        page.message.setStyleSheet("font-size: 14pt;")
        page.export_button.setEnabled(False)
        page.sync_button.setEnabled(False)

    def _done(self, text: str) -> None:
        page = self.page
        window = page.window()
        if hasattr(window, "notice"):
            window.notice.clear_notice("sync")
        page.export_button.setEnabled(True)
        page.sync_button.setEnabled(True)
        page.message.setText(text)
        page.message.setStyleSheet("font-size: 14pt; color: #1b7f3b;")
        page.refresh()

    def _failed(self, error: Exception) -> None:
        page = self.page
        page.export_button.setEnabled(True)
        page.sync_button.setEnabled(True)
        text = error.officer_text(page.language()) if isinstance(error, WorkstationError) else str(error)
        page.message.setText(text)
        page.message.setStyleSheet("font-size: 14pt; color: #b3261e;")
        page.refresh()
        window = page.window()
        if hasattr(window, "notice"):             # seen from every page until the next sync
            window.notice.show_notice(text, "error", 60, key="sync")

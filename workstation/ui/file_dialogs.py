"""Qt's own file dialog, never the desktop's native one: its words come from our Vietnamese
catalogue (translations/qt_vi.ts), so a Vietnamese window never opens an English chooser (issue 20
finding 10). Same calls as QFileDialog's static helpers."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget


def _dialog(parent: QWidget | None, title: str, start: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    return dialog


def open_file(parent: QWidget | None, title: str, start: str = "", filters: str = "") -> str:
    dialog = _dialog(parent, title, start, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def save_file(parent: QWidget | None, title: str, start: str = "", filters: str = "") -> str:
    dialog = _dialog(parent, title, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> str:
    dialog = _dialog(parent, title, start, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""

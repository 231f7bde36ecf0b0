"""Asking before anything that destroys or ends work (log out, discard a draft): the safe choice is
the default, so Enter, Space on the focused button or Esc — the keys an officer presses out of habit
— never confirm it. The destructive button carries its own verb, never the word of the safe one."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget | None, title: str, text: str, do_it: str, keep: str) -> bool:
    """True only when the officer chose `do_it` (clicked, or its mnemonic); Enter/Esc keep."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("confirm-dialog")
    destructive = box.addButton(do_it, QMessageBox.ButtonRole.DestructiveRole)
    destructive.setObjectName("confirm-do")
    safe = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    safe.setObjectName("confirm-keep")
    box.setDefaultButton(safe)
    box.setEscapeButton(safe)
    safe.setFocus()
    box.exec()
    return box.clickedButton() is destructive


def ask_reason(parent: QWidget | None, title: str, label: str, go_on: str, keep: str,
               text: str = "") -> tuple[str, bool]:
    """A reason in the officer's words; the buttons say what they do (never one word for both)."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setObjectName("reason-dialog")
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(go_on)
    dialog.setCancelButtonText(keep)
    dialog.setTextValue(text)
    accepted = bool(dialog.exec())
    return dialog.textValue(), accepted

"""The application style sheet: a strong, visible focus ring on everything that takes the focus
(issue 20 finding 8: Space logged the officer out from a button nobody could see was focused).
Installed on the QApplication, so dialogs have it too."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

FOCUS = "#0b57d0"
STYLE = """
QPushButton { border: 2px solid #8a8a8a; border-radius: 5px; padding: 6px 6px; background: #f6f6f6;
    font-size: %(text)spt; }
QPushButton:hover { background: #eaeaea; }
QPushButton:disabled { color: #9a9a9a; border-color: #c8c8c8; }
QPushButton:focus { border: 4px solid %(focus)s; background: #e3eefa; }
QPushButton:default { font-weight: 600; }
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QTextEdit, QPlainTextEdit { border: 2px solid #9a9a9a;
    border-radius: 4px; padding: 3px; background: white; }
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus, QTextEdit:focus,
QPlainTextEdit:focus { border: 4px solid %(focus)s; }
QCheckBox:focus, QRadioButton:focus { border: 3px solid %(focus)s; border-radius: 4px; background: #e3eefa; }
QCheckBox, QRadioButton { border: 3px solid transparent; padding: 2px; font-size: %(text)spt; }
QCheckBox::indicator, QRadioButton::indicator { width: %(box)spx; height: %(box)spx; }
QTableWidget, QComboBox, QMessageBox QLabel, QInputDialog QLabel, QDialog QLabel { font-size: %(text)spt; }
QTableWidget:focus, QListWidget:focus, QTreeView:focus { border: 4px solid %(focus)s; }
QTableWidget::item:selected { background: %(focus)s; color: white; }
"""


def apply_style(app: QApplication, text_factor: float = 1.0) -> None:
    """`text_factor`: the window's text scale (ui.text_scale), for the buttons' and fields' text."""
    app.setStyleSheet(STYLE % {"focus": FOCUS, "text": f"{13 * text_factor:.1f}", "box": round(22 * text_factor)})

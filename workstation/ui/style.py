"""The application style sheet: a strong, visible focus ring on everything that takes the focus
(issue 20 finding 8: Space logged the officer out from a button nobody could see was focused).
Installed on the QApplication, so dialogs have it too."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

FOCUS = "#0b57d0"
STYLE = f"""
QPushButton {{ border: 2px solid #8a8a8a; border-radius: 5px; padding: 6px 14px; background: #f6f6f6;
    font-size: 13pt; }}
QPushButton:hover {{ background: #eaeaea; }}
QPushButton:disabled {{ color: #9a9a9a; border-color: #c8c8c8; }}
QPushButton:focus {{ border: 4px solid {FOCUS}; background: #e3eefa; }}
QPushButton:default {{ font-weight: 600; }}
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QTextEdit, QPlainTextEdit {{ border: 2px solid #9a9a9a;
    border-radius: 4px; padding: 3px; background: white; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus, QTextEdit:focus,
QPlainTextEdit:focus {{ border: 4px solid {FOCUS}; }}
QCheckBox:focus, QRadioButton:focus {{ border: 3px solid {FOCUS}; border-radius: 4px; background: #e3eefa; }}
QCheckBox, QRadioButton {{ border: 3px solid transparent; padding: 2px; font-size: 13pt; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 22px; height: 22px; }}
QTableWidget, QComboBox, QMessageBox QLabel, QInputDialog QLabel, QDialog QLabel {{ font-size: 13pt; }}
QTableWidget:focus, QListWidget:focus, QTreeView:focus {{ border: 4px solid {FOCUS}; }}
QTableWidget::item:selected {{ background: {FOCUS}; color: white; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(STYLE)

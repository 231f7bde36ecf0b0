"""Vietnamese throughout (issue 16 item 7): every page, menu, table and dialog of the Vietnamese
window is walked and any visible text that is still English fails the test.

"English" is decided two ways: a text that is the English source of a translation the catalogue
has (tr() fell through), or a text made of English words and no Vietnamese letters (a string that
never went through tr()). Names that are the same in both languages (QR, USB, PDF, VNeID, key names,
driver names, file paths) are allowed.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableWidget,
    QWidget,
)

from workstation.core.enrollment.workflow import Step

CATALOGUE = Path(__file__).resolve().parents[2] / "workstation/ui/translations/workstation_vi.ts"
ENGLISH_WORDS = {"the", "and", "of", "to", "is", "a", "an", "for", "with", "not", "card", "reader", "camera",
                 "scanner", "finger", "face", "enrollment", "save", "next", "back", "settings", "history", "export",
                 "sync", "connected", "missing", "simulated", "unavailable", "disabled", "driver", "file", "open",
                 "cancel", "yes", "no", "ok", "insert", "remove", "photo", "state", "enabled", "print", "package",
                 "packages", "officer", "supervisor", "reason", "citizen", "none", "unknown", "error", "loaded",
                 "trusted", "country", "valid", "until", "from", "name"}
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
ALLOWED = re.compile(r"^(|[\W\d_]+|QR|USB|PDF|VNeID|Camera|F\d+|Ctrl\+.*|Tiếng Việt|English|[a-z0-9_.-]+|.*/.*|.*\.toml)$")


def _catalogue() -> dict[str, str]:
    root = ET.parse(CATALOGUE).getroot()
    return {m.findtext("source") or "": m.findtext("translation") or "" for m in root.iter("message")}


def _english(text: str, sources: dict[str, str]) -> bool:
    text = " ".join(text.replace("&", "").split())
    if ALLOWED.match(text) or VIETNAMESE.search(text):
        return False
    if text in sources and sources[text] and sources[text] != text:
        return True
    words = re.findall(r"[A-Za-z]+", text.lower())
    return sum(w in ENGLISH_WORDS for w in words) >= 1 and len(words) >= 1 and not VIETNAMESE.search(text)


def _english_inside(text: str) -> bool:
    """An English phrase inside a Vietnamese line ("không dùng được: the library is not installed")."""
    words = [w.strip(".,:;()'\"") for w in text.lower().split()]
    words = [w for w in words if w.isascii() and w.isalpha()]
    return sum(w in ENGLISH_WORDS | {"is", "was", "are", "expected", "found", "fields", "date", "installed"}
               for w in words) >= 3


def _visible_texts(root: QWidget) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        name = f"{type(widget).__name__}#{widget.objectName()}"
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((name, widget.text()))
        if isinstance(widget, QLineEdit):
            found.append((name + " placeholder", widget.placeholderText()))
        if isinstance(widget, QGroupBox):
            found.append((name, widget.title()))
        if isinstance(widget, QComboBox):
            found.extend((name + " item", widget.itemText(i)) for i in range(widget.count()))
        if isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                found.append((name + " header", header.text() if header else ""))
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    if item is not None:
                        found.append((f"{name} cell {row},{column}", item.text()))
    return found


def _menu_texts(window) -> list[tuple[str, str]]:  # noqa: ANN001
    found = []
    for menu in window.menuBar().findChildren(QMenu):
        found.append(("menu", menu.title()))
        for action in menu.actions():
            if action.text():
                found.append((f"menu {menu.title()!r}", action.text()))
    return found


def test_every_visible_text_of_the_vietnamese_window_is_vietnamese(qtbot, gui, faces_dir) -> None:  # noqa: ANN001
    from tests.ui.test_enrollment_window import LONG, _insert

    sources = _catalogue()
    window = gui.window
    window.set_language("vi")
    seen: list[tuple[str, str, str]] = []

    def look(where: str) -> None:
        qtbot.wait(30)
        menus = _menu_texts(window) if where == "card" else []          # the same menus on every page
        for name, text in _visible_texts(window) + menus:
            for line in text.splitlines() or [""]:
                if _english(line, sources) or _english_inside(line):
                    seen.append((where, name, line))

    look("card")
    _insert(window, "an-genuine", faces_dir)
    qtbot.waitUntil(lambda: window.workflow.step == Step.FACE, timeout=10_000)
    look("chip")
    qtbot.waitUntil(lambda: window.workflow.step == Step.FINGERPRINTS, timeout=LONG)
    look("face")
    qtbot.waitUntil(lambda: window.workflow.step == Step.REVIEW, timeout=LONG)
    look("review")
    window.toggle_history()
    look("history")
    window.toggle_history()
    window.toggle_settings()
    look("settings")
    assert not seen, "English on the Vietnamese screen:\n" + "\n".join(f"  {w}: {n}: {t!r}" for w, n, t in seen)


def test_the_detector_finds_english(qtbot, gui) -> None:  # noqa: ANN001
    """The same walk over the English window must find English: the test above can fail."""
    sources = _catalogue()
    gui.window.set_language("en")
    qtbot.wait(30)
    english = [t for _n, t in _visible_texts(gui.window) + _menu_texts(gui.window) if _english(t, sources)]
    assert len(english) > 20
    assert not _english("Đặt thẻ căn cước lên đầu đọc", sources) and not _english("QR", sources)


def _dialog_texts(root: QWidget) -> list[tuple[str, str]]:
    """Every text of a dialog, its tooltips and its views' column headers included."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView

    found = _visible_texts(root)
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.isVisibleTo(root) and widget.toolTip():
            found.append((f"{type(widget).__name__} tooltip", widget.toolTip()))
        if isinstance(widget, QAbstractItemView) and widget.isVisibleTo(root) and widget.model() is not None:
            model = widget.model()
            found.extend((f"{type(widget).__name__} header", str(model.headerData(c, Qt.Orientation.Horizontal)))
                         for c in range(model.columnCount()))
    return found


def test_qt_s_own_dialogs_qr_errors_and_the_device_table_are_vietnamese(qtbot, gui) -> None:  # noqa: ANN001
    """Issue 20 finding 10: the file and print dialogs (Qt ships no Vietnamese), the QR parser's
    reasons, the F10 device table."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QFileDialog

    from workstation.core.qr_entry import enter_qr
    from workstation.ui.file_dialogs import _dialog

    sources = _catalogue()
    window = gui.window
    window.set_language("vi")
    seen: list[tuple[str, str, str]] = []

    def look(where: str, texts: list[tuple[str, str]]) -> None:
        for name, text in texts:
            for line in text.splitlines() or [""]:
                if _english(line, sources) or _english_inside(line):
                    seen.append((where, name, line))

    for mode in ("open", "save", "folder"):
        dialog = _dialog(window, "Chọn tệp", "", "PDF (*.pdf)")
        if mode == "save":
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        elif mode == "folder":
            dialog.setFileMode(QFileDialog.FileMode.Directory)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(50)
        look(f"file dialog ({mode})", _dialog_texts(dialog))
        dialog.hide()
    printer = QPrinter()
    printing = QPrintDialog(printer, window)
    qtbot.addWidget(printing)
    printing.show()
    qtbot.wait(50)
    look("print dialog", _dialog_texts(printing) + [("title", printing.windowTitle())])
    printing.hide()
    for bad in ("001099012345|", "001099012345||Nguyễn Văn An|32131999|Nam|Hà Nội|01012021",
                "001099012345||An|01011999|Nam|Hà Nội|01011990", "12345|x|y|z|w|v|u"):
        entry = enter_qr(bad)
        assert not entry.ok
        look("QR error", [("qr", entry.error.text("vi"))])
    window.toggle_settings()
    qtbot.wait(30)
    look("settings", _visible_texts(window.settings_page))
    assert not seen, "English on the Vietnamese screen:\n" + "\n".join(f"  {w}: {n}: {t!r}" for w, n, t in seen)


def test_the_campaign_pages_are_vietnamese(qtbot, isolated_home, tmp_path) -> None:  # noqa: ANN001
    """Issue 21: the check-in verdict, the queue (F11) and the progress (F12) of a loaded campaign."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.ui.campaign_setup import fix_clock, make_campaign, slip_of
    from workstation.core.context import AppContext
    from workstation.ui.app import start_gui

    make_campaign(tmp_path)
    gui = start_gui(AppContext.load(mode="simulated"))
    qtbot.addWidget(gui.window)
    window = gui.window
    window.show()
    try:
        window.set_language("vi")
        slip = slip_of(window)
        fix_clock(window, slip.start.astimezone())
        window.campaign.show(window.services.campaign.check_in(slip.qr_text))
        sources, seen = _catalogue(), []
        for key in (None, Qt.Key.Key_F11, Qt.Key.Key_F12):
            if key is not None:
                QTest.keyClick(window, key)
            qtbot.wait(30)
            seen += [(str(key), name, line) for name, text in _visible_texts(window) + _menu_texts(window)
                     for line in text.splitlines() or [""] if _english(line, sources) or _english_inside(line)]
        assert window.pages.currentWidget() is window.campaign.progress_page
        assert not seen, seen
    finally:
        gui.close()

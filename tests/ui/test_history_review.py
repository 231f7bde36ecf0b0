"""The supervisor's end of day (issue 16 items 4 and 5): the history's "to review" filter lists the
day's enrollments with overrides, exceptions or the same citizen again; a supervisor approves or
flags each with a password; a plain officer cannot."""
from __future__ import annotations


from tests.ui.conftest import answer_credentials
from workstation.core.context import AppContext
from workstation.core.history import REVIEW


def test_the_supervisor_reviews_the_day(qtbot, accounts, monkeypatch, screenshot_dir) -> None:  # noqa: ANN001
    from workstation.ui import history_page as history_module
    from workstation.ui.app import start_gui

    answer_credentials(monkeypatch, [("cb.le", "mat-khau-456"), ("cb.le", "mat-khau-456"),
                                     ("sup.tran", "mat-khau-123"), ("sup.tran", "mat-khau-123")])
    monkeypatch.setattr(history_module.QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("gọi lại công dân để kiểm tra vân tay", True)))
    gui = start_gui(AppContext.load(mode="simulated"))
    qtbot.addWidget(gui.window)
    window = gui.window
    window.show()
    try:
        store = window.services.store
        for n, flags in enumerate([(), ("face_override",), ("finger_exception", "finger_below_bar")]):
            eid = store.new_draft("cb.le", "001099012345" if n < 2 else "079190004321",
                                  "Nguyễn Văn An" if n < 2 else "Trần Thị Bích Ngọc", simulated=True)
            store.complete(eid, f"5b0c4c1e-0000-4000-8000-00000000000{n}", b"sealed", "cb.le", flags=flags)
        window.set_language("vi")
        window.toggle_history()
        page = window.history_page
        page.state_filter.setCurrentIndex(page.state_filter.findData(REVIEW))
        assert [r.full_name for r in page.rows] == ["Trần Thị Bích Ngọc", "Nguyễn Văn An"]
        notes = [page.table.item(r, 5).text() for r in range(page.table.rowCount())]
        assert "ngón không lấy được" in notes[0] or "không lấy" in notes[0]
        assert "lãnh đạo chấp nhận khuôn mặt" in notes[1] and "cùng công dân" in notes[1]
        assert window.grab().save(str(screenshot_dir / "history-review-vi.png"))
        page.table.selectRow(0)
        page.review_selected("approved")                  # cb.le is not a supervisor: refused
        assert len(page.rows) == 2
        page.review_selected("approved")                  # sup.tran
        assert [r.full_name for r in page.rows] == ["Nguyễn Văn An"]
        page.table.selectRow(0)
        page.review_selected("flagged")
        assert page.rows == []
        page.state_filter.setCurrentIndex(0)
        flagged = [r for r in page.rows if r.review == "flagged"]
        assert len(flagged) == 1 and flagged[0].reviewed_by == "sup.tran"
    finally:
        gui.close()


def test_export_starts_on_the_usb_stick(qtbot, gui, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """One stick plugged in: the folder chooser opens on it; none: it says to plug one in."""
    from workstation.core import removable_media
    from workstation.core.removable_media import Removable

    page = gui.window.history_page
    opened: list[object] = []
    exported: list[object] = []
    monkeypatch.setattr(page.sending, "choose_folder", lambda start: opened.append(start) or "")
    monkeypatch.setattr(page.sending, "export_to", exported.append)
    stick = tmp_path / "USB XA DONG"
    stick.mkdir()
    monkeypatch.setattr(removable_media, "removable_drives", lambda: [Removable(stick, stick.name, 10**9)])
    page.sending.ask_export()
    assert opened == [stick]
    monkeypatch.setattr(removable_media, "removable_drives", lambda: [])
    gui.window.set_language("vi")
    page.sending.ask_export()
    assert "cắm USB" in page.message.text() and len(opened) == 2 and not exported

"""Issue 20 finding 6: a forged or cloned chip is recorded as an incident (time, officer, verdict
codes, the chip's certificate fingerprints, nothing of the citizen in clear), listed for the
supervisor on F9 and counted by `workstation incidents`."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.ui.test_enrollment_window import _insert
from workstation.emulator.fixtures import fixture


def test_a_cloned_chip_is_recorded_listed_and_counted(qtbot, gui, faces_dir, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main
    from workstation.storage.models import AuditEntry, Incident

    window = gui.window
    window.set_language("vi")
    _insert(window, "cloned", faces_dir)
    qtbot.waitUntil(lambda: "sự cố" in window.notice.text(), timeout=10_000)
    store = window.services.store
    with store.sessions() as session:
        incident = session.scalars(select(Incident)).one()
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "incident")).one()
    assert incident.kind == "clone" and incident.officer == window.services.acting_officer
    assert json.loads(incident.codes) and all(c.startswith("clone:") for c in json.loads(incident.codes))
    prints = json.loads(incident.fingerprints)
    assert len(prints["sod"]) == 64 and prints["ds_certificates"] and len(prints["ds_certificates"][0]) == 64
    citizen = fixture("cloned").qr.split("|")
    row_text = json.dumps([incident.codes, incident.fingerprints, incident.citizen_key, audit.detail],
                          ensure_ascii=False)
    assert citizen[0] not in row_text and citizen[2] not in row_text          # no ID number, no name
    assert incident.citizen_key == store.cipher.index(citizen[0])             # the same card again: findable
    qtbot.keyClick(window, Qt.Key.Key_F9)
    page = window.history_page
    assert page.incidents.isVisible() and "Sự cố chip hôm nay: 1" in page.incidents.text()
    assert "chip sao chép" in page.incidents.text()
    assert main(["--simulate", "incidents", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["count"] == 1 and listed["incidents"][0]["kind"] == "clone"
    assert listed["incidents"][0]["fingerprints"] == prints
    _insert(window, "an-genuine", faces_dir)                                  # a genuine chip: no incident
    qtbot.waitUntil(lambda: window.chip_page.result is not None and window.chip_page.result.verdict.genuine,
                    timeout=10_000)
    with store.sessions() as session:
        assert len(session.scalars(select(Incident)).all()) == 1

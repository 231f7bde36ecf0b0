"""Today's enrollments: local-day bounds, search with or without accents, counters, and a draft
that a second read of the same citizen's card continues."""
from __future__ import annotations

from pathlib import Path

import pytest

from workstation.core.history import day_counters, day_rows, fold, not_yet_sent
from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import open_database
from workstation.storage.enrollments import EnrollmentStore


@pytest.fixture
def store(tmp_path: Path) -> EnrollmentStore:
    db = open_database(f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    return EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys"))


def test_fold_removes_vietnamese_accents() -> None:
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("TRẦN THỊ BÍCH NGỌC") == "tran thi bich ngoc"


def test_search_and_counters(store: EnrollmentStore) -> None:
    a = store.new_draft("cb.le", "001099012345", "Nguyễn Văn An", simulated=True)
    b = store.new_draft("cb.le", "079190004321", "Trần Thị Bích Ngọc", simulated=True)
    store.complete(b, "5b0c4c1e-0000-4000-8000-000000000001", b"sealed", "cb.le")
    assert not_yet_sent(store) == 1
    rows = day_rows(store)
    assert [r.full_name for r in rows] == ["Trần Thị Bích Ngọc", "Nguyễn Văn An"]   # newest first
    assert [r.enrollment_id for r in day_rows(store, query="nguyen")] == [a]
    assert [r.enrollment_id for r in day_rows(store, query="Bích")] == [b]
    assert [r.enrollment_id for r in day_rows(store, query="0791")] == [b]
    assert day_rows(store, query="999") == []
    assert day_counters(rows) == {"total": 2, "draft": 1, "complete": 1, "exported": 0, "synced": 0,
                                 "acknowledged": 0, "discarded": 0, "refused": 0}
    assert rows[0].created_at.tzinfo is not None


def test_a_resumed_draft_takes_the_same_citizens_captures(store: EnrollmentStore) -> None:
    from workstation.core.enrollment.workflow import EnrollmentWorkflow
    from workstation.core.card_reading import read_card
    from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
    from workstation.emulator.fixtures import build_card, fixture
    from workstation.emulator.simulated_trust import simulated_trust_store
    from workstation.verify.access_keys import keys_from_qr
    from workstation.verify.qr import parse_qr

    def read(card: str):  # noqa: ANN202
        reader = SimulatedCardReaderDriver()
        reader.insert(build_card(card))
        qr = parse_qr(fixture(card).qr)
        return read_card(reader.connect, keys_from_qr(qr), simulated_trust_store(), qr=qr)

    draft = store.new_draft("cb.le", "001099012345", "Nguyễn Văn An", simulated=True)
    same = EnrollmentWorkflow("cb.le", True, "ws", store, resume_id=draft)
    same.chip_read(read("an-genuine"))
    assert same.enrollment_id == draft
    other = EnrollmentWorkflow("cb.le", True, "ws", store, resume_id=draft)
    other.chip_read(read("bich-variants"))
    assert other.enrollment_id not in (None, draft)     # another citizen's card never joins the draft


def test_the_same_citizen_again_and_flagged_enrollments_are_on_the_supervisor_s_list(store: EnrollmentStore) -> None:
    """Issue 16 item 5: repeats within the period, overrides and exceptions marked, filter by state;
    a supervisor's review takes a row off the end-of-day list and is audited."""
    from workstation.core.history import REVIEW, matching
    from workstation.storage.enrollments import APPROVED

    ids = []
    for n in range(3):                                   # the same citizen three times today
        eid = store.new_draft("cb.le", "001099012345", "Nguyễn Văn An", simulated=True)
        store.complete(eid, f"5b0c4c1e-0000-4000-8000-00000000000{n}", b"sealed", "cb.le",
                       flags=("face_override",) if n == 1 else ())
        ids.append(eid)
    other = store.new_draft("cb.le", "079190004321", "Trần Thị Bích Ngọc", simulated=True)
    store.complete(other, "5b0c4c1e-0000-4000-8000-000000000009", b"sealed", "cb.le",
                   flags=("finger_exception",))
    clean = store.new_draft("cb.le", "036188000777", "Lê Văn Cường", simulated=True)
    store.complete(clean, "5b0c4c1e-0000-4000-8000-000000000010", b"sealed", "cb.le")
    rows = {r.enrollment_id: r for r in day_rows(store, repeat_days=30)}
    assert [rows[e].repeats for e in ids] == [0, 1, 2]                      # each counts those before it
    assert rows[ids[1]].flags == ("face_override",) and rows[other].flags == ("finger_exception",)
    assert not rows[clean].needs_review and rows[other].needs_review
    review = {r.enrollment_id for r in matching(list(rows.values()), "", REVIEW)}
    assert review == {ids[1], ids[2], other}
    assert {r.enrollment_id for r in matching(list(rows.values()), "", "complete")} == set(rows)
    assert not [r for r in day_rows(store, repeat_days=0) if r.repeats]       # 0: never flagged
    store.review(other, APPROVED, "sup.tran")
    rows = {r.enrollment_id: r for r in day_rows(store)}
    assert rows[other].review == APPROVED and rows[other].reviewed_by == "sup.tran" and not rows[other].needs_review
    assert store.verify_audit() is None

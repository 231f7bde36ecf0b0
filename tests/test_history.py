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

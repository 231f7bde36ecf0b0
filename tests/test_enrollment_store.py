"""Drafts that survive a crash, packages never half stored, an audit log nobody can rewrite."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from workstation.errors import WorkstationError
from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import open_database, sqlite_url
from workstation.storage.enrollments import COMPLETE, DISCARDED, DRAFT, EXPORTED, SYNCED, EnrollmentStore
from workstation.storage.officers import LoginFailed, authenticate, create_officer


@pytest.fixture
def store(tmp_path: Path) -> EnrollmentStore:
    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    return EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys"))


def test_draft_captures_are_encrypted_at_rest_and_come_back(store: EnrollmentStore, tmp_path: Path) -> None:
    eid = store.new_draft("officer-01", "001099012345", "Nguyễn Văn An", simulated=True)
    store.add_capture(eid, "face", "face/live.jpg", b"\xff\xd8 a face JPEG")
    store.add_capture(eid, "chip", "chip/dg2.bin", b"u\x82 chip photo")
    assert [c.name for c in store.captures(eid)] == ["face/live.jpg", "chip/dg2.bin"]
    assert store.captures(eid)[0].data == b"\xff\xd8 a face JPEG"
    raw = (tmp_path / "ws.sqlite3").read_bytes() + (tmp_path / "ws.sqlite3-wal").read_bytes() \
        if (tmp_path / "ws.sqlite3-wal").exists() else (tmp_path / "ws.sqlite3").read_bytes()
    assert b"a face JPEG" not in raw and b"chip photo" not in raw


def test_states_move_only_forward(store: EnrollmentStore) -> None:
    eid = store.new_draft("officer-01", "001099012345", "An", simulated=False)
    with pytest.raises(WorkstationError, match="from draft to synced"):
        store.set_state(eid, SYNCED, "officer-01")
    store.complete(eid, "pkg-1", b"sealed bytes", "officer-01")
    assert store.get(eid).state == COMPLETE and store.captures(eid) == []
    store.set_state(eid, EXPORTED, "officer-01")
    assert store.get(eid).exported_at is not None
    with pytest.raises(WorkstationError):
        store.complete(eid, "pkg-2", b"again", "officer-01")
    assert store.count_by_state() == {EXPORTED: 1}


def test_drafts_nobody_came_back_for_expire_and_nothing_else_does(store: EnrollmentStore) -> None:
    from datetime import UTC, datetime, timedelta

    from workstation.storage.models import Enrollment

    old = store.new_draft("officer-01", "001099012345", "An", simulated=False)
    store.add_capture(old, "face", "face/live.jpg", b"\xff\xd8 a face")
    recent = store.new_draft("officer-01", "079190004321", "Bích", simulated=False)
    sealed = store.new_draft("officer-01", "040203000777", "Dung", simulated=False)
    store.complete(sealed, "pkg-1", b"sealed", "officer-01")
    ten_days_ago = datetime.now(UTC) - timedelta(days=10)
    with store.sessions.begin() as session:
        for eid in (old, sealed):
            session.get(Enrollment, eid).updated_at = ten_days_ago
    assert store.expire_drafts(datetime.now(UTC) - timedelta(days=7), "workstation") == 1
    assert store.get(old).state == DISCARDED and store.captures(old) == []
    assert store.get(recent).state == DRAFT and store.get(sealed).state == COMPLETE
    assert store.get(sealed).package == b"sealed" and store.verify_audit() is None
    assert store.expire_drafts(datetime.now(UTC) - timedelta(days=7), "workstation") == 0


def test_captures_taken_together_are_kept_together(store: EnrollmentStore) -> None:
    eid = store.new_draft("officer-01", "001099012345", "An", simulated=False)
    with pytest.raises(TypeError):
        store.add_captures(eid, [("chip", "chip/com.bin", b"\x60 com"), ("chip", "chip/dg1.bin", None)])  # type: ignore[list-item]
    assert store.captures(eid) == []                   # the first file was not kept without the second
    store.add_captures(eid, [("chip", f"chip/{n}.bin", n.encode()) for n in ("com", "dg1", "dg2")])
    assert [(c.name, c.data) for c in store.captures(eid)] == [("chip/com.bin", b"com"), ("chip/dg1.bin", b"dg1"),
                                                               ("chip/dg2.bin", b"dg2")]


def test_a_discarded_draft_loses_its_captures_and_keeps_its_audit(store: EnrollmentStore) -> None:
    eid = store.new_draft("officer-01", "001099012345", "An", simulated=False)
    store.add_capture(eid, "face", "face/live.jpg", b"\xff\xd8 a face")
    with pytest.raises(WorkstationError, match="Write why"):
        store.discard(eid, "officer-01", "  no ")
    assert store.get(eid).state == DRAFT and len(store.captures(eid)) == 1
    store.discard(eid, "officer-01", "citizen left the queue")
    assert store.get(eid).state == DISCARDED and store.captures(eid) == []
    assert store.drafts() == []
    with pytest.raises(WorkstationError, match="Only a draft"):
        store.discard(eid, "officer-01", "twice over")
    with pytest.raises(WorkstationError):
        store.complete(eid, "pkg-1", b"sealed", "officer-01")
    sealed = store.new_draft("officer-01", "079190004321", "Bích", simulated=False)
    store.complete(sealed, "pkg-2", b"sealed", "officer-01")
    with pytest.raises(WorkstationError, match="Only a draft"):
        store.discard(sealed, "officer-01", "a package is never lost")
    assert store.get(sealed).package == b"sealed" and store.verify_audit() is None


def test_two_enrollments_of_one_id_on_one_day_are_found(store: EnrollmentStore) -> None:
    store.new_draft("officer-01", "001099012345", "An", simulated=False)
    store.new_draft("officer-02", "001099012345", "An", simulated=False)
    store.new_draft("officer-02", "079190004321", "Bích", simulated=False)
    assert len(store.same_day("001099012345")) == 2 and len(store.same_day("079190004321")) == 1


def test_the_audit_log_is_chained_and_append_only(store: EnrollmentStore) -> None:
    eid = store.new_draft("officer-01", "001099012345", "An", simulated=False)
    store.audit("supervisor-01", "override_face", eid, reason="ảnh cũ")
    assert store.verify_audit() is None
    with store.sessions.begin() as session, pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("UPDATE audit_log SET officer = 'someone else' WHERE id = 1"))
    with store.sessions.begin() as session, pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("DELETE FROM audit_log"))
    # someone who drops the trigger and edits a row is still found out by the chain
    with store.sessions.begin() as session:
        session.execute(text("DROP TRIGGER audit_log_no_update"))
        session.execute(text("UPDATE audit_log SET detail = '{}' WHERE id = 2"))
    assert store.verify_audit() == 2


def test_officers_log_in_with_scrypt_hashed_passwords(store: EnrollmentStore) -> None:
    create_officer(store.sessions, "can-bo-01", "mật khẩu an toàn", "officer")
    assert authenticate(store.sessions, "can-bo-01", "mật khẩu an toàn").role == "officer"
    with pytest.raises(LoginFailed):
        authenticate(store.sessions, "can-bo-01", "sai mật khẩu")
    with pytest.raises(LoginFailed):
        authenticate(store.sessions, "nobody", "whatever123")
    with store.sessions() as session:
        stored = session.execute(text("SELECT password_hash FROM officers")).scalar()
    assert stored.startswith("scrypt$") and "an toàn" not in stored


CRASHER = textwrap.dedent('''
    import os, signal, sys
    from pathlib import Path
    from workstation.storage.at_rest import BlobCipher
    from workstation.storage.database import open_database, sqlite_url
    from workstation.storage.enrollments import EnrollmentStore
    folder, kill_at = Path(sys.argv[1]), int(sys.argv[2])
    db = open_database(sqlite_url(folder / "ws.sqlite3"))
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(folder / "keys"))
    step = 0
    def tick():
        global step
        step += 1
        if step == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
    eid = store.new_draft("officer-01", "001099012345", "Nguyễn Văn An", simulated=True); tick()
    for i in range(4):
        store.add_capture(eid, "finger", f"finger/{i}.iso", bytes([i]) * 5000); tick()
    store.complete(eid, "pkg-crash", b"sealed" * 1000, "officer-01"); tick()
''')


@pytest.mark.parametrize("kill_at", [1, 2, 3, 5, 6, 7])
def test_a_crash_at_any_step_loses_nothing_already_captured(tmp_path: Path, kill_at: int) -> None:
    script = tmp_path / "crash.py"
    script.write_text(CRASHER)
    result = subprocess.run([sys.executable, str(script), str(tmp_path), str(kill_at)], capture_output=True, timeout=60)
    assert result.returncode == (-signal.SIGKILL if kill_at <= 6 else 0), result.stderr.decode()
    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys"))
    with db.sessions() as session:
        rows = session.execute(text("SELECT id, state, package FROM enrollments")).all()
    assert len(rows) == 1
    eid, state, package = rows[0]
    if kill_at <= 5:
        assert state == DRAFT and package is None
        assert [c.name for c in store.captures(eid)] == [f"finger/{i}.iso" for i in range(kill_at - 1)]
        assert all(c.data == bytes([i]) * 5000 for i, c in enumerate(store.captures(eid)))
    else:
        assert state == COMPLETE and package == b"sealed" * 1000 and store.captures(eid) == []
    assert store.verify_audit() is None
    db.close()


WRITER = textwrap.dedent('''
    import sys
    from pathlib import Path
    from workstation.storage.at_rest import BlobCipher
    from workstation.storage.database import open_database, sqlite_url
    from workstation.storage.enrollments import EnrollmentStore
    folder = Path(sys.argv[1])
    db = open_database(sqlite_url(folder / "ws.sqlite3"))
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(folder / "keys"))
    eid = store.new_draft("officer-01", "001099012345", "An", simulated=True)
    print("ready", flush=True)
    i = 0
    while True:
        store.add_capture(eid, "finger", f"finger/{i}.iso", bytes([i % 256]) * 50_000)
        i += 1
''')


@pytest.mark.parametrize("delay", [0.05, 0.13, 0.21, 0.34])
def test_killed_in_the_middle_of_writing_the_database_stays_whole(tmp_path: Path, delay: float) -> None:
    import time

    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    process = subprocess.Popen([sys.executable, str(script), str(tmp_path)], stdout=subprocess.PIPE)
    assert process.stdout.readline().strip() == b"ready"
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys"))
    (draft,) = store.drafts()
    captures = store.captures(draft.id)   # decrypts and checks every hash
    assert [c.name for c in captures] == [f"finger/{i}.iso" for i in range(len(captures))]
    assert all(c.data == bytes([i % 256]) * 50_000 for i, c in enumerate(captures))
    with db.sessions() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    db.close()


def test_a_damaged_data_key_is_restored_from_its_backup_or_named(tmp_path) -> None:  # noqa: ANN001
    from workstation.errors import WorkstationError
    from workstation.storage.at_rest import BlobCipher

    folder = tmp_path / "keys"
    nonce, blob = BlobCipher.from_folder(folder).seal(b"fingerprint", "e/finger")
    assert (folder / ".data-key.backup").read_bytes() == (folder / ".data-key").read_bytes()
    (folder / ".data-key").write_bytes(b"")                               # a 0-byte key file
    assert BlobCipher.from_folder(folder).open(nonce, blob, "e/finger") == b"fingerprint"
    assert len((folder / ".data-key").read_bytes()) == 32                 # put back from the backup
    (folder / ".data-key").write_bytes(b"garbage")
    (folder / ".data-key.backup").write_bytes(b"")
    with pytest.raises(WorkstationError) as caught:
        BlobCipher.from_folder(folder)
    assert ".data-key" in caught.value.one_line() and "support" in caught.value.one_line()
    assert not list(folder.glob("*.part"))


def test_no_citizen_id_or_name_in_clear_in_the_database_files(store: EnrollmentStore, tmp_path: Path) -> None:
    """Issue 15 item 7: a keyed hash to find the citizen again, ID and name encrypted; the history
    decrypts them. The database file, its WAL and its shared memory hold neither in clear."""
    from workstation.core.history import day_rows

    first = store.new_draft("officer-01", "001099012345", "Nguyễn Văn Ẩn", simulated=True)
    store.new_draft("officer-01", "001099012345", "Nguyễn Văn Ẩn", simulated=True)
    store.new_draft("officer-01", "079188000111", "Trần Thị Bích", simulated=True)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("ws.sqlite3*"))
    for secret in ("001099012345", "079188000111", "Nguyễn Văn Ẩn", "Trần Thị Bích", "Bích"):
        assert secret.encode() not in raw and secret.encode("utf-16-le") not in raw
    assert {r.id_number for r in day_rows(store)} == {"001099012345", "079188000111"}
    assert len(store.same_day("001099012345")) == 2 and len(store.same_day("079188000111")) == 1
    enrollment = store.get(first)
    assert store.is_citizen(enrollment, "001099012345") and not store.is_citizen(enrollment, "001099012346")
    other_key = EnrollmentStore(store.sessions, BlobCipher(b"\x01" * 32))       # another workstation's key
    assert not other_key.same_day("001099012345")                              # the hash is keyed


def test_rows_from_before_encryption_are_protected_on_first_open(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    with db.engine.begin() as connection:                       # a row as version 0003 wrote it
        connection.execute(text(
            "INSERT INTO enrollments (id, state, id_number, full_name, officer, simulated, created_at, updated_at) "
            "VALUES ('e1', 'complete', '001099012345', 'Lê Văn Cũ', 'officer-01', 1, '2026-11-30 09:00:00', "
            "'2026-11-30 09:00:00')"))
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys"))
    assert store.citizen(store.get("e1")).full_name == "Lê Văn Cũ"             # readable before
    assert store.protect_clear_rows() == 1 and store.protect_clear_rows() == 0
    assert store.citizen(store.get("e1")).full_name == "Lê Văn Cũ"             # and after
    db.engine.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("ws.sqlite3*"))
    assert "Lê Văn Cũ".encode() not in raw and b"001099012345" not in raw

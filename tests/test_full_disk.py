"""A full disk, on a real small filesystem (tests/support/small_disk.py): every write gives the
officer's message, leaves no partial file, and loses nothing already captured.

Covers issue 15 item 4: captures into the draft (SQLite's SQLITE_FULL), the sealed package written
with --out, the USB export, settings and keys; and the free-space check before a new enrollment.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.small_disk import fill, small_disk
from workstation.atomic_file import write_atomically
from workstation.config import Settings, load_settings, save_settings
from workstation.disk_space import LOW, OK, TOO_LOW, DiskFullError, space_check
from workstation.errors import WorkstationError
from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import open_database, sqlite_url
from workstation.storage.enrollments import COMPLETE, EnrollmentStore


def _store_on(disk: Path, **options: object):  # noqa: ANN202 - (Database, EnrollmentStore)
    """The workstation's database and data key on the small disk."""
    db = open_database(sqlite_url(disk / "ws.sqlite3"))
    return db, EnrollmentStore(db.sessions, BlobCipher.from_folder(disk / "keys"), **options)  # type: ignore[arg-type]


def _no_partial_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.part")]


def test_an_atomic_write_on_a_full_disk_keeps_the_old_file_and_no_part(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 256) as disk:
        target = disk / "settings.toml"
        target.write_bytes(b"old")
        fill(disk)
        with pytest.raises(OSError) as caught:
            write_atomically(target, b"new" * 100_000)
        assert caught.value.errno == 28                       # ENOSPC, from the kernel
        assert target.read_bytes() == b"old" and not _no_partial_files(disk)


def test_captures_on_a_full_disk_are_refused_in_words_and_the_earlier_ones_stay(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 2048) as disk:
        db, store = _store_on(disk)
        eid = store.new_draft("officer-01", "001099012345", "Nguyễn Văn An", simulated=True)
        store.add_capture(eid, "face", "face/live.jpg", b"\xff\xd8 the face")
        filler = fill(disk)
        with pytest.raises(DiskFullError) as caught:
            store.add_capture(eid, "finger", "finger/right_index.iso", os.urandom(400_000))
        assert "Ổ đĩa đã đầy" in caught.value.officer_text("vi") and str(disk) in caught.value.one_line()
        assert "kept" in caught.value.one_line()
        filler.unlink()                                        # the officer frees some space
        assert [c.name for c in store.captures(eid)] == ["face/live.jpg"]
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        store.add_capture(eid, "finger", "finger/right_index.iso", b"FIR\0 print")     # and goes on
        assert len(store.captures(eid)) == 2
        db.engine.dispose()


def test_an_export_to_a_full_stick_leaves_the_packages_to_export_again(tmp_path: Path) -> None:
    from workstation.storage.central import export

    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys"))
    for n in range(3):
        eid = store.new_draft("officer-01", f"00109901234{n}", "An", simulated=True)
        store.complete(eid, f"00000000-0000-4000-8000-00000000000{n}", os.urandom(60_000), "officer-01")
    with small_disk(tmp_path / "stick", 128) as stick:
        with pytest.raises(DiskFullError, match=str(stick)):
            export(store, stick, "ws", "officer-01")
        assert not _no_partial_files(stick)
        assert not list(stick.glob("export-*.json"))               # no manifest naming what is not there
    assert store.count_by_state().get(COMPLETE) == 3               # still to export


def test_settings_and_keys_on_a_full_disk(tmp_path: Path) -> None:
    from workstation.core.package.keys import load_or_create_identity

    with small_disk(tmp_path / "disk", 256) as disk:
        settings_file = disk / "settings.toml"
        save_settings(Settings(), settings_file)
        fill(disk)
        with pytest.raises(DiskFullError):
            save_settings(Settings(), settings_file)
        assert load_settings(settings_file) == Settings(source=settings_file)     # the old file, whole
        with pytest.raises(DiskFullError):
            load_or_create_identity(disk / "keys", "ws-1")
        with pytest.raises(DiskFullError):
            BlobCipher.from_folder(disk / "keys2")
        assert not _no_partial_files(disk)


def test_enroll_out_on_a_full_disk_says_so_in_one_line(tmp_path: Path, faces_dir: Path) -> None:
    """The tester's command end to end: the package cannot be written, one line on stderr, exit 1."""
    with small_disk(tmp_path / "out", 64) as out:
        fill(out)
        env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
                   XDG_STATE_HOME=str(tmp_path / "state"), XDG_CACHE_HOME=str(tmp_path / "cache"))
        done = subprocess.run([sys.executable, "-m", "workstation", "--simulate", "enroll", "--out", str(out),
                               "--portrait", str(faces_dir / "obama.jpg")],
                              capture_output=True, text=True, env=env, timeout=300, check=False)
        assert done.returncode == 1, done.stderr
        lines = [line for line in done.stderr.splitlines() if line.startswith("workstation:")]
        assert lines and "disk is full" in lines[-1] and "Traceback" not in done.stderr
        assert not _no_partial_files(out) and not list(out.glob("*.wspkg"))


def test_free_space_is_checked_before_a_new_enrollment(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", 8192) as disk:
        assert space_check(disk, warn_mb=4, refuse_mb=2).level == OK
        fill(disk, leave_bytes=3 * 1024 * 1024)
        assert space_check(disk, warn_mb=4, refuse_mb=2).level == LOW
        db, store = _store_on(disk, free_space_mb=(4, 3.5))
        with pytest.raises(WorkstationError, match="no new enrollment can start") as caught:
            store.new_draft("officer-01", "001099012345", "An", simulated=True)
        assert "không bắt đầu hồ sơ mới" in caught.value.officer_text("vi")
        assert store.space_check().level == TOO_LOW
        store.free_space_mb = (4, 1)
        store.new_draft("officer-01", "001099012345", "An", simulated=True)       # above the floor: it starts
        db.engine.dispose()
    assert space_check(tmp_path / "nowhere" / "deeper", 1, 0).level in (OK, LOW)  # nearest existing parent


def test_a_print_that_cannot_be_kept_is_asked_for_again(tmp_path: Path) -> None:
    """The disk fills between two fingers: the finger is not counted as captured (nothing on
    screen claims a print that is not on disk), and once there is room the same finger is taken."""
    from tests.support.cards import read_fixture_card
    from workstation.core.enrollment.workflow import EnrollmentWorkflow
    from workstation.devices.base import DriverParams
    from workstation.devices.fingerprint.simulated import SimulatedScannerDriver

    with small_disk(tmp_path / "disk", 4096) as disk:
        db, store = _store_on(disk)
        workflow = EnrollmentWorkflow("officer-01", simulated=True, workstation_id=db.workstation_id, store=store)
        workflow.chip_read(read_fixture_card("an-genuine"))
        sequence = workflow.fingerprint_sequence()
        scanner = SimulatedScannerDriver(DriverParams({"citizen": "test citizen"}))
        first = sequence.current
        touch = sequence.examine(scanner.capture(first, 5.0), scanner.info())
        filler = fill(disk)
        with pytest.raises(DiskFullError):
            sequence.submit_touch(touch)
        assert sequence.current == first and not sequence.attempts and not sequence.captures
        filler.unlink()
        sequence.submit_touch(touch)
        names = [c.name for c in store.captures(workflow.enrollment_id) if c.name.endswith(".fir")]
        assert len(names) == 1 and first in names[0] and sequence.current != first
        db.engine.dispose()


def test_sealing_on_a_full_disk_keeps_the_draft_to_save_again(tmp_path: Path) -> None:
    """The package is stored in the same transaction that completes the draft: a full disk leaves
    the draft and every capture as they were, and saving again once there is room works."""
    with small_disk(tmp_path / "disk", 2048) as disk:
        db, store = _store_on(disk)
        eid = store.new_draft("officer-01", "001099012345", "An", simulated=True)
        store.add_capture(eid, "face", "face/live.jpg", b"\xff\xd8 the face")
        filler = fill(disk)
        with pytest.raises(DiskFullError):
            store.complete(eid, "00000000-0000-4000-8000-000000000001", os.urandom(500_000), "officer-01")
        assert store.get(eid).state == "draft" and [c.name for c in store.captures(eid)] == ["face/live.jpg"]
        filler.unlink()
        store.complete(eid, "00000000-0000-4000-8000-000000000001", os.urandom(500_000), "officer-01")
        assert store.get(eid).state == COMPLETE and store.verify_audit() is None
        db.engine.dispose()


def test_the_space_left_is_written_as_each_language_writes_numbers(tmp_path: Path) -> None:
    from workstation.disk_space import SpaceCheck

    message = SpaceCheck(tmp_path, int(78.4 * 1024**3), LOW).message()
    assert "78,4 GB" in message.vi and "78.4 GB" in message.en
    assert "512 MB" in SpaceCheck(tmp_path, 512 * 1024**2, TOO_LOW).message().en

"""Six concurrent enrollments on a real PostgreSQL keep one audit chain (they forked it before:
two entries chained onto the same previous hash), and on SQLite too."""
from __future__ import annotations

import threading
from pathlib import Path

from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import open_database, sqlite_url
from workstation.storage.enrollments import EnrollmentStore


def _six_at_once(store: EnrollmentStore) -> None:
    errors: list[BaseException] = []

    def enroll(n: int) -> None:
        try:
            for i in range(5):
                eid = store.new_draft(f"officer-{n}", f"0010990{n}{i:04d}", "Citizen", simulated=True)
                store.add_captures(eid, [("chip", "chip/dg1.bin", b"x" * 100)])
                store.complete(eid, f"00000000-0000-4000-8000-{n:06d}{i:06d}", b"sealed", f"officer-{n}")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
    threads = [threading.Thread(target=enroll, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.verify_audit() is None


def test_six_concurrent_enrollments_keep_one_chain_on_postgresql(postgres: str, tmp_path: Path) -> None:
    db = open_database(postgres.replace("postgresql://", "postgresql+psycopg://"))
    _six_at_once(EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys")))
    db.close()


def test_six_concurrent_enrollments_keep_one_chain_on_sqlite(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    _six_at_once(EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys")))
    db.close()

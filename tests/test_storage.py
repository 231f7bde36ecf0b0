import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from workstation.storage.database import (
    HEAD_REVISION,
    StorageError,
    current_revision,
    head_revision,
    open_database,
    sqlite_url,
)


def test_first_open_migrates_to_head_in_wal_mode(tmp_path: Path) -> None:
    db_file = tmp_path / "data" / "ws.sqlite3"
    db = open_database(sqlite_url(db_file))
    try:
        assert current_revision(db.engine) == head_revision() == "0007"
        assert "workstation_info" in inspect(db.engine).get_table_names()
        with db.engine.connect() as c:
            assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.close()
    # the file is a real SQLite database that other tools can open
    with sqlite3.connect(db_file) as raw:
        assert raw.execute("select count(*) from workstation_info").fetchone() == (1,)


def test_head_revision_constant_matches_the_migrations() -> None:
    assert HEAD_REVISION == head_revision()


def test_reopening_keeps_the_workstation_id(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "ws.sqlite3")
    first = open_database(url)
    first.close()
    second = open_database(url)
    second.close()
    assert first.workstation_id == second.workstation_id
    assert len(first.workstation_id) == 36


def test_unopenable_database_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="database cannot be opened"):
        open_database(sqlite_url(blocker / "ws.sqlite3"))


def test_a_file_that_is_not_a_database_is_a_storage_error(tmp_path: Path) -> None:
    garbage = tmp_path / "ws.sqlite3"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError):
        open_database(sqlite_url(garbage))


def test_the_database_and_its_wal_are_the_owner_s_only(tmp_path: Path) -> None:
    import os
    import stat

    db_file = tmp_path / "data" / "ws.sqlite3"
    db = open_database(sqlite_url(db_file))
    with db.engine.begin() as c:
        c.execute(text("CREATE TABLE IF NOT EXISTS t (x)"))
        c.execute(text("INSERT INTO t VALUES (1)"))
    for f in [db_file, *db_file.parent.glob("ws.sqlite3-*")]:
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600, f
    db.close()

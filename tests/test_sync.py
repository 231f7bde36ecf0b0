"""Packages leaving the workstation: the USB export (atomic, idempotent state), and `workstation
sync`, which talks only to the centre's HTTPS API (tests/centre/test_centre_server.py runs it
against a real server); the old direct-database paths are refused with what to do instead."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from workstation.storage.at_rest import BlobCipher
from workstation.storage.central import export
from workstation.storage.database import open_database, sqlite_url
from workstation.storage.enrollments import EXPORTED, EnrollmentStore


@pytest.fixture
def store(tmp_path: Path) -> EnrollmentStore:
    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    return EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "keys"))


def _complete(store: EnrollmentStore, n: int) -> list[str]:
    ids = []
    for i in range(n):
        eid = store.new_draft("officer-01", f"00109901{i:04d}", f"Citizen {i}", simulated=True)
        store.complete(eid, f"00000000-0000-4000-8000-{i:012d}", os.urandom(2000), "officer-01")
        ids.append(eid)
    return ids


def test_export_writes_every_package_and_a_manifest(store: EnrollmentStore, tmp_path: Path) -> None:
    ids = _complete(store, 3)
    usb = tmp_path / "usb"
    assert len(export(store, usb, "ws", "officer-01")) == 3
    assert all(store.get(i).state == EXPORTED for i in ids)
    assert not list(usb.glob("*.part"))
    manifest = json.loads(next(usb.glob("export-*.json")).read_text())
    assert {e["file"] for e in manifest["packages"]} == {p.name for p in usb.glob("*.wspkg")}
    assert export(store, tmp_path / "again", "ws", "officer-01") == []    # exported once


def test_the_old_direct_database_paths_say_what_to_do(isolated_home: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main
    from workstation.core.context import AppContext

    ctx = AppContext.load()
    db = ctx.open_database()
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(ctx.paths.data_dir / "keys"))
    _complete(store, 2)
    db.close()
    assert main(["export", str(tmp_path / "usb"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exported"] == 2
    assert main(["sync", "--to", sqlite_url(tmp_path / "central.sqlite3")]) == 1
    assert "workstation register" in capsys.readouterr().err
    assert main(["sync"]) == 1
    assert "not registered" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "usb"), "--to", "sqlite:///x"]) == 1
    assert "centre import" in capsys.readouterr().err

"""Sync to a real PostgreSQL server started by the tests; export to a folder and import, both
idempotent. The same logic also runs against SQLite when PostgreSQL is absent."""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from workstation.storage.at_rest import BlobCipher
from workstation.storage.central import (
    SyncInterrupted,
    central_engine,
    central_packages,
    export,
    import_folder,
    push_package,
    sync,
)
from workstation.storage.database import open_database, sqlite_url
from workstation.storage.enrollments import ACKNOWLEDGED, EXPORTED, EnrollmentStore


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        pytest.skip("PostgreSQL is not installed (./test.sh installs it)")
    bindir = Path(bins[-1]).parent
    # not under pytest's temporary folders: they are private to root, and PostgreSQL runs as postgres
    root = Path(tempfile.mkdtemp(prefix="workstation-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:   # PostgreSQL refuses to run as root
        shutil.chown(root, "postgres")
        os.chmod(root, 0o700)
        as_user = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8"], check=True, capture_output=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen([*as_user, str(bindir / "postgres"), "-D", str(data), "-p", str(port),
                               "-k", str(root), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    deadline = time.monotonic() + 30
    while True:
        try:
            with create_engine(url.replace("postgresql://", "postgresql+psycopg://")).connect() as conn:
                conn.execute(text("select 1"))
            break
        except Exception:  # noqa: BLE001 - not up yet
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("PostgreSQL did not start")
            time.sleep(0.2)
    try:
        yield url
    finally:
        server.send_signal(signal.SIGINT)   # fast shutdown
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(root, ignore_errors=True)


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


def _count(url: str) -> int:
    engine = central_engine(url)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(central_packages)).scalar()
    engine.dispose()
    return count


def _clean(url: str) -> None:
    engine = central_engine(url)
    with engine.begin() as conn:
        conn.execute(central_packages.delete())
    engine.dispose()


def test_sync_to_postgresql_is_idempotent_and_survives_a_cut_connection(store: EnrollmentStore, postgres: str) -> None:
    _clean(postgres)
    ids = _complete(store, 5)
    # a package that reached the centre before the workstation heard back (a crash in between)
    first = store.get(ids[0])
    push_package(central_engine(postgres), first.package_id, "ws", first.package)

    def cut_after_two(i: int) -> None:
        if i == 1:
            with create_engine(postgres.replace("postgresql://", "postgresql+psycopg://")).connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE pid <> pg_backend_pid() AND datname = 'postgres'"))
    with pytest.raises(SyncInterrupted) as caught:
        sync(store, postgres, "ws", "officer-01", after_each=cut_after_two)
    assert caught.value.done == 2 and "sync again later" in caught.value.one_line()
    report = sync(store, postgres, "ws", "officer-01")
    assert len(report.acknowledged) == 3
    assert all(store.get(i).state == ACKNOWLEDGED for i in ids)
    assert _count(postgres) == 5
    assert sync(store, postgres, "ws", "officer-01").acknowledged == []   # nothing left, nothing doubled
    assert _count(postgres) == 5


def test_sync_logic_on_sqlite_too(store: EnrollmentStore, tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "central.sqlite3")
    _complete(store, 3)
    assert len(sync(store, url, "ws", "officer-01").pushed) == 3
    assert _count(url) == 3


def test_export_then_import_is_idempotent(store: EnrollmentStore, tmp_path: Path, postgres: str) -> None:
    _clean(postgres)
    ids = _complete(store, 3)
    usb = tmp_path / "usb"
    assert len(export(store, usb, "ws", "officer-01")) == 3
    assert all(store.get(i).state == EXPORTED for i in ids)
    assert not list(usb.glob("*.part"))
    assert import_folder(usb, postgres) == (3, 0)
    assert import_folder(usb, postgres) == (0, 3)
    assert _count(postgres) == 3
    # exported packages still sync (idempotently) when the network comes back
    assert len(sync(store, postgres, "ws", "officer-01").already_there) == 3


def test_an_unreachable_server_is_a_clear_message(store: EnrollmentStore) -> None:
    _complete(store, 1)
    with pytest.raises(SyncInterrupted) as caught:
        sync(store, f"postgresql://postgres@127.0.0.1:{_free_port()}/postgres", "ws", "officer-01")
    assert caught.value.done == 0


def test_sync_and_export_commands(isolated_home: Path, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    import json

    from workstation.cli.main import main
    from workstation.core.context import AppContext

    ctx = AppContext.load()
    db = ctx.open_database()
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(ctx.paths.data_dir / "keys"))
    _complete(store, 2)
    db.close()
    assert main(["export", str(tmp_path / "usb"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exported"] == 2
    central = sqlite_url(tmp_path / "central.sqlite3")
    assert main(["import", str(tmp_path / "usb"), "--to", central, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"new": 2, "already_there": 0}
    assert main(["sync", "--to", central, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["acknowledged"] == 2
    assert main(["sync", "--to", f"postgresql://nobody@127.0.0.1:{_free_port()}/x"]) == 0  # nothing pending

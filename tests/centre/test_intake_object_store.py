"""Intake with the package store (docs/centre-storage.md): the bytes go to the store before the
index row, the row keeps only sha256/size, a store outage is `unavailable` (503, audited) and never
a half-stored package, the server refuses to start on a store that does not work, rows from before
the store stay readable. The end-to-end part runs a real `centre serve` subprocess with
`[storage] kind = "s3"` on a real SeaweedFS and a real PostgreSQL."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.support.postgres import free_port
from tests.support.processes import wait_until_listening
from workstation.centre.authority import init_centre
from workstation.centre.intake import Intake
from workstation.centre.models import IntakeDecision, ReceivedPackage
from workstation.centre.object_store import ObjectCorrupt, ObjectRef
from workstation.centre.object_store.folder import FolderStore
from workstation.centre.onboarding import issue_token
from workstation.centre.registry import Registry, default_url
from workstation.centre.settings import CentreSettings, load_settings
from workstation.core import centre_client
from workstation.core.package.keys import load_or_create_identity
from workstation.core.package.seal import seal

from .conftest import PASSPHRASE, contents_for

pytestmark = pytest.mark.timeout(240)


def test_a_package_goes_to_the_store_and_its_row_keeps_only_the_reference(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    identity = s.onboard(tmp_path)
    package_id, data = s.package(identity)
    assert s.intake.decide(package_id, data, identity.workstation_id, "https").status == "accepted"
    with s.registry.sessions() as session:
        row = session.get(ReceivedPackage, package_id)
    assert row.package is None and (row.sha256, row.size) == (ObjectRef.of(data).sha256, len(data))
    assert (s.folder / "packages" / ObjectRef.of(data).key).read_bytes() == data      # the default folder store
    assert s.intake.read_package(row) == data


def test_a_store_outage_is_unavailable_audited_and_nothing_stored_then_resent(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    broken = tmp_path / "store-root"
    broken.write_text("a file where the store's folder should be")      # the store cannot be used
    intake = Intake(s.registry, s.centre, store=FolderStore(broken))
    identity = s.onboard(tmp_path)
    package_id, data = s.package(identity)
    decision = intake.decide(package_id, data, identity.workstation_id, "https")
    assert (decision.status, decision.reason) == ("unavailable", "store_unreachable")
    with s.registry.sessions() as session:
        assert session.get(ReceivedPackage, package_id) is None                    # nothing half-stored
    assert [(d.status, d.reason) for d in s.registry.decisions(package_id)] == [("unavailable", "store_unreachable")]
    broken.unlink()
    broken.mkdir()                                                                 # the store is back
    assert intake.decide(package_id, data, identity.workstation_id, "https").status == "accepted"


def test_rows_from_before_the_store_are_read_from_the_column_and_re_verified(tmp_path) -> None:  # noqa: ANN001
    """A centre at c0010 (package bytes in the table) upgraded to the store's revision."""
    from alembic import command
    from alembic.config import Config

    from workstation.centre.registry import MIGRATIONS, centre_engine

    folder = tmp_path / "centre"
    centre = init_centre(folder, PASSPHRASE)
    engine = centre_engine(default_url(folder))
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    command.upgrade(cfg, "c0010")
    old = b"sealed package bytes from before the store"
    ref = ObjectRef.of(old)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO centre_workstations VALUES ('ws-1', '00001', 'x', 'pem', 'k', 'active', "
                                "'2026-11-01 00:00:00', NULL)"))
        connection.execute(text(
            "INSERT INTO centre_packages VALUES ('11111111-1111-1111-1111-111111111111', 'ws-1', '00001', :sha, :size, "
            "'2026-11-02 00:00:00', 'accepted', '', 'c', :data)"), {"sha": ref.sha256, "size": ref.size, "data": old})
    engine.dispose()
    registry = Registry.open(default_url(folder))                                   # upgrades to c0011
    intake = Intake(registry, centre)
    with registry.sessions() as session:
        row = session.get(ReceivedPackage, "11111111-1111-1111-1111-111111111111")
    assert intake.read_package(row) == old
    row.package = b"X" + old[1:]                                                   # the column altered
    with pytest.raises(ObjectCorrupt):
        intake.read_package(row)
    registry.close()


# --- a real `centre serve` on SeaweedFS and PostgreSQL ----------------------------------------------

def _start(folder: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, WORKSTATION_CENTRE_PASSPHRASE=PASSPHRASE.decode())
    return subprocess.Popen([sys.executable, "-m", "workstation", "centre", "serve", "--dir", str(folder),
                             "--listen", f"127.0.0.1:{port}"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_listening(process: subprocess.Popen, port: int) -> None:
    wait_until_listening(process, port, "the centre")


def _s3_centre(folder: Path, postgres: str, seaweedfs, secret: str | None = None):  # noqa: ANN001, ANN202
    folder.mkdir(parents=True)
    credentials = seaweedfs.credentials_file(folder, secret)
    db = postgres.replace("postgresql://", "postgresql+psycopg://")
    storage = {"kind": "s3", "endpoint": seaweedfs.endpoint, "bucket": seaweedfs.bucket,
               "credentials_file": credentials.name, "connect_timeout": 1, "read_timeout": 2}
    centre = init_centre(folder, PASSPHRASE, settings=CentreSettings(db, storage=storage))
    assert load_settings(folder).storage == storage                 # centre.toml says it, read back the same
    return centre, db


def test_serve_refuses_to_start_on_a_store_that_refuses_its_credentials(tmp_path, postgres, seaweedfs) -> None:  # noqa: ANN001
    folder = tmp_path / "centre"
    _s3_centre(folder, postgres, seaweedfs, secret="not-the-secret")
    process = _start(folder, free_port())
    out, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "package store" in out and "refused the centre's credentials" in out and "Traceback" not in out


def test_uploads_through_serve_on_seaweedfs_survive_the_store_stopping(tmp_path, postgres, seaweedfs) -> None:  # noqa: ANN001
    from workstation.storage.at_rest import BlobCipher
    from workstation.storage.database import open_database, sqlite_url
    from workstation.storage.enrollments import ACKNOWLEDGED, COMPLETE, EnrollmentStore

    folder = tmp_path / "centre"
    centre, db = _s3_centre(folder, postgres, seaweedfs)
    registry = Registry.open(db)
    port = free_port()
    process = _start(folder, port)
    try:
        _wait_listening(process, port)
        keys = tmp_path / "ws-keys"
        identity = load_or_create_identity(keys, str(uuid.uuid4()))
        link = centre_client.register(f"https://127.0.0.1:{port}", issue_token(registry, centre, "00077", "Xã"),
                                      identity, keys)
        wsdb = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
        store = EnrollmentStore(wsdb.sessions, BlobCipher.from_folder(tmp_path / "blob"))

        def enrol(n: int) -> tuple[int, bytes]:
            contents = contents_for(identity.workstation_id, citizen=f"0770990{n:05d}")
            data = seal(contents, identity, centre.package_key.public_key())
            eid = store.new_draft("officer-01", f"0770990{n:05d}", "Citizen", simulated=False)
            store.complete(eid, contents.package_id, data, "officer-01")
            return eid, data

        first, first_data = enrol(1)
        assert len(centre_client.sync(store, link, identity, "officer-01").accepted) == 1
        second, second_data = enrol(2)
        os.kill(seaweedfs.process.pid, signal.SIGSTOP)                 # the store stops answering mid-run
        try:
            with pytest.raises(centre_client.CentreUnavailable):
                centre_client.sync(store, link, identity, "officer-01")
        finally:
            os.kill(seaweedfs.process.pid, signal.SIGCONT)
        assert store.get(second).state == COMPLETE                      # stays on the workstation, to resend
        with registry.sessions() as session:
            assert session.get(ReceivedPackage, str(store.get(second).package_id)) is None
            refusals = list(session.scalars(select(IntakeDecision).where(
                IntakeDecision.package_id == str(store.get(second).package_id))))
        assert [(d.status, d.reason, d.channel) for d in refusals] == [("unavailable", "store_unreachable", "https")]
        resent = centre_client.sync(store, link, identity, "officer-01")  # the store is back
        assert len(resent.accepted) == 1 and store.get(second).state == ACKNOWLEDGED
        assert store.get(first).state == ACKNOWLEDGED
        with registry.sessions() as session:
            rows = [session.get(ReceivedPackage, str(store.get(e).package_id)) for e in (first, second)]
        assert all(r.package is None for r in rows)                     # only the reference in PostgreSQL
        for row, data in zip(rows, (first_data, second_data)):
            stored = seaweedfs.raw.get_object(Bucket=seaweedfs.bucket, Key=ObjectRef(row.sha256, row.size).key)
            assert stored["Body"].read() == data
        wsdb.close()
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=20)
        registry.close()
    assert "Traceback" not in out
    shutil.rmtree(folder, ignore_errors=True)


def test_import_refuses_to_start_on_a_store_that_cannot_be_used(tmp_path, capsys) -> None:  # noqa: ANN001
    """USB goes through the same path: no store, no import (rather than packages half-taken)."""
    from workstation.cli.main import main

    secret = tmp_path / "pass"
    secret.write_bytes(PASSPHRASE)
    folder = tmp_path / "centre"
    common = ["--dir", str(folder), "--passphrase-file", str(secret)]
    assert main(["centre", "init", *common]) == 0
    settings = (folder / "centre.toml").read_text()
    assert 'kind = "folder"' in settings and 'path = "packages"' in settings      # the default, written out
    (tmp_path / "not-a-folder").write_text("x")
    (folder / "centre.toml").write_text(settings.replace('path = "packages"', f'path = "{tmp_path / "not-a-folder"}"'))
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "export-1.json").write_text('{"packages": []}')
    capsys.readouterr()
    assert main(["centre", "import", str(usb), *common]) == 1
    err = capsys.readouterr().err
    assert "The package store (folder" in err and "cannot be used" in err


def test_a_centre_toml_from_before_the_store_means_the_default_folder_store(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "centre.toml").write_text('[database]\nurl = "sqlite:///x.sqlite3"\npassword_file = ""\n'
                                          '[server]\nlisten = "127.0.0.1:8443"\nnames = []\n'
                                          '[storage]\npackages = "database"\n')
    settings = load_settings(tmp_path)
    assert settings.storage == {}
    assert isinstance(settings.package_store(tmp_path), FolderStore)
    assert settings.package_store(tmp_path).root == tmp_path / "packages"

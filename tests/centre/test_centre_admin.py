"""The centre's administration from the command line (SQLite here; test_centre_hardening runs the
PostgreSQL side): centre.toml so no command needs --db, no silent fallback, no password in a URL,
token listing and cancelling, status, packages, unrevoke, the audit listing, the encrypted backup
of the keys, the server certificate's names, files read without following links, and the sampler
that keeps a flood of refusals from filling the audit."""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from cryptography import x509

from workstation.centre import audit
from workstation.centre.authority import certificate_names, init_centre, load_centre, server_tls
from workstation.centre.onboarding import OnboardingRefused, issue_token, register
from workstation.centre.registry import Registry
from workstation.centre.settings import CentreSettings
from workstation.centre.usb_import import read_no_follow
from workstation.cli.main import main
from workstation.core.package.keys import certificate_request, load_or_create_identity
from workstation.errors import WorkstationError

from .conftest import PASSPHRASE


@pytest.fixture
def centre_dir(tmp_path: Path, capsys) -> tuple[Path, list[str]]:  # noqa: ANN001
    secret = tmp_path / "pass"
    secret.write_bytes(PASSPHRASE)
    folder = tmp_path / "centre"
    common = ["--dir", str(folder), "--passphrase-file", str(secret)]
    assert main(["centre", "init", *common, "--listen", "0.0.0.0:8443", "--name", "centre.tinh.vn", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["config"].endswith("centre.toml") and out["database"].startswith("sqlite:///")
    return folder, common


def test_commands_read_centre_toml_and_never_fall_back(centre_dir, tmp_path, capsys) -> None:  # noqa: ANN001
    folder, common = centre_dir
    assert main(["centre", "token", "--commune", "00001", "--name", "Xã Một", *common]) == 0
    token = capsys.readouterr().out.strip()
    assert main(["centre", "tokens", "--json", *common]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["commune"], row["state"]) == ("00001", "unused")
    # a folder without its configuration: said, never an empty answer from a new SQLite file
    other = ["--dir", str(tmp_path / "nowhere")]
    assert main(["centre", "tokens", *other]) == 1
    assert "centre.toml" in capsys.readouterr().err
    assert not (tmp_path / "nowhere" / "centre.sqlite3").exists()
    assert main(["centre", "workstations", "--db", f"sqlite:///{tmp_path / 'missing.sqlite3'}", *common]) == 1
    assert "missing" in capsys.readouterr().err
    assert main(["centre", "tokens", "--db", "postgresql+psycopg://centre:secret@db/centre", *common]) == 1
    assert "password" in capsys.readouterr().err
    # cancel by id; the token is then refused at registration
    assert main(["centre", "token", "--cancel", row["id"], *common]) == 0
    capsys.readouterr()
    assert main(["centre", "tokens", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)[0]["state"] == "cancelled"
    centre = load_centre(folder, PASSPHRASE)
    registry = Registry.open(f"sqlite:///{folder / 'centre.sqlite3'}")
    identity = load_or_create_identity(tmp_path / "ws", str(uuid.uuid4()))
    with pytest.raises(OnboardingRefused) as refused:
        register(registry, centre, token, certificate_request(identity))
    assert refused.value.reason == "token_cancelled"
    registry.close()


def test_status_packages_unrevoke_and_the_audit(centre_dir, tmp_path, capsys) -> None:  # noqa: ANN001
    from workstation.centre.intake import Intake
    from workstation.core.package.seal import seal

    from .conftest import contents_for

    folder, common = centre_dir
    centre = load_centre(folder, PASSPHRASE)
    registry = Registry.open(f"sqlite:///{folder / 'centre.sqlite3'}")
    identity = load_or_create_identity(tmp_path / "ws", str(uuid.uuid4()))
    register(registry, centre, issue_token(registry, centre, "00002", "Xã Hai"), certificate_request(identity))
    contents = contents_for(identity.workstation_id)
    decision = Intake(registry, centre).decide(contents.package_id,
                                               seal(contents, identity, centre.package_key.public_key()),
                                               identity.workstation_id, "https")
    assert decision.status == "accepted"
    registry.close()
    assert main(["centre", "status", contents.package_id, "--json", *common]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["stored"]["status"] == "accepted" and status["decisions"][0]["status"] == "accepted"
    assert main(["centre", "status", str(uuid.uuid4()), *common]) == 1
    capsys.readouterr()
    assert main(["centre", "packages", "--json", *common]) == 0
    assert [p["package_id"] for p in json.loads(capsys.readouterr().out)] == [contents.package_id]
    assert main(["centre", "unrevoke", identity.workstation_id, *common]) == 1           # not revoked
    assert main(["centre", "revoke", identity.workstation_id, *common]) == 0
    assert main(["centre", "unrevoke", identity.workstation_id, *common]) == 0
    capsys.readouterr()
    assert main(["centre", "workstations", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "active"
    assert main(["centre", "audit", "--json", *common]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["status"] for e in entries][-3:] == ["accepted", "revoked", "unrevoked"]
    assert main(["centre", "audit", "--verify", *common]) == 0
    assert "chain intact" in capsys.readouterr().out
    # SQLite refuses changes too (trigger)
    import sqlite3

    with sqlite3.connect(folder / "centre.sqlite3") as connection, pytest.raises(sqlite3.DatabaseError,
                                                                                match="append-only"):
        connection.execute("DELETE FROM centre_intake_audit")


def test_backup_and_restore_of_the_keys(centre_dir, tmp_path, capsys) -> None:  # noqa: ANN001
    folder, common = centre_dir
    backup_pass = tmp_path / "backup-pass"
    backup_pass.write_text("another long passphrase")
    out = tmp_path / "centre.backup"
    assert main(["centre", "backup", str(out), "--backup-passphrase-file", str(backup_pass), *common]) == 0
    assert b"PRIVATE KEY" not in out.read_bytes()
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase at all")
    restored = tmp_path / "restored"
    assert main(["centre", "restore", str(out), "--backup-passphrase-file", str(wrong), "--dir", str(restored)]) == 1
    assert "passphrase" in capsys.readouterr().err
    assert main(["centre", "restore", str(out), "--backup-passphrase-file", str(backup_pass),
                 "--dir", str(restored)]) == 0
    assert load_centre(restored, PASSPHRASE).ca_fingerprint == load_centre(folder, PASSPHRASE).ca_fingerprint
    # centre.toml's SQLite path moved along to the restored folder, and the output says it is not there yet
    assert (restored / "centre.toml").read_text() == (folder / "centre.toml").read_text().replace(
        str(folder.resolve()), str(restored.resolve()))
    said = capsys.readouterr().out
    assert f"SQLite {restored.resolve() / 'centre.sqlite3'} (not there yet" in said
    assert f"the packages (folder {restored / 'packages'}) are not in the backup" in said
    assert main(["centre", "restore", str(out), "--backup-passphrase-file", str(backup_pass),
                 "--dir", str(restored)]) == 1                                          # never over a centre


def test_the_server_certificate_names_every_name(tmp_path) -> None:  # noqa: ANN001
    centre = init_centre(tmp_path / "c", PASSPHRASE, settings=CentreSettings("sqlite:///x"))
    with pytest.raises(WorkstationError, match="0.0.0.0"):
        certificate_names("0.0.0.0", [])
    names = certificate_names("0.0.0.0", ["centre.tinh.vn", "10.1.2.3"])
    cert_file, _key = server_tls(centre, names, PASSPHRASE)
    san = x509.load_pem_x509_certificate(cert_file.read_bytes()).extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value
    named = {str(v) for v in san.get_values_for_type(x509.DNSName)} | \
        {str(v) for v in san.get_values_for_type(x509.IPAddress)}
    assert named == {"centre.tinh.vn", "10.1.2.3", "localhost", "127.0.0.1", "::1"}
    assert set(certificate_names("centre.tinh.vn", [])) == {"centre.tinh.vn"}


def test_a_file_is_read_without_following_a_link_and_checked_on_what_was_opened(tmp_path) -> None:  # noqa: ANN001
    real = tmp_path / "real.wspkg"
    real.write_bytes(b"x" * 100)
    assert read_no_follow(real, 100) == b"x" * 100
    with pytest.raises(ValueError, match="101"):
        (tmp_path / "big").write_bytes(b"x" * 101)
        read_no_follow(tmp_path / "big", 100)
    (tmp_path / "link.wspkg").symlink_to(real)
    with pytest.raises(OSError):
        read_no_follow(tmp_path / "link.wspkg", 100)
    os.mkfifo(tmp_path / "fifo.wspkg")
    with pytest.raises(ValueError, match="regular"):
        read_no_follow(tmp_path / "fifo.wspkg", 100)


def test_a_flood_of_refusals_is_sampled_and_summarised(tmp_path) -> None:  # noqa: ANN001
    from concurrent.futures import ThreadPoolExecutor

    from workstation.centre.server import Refusals

    init_centre(tmp_path / "c", PASSPHRASE)
    registry = Registry.open(f"sqlite:///{tmp_path / 'c' / 'centre.sqlite3'}")
    refusals = Refusals(registry, ThreadPoolExecutor(1), audit.Sampler(per_window=5))
    for _ in range(50):
        refusals.note("10.0.0.9", "no_client_certificate")
    refusals.pool.shutdown(wait=True)
    refusals.flush(everything=True)
    rows = registry.decisions()
    assert [r.status for r in rows] == ["rejected"] * 5 + [audit.SAMPLED]
    assert json.loads(rows[-1].detail)["left_out"] == 45 and rows[-1].source == "10.0.0.9"
    with registry.sessions() as session:
        assert audit.verify(session) == (6, [])
    registry.close()


def test_an_unexpected_failure_is_a_503_and_audited_never_a_500(tmp_path) -> None:  # noqa: ANN001
    import asyncio

    from aiohttp.test_utils import TestClient, TestServer

    from workstation.centre.intake import Intake
    from workstation.centre.server import build_app

    centre = init_centre(tmp_path / "c", PASSPHRASE)

    class Failing(Registry):
        def count(self, key: str, now: float | None = None) -> int:
            raise RuntimeError("something nobody foresaw")

    opened = Registry.open(f"sqlite:///{tmp_path / 'c' / 'centre.sqlite3'}")
    registry = Failing(opened.engine, opened.sessions)

    async def scenario() -> tuple[int, dict]:
        async with TestClient(TestServer(build_app(Intake(registry, centre)))) as client:
            response = await client.post("/register", data=b"{}")
            return response.status, await response.json()

    status, answer = asyncio.run(scenario())
    assert (status, answer["reason"]) == (503, "internal_error")
    [entry] = [d for d in registry.decisions() if d.reason == "internal_error"]
    assert "RuntimeError" in entry.detail and entry.source == "127.0.0.1"
    registry.close()


def test_the_same_citizen_at_once_on_sqlite_is_flagged_exactly(centre_setting, tmp_path) -> None:  # noqa: ANN001
    import threading

    s = centre_setting
    a, b = s.onboard(tmp_path), s.onboard(tmp_path)
    for n in range(6):
        citizen = f"0880990{n:05d}"
        (a_id, a_data), (b_id, b_data) = s.package(a, citizen), s.package(b, citizen)
        barrier, answers = threading.Barrier(2), []

        def decide(package_id: str, data: bytes, caller: str) -> None:
            barrier.wait(10)
            answers.append(s.intake.decide(package_id, data, caller, "https").status)

        threads = [threading.Thread(target=decide, args=(a_id, a_data, a.workstation_id)),
                   threading.Thread(target=decide, args=(b_id, b_data, b.workstation_id))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert sorted(answers) == ["accepted", "duplicate"]


def test_an_existing_audit_is_chained_when_the_database_is_upgraded(tmp_path) -> None:  # noqa: ANN001
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from workstation.centre.registry import MIGRATIONS, centre_engine

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = centre_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    command.upgrade(cfg, "c0002")
    with engine.begin() as connection:
        for n in range(3):
            connection.execute(text("INSERT INTO centre_intake_audit (at, package_id, workstation_id, channel, "
                                    "status, reason, detail) VALUES ('2026-11-0%d 08:00:00.000000', 'p', 'w', "
                                    "'https', 'accepted', '', '{}')" % (n + 1)))
    engine.dispose()
    registry = Registry.open(url)                     # migrates to the head
    registry.audit("q", "w", "https", "rejected", "format")
    with registry.sessions() as session:
        assert audit.verify(session) == (4, [])
    registry.close()


def test_a_package_sealed_for_a_test_key_is_refused_as_recipient_in_words(centre_setting, tmp_path) -> None:  # noqa: ANN001
    from workstation.core.package.keys import simulated_server_keys
    from workstation.core.package.seal import seal

    from .conftest import contents_for

    s = centre_setting
    identity = s.onboard(tmp_path)
    contents = contents_for(identity.workstation_id, simulated=True)
    data = seal(contents, identity, simulated_server_keys()[1])        # what a simulated workstation seals for
    decision = s.intake.decide(contents.package_id, data, identity.workstation_id, "https")
    assert (decision.status, decision.reason) == ("rejected", "recipient")
    assert "simulated" in decision.detail and "another centre" in decision.detail


def test_a_backup_holds_the_console_key_and_checks_the_centre_passphrase(centre_dir, tmp_path, capsys) -> None:  # noqa: ANN001
    """console-totp.key was left out (a restored console had a new key: nobody could log in), and
    a backup under a wrong centre passphrase was written as if good."""
    import shutil

    from workstation.centre.console import totp
    from workstation.centre.console.totp_box import TotpBox
    from workstation.centre.console.users import add_user, log_in

    folder, common = centre_dir
    registry = Registry.open(f"sqlite:///{folder / 'centre.sqlite3'}")
    user = add_user(registry.sessions, TotpBox.load(folder), "tinh.admin", "a long console password 1")
    registry.close()
    backup_pass = tmp_path / "backup-pass"
    backup_pass.write_text("another long passphrase")
    wrong = tmp_path / "wrong-centre-pass"
    wrong.write_text("not the centre passphrase")
    out = tmp_path / "centre.backup"
    assert main(["centre", "backup", str(out), "--backup-passphrase-file", str(backup_pass),
                 "--dir", str(folder), "--passphrase-file", str(wrong)]) == 1
    assert "passphrase" in capsys.readouterr().err and not out.exists()
    assert main(["centre", "backup", str(out), "--backup-passphrase-file", str(backup_pass), *common]) == 0
    said = capsys.readouterr().out
    assert "console-totp.key" in said and "sqlite3" in said and "pg_dump" not in said
    restored = tmp_path / "restored"
    assert main(["centre", "restore", str(out), "--backup-passphrase-file", str(backup_pass),
                 "--dir", str(restored)]) == 0
    assert (restored / "console-totp.key").stat().st_mode & 0o777 == 0o600
    shutil.copy(folder / "centre.sqlite3", restored / "centre.sqlite3")      # the database's own copy
    registry = Registry.open(f"sqlite:///{restored / 'centre.sqlite3'}")
    try:
        result = log_in(registry.sessions, TotpBox.load(restored), "tinh.admin", "a long console password 1",
                        totp.totp(user.totp_secret), "192.0.2.1")
    finally:
        registry.close()
    assert result.user == "tinh.admin"


def test_the_serving_role_opens_the_database_without_the_owners_password_file(postgres, tmp_path, capsys) -> None:  # noqa: ANN001
    """centre.toml's password_file (the owner's) was applied to any --db, so `centre serve --db
    ...centre_serve@...` with PGPASSFILE or a service could not run; grant-serving a role that does
    not exist ended in exit 70 with a ProgrammingError."""
    from sqlalchemy import create_engine, text

    db_name = f"centre_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{db_name}"'))
        connection.execute(text("DROP ROLE IF EXISTS centre_serve_t"))
        connection.execute(text("CREATE ROLE centre_serve_t LOGIN PASSWORD 'serve-secret'"))
    admin.dispose()
    owner_url = postgres.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{db_name}"
    serve_url = owner_url.replace("://postgres@", "://centre_serve_t@")
    secret = tmp_path / "pass"
    secret.write_bytes(PASSPHRASE)
    owner_password = tmp_path / "owner-password"
    owner_password.write_text("owner-secret")
    folder = tmp_path / "centre"
    common = ["--dir", str(folder), "--passphrase-file", str(secret)]
    assert main(["centre", "init", *common, "--db", owner_url, "--db-password-file", str(owner_password)]) == 0
    owner_password.unlink()            # the owner's file, which the serving account cannot read
    capsys.readouterr()
    assert main(["centre", "grant-serving", "no_such_role", *common, "--db", owner_url]) == 1
    err = capsys.readouterr().err
    assert "role no_such_role does not exist" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert main(["centre", "grant-serving", "centre_serve_t", *common, "--db", owner_url]) == 0
    assert "package index months made through" in capsys.readouterr().out
    serve_password = tmp_path / "serve-password"
    serve_password.write_text("serve-secret")
    capsys.readouterr()
    # the serving role: no password file from centre.toml, its own with --db-password-file
    assert main(["centre", "workstations", "--json", *common, "--db", serve_url]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["centre", "workstations", "--json", *common, "--db", serve_url,
                 "--db-password-file", str(serve_password)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["centre", "workstations", *common, "--db", serve_url, "--db-password-file",
                 str(tmp_path / "missing")]) == 1
    assert "missing" in capsys.readouterr().err                          # the named file is the one used
    # and `centre serve` runs as that role: it listens, and makes no partition it may not make
    import socket
    import subprocess
    import sys
    import time

    from tests.support.postgres import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "serve", *common, "--db", serve_url,
                                "--db-password-file", str(serve_password), "--listen", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "the centre did not start"
                time.sleep(0.2)
    finally:
        process.terminate()
        output = process.communicate(timeout=15)[0]
    assert "listening on" in output and "permission denied" not in output and "could not be made" not in output


def test_a_simulated_package_sealed_for_the_centre_is_taken_only_by_a_test_centre(centre_setting, tmp_path) -> None:  # noqa: ANN001
    """The testers' path in README / docs/cli.md: storage.server_key = the centre's package key
    (what `register` saves), then `centre serve --accept-simulated` takes simulated enrollments."""
    from workstation.centre.intake import Intake
    from workstation.core.package.keys import load_server_public
    from workstation.core.package.seal import seal

    from .conftest import contents_for

    s = centre_setting
    identity = s.onboard(tmp_path)
    key_file = tmp_path / "package.pub.pem"
    key_file.write_bytes(s.centre.package_public_pem)               # as register saves it in keys/centre/
    contents = contents_for(identity.workstation_id, simulated=True)
    data = seal(contents, identity, load_server_public(key_file))
    refused = s.intake.decide(contents.package_id, data, identity.workstation_id, "https")
    assert (refused.status, refused.reason) == ("rejected", "simulated")
    test_centre = Intake(s.registry, s.centre, 30.0, True, s.intake.store)
    assert test_centre.decide(contents.package_id, data, identity.workstation_id, "https").status == "accepted"


def test_the_smaller_words_of_the_centre_and_of_register(centre_dir, tmp_path, capsys) -> None:  # noqa: ANN001
    """An empty package list says so; one audit entry is "1 entry"; a USB refusal gives sync's
    words for its code; a registration is audited with the caller's address; register against a
    dead port or from a workstation already registered says what happened, in its own words."""
    from tests.support.postgres import free_port
    from workstation.core import centre_client
    from workstation.core.centre_answers import refusal_words
    from workstation.core.package.keys import simulated_server_keys
    from workstation.core.package.seal import seal

    from .conftest import contents_for

    folder, common = centre_dir
    assert main(["centre", "packages", *common]) == 0
    assert capsys.readouterr().out.strip() == "no packages"
    centre = load_centre(folder, PASSPHRASE)
    registry = Registry.open(f"sqlite:///{folder / 'centre.sqlite3'}")
    identity = load_or_create_identity(tmp_path / "ws", str(uuid.uuid4()))
    register(registry, centre, issue_token(registry, centre, "00002", "Xã Hai"), certificate_request(identity),
             source="192.0.2.7")
    registry.close()
    assert main(["centre", "audit", "--json", *common]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [(e["status"], e["source"]) for e in entries] == [("registered", "192.0.2.7")]
    assert main(["centre", "audit", "--verify", *common]) == 0
    assert capsys.readouterr().out.startswith("1 entry, chain intact")
    # USB: a package sealed for the simulators' key, refused with sync's words
    contents = contents_for(identity.workstation_id, simulated=True)
    usb = tmp_path / "usb"
    usb.mkdir()
    data = seal(contents, identity, simulated_server_keys()[1])
    (usb / f"{contents.package_id}.wspkg").write_bytes(data)
    import hashlib

    (usb / "export-20261201T080000.json").write_text(json.dumps({"workstation_id": identity.workstation_id, "packages": [
        {"package_id": contents.package_id, "file": f"{contents.package_id}.wspkg", "size": len(data),
         "sha256": hashlib.sha256(data).hexdigest()}]}))
    assert main(["centre", "import", str(usb), *common]) == 1
    captured = capsys.readouterr()
    assert f"{contents.package_id}  rejected (recipient): {refusal_words('recipient').en}" in captured.out
    assert "1 entry was refused" in captured.err
    # register: a dead port, then a workstation already registered
    dead = f"https://127.0.0.1:{free_port()}"
    with pytest.raises(WorkstationError) as caught:
        centre_client.register(dead, f"t{'a' * 32}.{'0' * 16}", identity, tmp_path / "keys")
    said = caught.value.one_line()
    assert "cannot be reached" in said and "nothing was registered" in said and "kept" not in said
    link_folder = centre_client.link_folder(tmp_path / "keys")
    link_folder.mkdir(parents=True, exist_ok=True)
    (link_folder / centre_client.LINK_FILE).write_text(json.dumps(
        {"url": dead, "workstation_id": identity.workstation_id, "commune": "00002"}))
    with pytest.raises(WorkstationError) as again:
        centre_client.register(dead + "/", f"t{'a' * 32}.{'0' * 16}", identity, tmp_path / "keys")
    assert f"already registered with {dead} as {identity.workstation_id}" in again.value.one_line()


def test_a_restore_says_a_postgresql_password_file_is_not_in_the_backup(tmp_path, capsys) -> None:  # noqa: ANN001
    folder = tmp_path / "centre"
    password_file = tmp_path / "db-password"
    password_file.write_text("owner-secret")
    init_centre(folder, PASSPHRASE, settings=CentreSettings("postgresql+psycopg://centre@db.tinh.vn/centre",
                                                            str(password_file)))
    secret, backup_pass = tmp_path / "pass", tmp_path / "backup-pass"
    secret.write_bytes(PASSPHRASE)
    backup_pass.write_text("another long passphrase")
    out = tmp_path / "centre.backup"
    assert main(["centre", "backup", str(out), "--backup-passphrase-file", str(backup_pass), "--dir", str(folder),
                 "--passphrase-file", str(secret)]) == 0
    assert "pg_dump" in capsys.readouterr().out
    assert main(["centre", "restore", str(out), "--backup-passphrase-file", str(backup_pass),
                 "--dir", str(tmp_path / "restored")]) == 0
    said = capsys.readouterr().out
    assert "postgresql+psycopg://centre@db.tinh.vn/centre" in said
    assert f"password_file {password_file} is not in the backup" in said

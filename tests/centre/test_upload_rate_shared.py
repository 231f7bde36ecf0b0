"""The per-workstation upload limit is one count for every process and node (issue 22, an intake
that holds): two `centre serve` processes on their own ports, one PostgreSQL, real mutual TLS, a
limit of 3 a minute from centre.toml's [limits]. Counted in process memory (before), each process
allowed 3 and six uploads alternating between them were all taken; counted in the database, the
fourth is refused with 429 `rate_limited` whichever process it reaches, and audited."""
from __future__ import annotations

import http.client
import json
import ssl
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.postgres import free_port, new_database
from tests.support.processes import wait_until_listening
from workstation.centre.authority import init_centre
from workstation.centre.models import IntakeDecision, RateWindow
from workstation.centre.onboarding import issue_token
from workstation.centre.registry import Registry
from workstation.centre.server import RateLimit
from workstation.centre.settings import CentreSettings, load_settings
from workstation.core import centre_client
from workstation.core.package.keys import load_or_create_identity
from workstation.core.package.seal import seal
from workstation.cli.main import main
from workstation.errors import WorkstationError

from .conftest import PASSPHRASE, contents_for

pytestmark = pytest.mark.timeout(240)
LIMIT = 3


def _put(port: int, context: ssl.SSLContext, package_id: str, data: bytes) -> tuple[int, dict]:
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
    try:
        connection.request("PUT", f"/packages/{package_id}", body=data,
                           headers={"Content-Type": "application/octet-stream"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def _serve(folder: Path, secret: Path, port: int) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "serve", "--dir", str(folder),
                                "--listen", f"127.0.0.1:{port}", "--passphrase-file", str(secret)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_until_listening(process, port, "the centre")
    return process


def test_two_processes_share_one_upload_limit(tmp_path: Path, postgres: str) -> None:
    db = new_database(postgres, "centre_upload_rate")
    folder = tmp_path / "centre"
    centre = init_centre(folder, PASSPHRASE, settings=CentreSettings(db, limits={"upload_per_minute": LIMIT}))
    assert load_settings(folder).limits == {"upload_per_minute": LIMIT}
    registry = Registry.open(db)
    secret = tmp_path / "passphrase"
    secret.write_bytes(PASSPHRASE)
    ports = [free_port(), free_port()]
    processes = []
    try:
        for port in ports:              # one after the other: the first makes the server certificate
            processes.append(_serve(folder, secret, port))
        keys = tmp_path / "keys"
        identity = load_or_create_identity(keys, str(uuid.uuid4()))
        token = issue_token(registry, centre, "00001", "Công an xã")
        link = centre_client.register(f"https://127.0.0.1:{ports[0]}", token, identity, keys)
        context = centre_client.client_context(link, identity)
        packages = []
        for n in range(2 * LIMIT):
            contents = contents_for(identity.workstation_id, f"0010990{n:05d}")
            packages.append((contents.package_id, seal(contents, identity, centre.package_key.public_key())))
        if time.time() % 60 > 40:       # all six inside one calendar minute (the counter's window)
            time.sleep(60.5 - time.time() % 60)
        answers = [_put(ports[n % 2], context, package_id, data) for n, (package_id, data) in enumerate(packages)]
        assert [code for code, _ in answers] == [200] * LIMIT + [429] * LIMIT, answers
        assert all(body["status"] == "accepted" for _, body in answers[:LIMIT])
        assert all(body["reason"] == "rate_limited" for _, body in answers[LIMIT:])
        with registry.sessions() as session:
            counted = session.scalar(select(RateWindow.count).where(RateWindow.key == f"upload:{identity.workstation_id}"))
        # A, B, A counted 1-3; B's 4 and A's 5 were over (each process then remembers it); B's
        # sixth was refused from memory without a database round trip
        assert counted == 2 * LIMIT - 1
        refused = []
        for _ in range(100):            # written by each server's audit thread just after answering
            with registry.sessions() as session:
                refused = list(session.scalars(select(IntakeDecision).where(IntakeDecision.reason == "rate_limited")))
            if len(refused) == LIMIT:
                break
            time.sleep(0.05)
        assert len(refused) == LIMIT and {r.workstation_id for r in refused} == {identity.workstation_id}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(15)
        registry.close()


def test_the_count_is_one_row_per_key_and_minute_in_sqlite_too(tmp_path: Path) -> None:
    """Two registries on one SQLite file, each with its own RateLimit (two processes): one count."""
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    first, second = Registry.open(url), Registry.open(url)
    one, other = RateLimit(2), RateLimit(2)
    minute = 29_000_000 * 60.0

    def counted(key: str) -> int | None:
        with first.sessions() as session:
            return session.scalar(select(RateWindow.count).where(RateWindow.key == key))

    try:
        assert one.allow(first, "ws", minute) and other.allow(second, "ws", minute + 1)
        assert not one.allow(first, "ws", minute + 2) and not other.allow(second, "ws", minute + 3)
        assert counted("upload:ws") == 4
        assert not one.allow(first, "ws", minute + 59) and counted("upload:ws") == 4     # from memory
        assert one.allow(first, "other", minute + 4)                        # per workstation
        assert one.allow(first, "ws", minute + 60) and other.allow(second, "ws", minute + 61)   # a new minute
        assert not one.allow(first, "ws", minute + 62)
        assert second.forget_windows(keep_minutes=0, now=minute + 120) == 3   # the old rows go, off the hot path
    finally:
        first.close()
        second.close()


def test_a_wrong_limit_in_centre_toml_is_refused_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "centre"
    init_centre(folder, PASSPHRASE)
    Registry.open(f"sqlite:///{folder / 'centre.sqlite3'}").close()
    assert main(["centre", "serve", "--dir", str(folder), "--upload-rate", "0"]) == 1
    assert "at least 1" in capsys.readouterr().err
    text_ = (folder / "centre.toml").read_text()
    (folder / "centre.toml").write_text(text_ + "upload_per_minut = 5\n")
    with pytest.raises(WorkstationError, match=r"\[limits\] upload_per_minut is not a limit"):
        load_settings(folder)
    (folder / "centre.toml").write_text(text_ + "upload_per_minute = 0\n")
    with pytest.raises(WorkstationError, match="at least 1"):
        load_settings(folder)

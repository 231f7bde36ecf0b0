"""The intake server for real: `workstation centre serve` in a subprocess (aiohttp, mutual TLS with
certificates of the centre CA) on a PostgreSQL started by the tests; workstations onboard with
`register` over HTTPS and upload with `sync`. Covers the token cases, unregistered/revoked/other
workstations, tampered packages, the same package twice, two uploads racing for one id, a
connection cut mid-upload and resumed, and a client too slow."""
from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from tests.support.postgres import free_port
from tests.support.processes import wait_until_listening
from workstation.centre.authority import init_centre
from workstation.centre.onboarding import issue_token
from workstation.centre.registry import Registry
from workstation.core import centre_client
from workstation.core.package.keys import load_or_create_identity
from workstation.core.package.seal import seal

from .conftest import PASSPHRASE, contents_for

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, postgres: str):  # noqa: ANN201
    folder = tmp_path_factory.mktemp("centre")
    centre = init_centre(folder, PASSPHRASE)
    db = postgres.replace("postgresql://", "postgresql+psycopg://")
    registry = Registry.open(db)
    port = free_port()
    env = dict(os.environ, WORKSTATION_CENTRE_PASSPHRASE=PASSPHRASE.decode())
    process = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "serve", "--dir", str(folder),
                                "--db", db, "--listen", f"127.0.0.1:{port}", "--workers", "2", "--body-timeout", "2",
                                "--register-rate", "500"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"https://127.0.0.1:{port}"
    wait_until_listening(process, port, "the centre")
    yield {"url": url, "port": port, "centre": centre, "registry": registry, "folder": folder, "db": db}
    process.terminate()
    process.wait(15)
    registry.close()


def _workstation(server, tmp_path: Path, commune: str = "00001"):  # noqa: ANN001, ANN202
    keys = tmp_path / f"keys-{uuid.uuid4().hex[:6]}"
    identity = load_or_create_identity(keys, str(uuid.uuid4()))
    token = issue_token(server["registry"], server["centre"], commune, "Công an xã")
    link = centre_client.register(server["url"], token, identity, keys)
    return identity, keys, link


def _upload(server, identity, keys, link, **changes):  # noqa: ANN001, ANN003, ANN202
    changes.setdefault("citizen", f"0{uuid.uuid4().int % 10**11:011d}")      # each test its own citizen
    contents = contents_for(identity.workstation_id, **changes)
    data = seal(contents, identity, server["centre"].package_key.public_key())
    context = centre_client.client_context(link, identity)
    return contents.package_id, data, context


def test_register_over_https_with_good_reused_and_expired_tokens(server, tmp_path) -> None:  # noqa: ANN001
    identity, keys, link = _workstation(server, tmp_path, "00042")
    assert link.workstation_id == identity.workstation_id and link.commune == "00042"
    assert (keys / "centre" / "workstation.pem").exists()
    other = load_or_create_identity(tmp_path / "other", str(uuid.uuid4()))
    token = issue_token(server["registry"], server["centre"], "00042", "Xã B")
    centre_client.register(server["url"], token, other, tmp_path / "other")
    with pytest.raises(centre_client.CentreRefused) as reused:
        centre_client.register(server["url"], token, load_or_create_identity(tmp_path / "third", str(uuid.uuid4())),
                               tmp_path / "third")
    assert reused.value.reason == "token_used"
    expired = issue_token(server["registry"], server["centre"], "00042", "Xã C", hours=-1)
    with pytest.raises(centre_client.CentreRefused) as late:
        centre_client.register(server["url"], expired, load_or_create_identity(tmp_path / "late", str(uuid.uuid4())),
                               tmp_path / "late")
    assert late.value.reason == "token_expired"
    wrong_pin = token.split(".")[0] + ".0123456789abcdef"
    with pytest.raises(Exception, match="not the centre"):
        centre_client.register(server["url"], wrong_pin, other, tmp_path / "pin")


def test_upload_twice_other_uploader_tampered_and_status(server, tmp_path) -> None:  # noqa: ANN001
    a_identity, a_keys, a_link = _workstation(server, tmp_path)
    b_identity, b_keys, b_link = _workstation(server, tmp_path)
    package_id, data, a_context = _upload(server, a_identity, a_keys, a_link)
    assert centre_client.upload(a_link, a_context, package_id, data).status == "accepted"
    assert centre_client.upload(a_link, a_context, package_id, data).status == "already_here"
    b_context = centre_client.client_context(b_link, b_identity)
    other_id, other, _ = _upload(server, a_identity, a_keys, a_link)
    assert centre_client.upload(b_link, b_context, other_id, other).reason == "uploader_not_signer"
    tampered = bytearray(other)
    tampered[-30] ^= 0x01
    assert centre_client.upload(a_link, a_context, other_id, bytes(tampered)).reason == "envelope"
    assert centre_client.package_status(a_link, a_context, package_id)["status"] == "accepted"
    assert centre_client.package_status(b_link, b_context, package_id)["status"] == "unknown"   # not B's


def test_no_certificate_a_foreign_certificate_and_a_revoked_workstation(server, tmp_path) -> None:  # noqa: ANN001
    identity, keys, link = _workstation(server, tmp_path)
    package_id, data, context = _upload(server, identity, keys, link)
    anonymous = ssl.create_default_context(cafile=str(link.ca_file))
    with pytest.raises(centre_client.CentreRefused) as nobody:
        centre_client.upload(link, anonymous, package_id, data)
    assert nobody.value.reason == "no_client_certificate"
    foreign = ssl.create_default_context(cafile=str(link.ca_file))
    foreign.load_cert_chain(str(keys / "workstation.pem"), str(keys / "workstation-key.pem"),
                            password=(keys / ".key-secret").read_bytes())       # self-signed: not the CA's
    with pytest.raises(centre_client.CentreUnreachable) as unreachable:
        centre_client.upload(link, foreign, package_id, data)
    assert f"({link.url})" in unreachable.value.message.en and f"({link.url})" in unreachable.value.message.vi
    server["registry"].revoke(identity.workstation_id, "admin")
    with pytest.raises(centre_client.CentreRefused) as revoked:
        centre_client.upload(link, context, package_id, data)
    assert revoked.value.reason == "caller_revoked"


def test_two_uploads_racing_for_one_id(server, tmp_path) -> None:  # noqa: ANN001
    identity, keys, link = _workstation(server, tmp_path)
    package_id, data, context = _upload(server, identity, keys, link)
    answers: list[str] = []
    threads = [threading.Thread(target=lambda: answers.append(
        centre_client.upload(link, centre_client.client_context(link, identity), package_id, data).status))
        for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == ["accepted", "already_here", "already_here", "already_here"]


def _raw_tls(server, link, identity):  # noqa: ANN001, ANN202
    context = centre_client.client_context(link, identity)
    raw = socket.create_connection(("127.0.0.1", server["port"]), timeout=10)
    return context.wrap_socket(raw, server_hostname="127.0.0.1")


def test_a_cut_upload_then_resumed_and_a_client_too_slow(server, tmp_path) -> None:  # noqa: ANN001
    identity, keys, link = _workstation(server, tmp_path)
    package_id, data, context = _upload(server, identity, keys, link)
    head = (f"PUT /packages/{package_id} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(data)}\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    cut = _raw_tls(server, link, identity)
    cut.sendall(head + data[: len(data) // 2])
    cut.close()                                                          # the connection dies mid-upload
    slow = _raw_tls(server, link, identity)
    slow.sendall(head + data[:100])
    answer = slow.recv(4096).decode(errors="replace")                   # the centre gives up waiting (2 s here)
    slow.close()
    assert " 408 " in answer.splitlines()[0] and "too_slow" in answer
    assert centre_client.upload(link, context, package_id, data).status == "accepted"


def test_workstation_sync_uploads_and_keeps_the_centre_s_answers(server, tmp_path) -> None:  # noqa: ANN001
    from workstation.storage.at_rest import BlobCipher
    from workstation.storage.database import open_database, sqlite_url
    from workstation.storage.enrollments import ACKNOWLEDGED, COMPLETE, EnrollmentStore

    identity, keys, link = _workstation(server, tmp_path)
    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "blob"))
    ids = []
    for n, simulated in ((1, False), (2, False), (3, True)):
        contents = contents_for(identity.workstation_id, citizen=f"0010990{n:05d}", simulated=simulated)
        eid = store.new_draft("officer-01", f"0010990{n:05d}", "Citizen", simulated=simulated)
        store.complete(eid, contents.package_id, seal(contents, identity, server["centre"].package_key.public_key()),
                       "officer-01")
        ids.append(eid)
    report = centre_client.sync(store, link, identity, "officer-01")
    assert len(report.accepted) == 2 and list(report.rejected.values()) == ["simulated"]
    assert [store.get(i).state for i in ids] == [ACKNOWLEDGED, ACKNOWLEDGED, COMPLETE]   # the rejected one stays
    again = centre_client.sync(store, link, identity, "officer-01")
    assert again.accepted == [] and list(again.rejected.values()) == ["simulated"]
    from workstation.core.history import day_rows

    answers = {row.enrollment_id: row.centre for row in day_rows(store)}     # what the history shows
    assert [answers[i] for i in ids] == ["accepted", "accepted", "rejected:simulated"]
    db.close()
    assert json.loads(json.dumps(report.as_dict()))["acknowledged"] == 2

"""The centre as an attacker and an administrator would try it (issue 22): `centre serve --workers 2`
in a subprocess on its own PostgreSQL database, real mutual TLS. Crafted manifests, a NUL in an id,
a reused key, a database restart, ownership of answers, the same citizen from two workstations at
once, refusals in the audit, slow and idle connections, /register limits, and the audit's
append-only chain (tampering last: it breaks the chain on purpose)."""
from __future__ import annotations

import dataclasses
import hashlib
import http.client
import io
import json
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import sessionmaker

from tests.support.postgres import free_port
from tests.support.processes import wait_until_listening
from workstation.centre.authority import init_centre
from workstation.centre.models import IntakeDecision
from workstation.centre.onboarding import issue_token
from workstation.centre.registry import Registry
from workstation.centre.settings import CentreSettings
from workstation.core import centre_client
from workstation.core.package.keys import certificate_request, load_or_create_identity
from workstation.core.package.seal import build_manifest, canonical_json, seal

from .conftest import PASSPHRASE, contents_for

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, postgres: str):  # noqa: ANN201
    admin_url = postgres.replace("postgresql://", "postgresql+psycopg://")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS centre_hardening"))
        connection.execute(text("CREATE DATABASE centre_hardening"))
    db = admin_url.rsplit("/", 1)[0] + "/centre_hardening"
    folder = tmp_path_factory.mktemp("centre")
    centre = init_centre(folder, PASSPHRASE, settings=CentreSettings(db))
    registry = Registry.open(db)
    port = free_port()
    secret = folder.parent / "passphrase"
    secret.write_bytes(PASSPHRASE)
    process = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "serve", "--dir", str(folder),
                                "--listen", f"127.0.0.1:{port}", "--workers", "2", "--body-timeout", "2",
                                "--header-timeout", "2", "--handshake-timeout", "2", "--register-rate", "30",
                                "--passphrase-file", str(secret)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_until_listening(process, port, "the centre")
    time.sleep(1.0)                     # the second worker binds a moment later
    yield {"url": f"https://127.0.0.1:{port}", "port": port, "centre": centre, "registry": registry,
           "folder": folder, "db": db, "admin": admin, "secret": secret}
    process.terminate()
    process.wait(15)
    registry.close()
    admin.dispose()


def _workstation(server, tmp_path: Path, commune: str = "00001"):  # noqa: ANN001, ANN202
    keys = tmp_path / f"keys-{uuid.uuid4().hex[:6]}"
    identity = load_or_create_identity(keys, str(uuid.uuid4()))
    token = issue_token(server["registry"], server["centre"], commune, "Công an xã")
    link = centre_client.register(server["url"], token, identity, keys)
    return identity, keys, link, centre_client.client_context(link, identity)


def _sealed(server, identity, citizen: str | None = None, **changes) -> tuple[str, bytes]:  # noqa: ANN001, ANN003
    contents = contents_for(identity.workstation_id, citizen or f"0{uuid.uuid4().int % 10**11:011d}", **changes)
    return contents.package_id, seal(contents, identity, server["centre"].package_key.public_key())


def _crafted(server, identity, **manifest_changes) -> tuple[str, bytes]:  # noqa: ANN001, ANN003
    """A package made with nothing but the centre's public key and any Ed25519 key: the manifest
    changed after it was built (no schema check on the way), signed and sealed as seal() does."""
    import base64
    import secrets
    import struct

    from cryptography.hazmat.primitives.asymmetric import x25519
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from workstation.core.package.keys import fingerprint, public_raw
    from workstation.core.package.seal import ALGORITHM, MAGIC, _kek

    contents = contents_for(identity.workstation_id, f"0{uuid.uuid4().int % 10**11:011d}")
    manifest, files = build_manifest(contents, identity)
    manifest.update(manifest_changes)
    manifest_bytes = canonical_json(manifest)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("manifest.json", manifest_bytes)
        z.writestr("manifest.sig", identity.key.sign(manifest_bytes))
        z.writestr("workstation.pem", identity.certificate_pem)
        for name, data in sorted(files.items()):
            z.writestr(name, data)
    public = server["centre"].package_key.public_key()
    key, nonce, wrap_nonce = AESGCM.generate_key(256), secrets.token_bytes(12), secrets.token_bytes(12)
    ephemeral = x25519.X25519PrivateKey.generate()
    epk = public_raw(ephemeral.public_key())
    wrapped = AESGCM(_kek(ephemeral.exchange(public), epk, public_raw(public))).encrypt(
        wrap_nonce, key, contents.package_id.encode())
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    header = canonical_json({"alg": ALGORITHM, "package_id": contents.package_id, "epk": b64(epk),
                             "wrap_nonce": b64(wrap_nonce), "wrapped_key": b64(wrapped), "nonce": b64(nonce),
                             "recipient": fingerprint(public)})
    body = AESGCM(key).encrypt(nonce, inner.getvalue(), MAGIC + header)
    return contents.package_id, MAGIC + struct.pack(">I", len(header)) + header + body


def _call(server, context: ssl.SSLContext, method: str, path: str, body: bytes | None = None,  # noqa: ANN001
          source: str = "127.0.0.1") -> tuple[int, dict]:
    connection = http.client.HTTPSConnection("127.0.0.1", server["port"], context=context, timeout=30,
                                             source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/octet-stream"})
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, {"raw": raw[:200].decode(errors="replace")}


def _anonymous(server) -> ssl.SSLContext:  # noqa: ANN001
    return ssl.create_default_context(cafile=str(server["folder"] / "centre-ca.pem"))


def _audit(server, **where) -> list[IntakeDecision]:  # noqa: ANN001, ANN003
    with server["registry"].sessions() as session:
        query = select(IntakeDecision).order_by(IntakeDecision.id)
        for column, value in where.items():
            query = query.where(getattr(IntakeDecision, column) == value)
        return list(session.scalars(query))


def _eventually_audited(server, **where) -> list[IntakeDecision]:  # noqa: ANN001, ANN003
    """Refusals are written by the server's audit thread just after answering: wait (bounded)."""
    for _ in range(100):
        rows = _audit(server, **where)
        if rows:
            return rows
        time.sleep(0.05)
    return []


# -- 1. errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize("change", [{"captures": 5}, {"files": 5}, {"workstation": "x"}],
                         ids=["captures", "files", "workstation"])
def test_a_crafted_manifest_is_refused_and_audited_not_a_500(server, tmp_path, change) -> None:  # noqa: ANN001
    identity, _keys, _link, context = _workstation(server, tmp_path)
    package_id, data = _crafted(server, identity, **change)
    status, answer = _call(server, context, "PUT", f"/packages/{package_id}", data)
    assert status == 422 and answer["status"] == "rejected", answer
    assert [r.status for r in _audit(server, package_id=package_id)] == ["rejected"]


def test_centre_import_reports_a_crafted_package_and_goes_on(server, tmp_path, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    identity, *_ = _workstation(server, tmp_path)
    packages = [_crafted(server, identity, captures=5), _crafted(server, identity, workstation="x"),
                _sealed(server, identity), _sealed(server, identity)]
    usb = tmp_path / "usb"
    usb.mkdir()
    listed = []
    for package_id, data in packages:
        (usb / f"{package_id}.wspkg").write_bytes(data)
        listed.append({"package_id": package_id, "file": f"{package_id}.wspkg",
                       "sha256": hashlib.sha256(data).hexdigest()})
    (usb / "export-1.json").write_text(json.dumps({"packages": listed}))
    # no --db: centre.toml names the PostgreSQL database
    code = main(["centre", "import", str(usb), "--dir", str(server["folder"]), "--passphrase-file",
                 str(server["secret"]), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1                                                   # some were refused
    assert [d["status"] for d in out["decisions"]] == ["rejected", "rejected", "accepted", "accepted"]


def test_a_nul_in_an_id_and_a_reused_key_are_clear_refusals(server, tmp_path) -> None:  # noqa: ANN001
    identity, keys, _link, context = _workstation(server, tmp_path)
    status, answer = _call(server, context, "PUT", "/packages/%00abc", b"x")
    assert status == 422 and answer["reason"] == "bad_id"
    assert _audit(server, package_id="\\x00abc", reason="bad_id")
    status, answer = _call(server, context, "PUT", "/packages/" + "9" * 3000, b"x")
    assert status in (400, 414, 422)                                  # never a 500
    status, _answer = _call(server, context, "PUT", "/packages/" + "9" * 9000, b"x")
    assert status in (400, 414)                                       # past aiohttp's request line: still audited
    assert _eventually_audited(server, reason=f"http_{status}")
    # the same key under a new workstation id, with a valid token
    twin = dataclasses.replace(identity, workstation_id=str(uuid.uuid4()))
    token = issue_token(server["registry"], server["centre"], "00001", "Máy sao chép")
    body = json.dumps({"token": token, "csr": certificate_request(twin).decode()}).encode()
    status, answer = _call(server, _anonymous(server), "POST", "/register", body, source="127.0.0.3")
    assert status == 403 and answer["reason"] == "key_registered"
    assert _eventually_audited(server, reason="key_registered", source="127.0.0.3")


def test_the_first_request_after_a_database_restart_is_answered(server, tmp_path) -> None:  # noqa: ANN001
    identity, keys, link, context = _workstation(server, tmp_path)
    for _ in range(4):                            # both workers hold pooled connections
        assert _call(server, context, "GET", f"/packages/{uuid.uuid4()}/status")[0] == 404
    with server["admin"].connect() as connection:  # what a restart does to every open connection
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = 'centre_hardening' AND pid <> pg_backend_pid()"))
    server["registry"].engine.dispose()
    package_id, data = _sealed(server, identity)
    assert centre_client.upload(link, context, package_id, data).status == "accepted"
    for _ in range(4):
        assert _call(server, context, "GET", f"/packages/{package_id}/status")[1]["status"] == "accepted"


# -- 2. ownership -----------------------------------------------------------------------------------
def test_only_the_signer_gets_already_here_and_statuses_are_the_owner_s(server, tmp_path) -> None:  # noqa: ANN001
    a, _ak, a_link, a_context = _workstation(server, tmp_path)
    b, _bk, b_link, b_context = _workstation(server, tmp_path)
    package_id, data = _sealed(server, a)
    assert centre_client.upload(a_link, a_context, package_id, data).status == "accepted"
    resent = centre_client.upload(b_link, b_context, package_id, data)         # B re-sends A's package
    assert (resent.status, resent.reason) == ("rejected", "uploader_not_signer")
    assert _audit(server, package_id=package_id, workstation_id=b.workstation_id)[0].reason == "uploader_not_signer"
    refused_id, refused = _sealed(server, a)
    tampered = bytearray(refused)
    tampered[-30] ^= 1
    # altered after sealing: the envelope's signed hash of the sealed part no longer matches
    assert centre_client.upload(a_link, a_context, refused_id, bytes(tampered)).reason == "envelope"
    assert centre_client.package_status(a_link, a_context, refused_id)["reason"] == "envelope"
    assert centre_client.package_status(b_link, b_context, refused_id)["status"] == "unknown"   # not B's
    server["registry"].revoke(b.workstation_id, "admin")
    first = server["registry"].workstation(b.workstation_id).revoked_at
    server["registry"].revoke(b.workstation_id, "admin")
    assert server["registry"].workstation(b.workstation_id).revoked_at == first          # the first time stays
    status, answer = _call(server, b_context, "GET", f"/packages/{package_id}/status")
    assert (status, answer["reason"]) == (403, "caller_revoked")


# -- 3. the same citizen from two workstations at once --------------------------------------------
def test_the_same_citizen_from_two_workstations_at_once_is_flagged_exactly(server, tmp_path) -> None:  # noqa: ANN001
    a, _ak, a_link, a_context = _workstation(server, tmp_path, "00011")
    b, _bk, b_link, b_context = _workstation(server, tmp_path, "00012")
    rounds = 12
    pairs = []
    for n in range(rounds):
        citizen = f"07{n:02d}{uuid.uuid4().int % 10**8:08d}"
        pairs.append((_sealed(server, a, citizen), _sealed(server, b, citizen)))
    outcomes = []
    for (a_id, a_data), (b_id, b_data) in pairs:
        barrier = threading.Barrier(2)
        answers: dict[str, str] = {}

        def send(name: str, link, context, package_id: str, data: bytes) -> None:  # noqa: ANN001
            barrier.wait(10)
            answers[name] = centre_client.upload(link, context, package_id, data).status

        threads = [threading.Thread(target=send, args=("a", a_link, a_context, a_id, a_data)),
                   threading.Thread(target=send, args=("b", b_link, b_context, b_id, b_data))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        outcomes.append(sorted(answers.values()))
    assert outcomes == [["accepted", "duplicate"]] * rounds


# -- 4 and 5. refusals audited, limits that hold -------------------------------------------------
def test_refusals_without_a_certificate_are_audited_with_the_caller_s_address(server, tmp_path) -> None:  # noqa: ANN001
    anonymous = _anonymous(server)
    for _ in range(100):
        assert _call(server, anonymous, "PUT", f"/packages/{uuid.uuid4()}", b"x", source="127.0.0.4")[0] == 401
    _eventually_audited(server, reason="no_client_certificate", source="127.0.0.4")
    time.sleep(0.5)
    written = _audit(server, reason="no_client_certificate", source="127.0.0.4")
    # sampled: 20 per worker, source, reason and minute (two workers, at most two minutes) are written
    assert 20 <= len(written) <= 2 * 2 * 20
    status, answer = _call(server, anonymous, "POST", "/register", b"{" + b" " * 200_000, source="127.0.0.4")
    assert (status, answer["reason"]) == (413, "too_large")
    assert _eventually_audited(server, reason="too_large", channel="register", source="127.0.0.4")


def test_token_guessing_meets_a_limit_shared_by_the_workers(server) -> None:  # noqa: ANN001
    anonymous = _anonymous(server)
    codes = []
    for _ in range(65):
        body = json.dumps({"token": f"guess{uuid.uuid4().hex}.0123456789abcdef", "csr": "x"}).encode()
        codes.append(_call(server, anonymous, "POST", "/register", body, source="127.0.0.5")[0])
    # 30 a minute from one address, counted in PostgreSQL by both workers (at most two minutes here)
    assert codes.count(429) >= 5 and set(codes) == {403, 429}
    assert _eventually_audited(server, reason="rate_limited", source="127.0.0.5")


def test_slow_headers_and_silent_connections_are_closed(server) -> None:  # noqa: ANN001
    silent = socket.create_connection(("127.0.0.1", server["port"]), timeout=30)      # never starts TLS
    slow = _anonymous(server).wrap_socket(socket.create_connection(("127.0.0.1", server["port"]), timeout=30),
                                          server_hostname="127.0.0.1")
    slow.sendall(b"GET /ca HTTP/1.1\r\nHost: 127.0.0.1\r\n")                         # and never ends its headers
    assert silent.recv(10) == b""                 # closed by the centre (2 s here), not left open for minutes
    assert slow.recv(10) == b""
    silent.close()
    slow.close()
    assert _eventually_audited(server, reason="header_timeout")
    plain = socket.create_connection(("127.0.0.1", server["port"]), timeout=30, source_address=("127.0.0.6", 0))
    plain.sendall(b"GET /ca HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")                   # HTTP without TLS
    plain.recv(100)
    plain.close()
    assert _eventually_audited(server, reason="tls_handshake", source="127.0.0.6", channel="tls")


def test_hundreds_of_idle_connections_do_not_keep_a_workstation_out(server, tmp_path) -> None:  # noqa: ANN001
    identity, _keys, link, context = _workstation(server, tmp_path)
    idle = []
    try:
        for n in range(600):
            idle.append(socket.create_connection(("127.0.0.1", server["port"]), timeout=10,
                                                 source_address=(f"127.0.1.{n % 4 + 1}", 0)))
        package_id, data = _sealed(server, identity)
        assert centre_client.upload(link, context, package_id, data).status == "accepted"
    finally:
        for s in idle:
            s.close()


# -- 4. the audit is append-only and chained (last: it tampers) -----------------------------------
def test_the_audit_refuses_changes_and_its_chain_names_a_tampered_row(server, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    common = ["--dir", str(server["folder"])]
    assert main(["centre", "audit", "--verify", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)["intact"] is True
    with server["admin"].connect() as admin:
        engine = create_engine(server["db"])
        for statement in ("UPDATE centre_intake_audit SET reason = 'x'", "DELETE FROM centre_intake_audit",
                          "TRUNCATE centre_intake_audit"):
            with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
                connection.execute(text(statement))
        # the serving role: may append, may not change
        admin.execute(text("DROP ROLE IF EXISTS centre_serving"))
        admin.execute(text("CREATE ROLE centre_serving LOGIN"))
    assert main(["centre", "grant-serving", "centre_serving", *common]) == 0
    capsys.readouterr()
    serving = create_engine(server["db"].replace("://postgres@", "://centre_serving@"))
    for statement, refusal in (("UPDATE centre_intake_audit SET reason = 'x'", "permission denied"),
                               ("DELETE FROM centre_intake_audit", "permission denied"),
                               ("ALTER TABLE centre_intake_audit DISABLE TRIGGER centre_audit_no_change", "must be owner")):
        with pytest.raises(Exception, match=refusal), serving.begin() as connection:
            connection.execute(text(statement))
    Registry(serving, sessionmaker(serving)).audit("-", "-", "admin", "note", "the serving role appends")
    serving.dispose()
    # a superuser goes behind the trigger's back: the chain names the row
    with engine.begin() as connection:
        victim = connection.execute(text("SELECT min(id) + 3 FROM centre_intake_audit")).scalar()
        connection.execute(text("ALTER TABLE centre_intake_audit DISABLE TRIGGER centre_audit_no_change"))
        connection.execute(text("UPDATE centre_intake_audit SET reason = 'nothing happened' WHERE id = :id"),
                           {"id": victim})
        connection.execute(text("ALTER TABLE centre_intake_audit ENABLE TRIGGER centre_audit_no_change"))
    engine.dispose()
    assert main(["centre", "audit", "--verify", "--json", *common]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["intact"] is False and {p["id"] for p in report["problems"]} == {victim}
    assert main(["centre", "audit", "--json", "--limit", "5", *common]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 5

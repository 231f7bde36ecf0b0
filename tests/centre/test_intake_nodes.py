"""Intake nodes that hold no package key (issue 22, item 3): they check the signed envelope
against the registered key and store packages unopened as `received`; `centre worker`, on the
node that holds the package key, opens and decides them as a full centre would (accepted,
duplicate, rejected). In process on SQLite and PostgreSQL; then for real: `centre intake-node`,
`centre serve` on the node's folder (a subprocess, mutual TLS), a workstation's sync, `centre
worker --once`."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.postgres import free_port, new_database
from tests.support.processes import wait_until_listening
from workstation.centre import jobs, opening
from workstation.centre.authority import CentreError, IntakeNode, certificate_names, init_centre
from workstation.centre.console.queries import VN, day_summary
from workstation.centre.intake import Intake
from workstation.centre.models import IntakeDecision, ReceivedPackage
from workstation.centre.object_store import from_settings
from workstation.centre.registry import Registry, default_url
from workstation.centre.worker import Worker
from workstation.core.package import envelope
from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import open_database, sqlite_url
from workstation.storage.enrollments import EnrollmentStore
from workstation.core.package.seal import seal_inner

from .conftest import PASSPHRASE, CentreSetting, contents_for

CITIZEN = "079190001111"


@pytest.fixture(params=["sqlite", "postgresql"])
def split(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201
    """A full centre (the decrypting node: its worker) and an intake node sharing its database and
    package store, holding only the CA certificate and the package key's public half."""
    folder = tmp_path / "centre"
    centre = init_centre(folder, PASSPHRASE)
    if request.param == "sqlite":
        url = default_url(folder)
    else:
        url = new_database(request.getfixturevalue("postgres"), "split")
    registry = Registry.open(url)
    store = from_settings(None, folder)
    node = Intake(registry, IntakeNode(tmp_path / "node", centre.ca_certificate, centre.package_public), store=store)
    full = CentreSetting(folder, centre, registry, Intake(registry, centre, store=store))
    yield full, node
    registry.close()


def _rows(registry: Registry) -> dict[str, tuple[str, str]]:
    with registry.sessions() as session:
        return {r.package_id: (r.status, r.reason) for r in session.scalars(select(ReceivedPackage))}


def test_an_intake_node_stores_unopened_and_the_worker_decides_as_a_full_centre_would(split, tmp_path) -> None:  # noqa: ANN001
    full, node = split
    a, b = full.onboard(tmp_path, "00001"), full.onboard(tmp_path, "00002")
    (first_id, first), (second_id, second) = full.package(a, CITIZEN), full.package(b, CITIZEN)
    assert node.decide(first_id, first, a.workstation_id, "https").status == "received"
    assert node.decide(second_id, second, b.workstation_id, "https").status == "received"
    assert node.decide(first_id, first, a.workstation_id, "https").status == "already_here"
    with full.registry.sessions() as session:
        stored = session.get(ReceivedPackage, first_id)
        assert (stored.status, stored.citizen_key) == ("received", "")      # the node cannot know the citizen
    assert jobs.counts(full.registry) == {"open": {"queued": 2}}
    assert node.status(first_id, a.workstation_id).status == "received"
    today = datetime.now(UTC).astimezone(VN).date()
    with full.registry.sessions() as session:                 # the console: not decided, waiting
        before = day_summary(session, today)
    assert (before.accepted, before.duplicate, before.waiting) == (0, 0, 2)

    worker = Worker(full.registry, full.intake.store, full.centre, PASSPHRASE, tmp_path / "exports")
    assert worker.run(once=True) == 3                          # two openings, then the duplicate's review
    assert _rows(full.registry) == {first_id: ("accepted", ""), second_id: ("duplicate", "citizen_enrolled_elsewhere")}
    assert jobs.counts(full.registry) == {"open": {"done": 2}, "review": {"waiting": 1}}
    assert node.status(second_id, b.workstation_id).status == "duplicate"
    with full.registry.sessions() as session:                 # the console counts the openings' decisions
        after = day_summary(session, today)
    assert (after.accepted, after.duplicate, after.waiting) == (1, 1, 0)
    assert [(c.commune, c.accepted, c.duplicate) for c in sorted(after.communes, key=lambda c: c.commune)] == [
        ("00001", 1, 0), ("00002", 0, 1)]
    with full.registry.sessions() as session:
        opened = session.scalars(select(IntakeDecision).where(IntakeDecision.channel == "open")
                                 .order_by(IntakeDecision.id)).all()
        key = session.get(ReceivedPackage, first_id).citizen_key
    assert [(e.package_id, e.status, e.workstation_id) for e in opened] == [
        (first_id, "accepted", a.workstation_id), (second_id, "duplicate", b.workstation_id)]
    assert key == full.intake.citizen_key(CITIZEN)          # the same index as a full centre's intake


def test_what_the_node_refuses_without_opening_and_what_the_worker_refuses_after(split, tmp_path) -> None:  # noqa: ANN001
    full, node = split
    a, b = full.onboard(tmp_path, "00001"), full.onboard(tmp_path, "00002")
    public = full.centre.package_public
    # a package from before envelopes: only the decrypting node can check it
    old = contents_for(a.workstation_id, CITIZEN)
    refused = node.decide(old.package_id, seal_inner(old, a, public), a.workstation_id, "https")
    assert (refused.status, refused.reason) == ("rejected", "envelope_missing")
    # B uploading A's package; an envelope altered (one byte of it); a simulated enrollment
    package_id, data = full.package(a, CITIZEN)
    assert node.decide(package_id, data, b.workstation_id, "https").reason == "uploader_not_signer"
    broken = bytearray(data)
    broken[data.index(b'"package_id"') + 20] ^= 1
    assert node.decide(package_id, bytes(broken), a.workstation_id, "https").reason == "signature"
    simulated_id, simulated = full.package(a, CITIZEN, simulated=True)
    assert node.decide(simulated_id, simulated, a.workstation_id, "https").reason == "simulated"
    # sealed for another centre's key: the plain header says so, no key needed to see it
    other = init_centre(tmp_path / "other", PASSPHRASE)
    stray = contents_for(a.workstation_id, CITIZEN)
    assert node.decide(stray.package_id, seal(stray, a, other.package_public), a.workstation_id,
                       "https").reason == "recipient"
    # a registered workstation that says "not simulated" outside and "simulated" inside: the node
    # cannot see inside, so it stores the package; the worker opens it and refuses it
    lying = contents_for(a.workstation_id, CITIZEN, simulated=True)
    wrapped = envelope.wrap(seal_inner(lying, a, public), a, lying.package_id, False, lying.created_at)
    assert node.decide(lying.package_id, wrapped, a.workstation_id, "https").status == "received"
    Worker(full.registry, full.intake.store, full.centre, PASSPHRASE, tmp_path / "exports").run(once=True)
    assert _rows(full.registry) == {lying.package_id: ("rejected", "envelope")}
    assert node.status(lying.package_id, a.workstation_id).status == "rejected"
    with full.registry.sessions() as session:
        assert session.scalars(select(IntakeDecision.reason).where(IntakeDecision.package_id == lying.package_id,
                                                                   IntakeDecision.channel == "open")).one() == "envelope"


def seal(contents, identity, public):  # noqa: ANN001, ANN201 - the whole package, for another centre's key
    from workstation.core.package.seal import seal as seal_whole

    return seal_whole(contents, identity, public)


def test_received_before_a_revocation_counts_after_it_does_not(split, tmp_path) -> None:  # noqa: ANN001
    full, node = split
    a = full.onboard(tmp_path, "00001")
    package_id, data = full.package(a, CITIZEN)
    assert node.decide(package_id, data, a.workstation_id, "https").status == "received"
    full.registry.revoke(a.workstation_id, "admin")
    later_id, later = full.package(a, "079190002222")
    assert node.decide(later_id, later, a.workstation_id, "https").reason == "caller_revoked"
    assert node.decide(later_id, later, None, "usb").reason == "signer"
    Worker(full.registry, full.intake.store, full.centre, PASSPHRASE, tmp_path / "exports").run(once=True)
    assert _rows(full.registry) == {package_id: ("accepted", "")}      # the laptop was good this morning


def test_an_opening_run_twice_decides_once(split, tmp_path) -> None:  # noqa: ANN001
    full, node = split
    a = full.onboard(tmp_path, "00001")
    package_id, data = full.package(a, CITIZEN)
    node.decide(package_id, data, a.workstation_id, "https")
    job = jobs.claim(full.registry)
    assert job is not None and job.kind == "open"
    assert opening.open_received(full.registry, full.intake.store, full.centre, job).status == "accepted"
    again = opening.open_received(full.registry, full.intake.store, full.centre, job)   # a worker that died, retried
    assert again.status == ""
    with full.registry.sessions() as session:
        assert len(session.scalars(select(IntakeDecision).where(IntakeDecision.channel == "open")).all()) == 1


def test_an_intake_node_for_real_holds_no_private_centre_key(tmp_path: Path) -> None:
    """`centre init`, `centre intake-node`, `centre serve --dir NODE` (a subprocess on mutual TLS),
    a workstation's sync (HTTP 202 `received`), registration refused there, `centre worker --once`
    on the main centre, and the decision read back through the node."""
    from workstation.centre.onboarding import issue_token
    from workstation.core import centre_client
    from workstation.core.package.keys import load_or_create_identity

    main_folder, node_folder = tmp_path / "centre", tmp_path / "node"
    secret, node_secret = tmp_path / "pass", tmp_path / "node-pass"
    secret.write_bytes(PASSPHRASE)
    node_secret.write_bytes(b"another passphrase for the node")
    port, main_port = free_port(), free_port()
    run = [sys.executable, "-m", "workstation", "centre"]
    common = ["--dir", str(main_folder), "--passphrase-file", str(secret)]
    subprocess.run([*run, "init", *common, "--listen", f"127.0.0.1:{main_port}",
                    "--intake-url", f"https://127.0.0.1:{port}"], check=True, capture_output=True)
    made = subprocess.run([*run, "intake-node", *common, "--out", str(node_folder), "--name", "127.0.0.1",
                           "--listen", f"127.0.0.1:{port}", "--node-passphrase-file", str(node_secret), "--json"],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    held = sorted(p.name for p in node_folder.iterdir())
    assert "package.key.pem" not in held and "centre-ca.key.pem" not in held
    assert {"centre-ca.pem", "package.pub.pem", "intake-tls.pem", "intake-tls.key.pem", "centre.toml",
            "intake-node.json"} <= set(held)

    registry = Registry.open(default_url(main_folder))
    from workstation.centre.authority import load_centre

    centre = load_centre(main_folder, PASSPHRASE)
    identity = load_or_create_identity(tmp_path / "ws", str(uuid.uuid4()))
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_CENTRE_PASSPHRASE"}
    process = subprocess.Popen([*run, "serve", "--dir", str(node_folder), "--passphrase-file", str(node_secret)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    main_server = subprocess.Popen([*run, "serve", *common], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_listening(process, port, "the intake node")
        wait_until_listening(main_server, main_port, "the main centre")
        # registered at the main centre, which tells the workstation where packages go: the node
        link = centre_client.register(f"https://127.0.0.1:{main_port}", issue_token(registry, centre, "00001", "Xã A"),
                                      identity, tmp_path / "ws-link")
        assert (link.url, link.api) == (f"https://127.0.0.1:{main_port}", f"https://127.0.0.1:{port}")
        context = centre_client.client_context(link, identity)
        # the workstation's own store and sync: a genuine package and one whose envelope lies
        store = EnrollmentStore(open_database(sqlite_url(tmp_path / "ws.sqlite3")).sessions,
                                BlobCipher.from_folder(tmp_path / "ws-keys"))
        contents = contents_for(identity.workstation_id, CITIZEN)
        lying = contents_for(identity.workstation_id, "079190003333", simulated=True)
        genuine_id = store.new_draft("officer-01", CITIZEN, "Nguyễn Văn An", simulated=False)
        store.complete(genuine_id, contents.package_id, seal(contents, identity, centre.package_public), "officer-01")
        lying_id = store.new_draft("officer-01", "079190003333", "Trần Thị B", simulated=False)
        store.complete(lying_id, lying.package_id, envelope.wrap(seal_inner(lying, identity, centre.package_public),
                                                                 identity, lying.package_id, False, lying.created_at),
                       "officer-01")
        first = centre_client.sync(store, link, identity, "officer-01")
        assert sorted(first.received) == sorted([contents.package_id, lying.package_id])
        assert first.as_dict()["acknowledged"] == 0 and first.level == "ok"
        assert store.get(genuine_id).state == store.get(lying_id).state == "synced"   # held, not yet decided
        waiting = centre_client.sync(store, link, identity, "officer-01")             # asked, not sent again
        assert sorted(waiting.received) == sorted([contents.package_id, lying.package_id])
        newcomer = load_or_create_identity(tmp_path / "ws2", str(uuid.uuid4()))
        token = issue_token(registry, centre, "00001", "Công an xã thử nghiệm")
        with pytest.raises(centre_client.CentreRefused) as refused:     # the node holds no CA key
            centre_client.register(link.api, token, newcomer, tmp_path / "ws2-keys")
        assert refused.value.reason == "register_elsewhere"
        usb = tmp_path / "usb"                                   # a village's export, imported at the node
        usb.mkdir()
        carried = contents_for(identity.workstation_id, "079190002222")
        carried_data = seal(carried, identity, centre.package_public)
        (usb / f"{carried.package_id}.wspkg").write_bytes(carried_data)
        (usb / "export-20261205T080000.json").write_text(json.dumps({"workstation_id": identity.workstation_id,
            "packages": [{"package_id": carried.package_id, "file": f"{carried.package_id}.wspkg",
                          "size": len(carried_data), "sha256": hashlib.sha256(carried_data).hexdigest()}]}))
        imported = subprocess.run([*run, "import", str(usb), "--dir", str(node_folder), "--json"],
                                  capture_output=True, text=True)             # no passphrase: the node needs none
        assert imported.returncode == 0, imported.stderr
        assert json.loads(imported.stdout)["counts"] == {"received": 1}
        worker = subprocess.run([*run, "worker", *common, "--once", "--json"], capture_output=True, text=True)
        assert worker.returncode == 0, worker.stderr
        assert json.loads(worker.stdout)["queue"]["open"] == {"done": 3}
        assert centre_client.package_status(link, context, contents.package_id)["status"] == "accepted"
        decided = centre_client.sync(store, link, identity, "officer-01")
        assert (decided.accepted, decided.rejected) == ([contents.package_id], {lying.package_id: "envelope"})
        assert store.get(genuine_id).state == "acknowledged"
        assert store.get(lying_id).state == "synced"             # refused: stays on the workstation, flagged
        assert [d.channel for d in registry.decisions(contents.package_id)] == ["https", "open"]   # sent once
    finally:
        for server in (process, main_server):
            server.terminate()
            server.wait(15)
        registry.close()


def test_two_workers_opening_the_same_citizen_at_once_flag_exactly_one(split, tmp_path) -> None:  # noqa: ANN001
    """Pairs of packages of one citizen from two workstations, opened at the same moment by two
    workers (threads with their own connections): each pair ends with one accepted and one
    duplicate, never two accepted (the citizen's advisory lock on PostgreSQL, SQLite's write lock)."""
    import threading

    full, node = split
    a, b = full.onboard(tmp_path, "00001"), full.onboard(tmp_path, "00002")
    pairs = []
    for n in range(6):
        citizen = f"0791900{n:05d}"
        (a_id, a_data), (b_id, b_data) = full.package(a, citizen), full.package(b, citizen)
        assert node.decide(a_id, a_data, a.workstation_id, "https").status == "received"
        assert node.decide(b_id, b_data, b.workstation_id, "https").status == "received"
        pairs.append((a_id, b_id))
    barrier, failures = threading.Barrier(2), []

    def work() -> None:
        try:
            for _ in range(6):
                job = jobs.claim(full.registry, ("open",))
                barrier.wait(timeout=30)                 # both workers hold a job, then open together
                if job is not None:
                    opening.open_received(full.registry, full.intake.store, full.centre, job)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures
    rows = _rows(full.registry)
    assert sorted(sorted((rows[x][0], rows[y][0])) for x, y in pairs) == [["accepted", "duplicate"]] * 6


def test_what_the_database_says_is_not_taken_on_trust(split, tmp_path) -> None:  # noqa: ANN001
    """Whoever can write the centre's tables (an intake node's role, say) cannot make a forgery
    count: a workstation row with a certificate the CA did not issue signs nothing, and a junk
    package whose row was set to `accepted` by hand is refused by the export's check, not shipped."""
    from cryptography.hazmat.primitives import serialization

    from workstation.centre.export import export_batch, signing_key
    from workstation.centre.models import RegisteredWorkstation
    from workstation.centre.registry import key_sha256
    from workstation.core.package.keys import load_or_create_identity

    full, node = split
    a = full.onboard(tmp_path, "00001")
    # a forged workstation: a row written into the table with its own self-signed certificate
    forger = load_or_create_identity(tmp_path / "forger", str(uuid.uuid4()))
    with full.registry.sessions.begin() as session:
        session.add(RegisteredWorkstation(
            id=forger.workstation_id, commune="00001", name="forged", status="active",
            certificate=forger.certificate.public_bytes(serialization.Encoding.PEM).decode(),
            key_sha256=key_sha256(forger.key.public_key()), registered_at=datetime.now(UTC)))
    forged_id, forged = full.package(forger, "079190004444")
    assert node.decide(forged_id, forged, None, "usb").reason == "signer"
    assert full.intake.decide(forged_id, forged, None, "usb").reason == "signer"
    # a junk package stored by a node, then marked accepted behind the worker's back
    junk = contents_for(a.workstation_id, "079190005555")
    sealed = bytearray(seal_inner(junk, a, full.centre.package_public))
    sealed[-40] ^= 1                                            # the ciphertext no longer opens
    wrapped = envelope.wrap(bytes(sealed), a, junk.package_id, False, junk.created_at)
    assert node.decide(junk.package_id, wrapped, a.workstation_id, "https").status == "received"
    good_id, good = full.package(a, CITIZEN)
    assert node.decide(good_id, good, a.workstation_id, "https").status == "received"
    with full.registry.sessions.begin() as session:
        session.get(ReceivedPackage, junk.package_id).status = "accepted"
    Worker(full.registry, full.intake.store, full.centre, PASSPHRASE, tmp_path / "exports").run(once=True)
    batch = export_batch(full.registry, full.intake.store, signing_key(full.folder, PASSPHRASE),
                         tmp_path / "out", full.centre)
    assert batch is not None and batch.count == 1
    assert sorted(p.name for p in batch.folder.glob("*.wspkg")) == [f"{good_id}.wspkg"]
    assert _rows(full.registry)[junk.package_id] == ("rejected", "export_check")
    with full.registry.sessions() as session:
        assert session.scalars(select(IntakeDecision.reason).where(IntakeDecision.package_id == junk.package_id,
                                                                   IntakeDecision.channel == "export")).one() == \
            "export_check"


def test_a_simulated_enrollment_needs_the_worker_s_consent_not_only_the_node_s(split, tmp_path) -> None:  # noqa: ANN001
    full, node = split
    node.accept_simulated = True                            # a node started with --accept-simulated
    a = full.onboard(tmp_path, "00001")
    (first_id, first), (second_id, second) = (full.package(a, "079190006666", simulated=True),
                                              full.package(a, "079190007777", simulated=True))
    assert node.decide(first_id, first, a.workstation_id, "https").status == "received"
    Worker(full.registry, full.intake.store, full.centre, PASSPHRASE, tmp_path / "exports").run(once=True)
    assert _rows(full.registry)[first_id] == ("rejected", "simulated")
    assert node.decide(second_id, second, a.workstation_id, "https").status == "received"
    Worker(full.registry, full.intake.store, full.centre, PASSPHRASE, tmp_path / "exports",
           accept_simulated=True).run(once=True)                # a test centre's worker
    assert _rows(full.registry)[second_id] == ("accepted", "")


def test_an_intake_node_on_postgresql_runs_as_a_role_that_cannot_decide(tmp_path: Path, postgres: str) -> None:
    """On PostgreSQL the node gets its own role (`grant-serving ROLE --intake`): it adds packages
    as received and nothing else — a node taken over cannot mark a package accepted, add a
    workstation or delete a package. `intake-node` refuses to hand the node the owner's role."""
    import psycopg

    from sqlalchemy.engine import make_url

    from workstation.centre.authority import load_centre
    from workstation.centre.onboarding import issue_token, register
    from workstation.core import centre_client
    from workstation.core.package.keys import certificate_request, load_or_create_identity

    db = new_database(postgres, "nodes")
    role = f"centre_intake_{uuid.uuid4().hex[:8]}"
    url = make_url(db)
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f'CREATE ROLE "{role}" LOGIN')
    node_db = str(url.set(username=role).render_as_string(hide_password=False))
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_CENTRE_PASSPHRASE"}
    main_folder, node_folder = tmp_path / "centre", tmp_path / "node"
    secret, node_secret = tmp_path / "pass", tmp_path / "node-pass"
    secret.write_bytes(PASSPHRASE)
    node_secret.write_bytes(b"another passphrase for the node")
    port = free_port()
    run = [sys.executable, "-m", "workstation", "centre"]
    common = ["--dir", str(main_folder), "--passphrase-file", str(secret)]
    subprocess.run([*run, "init", *common, "--db", db], check=True, capture_output=True)
    node_args = ["--out", str(node_folder), "--name", "127.0.0.1", "--listen", f"127.0.0.1:{port}",
                 "--node-passphrase-file", str(node_secret)]
    owner = subprocess.run([*run, "intake-node", *common, *node_args], capture_output=True, text=True)
    assert owner.returncode != 0 and "grant-serving ROLE --intake" in owner.stderr and not node_folder.exists()
    granted = subprocess.run([*run, "grant-serving", *common, role, "--intake"], capture_output=True, text=True)
    assert granted.returncode == 0, granted.stderr
    made = subprocess.run([*run, "intake-node", *common, *node_args, "--node-db", node_db], capture_output=True,
                          text=True)
    assert made.returncode == 0, made.stderr

    registry = Registry.open(db)
    centre = load_centre(main_folder, PASSPHRASE)
    identity = load_or_create_identity(tmp_path / "ws", str(uuid.uuid4()))
    register(registry, centre, issue_token(registry, centre, "00001", "Công an xã thử nghiệm"),
             certificate_request(identity))
    process = subprocess.Popen([*run, "serve", "--dir", str(node_folder), "--passphrase-file", str(node_secret)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_listening(process, port, "the intake node")
        keys = tmp_path / "link"
        keys.mkdir()
        (keys / "ca.pem").write_bytes(centre.ca_pem)
        (keys / "workstation.pem").write_text(registry.workstation(identity.workstation_id).certificate)
        link = centre_client.CentreLink(f"https://127.0.0.1:{port}", identity.workstation_id, "00001", keys)
        context = centre_client.client_context(link, identity)
        contents = contents_for(identity.workstation_id, CITIZEN)
        answer = centre_client.upload(link, context, contents.package_id, seal(contents, identity, centre.package_public))
        assert answer.status == "received"
        as_node = f"host=127.0.0.1 port={url.port} dbname={url.database} user={role}"
        forged_row = ("INSERT INTO centre_packages (package_id, workstation_id, commune, sha256, size, received_at, "
                      "status, reason, citizen_key) VALUES ('{id}', '" + identity.workstation_id + "', '00001', "
                      "repeat('0', 64), 1, now(), '{status}', '', '')")
        for statement in (f"UPDATE centre_packages SET status = 'accepted' WHERE package_id = '{contents.package_id}'",
                          f"DELETE FROM centre_packages WHERE package_id = '{contents.package_id}'",
                          forged_row.format(id=uuid.uuid4(), status="accepted"),       # row-level security
                          "INSERT INTO centre_jobs (kind, ref, payload, state, attempts, created_at, updated_at, "
                          "result) VALUES ('export', 'x', '{}', 'queued', 0, now(), now(), '')",
                          "UPDATE centre_workstations SET status = 'active'",
                          "UPDATE centre_intake_audit SET reason = 'x'"):
            with psycopg.connect(as_node, autocommit=True) as connection, pytest.raises(psycopg.errors.Error):
                connection.execute(statement)
        with psycopg.connect(as_node, autocommit=True) as connection:          # what a node does, it may
            connection.execute(forged_row.format(id=uuid.uuid4(), status="received"))
        worker = subprocess.run([*run, "worker", *common, "--once", "--json"], capture_output=True, text=True)
        assert worker.returncode == 0, worker.stderr
        assert centre_client.package_status(link, context, contents.package_id)["status"] == "accepted"
    finally:
        process.terminate()
        process.wait(15)
    # a node given a role that could decide does not start: the owner's is refused when its folder
    # is made, and a role with the serving rights (UPDATE on packages) when the node starts
    again = subprocess.run([*run, "intake-node", *common, *node_args[:1], str(tmp_path / "node-owner"),
                            *node_args[2:], "--node-db", db], capture_output=True, text=True)
    assert again.returncode != 0 and "never the owner's" in again.stderr
    subprocess.run([*run, "grant-serving", *common, role], check=True, capture_output=True)
    refused = subprocess.run([*run, "serve", "--dir", str(node_folder), "--passphrase-file", str(node_secret)],
                             env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "may change packages or workstations" in refused.stderr
    registry.close()


def test_a_node_folder_says_what_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The tester's findings: commands that need the main centre, run in a node's folder, said
    "run centre init" (which then overwrote the node); a wrong node passphrase was a traceback; a
    name that is no host name went into the certificate."""
    from workstation.centre.intake_nodes import make_intake_node
    from workstation.centre.settings import CentreSettings
    from workstation.cli.main import main

    centre = init_centre(tmp_path / "centre", PASSPHRASE)
    Registry.open(default_url(tmp_path / "centre")).close()            # its database, migrated
    node = make_intake_node(centre, CentreSettings(default_url(tmp_path / "centre")), tmp_path / "node",
                            certificate_names("127.0.0.1", []), b"another passphrase for the node")
    before = {p.name: p.read_bytes() for p in node.iterdir()}
    (tmp_path / "pass").write_bytes(b"the wrong passphrase here")
    common = ["--dir", str(node), "--passphrase-file", str(tmp_path / "pass")]
    for command in (["init"], ["worker", "--once"], ["token", "--commune", "00001", "--name", "x"], ["tokens"],
                    ["revoke", "x"], ["export", "--out", str(tmp_path / "out")], ["console"]):
        assert main(["centre", *command, *common]) == 1
        err = capsys.readouterr().err
        assert "intake node's folder" in err and err.count("\n") == 1 and "Traceback" not in err, err
    assert {p.name: p.read_bytes() for p in node.iterdir()} == before        # nothing overwritten
    assert main(["centre", "serve", *common]) == 1                                # the centre's passphrase, say
    err = capsys.readouterr().err
    assert "Wrong passphrase for the server's TLS key" in err and "internal error" not in err, err
    with pytest.raises(CentreError, match="Not a host name"):
        make_intake_node(centre, CentreSettings(default_url(tmp_path / "centre")), tmp_path / "node2",
                         certificate_names("0.0.0.0", ["bad name!"]), b"another passphrase for the node")


def test_only_accepted_packages_are_exported(split, tmp_path) -> None:  # noqa: ANN001
    """Received (not yet opened), duplicate (awaiting review) and rejected packages stay home."""
    from workstation.centre.export import export_batch, signing_key

    full, node = split
    a, b = full.onboard(tmp_path, "00001"), full.onboard(tmp_path, "00002")
    (first_id, first), (second_id, second) = full.package(a, CITIZEN), full.package(b, CITIZEN)
    lying = contents_for(a.workstation_id, "079190008888", simulated=True)
    lie = envelope.wrap(seal_inner(lying, a, full.centre.package_public), a, lying.package_id, False,
                        lying.created_at)
    for package_id, data, who in ((first_id, first, a), (second_id, second, b), (lying.package_id, lie, a)):
        assert node.decide(package_id, data, who.workstation_id, "https").status == "received"
    Worker(full.registry, full.intake.store, full.centre, PASSPHRASE, tmp_path / "exports").run(once=True)
    waiting_id, waiting = full.package(a, "079190009999")
    assert node.decide(waiting_id, waiting, a.workstation_id, "https").status == "received"
    assert {k: v[0] for k, v in _rows(full.registry).items()} == {
        first_id: "accepted", second_id: "duplicate", lying.package_id: "rejected", waiting_id: "received"}
    batch = export_batch(full.registry, full.intake.store, signing_key(full.folder, PASSPHRASE), tmp_path / "out",
                         full.centre)
    assert batch is not None and [p.name for p in batch.folder.glob("*.wspkg")] == [f"{first_id}.wspkg"]
    assert export_batch(full.registry, full.intake.store, signing_key(full.folder, PASSPHRASE), tmp_path / "out",
                        full.centre) is None                                   # exported once


def test_a_package_whose_object_is_gone_is_left_out_of_the_export_not_the_whole_batch(split, tmp_path) -> None:  # noqa: ANN001
    """A missing or damaged object used to stop every export for good; now that package is left
    out (audited `skipped`, still accepted for when the object is restored) and the rest goes."""
    from workstation.centre.export import export_batch, signing_key
    from workstation.centre.object_store import ObjectRef

    full, node = split
    a = full.onboard(tmp_path, "00001")
    (first_id, first), (second_id, second) = full.package(a, CITIZEN), full.package(a, "079190001234")
    for package_id, data in ((first_id, first), (second_id, second)):
        assert full.intake.decide(package_id, data, a.workstation_id, "https").status == "accepted"
    object_path = full.folder / "packages" / ObjectRef.of(first).key
    kept = object_path.read_bytes()
    object_path.unlink()
    out = tmp_path / "out"
    batch = export_batch(full.registry, full.intake.store, signing_key(full.folder, PASSPHRASE), out, full.centre)
    assert batch is not None and [p.name for p in batch.folder.glob("*.wspkg")] == [f"{second_id}.wspkg"]
    assert _rows(full.registry)[first_id] == ("accepted", "")
    assert [d.status for d in full.registry.decisions(first_id)][-1] == "skipped"
    object_path.write_bytes(kept)                                   # restored from the store's backup
    again = export_batch(full.registry, full.intake.store, signing_key(full.folder, PASSPHRASE), out, full.centre)
    assert again is not None and [p.name for p in again.folder.glob("*.wspkg")] == [f"{first_id}.wspkg"]

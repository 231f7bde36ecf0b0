"""After intake, the queue (jobs in the centre's database): every duplicate queues its review, a
worker prepares it, a reviewer decides (audited with the reviewer's name); accepted packages go
out in signed batches that a receiver checks with the public export key alone; several workers
on PostgreSQL never take the same job (SKIP LOCKED)."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from workstation.centre import jobs, review
from workstation.centre.authority import load_centre
from workstation.centre.intake import Intake
from workstation.centre.models import IntakeDecision, Job, ReceivedPackage
from workstation.centre.registry import Registry, default_url
from workstation.centre.worker import Worker
from workstation.cli.main import main

from .conftest import PASSPHRASE


@pytest.fixture
def cli_centre(tmp_path: Path, capsys):  # noqa: ANN001, ANN201
    """A centre made by `centre init`, two workstations at two communes, and a citizen sent by both."""
    from .conftest import CentreSetting

    secret = tmp_path / "pass"
    secret.write_bytes(PASSPHRASE)
    folder = tmp_path / "centre"
    common = ["--dir", str(folder), "--passphrase-file", str(secret)]
    assert main(["centre", "init", *common, "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    centre = load_centre(folder, PASSPHRASE)
    registry = Registry.open(default_url(folder))
    setting = CentreSetting(folder, centre, registry, Intake(registry, centre))
    yield setting, common, Path(made["export_public_key"])
    registry.close()


def test_a_duplicate_queues_its_review_the_worker_prepares_it_and_the_reviewer_decides(cli_centre, tmp_path) -> None:  # noqa: ANN001
    s, common, _public = cli_centre
    a, b = s.onboard(tmp_path, "00001"), s.onboard(tmp_path, "00002")
    (first_id, first), (second_id, second) = s.package(a, "079190001111"), s.package(b, "079190001111")
    assert s.intake.decide(first_id, first, a.workstation_id, "https").status == "accepted"
    assert s.intake.decide(second_id, second, b.workstation_id, "https").status == "duplicate"
    with s.registry.sessions() as session:
        queued = list(session.scalars(select(Job)))
    assert [(j.kind, j.ref, j.state, json.loads(j.payload)) for j in queued] == [
        ("review", second_id, "queued", {"earlier": first_id})]
    worker = Worker(s.registry, s.intake.store, s.centre, PASSPHRASE, tmp_path / "exports")
    assert worker.run(once=True) == 1
    assert jobs.counts(s.registry) == {"review": {"waiting": 1}}
    case = review.case(s.registry, s.intake.store, s.centre.package_key, second_id)
    assert (case.earlier_package_id, case.commune, case.earlier_commune) == (first_id, "00002", "00001")
    assert case.face == case.earlier_face == b"\xff\xd8face"            # both photographs, decrypted here
    review.decide(s.registry, second_id, "accepted", "reviewer-lan", "10.0.0.9")
    with s.registry.sessions() as session:
        assert (session.get(ReceivedPackage, second_id).status, session.get(ReceivedPackage, second_id).reason) == \
            ("accepted", "review_accepted")
        entry = session.scalars(select(IntakeDecision).where(IntakeDecision.status == "reviewed")).one()
    assert (entry.package_id, entry.channel, entry.reason, json.loads(entry.detail)["by"]) == \
        (second_id, "console", "review_accepted", "reviewer-lan")
    assert jobs.counts(s.registry) == {"review": {"done": 1}}
    with pytest.raises(review.ReviewRefused):                            # decided once, not twice
        review.decide(s.registry, second_id, "refused", "reviewer-khac")
    with pytest.raises(review.ReviewRefused):
        review.decide(s.registry, first_id, "bogus", "reviewer-lan")
    assert main(["centre", "audit", "--verify", *common]) == 0          # the chain holds the decision


def test_a_review_whose_package_is_missing_from_the_store_is_retried_not_lost(cli_centre, tmp_path) -> None:  # noqa: ANN001
    s, _common, _public = cli_centre
    a, b = s.onboard(tmp_path, "00001"), s.onboard(tmp_path, "00002")
    (first_id, first), (second_id, second) = s.package(a, "079190002222"), s.package(b, "079190002222")
    s.intake.decide(first_id, first, a.workstation_id, "https")
    s.intake.decide(second_id, second, b.workstation_id, "https")
    from workstation.centre.object_store import ObjectRef

    moved = s.folder / "packages" / ObjectRef.of(first).key
    kept = moved.read_bytes()
    moved.unlink()                                                        # the store lost an object
    Worker(s.registry, s.intake.store, s.centre, PASSPHRASE, tmp_path / "x").run(once=True)
    with s.registry.sessions() as session:
        job = session.scalars(select(Job)).one()
    assert (job.state, job.attempts) == ("queued", 1) and "ObjectMissing" in job.result   # again, after a pause
    moved.write_bytes(kept)


def test_export_batches_are_signed_and_checked_with_the_public_key_alone(cli_centre, tmp_path, capsys) -> None:  # noqa: ANN001
    s, common, public = cli_centre
    a = s.onboard(tmp_path, "00001")
    for n in range(3):
        package_id, data = s.package(a, f"07919000{n:04d}")
        assert s.intake.decide(package_id, data, a.workstation_id, "https").status == "accepted"
    out = tmp_path / "to-national"
    assert main(["centre", "export", "--out", str(out), "--json", *common]) == 0
    batch = json.loads(capsys.readouterr().out)
    assert batch["count"] == 3
    folder = Path(batch["folder"])
    manifest = json.loads((folder / "manifest.json").read_bytes())
    assert manifest["count"] == 3 and manifest["centre"] == s.centre.ca_fingerprint
    assert main(["centre", "export", "--out", str(out), "--json", *common]) == 0          # all exported already
    assert json.loads(capsys.readouterr().out)["count"] == 0
    receiver = tmp_path / "receiver.pub.pem"                              # what the national system holds
    receiver.write_bytes(public.read_bytes())
    assert main(["centre", "export-verify", str(folder), "--public-key", str(receiver), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "batch_id": batch["batch_id"], "count": 3,
                                                   "problems": []}
    one = folder / manifest["packages"][0]["file"]
    original = one.read_bytes()
    one.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))          # a package altered in transit
    assert main(["centre", "export-verify", str(folder), "--public-key", str(receiver)]) == 1
    assert "not the bytes the manifest lists" in capsys.readouterr().err
    one.write_bytes(original)
    (folder / "extra.wspkg").write_bytes(b"slipped in")
    assert main(["centre", "export-verify", str(folder), "--public-key", str(receiver)]) == 1
    assert "not listed in the manifest" in capsys.readouterr().err
    (folder / "extra.wspkg").unlink()
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from workstation.centre.export import public_pem

    stranger = tmp_path / "stranger.pub.pem"
    stranger.write_bytes(public_pem(ed25519.Ed25519PrivateKey.generate().public_key()))
    assert main(["centre", "export-verify", str(folder), "--public-key", str(stranger)]) == 1
    assert "signature does not verify" in capsys.readouterr().err
    manifest_text = (folder / "manifest.json").read_text().replace('"count": 3', '"count": 2')
    (folder / "manifest.json").write_text(manifest_text)                 # the manifest itself altered
    assert main(["centre", "export-verify", str(folder), "--public-key", str(receiver)]) == 1


def test_an_export_job_from_the_queue_writes_a_batch(cli_centre, tmp_path) -> None:  # noqa: ANN001
    s, _common, _public = cli_centre
    a = s.onboard(tmp_path, "00001")
    package_id, data = s.package(a, "079190003333")
    s.intake.decide(package_id, data, a.workstation_id, "https")
    with s.registry.sessions.begin() as session:
        jobs.enqueue(session, "export", "console", by="reviewer-lan")
    assert Worker(s.registry, s.intake.store, s.centre, PASSPHRASE, tmp_path / "exports").run(once=True) == 1
    with s.registry.sessions() as session:
        job = session.scalars(select(Job)).one()
    assert job.state == "done" and job.result.endswith(": 1 packages")
    assert len(list((tmp_path / "exports").glob("batch-*/*.wspkg"))) == 1


def test_two_workers_on_postgresql_never_take_the_same_job(postgres, tmp_path) -> None:  # noqa: ANN001
    from sqlalchemy import delete

    registry = Registry.open(postgres.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with registry.sessions.begin() as session:
            session.execute(delete(Job))
            for n in range(2):
                jobs.enqueue(session, "export", f"skip-locked-{n}")
        holding = registry.sessions()
        held = holding.scalars(select(Job).order_by(Job.id).limit(1).with_for_update()).one().ref   # worker 1 is on it
        taken: list[jobs.Claimed | None] = []
        other = threading.Thread(target=lambda: taken.append(jobs.claim(registry)))
        other.start()
        other.join(20)
        assert not other.is_alive(), "the second worker waited for the first one's lock"
        assert taken[0] is not None and taken[0].ref != held        # it took the next job instead
        holding.rollback()
        holding.close()
        assert jobs.claim(registry).ref == held
        assert jobs.claim(registry) is None
    finally:
        with registry.sessions.begin() as session:
            session.execute(delete(Job))
        registry.close()


def test_status_verify_reads_the_package_back_from_the_store(cli_centre, tmp_path, capsys) -> None:  # noqa: ANN001
    from workstation.centre.object_store import ObjectRef

    s, common, _public = cli_centre
    a = s.onboard(tmp_path, "00001")
    package_id, data = s.package(a, "079190004444")
    s.intake.decide(package_id, data, a.workstation_id, "https")
    capsys.readouterr()
    assert main(["centre", "status", package_id, "--verify", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)["stored"]["intact"] is True
    path = s.folder / "packages" / ObjectRef.of(data).key
    path.chmod(0o600)
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))                 # the disk (or someone) altered it (never the same byte)
    assert main(["centre", "status", package_id, "--verify", "--json", *common]) == 1
    out = json.loads(capsys.readouterr().out)["stored"]
    assert out["intact"] is False and out["problem"].startswith("object_corrupt")

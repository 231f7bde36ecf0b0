"""A failed job is not stuck for good: `centre jobs` lists it and `--retry` / `--retry-failed`
queue it again (audited), and it runs once its cause is gone. The stored object of an intake
node's package goes missing, its `open` job fails MAX_ATTEMPTS times (each pause passed by
moving the job's locked_until, never by sleeping), the object comes back, the job is retried
and the package decided. Real SQLite and PostgreSQL, the real worker and store."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.support.postgres import new_database
from workstation.centre import jobs
from workstation.centre.authority import IntakeNode, init_centre
from workstation.centre.intake import Intake
from workstation.centre.models import IntakeDecision, Job, ReceivedPackage
from workstation.centre.object_store import from_settings
from workstation.centre.registry import Registry, default_url
from workstation.centre.worker import Worker
from workstation.cli import centre_jobs_commands
from workstation.cli.main import main
from workstation.errors import WorkstationError

from .conftest import PASSPHRASE, CentreSetting

CITIZEN = "079190002222"


@pytest.fixture(params=["sqlite", "postgresql"])
def split(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201
    """A full centre (its worker decrypts) and an intake node sharing its database and store."""
    folder = tmp_path / "centre"
    centre = init_centre(folder, PASSPHRASE)
    url = default_url(folder) if request.param == "sqlite" else new_database(request.getfixturevalue("postgres"), "jobs")
    registry = Registry.open(url)
    store = from_settings(None, folder)
    node = Intake(registry, IntakeNode(tmp_path / "node", centre.ca_certificate, centre.package_public), store=store)
    yield CentreSetting(folder, centre, registry, Intake(registry, centre, store=store)), node
    registry.close()


def _pause_over(registry: Registry) -> None:
    """The pause before the next attempt has passed (what a worker would see minutes later)."""
    with registry.sessions.begin() as session:
        session.execute(update(Job).where(Job.state == jobs.QUEUED)
                        .values(locked_until=datetime.now(UTC) - timedelta(seconds=1)))


def _received_with_its_object_broken(full: CentreSetting, node: Intake, tmp_path: Path, cause: str = "missing"):  # noqa: ANN202
    """An intake node's package whose stored object is then missing (a share unmounted) or
    corrupt (the tester's case); returns its id and how to put the object back."""
    identity = full.onboard(tmp_path, "00001")
    package_id, data = full.package(identity, CITIZEN)
    assert node.decide(package_id, data, identity.workstation_id, "https").status == "received"
    with full.registry.sessions() as session:
        digest = session.get(ReceivedPackage, package_id).sha256
    [stored] = [p for p in full.folder.rglob(digest) if p.is_file()]
    original = stored.read_bytes()
    mode = stored.stat().st_mode
    if cause == "missing":
        stored.unlink()
    else:
        stored.chmod(0o600)
        stored.write_bytes(original[:100] + bytes([original[100] ^ 1]) + original[101:])

    def restore() -> None:
        stored.unlink(missing_ok=True)
        stored.write_bytes(original)
        stored.chmod(mode & 0o777)
    return package_id, restore


@pytest.mark.parametrize("cause", ["missing", "corrupt"])
def test_an_open_job_that_failed_five_times_is_listed_retried_and_then_done(split, tmp_path, cause) -> None:  # noqa: ANN001
    full, node = split
    package_id, restore = _received_with_its_object_broken(full, node, tmp_path, cause)
    worker = Worker(full.registry, full.intake.store, full.centre, PASSPHRASE, tmp_path / "exports")
    for attempt in range(1, jobs.MAX_ATTEMPTS + 1):
        before = datetime.now(UTC)
        assert worker.run(once=True) == 1                 # claimed, failed; not claimable again at once
        [row] = jobs.list_jobs(full.registry, kind="open")
        assert row.attempts == attempt and row.result.startswith(f"Object{cause.capitalize()}"), row
        if attempt < jobs.MAX_ATTEMPTS:
            assert row.state == jobs.QUEUED
            with full.registry.sessions() as session:
                until = session.get(Job, row.id).locked_until
            until = until if until.tzinfo else until.replace(tzinfo=UTC)
            assert until >= before + jobs.OPEN_PAUSES[attempt - 1]      # the open job's longer pause
            assert worker.run(once=True) == 0
            _pause_over(full.registry)
    [failed] = jobs.list_jobs(full.registry, state=jobs.FAILED)
    assert (failed.kind, failed.ref, failed.attempts) == ("open", package_id, jobs.MAX_ATTEMPTS)
    _pause_over(full.registry)
    assert worker.run(once=True) == 0                     # failed for good: no worker takes it
    assert jobs.list_jobs(full.registry, state=jobs.QUEUED) == []

    restore()                                             # the cause is gone
    [retried] = jobs.retry(full.registry, "admin1", failed.id)
    assert (retried.id, retried.state, retried.attempts) == (failed.id, jobs.QUEUED, 0)
    assert worker.run(once=True) == 1                     # runs at once, no pause left over
    [done] = jobs.list_jobs(full.registry, kind="open")
    assert (done.state, done.attempts, done.result) == (jobs.DONE, 1, "accepted")
    with full.registry.sessions() as session:
        assert session.get(ReceivedPackage, package_id).status == "accepted"
        entries = session.scalars(select(IntakeDecision).where(IntakeDecision.status == "retried")).all()
    assert [(e.package_id, e.channel, e.reason) for e in entries] == [(package_id, "admin", "job_retry")]
    detail = json.loads(entries[0].detail)
    assert (detail["by"], detail["job"], detail["kind"], detail["attempts"]) == ("admin1", failed.id, "open", 5)
    assert detail["result"].startswith(f"Object{cause.capitalize()}")


def test_retry_refuses_what_is_not_failed_and_retry_failed_takes_only_its_kind(split, tmp_path) -> None:  # noqa: ANN001
    full, node = split
    _received_with_its_object_broken(full, node, tmp_path)
    with full.registry.sessions.begin() as session:
        jobs.enqueue(session, "export", "console", by="officer")
    [export_job] = jobs.list_jobs(full.registry, kind="export")
    with pytest.raises(WorkstationError, match="is queued, not failed"):
        jobs.retry(full.registry, "admin1", export_job.id)
    with pytest.raises(WorkstationError, match="No job 999999"):
        jobs.retry(full.registry, "admin1", 999999)
    with pytest.raises(WorkstationError, match="No job kind"):
        jobs.list_jobs(full.registry, kind="bogus")
    with full.registry.sessions.begin() as session:       # both failed for good
        session.execute(update(Job).values(state=jobs.FAILED, attempts=jobs.MAX_ATTEMPTS, result="boom"))
    assert [r.kind for r in jobs.retry(full.registry, "admin1", kind="export")] == ["export"]
    assert [r.kind for r in jobs.list_jobs(full.registry, state=jobs.FAILED)] == ["open"]
    assert [r.kind for r in jobs.retry(full.registry, "admin1")] == ["open"]
    assert jobs.retry(full.registry, "admin1") == []      # nothing failed is left: nothing audited
    with full.registry.sessions() as session:
        assert len(session.scalars(select(IntakeDecision).where(IntakeDecision.status == "retried")).all()) == 2
    assert {r.state for r in jobs.list_jobs(full.registry)} == {jobs.QUEUED}
    assert len(jobs.list_jobs(full.registry, limit=1)) == 1


def test_the_pauses_before_another_attempt() -> None:
    assert [jobs.pause("open", n) for n in range(1, 5)] == list(jobs.OPEN_PAUSES)
    assert sum(jobs.OPEN_PAUSES, timedelta()) > timedelta(hours=2)     # an outage of an hour heals by itself
    assert jobs.pause("export", 2) == timedelta(seconds=60)
    assert (centre_jobs_commands.STATES, centre_jobs_commands.KINDS) == (jobs.STATES, jobs.KINDS)


def test_the_centre_jobs_command(centre_setting, tmp_path, capsys) -> None:  # noqa: ANN001
    registry = centre_setting.registry
    with registry.sessions.begin() as session:
        jobs.enqueue(session, "export", "console", by="officer")
        jobs.enqueue(session, "open", "00000000-0000-0000-0000-000000000001")
    with registry.sessions.begin() as session:
        session.execute(update(Job).where(Job.kind == "open")
                        .values(state=jobs.FAILED, attempts=jobs.MAX_ATTEMPTS, result="ObjectMissing: gone"))
    base = ["centre", "jobs", "--dir", str(centre_setting.folder)]
    assert main([*base, "--state", "failed", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert set(listed) == {"id", "kind", "ref", "state", "attempts", "result", "updated_at"}
    assert (listed["kind"], listed["state"], listed["attempts"], listed["result"]) == (
        "open", "failed", 5, "ObjectMissing: gone")
    datetime.fromisoformat(listed["updated_at"])
    assert main([*base, "--kind", "export"]) == 0
    out = capsys.readouterr().out
    assert "export" in out and "queued" in out and "open" not in out
    assert main([*base, "--retry", str(listed["id"]), "--state", "failed"]) == 1
    assert "--state does not go with" in capsys.readouterr().err
    assert main([*base, "--retry", "424242"]) == 1
    assert "No job 424242" in capsys.readouterr().err
    assert main([*base, "--retry-failed", "--kind", "open", "--json"]) == 0
    [retried] = json.loads(capsys.readouterr().out)
    assert (retried["id"], retried["state"], retried["attempts"]) == (listed["id"], "queued", 0)
    assert main([*base, "--retry-failed"]) == 0
    assert capsys.readouterr().out.strip() == "0 failed job(s) queued again"
    assert main([*base, "--state", "failed"]) == 0
    assert capsys.readouterr().out.strip() == "no jobs"

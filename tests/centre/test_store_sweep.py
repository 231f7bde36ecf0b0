"""`centre store-sweep` (issue 22, packages in an object store): the bytes go to the store before
the index row, so a failed transaction leaves an object nobody names. The sweep lists those older
than the grace period, removes them with --delete (one audit entry), never an object a row names,
and deletes nothing when the store cannot be listed to its end. On the folder store through the
command line (SQLite), and on a real SeaweedFS with PostgreSQL (the sorted walk, pages of 1,000)."""
from __future__ import annotations

import json
import os
import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.postgres import new_database
from workstation.centre.authority import init_centre
from workstation.centre.intake import Intake
from workstation.centre.models import ReceivedPackage
from workstation.centre.object_store import ObjectRef, StoreUnreachable
from workstation.centre.object_store.folder import FolderStore
from workstation.centre.object_store.s3 import S3Store
from workstation.centre.registry import Registry
from workstation.centre.settings import CentreSettings
from workstation.centre.store_sweep import ListingOutOfOrder, sweep
from workstation.cli.main import main

from .conftest import PASSPHRASE, CentreSetting

DAY = 24 * 3600


def _bytes(seed: str, size: int = 2048) -> bytes:
    return random.Random(seed).randbytes(size)


def _age(store: FolderStore, ref: ObjectRef, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(store.root / ref.key, (then, then), follow_symlinks=False)


def _accepted(setting: CentreSetting, tmp_path: Path, count: int) -> list[str]:
    """Packages through the real intake (bytes to the store, then the row); their sha256."""
    identity = setting.onboard(tmp_path)
    for n in range(count):
        package_id, data = setting.package(identity, citizen=f"0010990{n:05d}")
        assert setting.intake.decide(package_id, data, identity.workstation_id, "https").status == "accepted"
    with setting.registry.sessions() as session:
        return list(session.scalars(select(ReceivedPackage.sha256)))


def test_the_folder_store_s_orphans_are_listed_then_swept_and_audited(centre_setting: CentreSetting, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = centre_setting.folder
    store = FolderStore(folder / "packages")
    named = _accepted(centre_setting, tmp_path, 2)
    for sha256 in named:                                   # named, and as old as any orphan: kept
        _age(store, ObjectRef(sha256, 0), 3 * DAY)
    old, young = store.put(_bytes("old orphan")), store.put(_bytes("young orphan"))
    _age(store, old, 2 * DAY)
    _age(store, young, 2 * 3600)
    stray = store.root / old.key.rsplit("/", 1)[0] / "notes.txt"      # not a package key: never listed
    stray.write_text("an operator's note")
    os.utime(stray, (time.time() - 9 * DAY,) * 2)
    secret = tmp_path / "pass"
    secret.write_bytes(PASSPHRASE)
    common = ["--dir", str(folder), "--passphrase-file", str(secret)]

    assert main(["centre", "store-sweep", *common, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert (listed["listed"], listed["named"], listed["recent"], listed["orphan_count"]) == (4, 2, 1, 1)
    assert [o["sha256"] for o in listed["orphans"]] == [old.sha256] and listed["orphan_bytes"] == old.size
    assert listed["deleted"] == 0 and store.exists(old)                  # listing alone deletes nothing
    assert main(["centre", "store-sweep", *common, "--older-than", "1"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[-1].startswith("4 objects in folder ") and "2 orphans older than 1 h" in said[-1]

    assert main(["centre", "store-sweep", *common, "--delete", "--json"]) == 0
    swept = json.loads(capsys.readouterr().out)
    assert (swept["deleted"], swept["deleted_bytes"]) == (1, old.size)
    assert not store.exists(old) and store.exists(young) and stray.exists()
    for sha256 in named:
        with centre_setting.registry.sessions() as session:
            row = session.scalars(select(ReceivedPackage).where(ReceivedPackage.sha256 == sha256)).one()
        assert centre_setting.intake.read_package(row)                  # still there, still verified
    [entry] = centre_setting.registry.decisions("-")[-1:]
    assert (entry.channel, entry.status, entry.reason) == ("admin", "swept", "store_sweep")
    detail = json.loads(entry.detail)
    assert (detail["count"], detail["bytes"], detail["older_than_hours"]) == (1, old.size, 24.0) and detail["by"]

    # a grace shorter than an upload's own time, and a store that cannot be used: one line, exit 1
    assert main(["centre", "store-sweep", *common, "--older-than", "0.5", "--delete"]) == 1
    assert capsys.readouterr().err.count("\n") == 1 and store.exists(young)
    (folder / "elsewhere").write_text("a file, not a folder")
    toml = folder / "centre.toml"
    toml.write_text(toml.read_text().replace('path = "packages"', 'path = "elsewhere"'))
    assert main(["centre", "store-sweep", *common, "--delete"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "package store" in err


def test_a_listing_that_fails_midway_deletes_nothing(centre_setting: CentreSetting, tmp_path: Path) -> None:
    store = FolderStore(centre_setting.folder / "packages")
    seeds = (f"orphan {n}" for n in range(100))
    orphans = [ref for ref in (store.put(_bytes(seed)) for seed in seeds) if not ref.sha256.startswith("ff")][:3]
    for ref in orphans:
        _age(store, ref, 2 * DAY)
    (tmp_path / "planted").mkdir()
    (store.root / "packages" / "ff").symlink_to(tmp_path / "planted")   # walked last, refused, never followed
    with pytest.raises(StoreUnreachable, match="does not answer or cannot be used"):
        sweep(centre_setting.registry, store, 24, delete=True, actor="admin")
    assert all(store.exists(ref) for ref in orphans)
    assert not [d for d in centre_setting.registry.decisions("-") if d.reason == "store_sweep"]


@pytest.mark.timeout(240)
def test_seaweedfs_orphans_beside_a_postgresql_index(tmp_path: Path, postgres: str, seaweedfs) -> None:  # noqa: ANN001
    db = new_database(postgres, "centre_store_sweep")
    bucket = f"sweep-{uuid.uuid4().hex[:12]}"                # its own bucket: every other object is not ours
    store = S3Store(seaweedfs.endpoint, bucket, seaweedfs.access_key, seaweedfs.secret_key)
    store.create_bucket()
    folder = tmp_path / "centre"
    centre = init_centre(folder, PASSPHRASE, settings=CentreSettings(db))
    registry = Registry.open(db)
    try:
        setting = CentreSetting(folder, centre, registry, Intake(registry, centre, store=store))
        named = _accepted(setting, tmp_path, 3)
        with ThreadPoolExecutor(8) as pool:                  # past one page of the listing (1,000 keys)
            orphans = list(pool.map(lambda n: store.put(_bytes(f"s3 orphan {n}", 64)), range(1_010)))
        seaweedfs.raw.put_object(Bucket=bucket, Key="packages/readme.txt", Body=b"not a package")

        now = sweep(registry, store, 24, delete=True, actor="admin")       # every orphan is minutes old
        assert (now.listed, now.named, now.recent, now.deleted) == (1_013, 3, 1_010, 0)

        later = datetime.now(UTC) + timedelta(days=2)
        found = sweep(registry, store, 24, delete=False, actor="admin", now=later)
        assert sorted(o.sha256 for o in found.orphans) == sorted(r.sha256 for r in orphans)
        swept = sweep(registry, store, 24, delete=True, actor="admin", now=later)
        assert (swept.deleted, swept.deleted_bytes) == (1_010, 64 * 1_010)
        assert [o.sha256 for o in store.listing()] == sorted(named)
        assert seaweedfs.raw.head_object(Bucket=bucket, Key="packages/readme.txt")   # not ours: untouched
        entries = [d for d in registry.decisions("-") if d.reason == "store_sweep"]
        assert [json.loads(d.detail)["count"] for d in entries] == [0, 1_010]

        closed = S3Store("http://127.0.0.1:9", bucket, "key", "secret", connect_timeout=0.5)
        with pytest.raises(StoreUnreachable):
            sweep(registry, closed, 24, delete=True, actor="admin", now=later)
        assert len([d for d in registry.decisions("-") if d.reason == "store_sweep"]) == 2
    finally:
        registry.close()


def test_a_store_that_lists_out_of_order_deletes_nothing(centre_setting: CentreSetting) -> None:
    """The walk beside the index needs the store's order (an S3 gateway that does not keep S3's
    key order would make named objects look unnamed): out of order is refused, nothing deleted."""

    class Unordered(FolderStore):
        def listing(self):  # noqa: ANN202
            return reversed(list(super().listing()))

    store = Unordered(centre_setting.folder / "packages")
    refs = [store.put(_bytes(f"unordered {n}")) for n in range(3)]
    for ref in refs:
        _age(store, ref, 2 * DAY)
    with pytest.raises(ListingOutOfOrder, match="out of order: nothing was deleted"):
        sweep(centre_setting.registry, store, 24, delete=True, actor="admin")
    assert all(store.exists(ref) for ref in refs)

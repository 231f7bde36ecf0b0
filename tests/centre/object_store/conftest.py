"""Each store under the same contract: a folder store in a temporary folder, an S3 store on the
session's SeaweedFS (the `seaweedfs` fixture, tests/conftest.py)."""
from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from workstation.centre.object_store import ObjectRef, ObjectStore
from workstation.centre.object_store.folder import FolderStore
from workstation.centre.object_store.s3 import S3Store


def s3_store(seaweedfs, **options) -> S3Store:  # noqa: ANN001, ANN003
    """A store on the session's bucket (one bucket, as in production: SeaweedFS grows volumes per
    bucket); tests keep apart by their bytes (`payload`), as content addressing would anyway."""
    return S3Store(seaweedfs.endpoint, seaweedfs.bucket, seaweedfs.access_key, seaweedfs.secret_key, **options)


@pytest.fixture(scope="session")
def shared_s3_store(seaweedfs) -> S3Store:  # noqa: ANN001
    """Made once: a botocore client takes ~0.3 s to build (it loads the S3 service model)."""
    return s3_store(seaweedfs)


@pytest.fixture
def payload(request: pytest.FixtureRequest) -> Callable[..., bytes]:
    """Package-like bytes of this test alone (seeded by its id: repeatable, never another test's)."""
    def make(size: int = 480 * 1024, seed: int = 0) -> bytes:
        return random.Random(f"{request.node.nodeid}/{seed}").randbytes(size)
    return make


@dataclass
class StoreUnderTest:
    store: ObjectStore
    overwrite: Callable[[ObjectRef, bytes], None]     # what a broken disk or an intruder would do
    remove: Callable[[ObjectRef], None]


@pytest.fixture(params=["folder", "s3"])
def under_test(request: pytest.FixtureRequest, tmp_path: Path) -> StoreUnderTest:
    if request.param == "folder":
        store = FolderStore(tmp_path / "packages")

        def overwrite(ref: ObjectRef, data: bytes) -> None:
            path = store.root / ref.key
            os.chmod(path, 0o600)
            path.write_bytes(data)

        return StoreUnderTest(store, overwrite, lambda ref: (store.root / ref.key).unlink())
    seaweedfs = request.getfixturevalue("seaweedfs")
    store = request.getfixturevalue("shared_s3_store")
    raw = seaweedfs.raw
    return StoreUnderTest(
        store,
        lambda ref, data: raw.put_object(Bucket=store.bucket, Key=ref.key, Body=data),
        lambda ref: raw.delete_object(Bucket=store.bucket, Key=ref.key))

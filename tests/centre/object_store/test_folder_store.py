"""The folder store's own promises: private modes, no symlink followed, one file per package
even when writers race, nothing half-written left behind, a missing folder said in words."""
from __future__ import annotations

import os
import random
import stat
import threading
from pathlib import Path

import pytest

from workstation.centre.object_store import ObjectCorrupt, ObjectRef, StoreUnreachable
from workstation.centre.object_store.folder import FolderStore

DATA = random.Random(11).randbytes(100_000)


def test_objects_are_private_files_in_private_folders(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        store = FolderStore(tmp_path / "packages")
        ref = store.put(DATA)
    finally:
        os.umask(old)
    path = store.root / ref.key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (store.root, store.root / "packages", path.parent.parent, path.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert sorted(p.name for p in path.parent.iterdir()) == [ref.sha256]     # no temporary file left


def test_a_symlinked_folder_inside_the_store_is_refused_not_followed(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "packages")
    ref = ObjectRef.of(DATA)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (store.root / "packages").mkdir(mode=0o700)
    (store.root / "packages" / ref.sha256[:2]).symlink_to(elsewhere)
    with pytest.raises(StoreUnreachable) as caught:
        store.put(DATA)
    assert "symlink" in caught.value.detail
    assert list(elsewhere.iterdir()) == []                  # nothing was written through the link


def test_a_symlink_in_place_of_an_object_is_never_read_through(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "packages")
    ref = store.put(DATA)
    target = tmp_path / "same-bytes-elsewhere"
    target.write_bytes(DATA)                                 # even the right bytes: not through a link
    path = store.root / ref.key
    path.unlink()
    path.symlink_to(target)
    with pytest.raises(ObjectCorrupt) as caught:
        store.get(ref)
    assert "symlink" in caught.value.detail
    with pytest.raises(ObjectCorrupt):
        store.put(DATA)


def test_writers_racing_on_one_package_all_succeed_with_one_file(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "packages")
    start = threading.Barrier(8)
    refs, errors = [], []

    def write() -> None:
        start.wait()
        try:
            refs.append(store.put(DATA))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(refs)) == 1 and len(refs) == 8
    leaf = store.root / refs[0].key
    assert sorted(p.name for p in leaf.parent.iterdir()) == [refs[0].sha256]
    assert store.get(refs[0]) == DATA


def test_a_store_whose_folder_is_gone_says_so(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "packages")
    ref = store.put(DATA)
    (tmp_path / "packages").rename(tmp_path / "moved")
    with pytest.raises(StoreUnreachable) as caught:
        store.put(DATA)
    assert str(tmp_path / "packages") in caught.value.one_line()
    with pytest.raises(StoreUnreachable):
        store.get(ref)
    health = store.health()
    assert not health.ok and health.as_dict()["problem"]
    assert "không trả lời" in health.error.officer_text("vi")


def test_a_file_in_place_of_the_folder_is_unhealthy(tmp_path: Path) -> None:
    (tmp_path / "packages").write_bytes(b"not a folder")
    store = FolderStore(tmp_path / "packages")
    assert not store.health().ok
    with pytest.raises(StoreUnreachable):
        store.put(DATA)


def test_a_stray_temporary_file_from_a_crash_changes_nothing(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "packages")
    ref = store.put(DATA)
    (store.root / ref.key).parent.joinpath(".tmp-deadbeef").write_bytes(DATA[:10])   # power cut mid-write
    assert store.get(ref) == DATA
    assert store.put(DATA) == ref

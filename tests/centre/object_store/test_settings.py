"""from_settings: the [storage] table of centre.toml as a plain dict → a store, or a refusal that
names the key; the S3 credentials come from a private file, never from the table itself."""
from __future__ import annotations

from pathlib import Path

import pytest

from workstation.centre.object_store import StoreSettingsInvalid, from_settings
from workstation.centre.object_store.folder import FolderStore
from workstation.centre.object_store.s3 import S3Store


def test_no_settings_is_a_folder_store_in_the_centre_folder(tmp_path: Path) -> None:
    for settings in (None, {}, {"kind": "folder"}):
        store = from_settings(settings, tmp_path)
        assert isinstance(store, FolderStore) and store.root == tmp_path / "packages"
        assert store.health().ok


def test_a_folder_path_is_relative_to_the_centre_folder_or_absolute(tmp_path: Path) -> None:
    assert from_settings({"path": "blobs"}, tmp_path).root == tmp_path / "blobs"
    assert from_settings({"kind": "folder", "path": str(tmp_path / "x")}, tmp_path / "c").root == tmp_path / "x"


def test_a_missing_absolute_folder_is_unreachable_not_made(tmp_path: Path) -> None:
    """An absolute path is a disk or share mounted there (an intake node's, the main centre's
    store): not mounted, it must stop the server, not fill a new local folder nobody else sees."""
    missing = tmp_path / "share-not-mounted" / "packages"
    health = from_settings({"kind": "folder", "path": str(missing)}, tmp_path / "node").health()
    assert not health.ok and health.error is not None and health.error.reason == "store_unreachable"
    assert not missing.exists() and not missing.parent.exists()
    assert from_settings({"path": "blobs"}, tmp_path / "c").health().ok            # its own folder: made
    missing.mkdir(parents=True)                  # an empty mount point (the share did not mount)
    empty = from_settings({"kind": "folder", "path": str(missing)}, tmp_path / "node").health()
    assert not empty.ok and empty.error is not None and ".centre-package-store" in empty.error.detail
    from workstation.centre.object_store.folder import FolderStore

    FolderStore(tmp_path / "c" / "blobs").put(b"x" * 10)     # the centre's own store carries the mark
    assert from_settings({"kind": "folder", "path": str(tmp_path / "c" / "blobs")}, tmp_path / "node").health().ok


@pytest.mark.parametrize(("settings", "key"), [
    ({"kind": "tape"}, "kind"),
    ({"kind": "folder", "bucket": "b"}, "bucket"),
    ({"kind": "folder", "path": ""}, "path"),
    ({"kind": "folder", "path": 5}, "path"),
    ({"kind": "s3", "bucket": "b-1", "credentials_file": "c"}, "endpoint"),
    ({"kind": "s3", "endpoint": "ftp://x", "bucket": "b-1", "credentials_file": "c"}, "endpoint"),
    ({"kind": "s3", "endpoint": "http://x", "bucket": "Bad_Name", "credentials_file": "c"}, "bucket"),
    ({"kind": "s3", "endpoint": "http://x", "bucket": "b-1"}, "credentials_file"),
    ({"kind": "s3", "endpoint": "http://x", "bucket": "b-1", "credentials_file": "c", "secret": "s"}, "secret"),
    ({"kind": "s3", "endpoint": "http://x", "bucket": "b-1", "credentials_file": "missing"}, "credentials_file"),
])
def test_wrong_settings_are_refused_naming_the_key(tmp_path: Path, settings: dict, key: str) -> None:
    with pytest.raises(StoreSettingsInvalid) as caught:
        from_settings(settings, tmp_path)
    assert caught.value.key == key
    assert f"'{key}'" in caught.value.one_line()


def write_credentials(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


def s3_settings(path: Path, **more: object) -> dict:
    return {"kind": "s3", "endpoint": "http://127.0.0.1:9", "bucket": "centre-packages",
            "credentials_file": str(path), **more}


def test_a_credentials_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = write_credentials(tmp_path / "s3.credentials",
                             "[default]\naws_access_key_id = K\naws_secret_access_key = S\n", 0o644)
    with pytest.raises(StoreSettingsInvalid) as caught:
        from_settings(s3_settings(path), tmp_path)
    assert "chmod 600" in caught.value.one_line()


@pytest.mark.parametrize("text", ["not an ini file", "[other]\naws_access_key_id = K\n",
                                  "[default]\naws_access_key_id = K\n", "\xff\xfe"])
def test_an_incomplete_credentials_file_is_refused(tmp_path: Path, text: str) -> None:
    path = write_credentials(tmp_path / "s3.credentials", text)
    with pytest.raises(StoreSettingsInvalid):
        from_settings(s3_settings(path), tmp_path)


def test_a_symlinked_credentials_file_is_refused(tmp_path: Path) -> None:
    real = write_credentials(tmp_path / "real", "[default]\naws_access_key_id = K\naws_secret_access_key = S\n")
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(StoreSettingsInvalid):
        from_settings(s3_settings(tmp_path / "link"), tmp_path)


def test_s3_settings_make_a_working_store_on_seaweedfs(tmp_path: Path, seaweedfs) -> None:  # noqa: ANN001
    path = seaweedfs.credentials_file(tmp_path)
    store = from_settings({"kind": "s3", "endpoint": seaweedfs.endpoint, "bucket": seaweedfs.bucket,
                           "credentials_file": "s3.credentials", "conditional_writes": True,
                           "connect_timeout": 2, "read_timeout": 10}, tmp_path)
    assert isinstance(store, S3Store) and path.exists()
    assert store.payload_signing is False                   # the loopback: the checksum header binds the body
    assert store.health().ok
    ref = store.put(b"from the settings")
    assert store.get(ref) == b"from the settings"


def test_payload_signing_can_be_set_either_way(tmp_path: Path) -> None:
    path = write_credentials(tmp_path / "s3.credentials",
                             "[default]\naws_access_key_id = K\naws_secret_access_key = S\n")
    remote = {"endpoint": "http://10.1.2.3:8333"}
    assert from_settings(s3_settings(path, **remote), tmp_path).payload_signing is True
    assert from_settings(s3_settings(path, payload_signing=False, **remote), tmp_path).payload_signing is False
    assert from_settings(s3_settings(path, payload_signing=True), tmp_path).payload_signing is True


@pytest.mark.parametrize(("key", "value"), [("conditional_writes", "yes"), ("read_timeout", 0),
                                            ("connect_timeout", True), ("ca_file", 3),
                                            ("payload_signing", "no")])
def test_wrong_s3_options_are_refused(tmp_path: Path, key: str, value: object) -> None:
    path = write_credentials(tmp_path / "s3.credentials",
                             "[default]\naws_access_key_id = K\naws_secret_access_key = S\n")
    with pytest.raises(StoreSettingsInvalid) as caught:
        from_settings(s3_settings(path, **{key: value}), tmp_path)
    assert caught.value.key == key

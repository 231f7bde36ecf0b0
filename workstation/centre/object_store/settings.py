"""The store a centre uses, from its settings: `from_settings(mapping)` takes the `[storage]` table
of centre.toml as a plain dict, so whoever reads the file only hands it over.

    [storage]                          # absent: a folder store in the centre's folder
    kind = "folder"
    path = "packages"                  # relative to the centre's folder

    [storage]
    kind = "s3"
    endpoint = "https://s3.province.example:8333"
    bucket = "centre-packages"
    credentials_file = "/etc/workstation-centre/s3.credentials"   # AWS format, mode 0600
    credentials_profile = "default"    # optional
    region = "us-east-1"               # optional; SeaweedFS and Ceph ignore it
    ca_file = "/etc/workstation-centre/store-ca.pem"              # optional, for https
    conditional_writes = true          # optional; false: HEAD then PUT (see s3.py)
    payload_signing = false            # optional; default: off over https and on the loopback (s3.py)

Unknown keys and wrong types are refused naming the key (a typo must not silently pick a default).
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from workstation.centre.object_store.base import ObjectStore, StoreSettingsInvalid

_FOLDER_KEYS = {"kind", "path"}
_S3_KEYS = {"kind", "endpoint", "bucket", "credentials_file", "credentials_profile", "region", "ca_file",
            "conditional_writes", "connect_timeout", "read_timeout", "payload_signing"}
DEFAULT_FOLDER = "packages"


def from_settings(settings: Mapping[str, object] | None, centre_folder: Path | str) -> ObjectStore:
    """The store named by `settings` (the [storage] table; None or empty: the folder store in
    `centre_folder`/packages). Raises StoreSettingsInvalid; does not contact the store (call
    `health()` for that, e.g. when the server starts)."""
    settings = dict(settings or {})
    base = Path(centre_folder)
    kind = settings.get("kind", "folder")
    if kind == "folder":
        _only(settings, _FOLDER_KEYS)
        from workstation.centre.object_store.folder import FolderStore
        path = Path(_text(settings, "path", DEFAULT_FOLDER))
        # a folder in the centre's own folder is made when missing; an absolute one is a disk or
        # share mounted there: missing, it is a store not reachable, never a new empty folder
        # that would take packages the other machines never see
        return FolderStore(path, create=False) if path.is_absolute() else FolderStore(base / path)
    if kind == "s3":
        _only(settings, _S3_KEYS)
        from workstation.centre.object_store.s3 import S3Store, read_credentials
        endpoint = _text(settings, "endpoint")
        if not endpoint.startswith(("http://", "https://")):
            raise StoreSettingsInvalid("endpoint", f"'{endpoint}' is not an http:// or https:// address")
        bucket = _text(settings, "bucket")
        if not (3 <= len(bucket) <= 63) or not all(c.islower() or c.isdigit() or c in "-." for c in bucket):
            raise StoreSettingsInvalid("bucket", f"'{bucket}' is not a bucket name (3-63 of a-z 0-9 . -)")
        credentials = Path(_text(settings, "credentials_file"))
        if not credentials.is_absolute():
            credentials = base / credentials
        access, secret = read_credentials(credentials, _text(settings, "credentials_profile", "default"))
        conditional = settings.get("conditional_writes", True)
        if not isinstance(conditional, bool):
            raise StoreSettingsInvalid("conditional_writes", "must be true or false")
        signing = settings.get("payload_signing")
        if signing is not None and not isinstance(signing, bool):
            raise StoreSettingsInvalid("payload_signing", "must be true or false")
        ca_file = settings.get("ca_file")
        if ca_file is not None and not isinstance(ca_file, str):
            raise StoreSettingsInvalid("ca_file", "must be a path")
        return S3Store(endpoint, bucket, access, secret, region=_text(settings, "region", "us-east-1"),
                       conditional_writes=conditional, ca_file=ca_file, payload_signing=signing,
                       connect_timeout=_seconds(settings, "connect_timeout", 3.0),
                       read_timeout=_seconds(settings, "read_timeout", 30.0))
    raise StoreSettingsInvalid("kind", f"'{kind}' is not a store kind (folder or s3)")


def _only(settings: dict, allowed: set[str]) -> None:
    unknown = sorted(set(settings) - allowed)
    if unknown:
        raise StoreSettingsInvalid(unknown[0], f"unknown for a {settings.get('kind', 'folder')} store "
                                   f"(known: {', '.join(sorted(allowed))})")


def _text(settings: dict, key: str, default: str | None = None) -> str:
    value = settings.get(key, default)
    if value is None:
        raise StoreSettingsInvalid(key, "is required")
    if not isinstance(value, str) or not value.strip():
        raise StoreSettingsInvalid(key, "must be a non-empty text")
    return value.strip()


def _seconds(settings: dict, key: str, default: float) -> float:
    value = settings.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 600:
        raise StoreSettingsInvalid(key, "must be a number of seconds between 0 and 600")
    return float(value)

"""What every package store promises, whatever holds the bytes.

A package is stored once, under a key derived from its own SHA-256 (content addressing): the key
says what the bytes must be, so a store never needs to be trusted for integrity. Every read
re-computes the digest and refuses an object that no longer matches (ObjectCorrupt is raised, the
bytes are never returned). Writing the same bytes twice is a success (idempotent) and never a
second copy; different bytes under one key cannot happen without breaking SHA-256, and if a store
was tampered with, the next read says so.

Errors are typed and worded for the province's officers (Vietnamese and English, like every
WorkstationError): the store does not answer, it refused the centre's credentials, an object is
missing or corrupt, the settings are wrong. None of them carries package content.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from workstation.errors import WorkstationError
from workstation.messages import Message

KEY_PREFIX = "packages"
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ObjectRef:
    """A stored package: its SHA-256 (hex, lower case) and size. The key follows from the digest,
    so the index needs only these two columns (ReceivedPackage.sha256 and .size already exist)."""

    sha256: str
    size: int

    def __post_init__(self) -> None:
        # the digest becomes a path or an object name: nothing but 64 hex digits may get there
        if not isinstance(self.sha256, str) or not _SHA256.fullmatch(self.sha256):
            raise ValueError("an object reference needs a SHA-256 of 64 lower-case hex digits")
        if not isinstance(self.size, int) or isinstance(self.size, bool) or self.size < 0:
            raise ValueError("an object reference needs a size of zero or more bytes")

    @property
    def key(self) -> str:
        """`packages/ab/cd/<sha256>`: two levels of 256 folders keep any one listing small
        (100 million objects → about 1,500 per leaf) on a folder store and spread S3 prefixes."""
        return key_for(self.sha256)

    @classmethod
    def of(cls, data: bytes) -> "ObjectRef":
        return cls(hashlib.sha256(data).hexdigest(), len(data))


def key_for(sha256: str) -> str:
    return f"{KEY_PREFIX}/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def sha256_of_key(key: str) -> str | None:
    """The digest a well-formed package key names (`packages/ab/cd/abcd…`), None for anything else
    (a stray file, another program's object): listings only ever report package keys."""
    parts = key.split("/")
    if len(parts) != 4 or parts[0] != KEY_PREFIX or not _SHA256.fullmatch(parts[3]):
        return None
    return parts[3] if key_for(parts[3]) == key else None


@dataclass(frozen=True)
class StoredObject:
    """One object as a listing sees it: enough to decide whether it is an orphan and how old."""

    sha256: str
    size: int
    modified: datetime              # timezone-aware (UTC)

    @property
    def key(self) -> str:
        return key_for(self.sha256)


@dataclass(frozen=True)
class StoreHealth:
    """What `health()` found: ok, or the typed error that a put or get would meet now."""

    kind: str                       # folder | s3
    location: str                   # the folder, or endpoint/bucket (never credentials)
    error: "ObjectStoreError | None" = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "location": self.location, "ok": self.ok,
                "problem": self.error.one_line() if self.error else ""}


@runtime_checkable
class ObjectStore(Protocol):
    """Write-once, content-addressed package blobs (FolderStore, S3Store)."""

    kind: str

    def put(self, data: bytes) -> ObjectRef:
        """Stores `data` once under its digest's key; the same bytes again are a success."""

    def get(self, ref: ObjectRef) -> bytes:
        """The bytes, re-verified against `ref`; ObjectMissing or ObjectCorrupt otherwise."""

    def exists(self, ref: ObjectRef) -> bool:
        """Whether an object is stored under `ref`'s key (not verified: `get` does that)."""

    def health(self) -> StoreHealth:
        """Whether the store answers and takes the centre's credentials; never raises."""

    def listing(self) -> Iterator[StoredObject]:
        """Every package object, in ascending order of key (so of SHA-256): `centre store-sweep`
        walks it beside the index, sorted the same way. Raises StoreUnreachable (or another
        ObjectStoreError) when the store cannot be listed to the end."""

    def delete(self, sha256: str) -> None:
        """Removes the object of `sha256` (gone already is a success). Only `centre store-sweep`
        calls it, for an object no index row names: everything else is write-once."""


def verified(ref: ObjectRef, data: bytes, location: str) -> bytes:
    """`data` if it is what `ref` names, else ObjectCorrupt: a corrupted object is never returned."""
    if len(data) != ref.size or hashlib.sha256(data).hexdigest() != ref.sha256:
        raise ObjectCorrupt(ref, location,
                            f"read {len(data)} bytes with SHA-256 {hashlib.sha256(data).hexdigest()}")
    return data


# --- typed errors, in the officers' words ----------------------------------------------------------

class ObjectStoreError(WorkstationError):
    """Root of every package-store failure; `reason` is a short code for logs, audit and JSON."""

    reason = "store_error"


class StoreUnreachable(ObjectStoreError):
    """The store did not answer (server down, network, timeout) or its folder cannot be used."""

    reason = "store_unreachable"

    def __init__(self, location: str, detail: str) -> None:
        super().__init__(Message(
            f"Kho lưu hồ sơ {location} không trả lời hoặc không dùng được; hồ sơ chưa được lưu, hãy kiểm tra kho rồi thử lại.",
            f"The package store {location} does not answer or cannot be used; nothing was stored, "
            f"check the store and try again."), detail)


class CredentialsRefused(ObjectStoreError):
    """The store answered but refused the centre's access key or secret (or their rights)."""

    reason = "store_credentials_refused"

    def __init__(self, location: str, detail: str) -> None:
        super().__init__(Message(
            f"Kho lưu hồ sơ {location} từ chối thông tin đăng nhập của trung tâm; hãy kiểm tra tệp khoá truy cập.",
            f"The package store {location} refused the centre's credentials; check the credentials file."),
            detail)


class ObjectMissing(ObjectStoreError):
    reason = "object_missing"

    def __init__(self, ref: ObjectRef, location: str, detail: str = "") -> None:
        self.ref = ref
        super().__init__(Message(
            f"Hồ sơ {ref.sha256[:16]}… không có trong kho {location}.",
            f"Package object {ref.sha256[:16]}… is not in the store {location}."), detail or ref.key)


class ObjectCorrupt(ObjectStoreError):
    """The stored bytes no longer match their digest: tampering or a failing disk. Never returned."""

    reason = "object_corrupt"

    def __init__(self, ref: ObjectRef, location: str, detail: str = "") -> None:
        self.ref = ref
        super().__init__(Message(
            f"Hồ sơ {ref.sha256[:16]}… trong kho {location} đã bị hỏng hoặc bị sửa (không khớp mã băm); "
            f"không dùng bản này, hãy khôi phục từ bản sao lưu.",
            f"Package object {ref.sha256[:16]}… in the store {location} is corrupt or was altered (its "
            f"SHA-256 does not match); it is not used: restore it from a backup."), detail or ref.key)


class StoreSettingsInvalid(ObjectStoreError):
    """The [storage] settings (or the credentials file they name) are wrong; names the key."""

    reason = "store_settings_invalid"

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        super().__init__(Message(f"Cấu hình kho lưu hồ sơ, mục '{key}': {problem}",
                                 f"package store settings, key '{key}': {problem}"), problem)

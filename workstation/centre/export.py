"""Accepted packages handed on to the national system in signed batches.

A batch is a folder `batch-<batch id>/` holding the packages exactly as received (still encrypted
for the package key; `<package id>.wspkg`, each read back from the store and its sha256
re-verified), `manifest.json` (batch id, time, the centre's CA fingerprint, count, and per package
its id, sha256, size and file) and `manifest.sig`: an Ed25519 signature over manifest.json's exact
bytes, base64, made with the centre's export signing key. The receiving system checks a batch
with the public key alone (`workstation centre export-verify DIR --public-key FILE`, or
`verify_batch`): the signature, then every file against the manifest, nothing missing or extra.

The signing key is made at first use (`export-signing.key.pem`, encrypted with the centre's
passphrase; its public half `export-signing.pub.pem` beside it is what the centre gives the
receiving system). Delivery is at least once: the batch is written (and fsynced) before its
packages are marked exported; a crash between the two exports them again in a later batch, which
the receiver recognises by package id and sha256.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import stat
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import select

from workstation.atomic_file import write_atomically
from workstation.centre.authority import Centre
from workstation.centre.intake import read_package
from workstation.centre.models import Exported, ReceivedPackage
from workstation.centre.object_store import ObjectStore
from workstation.centre.object_store.base import ObjectCorrupt, ObjectMissing
from workstation.centre.registry import Registry
from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.centre.opening import Checked

log = logging.getLogger(__name__)

SIGNING_KEY, SIGNING_PUBLIC = "export-signing.key.pem", "export-signing.pub.pem"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
FORMAT = "workstation-centre-export/1"
MAX_MANIFEST = 64 * 1024 * 1024


def signing_key(folder: Path, passphrase: bytes) -> ed25519.Ed25519PrivateKey:
    """The centre's export signing key, made (and its public key written) at first use."""
    path = folder / SIGNING_KEY
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), passphrase)
        except (ValueError, TypeError) as exc:
            raise WorkstationError(Message("Không mở được khoá ký lô xuất (sai mật khẩu?).",
                                           f"The export signing key cannot be opened ({exc}).")) from None
        if not isinstance(key, ed25519.Ed25519PrivateKey):
            raise WorkstationError(f"{path} is not an Ed25519 key")
        return key
    key = ed25519.Ed25519PrivateKey.generate()
    write_atomically(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.BestAvailableEncryption(passphrase)), mode=0o600)
    write_atomically(folder / SIGNING_PUBLIC, public_pem(key.public_key()))
    return key


def public_pem(key: ed25519.Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


@dataclass(frozen=True)
class Batch:
    batch_id: str
    folder: Path
    count: int

    def as_dict(self) -> dict[str, object]:
        return {"batch_id": self.batch_id, "folder": str(self.folder), "count": self.count}


def export_batch(registry: Registry, store: ObjectStore, key: ed25519.Ed25519PrivateKey, out: Path,
                 centre: Centre, limit: int = 10_000, actor: str = "-") -> Batch | None:
    """The next batch of accepted packages not yet exported (oldest first), or None when there is
    none. Each package is read back from the store (its SHA-256 re-verified) and checked whole
    again with the package key (opening.check_stored) before it is written: the index row's
    `accepted` is not taken on trust — a row someone wrote, or bytes swapped under it, are refused
    (status `rejected`, reason `export_check`, audited) and left out of the batch."""
    with registry.sessions() as session:
        rows = list(session.scalars(
            select(ReceivedPackage).outerjoin(Exported, Exported.package_id == ReceivedPackage.package_id)
            .where(ReceivedPackage.status == "accepted", Exported.package_id.is_(None))
            .order_by(ReceivedPackage.received_at, ReceivedPackage.package_id).limit(limit)))
    if not rows:
        return None
    batch_id = str(uuid.uuid4())
    folder = out / f"batch-{batch_id}"
    folder.mkdir(parents=True, mode=0o700)
    try:
        entries = _write_packages(registry, store, centre, folder, rows)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)               # no half batch left behind
        raise
    if not entries:
        folder.rmdir()
        return None
    now = datetime.now(UTC)
    manifest = json.dumps({"format": FORMAT, "batch_id": batch_id, "created_at": now.isoformat(timespec="seconds"),
                           "centre": centre.ca_fingerprint, "count": len(entries), "packages": entries},
                          ensure_ascii=False, sort_keys=True, indent=1).encode()
    write_atomically(folder / MANIFEST, manifest)
    write_atomically(folder / SIGNATURE, base64.b64encode(key.sign(manifest)) + b"\n")
    _fsync_folder(folder)
    with registry.sessions.begin() as session:
        for entry in entries:
            session.add(Exported(package_id=entry["package_id"], batch_id=batch_id, exported_at=now))
        registry.add_audit(session, batch_id, "-", "export", "exported", "batch",
                           json.dumps({"count": len(entries), "by": actor, "folder": folder.name}))
    return Batch(batch_id, folder, len(entries))


def _write_packages(registry: Registry, store: ObjectStore, centre: Centre, folder: Path,
                    rows: list[ReceivedPackage]) -> list[dict[str, object]]:
    """Each row's package into the batch folder once it holds; the manifest's entries. A package
    whose object is missing or damaged is left out (said in the audit, its row kept `accepted` for
    when the object is restored); a store that does not answer stops the batch (raised)."""
    from workstation.centre.opening import Checked, check_stored

    entries: list[dict[str, object]] = []
    for row in rows:
        try:
            data = read_package(store, row)
        except (ObjectMissing, ObjectCorrupt) as exc:
            log.warning("package %s not exported: %s", row.package_id, exc.reason)
            with registry.sessions.begin() as session:
                registry.add_audit(session, row.package_id, row.workstation_id, "export", "skipped", exc.reason,
                                   json.dumps({"detail": str(exc.detail)[:300]}))
            continue
        checked = check_stored(registry, centre, row, data)
        if not checked.reason and checked.simulated:        # a test enrollment never goes to the nation
            checked = Checked("simulated", "a simulated enrollment is never exported")
        if checked.reason:
            _refuse(registry, row.package_id, row.workstation_id, checked)
            continue
        name = f"{row.package_id}.wspkg"
        write_atomically(folder / name, data)
        entries.append({"package_id": row.package_id, "sha256": row.sha256, "size": row.size, "file": name})
    return entries


def _refuse(registry: Registry, package_id: str, workstation_id: str, checked: "Checked") -> None:
    """An `accepted` row whose package does not hold when checked again: never exported."""
    log.warning("package %s not exported: %s", package_id, checked.reason)
    with registry.sessions.begin() as session:
        row = session.get(ReceivedPackage, package_id, with_for_update=True)
        if row is not None:
            row.status, row.reason = "rejected", "export_check"
        registry.add_audit(session, package_id, workstation_id, "export", "rejected", "export_check",
                           json.dumps({"check": checked.reason, "detail": checked.detail[:300]}))


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class BatchCheck:
    batch_id: str = ""
    count: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "batch_id": self.batch_id, "count": self.count, "problems": self.problems}


def load_public_key(path: Path) -> ed25519.Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise WorkstationError(Message(f"Không đọc được khoá công khai {path}.",
                                       f"{path} is not a readable public key ({exc}).")) from None
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise WorkstationError(Message(f"{path} không phải khoá Ed25519.", f"{path} is not an Ed25519 public key."))
    return key


def verify_batch(folder: Path, public: ed25519.Ed25519PublicKey) -> BatchCheck:
    """Checks a batch with the public key only: the signature over manifest.json, then every file
    (a regular file, not a link, of the listed size and sha256); files not listed are reported.
    Fail closed: what could not be checked is a problem."""
    check = BatchCheck()
    try:
        manifest_bytes = _read_regular(folder / MANIFEST, MAX_MANIFEST)
        signature = base64.b64decode(_read_regular(folder / SIGNATURE, 1024).strip(), validate=True)
    except (OSError, ValueError) as exc:
        check.problems.append(f"manifest or signature unreadable: {exc}")
        return check
    try:
        public.verify(signature, manifest_bytes)
    except InvalidSignature:
        check.problems.append("the signature does not verify with this public key")
        return check
    try:
        manifest = json.loads(manifest_bytes)
        entries = manifest["packages"]
        check.batch_id, check.count = str(manifest["batch_id"]), int(manifest["count"])
        if manifest.get("format") != FORMAT or not isinstance(entries, list) or len(entries) != check.count:
            raise ValueError("format, packages or count")
    except (ValueError, KeyError, TypeError) as exc:
        check.problems.append(f"the manifest is not a batch manifest ({exc})")
        return check
    listed = {MANIFEST, SIGNATURE}
    for entry in entries:
        name = str(entry.get("file", "")) if isinstance(entry, dict) else ""
        if not name or name != os.path.basename(name) or name in (".", ".."):
            check.problems.append(f"an entry names no plain file: {name[:80]!r}")
            continue
        listed.add(name)
        try:
            data = _read_regular(folder / name, int(entry["size"]) + 1)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            check.problems.append(f"{name}: {exc}")
            continue
        if len(data) != entry.get("size") or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            check.problems.append(f"{name}: not the bytes the manifest lists")
    for extra in sorted(set(os.listdir(folder)) - listed):
        check.problems.append(f"{extra}: not listed in the manifest")
    return check


def _read_regular(path: Path, limit: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise ValueError("larger than listed")
        return data
    finally:
        os.close(fd)

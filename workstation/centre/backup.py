"""`centre backup` / `centre restore`: the centre's folder of keys (CA, package key, TLS key,
certificates, centre.toml) in one encrypted file. Losing the package key makes every stored
package unreadable, so a copy belongs off the machine; the copy is encrypted with its own
passphrase: scrypt (n=2^15, r=8, p=1) derives an AES-256-GCM key, the tar.gz of the folder is the
plaintext, the header (magic, salt, nonce) the associated data. The keys inside are still
encrypted with the centre's passphrase as well.

The database is backed up with its own tools (PostgreSQL: pg_dump, or a base backup with WAL
archiving); this file holds only what the database does not.
"""
from __future__ import annotations

import io
import os
import secrets
import tarfile
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy.engine import make_url

from workstation.atomic_file import write_atomically
from workstation.errors import WorkstationError
from workstation.messages import Message

MAGIC = b"WSCENTRE-BACKUP1"
# the keys, certificates and configuration (every key file the centre writes: the CA, package,
# intake and console TLS and export signing keys end in .pem, the console's TOTP key is
# console-totp.key); never the SQLite database
KEPT = (".pem", ".toml", ".key")


ORIGIN = "workstation.centre.origin"


def _key(passphrase: bytes, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase)


def backup(folder: Path, out: Path, passphrase: bytes, centre_passphrase: bytes | None = None) -> list[str]:
    """Write the encrypted copy; returns the names it holds. With `centre_passphrase`, the centre's
    keys are opened with it first: a backup made under a wrong passphrase would only be found
    wanting on the day it is restored."""
    if centre_passphrase is not None:
        from workstation.centre.authority import load_centre

        load_centre(folder, centre_passphrase)
    if len(passphrase) < 12:
        raise WorkstationError(Message("Mật khẩu của bản sao lưu cần ít nhất 12 ký tự.",
                                       "The backup passphrase needs at least 12 characters."))
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.is_symlink() and p.name.endswith(KEPT))
    if not any(n.endswith(".key.pem") for n in names):
        raise WorkstationError(Message(f"{folder} không có khoá của trung tâm.", f"{folder} holds no centre keys."))
    buffer = io.BytesIO()
    # the folder it came from, so a restore elsewhere can move centre.toml's SQLite path along
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT,
                      pax_headers={ORIGIN: str(folder.resolve())}) as tar:
        for name in names:
            tar.add(folder / name, arcname=name, recursive=False)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = MAGIC + salt + nonce
    write_atomically(out, header + AESGCM(_key(passphrase, salt)).encrypt(nonce, buffer.getvalue(), header), mode=0o600)
    return names


def restore(source: Path, folder: Path, passphrase: bytes) -> "Restored":
    """Unpack a backup into `folder` (which must not already hold a centre); centre.toml's
    absolute paths into the old folder are re-pointed at the new one (`_relocate`)."""
    data = source.read_bytes()
    header = data[:len(MAGIC) + 28]
    if not data.startswith(MAGIC) or len(data) < len(header) + 16:
        raise WorkstationError(Message(f"{source} không phải bản sao lưu của trung tâm.",
                                       f"{source} is not a centre backup."))
    salt, nonce = header[len(MAGIC):len(MAGIC) + 16], header[len(MAGIC) + 16:]
    try:
        plain = AESGCM(_key(passphrase, salt)).decrypt(nonce, data[len(header):], header)
    except InvalidTag:
        raise WorkstationError(Message("Sai mật khẩu của bản sao lưu, hoặc tệp bị hỏng.",
                                       "Wrong backup passphrase, or a damaged backup.")) from None
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    if any((folder / n).exists() for n in ("centre-ca.key.pem", "package.key.pem")):
        raise WorkstationError(Message(f"{folder} đã có trung tâm; không ghi đè.",
                                       f"{folder} already holds a centre; it is not overwritten."))
    restored = []
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:gz") as tar:
        origin = tar.pax_headers.get(ORIGIN, "")
        for member in tar.getmembers():
            # only plain files with plain names: nothing outside the folder, no links
            if not member.isfile() or member.name != os.path.basename(member.name) or not member.name.endswith(KEPT):
                continue
            handle = tar.extractfile(member)
            if handle is None:
                continue
            secret = member.name.endswith((".key.pem", ".toml", ".key"))
            write_atomically(folder / member.name, handle.read(), mode=0o600 if secret else 0o644)
            restored.append(member.name)
    moved: list[str] = []
    outside: list[str] = []
    if origin:
        moved, outside = _relocate(folder, Path(origin))
    return Restored(tuple(restored), tuple(moved), tuple(outside))


@dataclass(frozen=True)
class Restored:
    """What `restore` wrote, and what it did to centre.toml's paths (one line each, for the
    administrator): `moved` were absolute paths inside the old centre folder, now inside the new
    one; `outside` are absolute paths elsewhere, kept as they were, each saying what to do."""

    files: tuple[str, ...]
    moved: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()


# centre.toml's paths that may name a file or folder inside the centre's folder: (table, key, what)
_PATHS = (("database", "password_file", "the database password file"),
          ("storage", "path", "the package folder"),
          ("storage", "credentials_file", "the object store's credentials file"),
          ("storage", "ca_file", "the object store's CA file"))


def _relocate(folder: Path, origin: Path) -> tuple[list[str], list[str]]:
    """Re-point centre.toml's absolute paths that named something inside the old folder (the
    SQLite database, the folder store, the password and credentials files) at the same place in
    the new folder; an absolute path outside it is kept and named, with what the administrator
    must do (the backup never holds the database, the packages or those files)."""
    from workstation.centre.settings import load_settings, write_settings

    try:
        settings = load_settings(folder)
    except WorkstationError:
        return [], []
    new = folder.resolve()
    if new == origin:
        return [], []
    moved: list[str] = []
    outside: list[str] = []
    changes: dict[str, object] = {}
    url = make_url(settings.database)
    if url.get_backend_name() == "sqlite" and url.database and Path(url.database).is_absolute():
        old = Path(url.database)
        if old.is_relative_to(origin):
            changes["database"] = str(url.set(database=str(new / old.relative_to(origin))))
            moved.append(f"the SQLite database: {old} -> {new / old.relative_to(origin)}")
    storage = dict(settings.storage)
    for table, key, what in _PATHS:
        value = settings.password_file if table == "database" else storage.get(key)
        if not isinstance(value, str) or not value or not Path(value).is_absolute():
            continue                                        # relative: it follows the folder already
        old = Path(value)
        if old.is_relative_to(origin):
            there = str(new / old.relative_to(origin))
            if table == "database":
                changes["password_file"] = there
            else:
                storage[key] = there
            moved.append(f"{what} ([{table}] {key}): {old} -> {there}" + (
                " (the packages are not in this backup: put them back there from the store's own backup; "
                "until then the centre does not start)" if key == "path" else ""))
        else:
            outside.append(f"{what} ([{table}] {key}) {old} is outside the old centre folder {origin}: kept as "
                           f"it is; make {old} reachable on this machine (copy or mount it there) or change "
                           f"[{table}] {key} in {new / 'centre.toml'}")
    if storage != dict(settings.storage):
        changes["storage"] = storage
    if changes:
        write_settings(folder, replace(settings, **changes))   # type: ignore[arg-type]
    return moved, outside

"""Biometric and chip data of drafts, and the citizen's ID and name, encrypted at rest
(AES-256-GCM, the row's identity as associated data, so a blob cannot be moved to another row).
The data key is a random secret in the data folder, readable by its owner only, and wrapped by the
OS keyring where there is one (key_vault): see the README for what that does and does not protect
against."""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from workstation.atomic_file import write_atomically
from workstation.disk_space import write_error
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.key_vault import KeyringUnavailable, KeyringVault, is_wrapped, unreachable

log = logging.getLogger(__name__)
KEY_SIZE = 32


def _read_stored(path: Path) -> bytes | None:
    """The key file's content when it is a key (32 bytes) or a wrapped key; None otherwise."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) == KEY_SIZE or is_wrapped(data) else None


class BlobCipher:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)
        # a second key for look-ups, derived so that the hash of an ID number reveals nothing
        # without the data key (an unkeyed hash of 12 digits is reversed by trying them all)
        self._index_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                               info=b"workstation citizen index v1").derive(key)

    def index(self, value: str) -> str:
        """Keyed hash (HMAC-SHA256) of a value to find again, e.g. a citizen's ID number."""
        return hmac.new(self._index_key, value.encode(), hashlib.sha256).hexdigest()

    @classmethod
    def from_folder(cls, folder: Path, protection: str = "auto",
                    vault_factory: Callable[[], KeyringVault | None] = KeyringVault.system) -> "BlobCipher":
        """The data key of `folder`, made on first use. It is written through a temporary file,
        fsync and rename, with a backup copy beside it: a crash while writing, a 0-byte or damaged
        key file never makes the existing drafts unreadable while the backup is intact.

        `protection` (storage.data_key_protection): "auto" wraps the key with the OS keyring when
        there is one (key_vault), "keyring" requires one, "file" keeps the key in the file only."""
        try:
            return cls(_data_key(folder, protection, vault_factory))
        except OSError as exc:
            raise write_error(exc, folder) from exc

    def seal(self, data: bytes, context: str) -> tuple[bytes, bytes]:
        nonce = secrets.token_bytes(12)
        return nonce, self._aead.encrypt(nonce, data, context.encode())

    def open(self, nonce: bytes, blob: bytes, context: str) -> bytes:
        try:
            return self._aead.decrypt(nonce, blob, context.encode())
        except InvalidTag:
            raise WorkstationError(f"stored data of {context} is damaged or was altered") from None


def _data_key(folder: Path, protection: str, vault_factory: Callable[[], KeyringVault | None]) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    path, backup = folder / ".data-key", folder / ".data-key.backup"
    stored = _read_stored(path)
    if stored is None and path.exists():
        stored = _read_stored(backup)
        if stored is None:
            raise WorkstationError(Message(
                f"Khoá dữ liệu {path} bị hỏng và không có bản dự phòng dùng được: các bản nháp chưa lưu không "
                "đọc được. Hãy báo bộ phận kỹ thuật; không xoá thư mục dữ liệu.",
                f"The data key {path} is damaged and its backup is unusable: unsaved drafts cannot be read. "
                "Call technical support; do not delete the data folder."), str(path))
        log.warning("data key %s damaged: restored from its backup", path)
        write_atomically(path, stored, mode=0o600)
    wrapped = stored is not None and is_wrapped(stored)
    vault = vault_factory() if protection != "file" or wrapped else None
    if protection == "keyring" and vault is None:
        raise KeyringUnavailable(Message(
            "Cài đặt storage.data_key_protection = \"keyring\" nhưng máy này không có kho khoá của hệ điều hành "
            "dùng được (Secret Service, Windows Credential Manager): chương trình không chạy khi khoá dữ liệu "
            "không được bảo vệ.",
            "storage.data_key_protection is \"keyring\" but this machine has no usable OS keyring (Secret "
            "Service, Windows Credential Manager): the program does not run with an unprotected data key."))
    if stored is None:                                   # first start: a new key
        key = secrets.token_bytes(KEY_SIZE)
        stored = vault.wrap(key) if vault is not None else key
        write_atomically(path, stored, mode=0o600)
    elif wrapped:
        if vault is None:
            raise KeyringUnavailable(unreachable(str(path)))
        key = vault.unwrap(stored, str(path))
    else:
        key = stored
        if vault is not None:                            # a key from before the keyring: wrapped now
            stored = vault.wrap(key)
            write_atomically(path, stored, mode=0o600)
            log.info("data key of %s now protected by the OS keyring (%s)", folder, vault.name)
    if _read_stored(backup) != stored:
        write_atomically(backup, stored, mode=0o600)
    return key

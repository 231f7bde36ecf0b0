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

from workstation.disk_space import write_error
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.key_vault import KeyringVault, protected_secret

log = logging.getLogger(__name__)
KEY_SIZE = 32


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
    path = folder / ".data-key"
    damaged = Message(
        f"Khoá dữ liệu {path} bị hỏng và không có bản dự phòng dùng được: các bản nháp chưa lưu không "
        "đọc được. Hãy báo bộ phận kỹ thuật; không xoá thư mục dữ liệu.",
        f"The data key {path} is damaged and its backup is unusable: unsaved drafts cannot be read. "
        "Call technical support; do not delete the data folder.")
    return protected_secret(path, protection, vault_factory, damaged)

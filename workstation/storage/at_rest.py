"""Biometric and chip data of drafts, encrypted at rest (AES-256-GCM, the row's identity as
associated data, so a blob cannot be moved to another row). The data key is a random secret in
the data folder readable by its owner only — see the README for what that does and does not
protect against."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from workstation.errors import WorkstationError


class BlobCipher:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def from_folder(cls, folder: Path) -> "BlobCipher":
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / ".data-key"
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
                out.flush()
                os.fsync(out.fileno())
        return cls(path.read_bytes())

    def seal(self, data: bytes, context: str) -> tuple[bytes, bytes]:
        nonce = secrets.token_bytes(12)
        return nonce, self._aead.encrypt(nonce, data, context.encode())

    def open(self, nonce: bytes, blob: bytes, context: str) -> bytes:
        try:
            return self._aead.decrypt(nonce, blob, context.encode())
        except InvalidTag:
            raise WorkstationError(f"stored data of {context} is damaged or was altered") from None

"""TOTP secrets encrypted at rest (AES-256-GCM, the user's name as associated data): a copy of the
database alone does not give anyone the officers' second factor. The key is a file in the centre's
folder (console-totp.key, mode 0600, made on first use); lose it and every console user must be
added again, so it is backed up with the centre's other keys."""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from workstation.atomic_file import write_atomically
from workstation.errors import WorkstationError
from workstation.messages import Message

KEY_FILE = "console-totp.key"
PREFIX = "g1:"


@dataclass(frozen=True)
class TotpBox:
    key: bytes

    @classmethod
    def load(cls, folder: Path) -> "TotpBox":
        path = folder / KEY_FILE
        try:
            if not path.exists():
                folder.mkdir(parents=True, exist_ok=True)
                write_atomically(path, AESGCM.generate_key(256), mode=0o600)
            key = path.read_bytes()
        except OSError as exc:
            raise WorkstationError(Message(f"Không đọc/ghi được khoá của bảng điều khiển {path}.",
                                           f"The console's key {path} cannot be read or written ({exc.strerror}).")) from None
        if len(key) != 32:
            raise WorkstationError(Message(f"Tệp khoá {path} bị hỏng.", f"The key file {path} is damaged."))
        return cls(key)

    def seal(self, name: str, secret_b32: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.key).encrypt(nonce, secret_b32.encode(), name.encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode()

    def open(self, name: str, stored: str) -> str | None:
        """The secret, or None when it cannot be opened (another key, altered, moved to another
        name): that user cannot log in, which is the safe way to fail."""
        if not stored.startswith(PREFIX):
            return None
        try:
            raw = base64.b64decode(stored[len(PREFIX):], validate=True)
            return AESGCM(self.key).decrypt(raw[:12], raw[12:], name.encode()).decode()
        except (ValueError, InvalidTag, UnicodeDecodeError):
            return None

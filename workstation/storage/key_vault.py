"""The data key protected by the operating system's keyring, so that a copied data folder alone
decrypts nothing.

With a keyring (Secret Service on a Linux desktop, Windows Credential Manager, macOS Keychain,
KWallet), the data folder holds the data key only wrapped (AES-256-GCM) by a wrapping key that
lives in the keyring, under the officer's login. Without one, the data key is a file readable by
its owner only, and whoever copies the folder with its owner's rights reads the drafts: the README
("Personal data on this workstation") says so, and `storage.data_key_protection = "keyring"`
refuses to run without a keyring instead.

Only keyrings that protect what they hold count: the file-based backends some packages register
(keyrings.alt's plaintext file, for one) would put the wrapping key beside the data, so they are
treated as no keyring at all.
"""
from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from workstation.atomic_file import write_atomically
from workstation.errors import WorkstationError
from workstation.messages import Message

log = logging.getLogger(__name__)

SERVICE = "workstation data key"
MAGIC = b"WSK1"                     # a wrapped key file: MAGIC, key id (16), nonce (12), wrapped key (48)
_ID, _NONCE = 16, 12
SECRET_SIZE = 32
WRAPPED_SIZE = len(MAGIC) + _ID + _NONCE + SECRET_SIZE + 16
TRUSTED_BACKENDS = ("keyring.backends.SecretService", "keyring.backends.libsecret", "keyring.backends.kwallet",
                    "keyring.backends.Windows", "keyring.backends.macOS")


class KeyringUnavailable(WorkstationError):
    pass


def _backend_trusted(backend: Any) -> bool:
    return type(backend).__module__.startswith(TRUSTED_BACKENDS)


@dataclass
class KeyringVault:
    """Wrapping keys in the OS keyring, one per data folder (named by a random id in the file)."""

    backend: Any

    @classmethod
    def system(cls) -> "KeyringVault | None":
        """The OS keyring if there is one that protects secrets and it answers; None otherwise."""
        try:
            import keyring
            from keyring.backends.chainer import ChainerBackend

            backend = keyring.get_keyring()
            candidates = backend.backends if isinstance(backend, ChainerBackend) else [backend]
            trusted = [b for b in candidates if _backend_trusted(b)]
            if not trusted:
                return None
            vault = cls(trusted[0])
            vault.backend.get_password(SERVICE, "probe")          # reachable and unlocked, or it raises
            return vault
        except Exception as exc:  # noqa: BLE001 - no keyring (no D-Bus session, locked, missing): file mode
            log.info("no usable OS keyring: %s", exc)
            return None

    @property
    def name(self) -> str:
        return type(self.backend).__module__.rsplit(".", 1)[-1]

    def wrap(self, data_key: bytes) -> bytes:
        key_id = secrets.token_bytes(_ID)
        wrapping = secrets.token_bytes(32)
        self.backend.set_password(SERVICE, key_id.hex(), wrapping.hex())
        nonce = secrets.token_bytes(_NONCE)
        return MAGIC + key_id + nonce + AESGCM(wrapping).encrypt(nonce, data_key, MAGIC + key_id)

    def unwrap(self, wrapped: bytes, where: str) -> bytes:
        key_id = wrapped[len(MAGIC):len(MAGIC) + _ID]
        nonce = wrapped[len(MAGIC) + _ID:len(MAGIC) + _ID + _NONCE]
        try:
            stored = self.backend.get_password(SERVICE, key_id.hex())
        except Exception as exc:  # noqa: BLE001 - a keyring that stopped answering: said in words
            raise KeyringUnavailable(unreachable(where), str(exc)) from None
        if not stored:
            raise KeyringUnavailable(Message(
                f"Khoá dữ liệu {where} được bảo vệ bằng kho khoá của hệ điều hành, nhưng kho khoá của phiên đăng nhập "
                "này không có khoá tương ứng (thư mục dữ liệu được chép từ máy khác?). Báo bộ phận kỹ thuật; "
                "không xoá thư mục dữ liệu.",
                f"The data key {where} is protected by the OS keyring, but this login's keyring holds no key for "
                "it (was the data folder copied from another machine?). Call technical support; do not delete "
                "the data folder."), key_id.hex())
        try:
            return AESGCM(bytes.fromhex(stored)).decrypt(nonce, wrapped[len(MAGIC) + _ID + _NONCE:], MAGIC + key_id)
        except (InvalidTag, ValueError):
            raise KeyringUnavailable(Message(
                f"Khoá dữ liệu {where} không mở được bằng khoá trong kho khoá (tệp bị hỏng hoặc bị thay).",
                f"The data key {where} does not open with the key in the keyring (the file is damaged or was "
                "replaced)."), key_id.hex()) from None


def unreachable(where: str) -> Message:
    return Message(
        f"Khoá dữ liệu {where} được bảo vệ bằng kho khoá của hệ điều hành, nhưng không mở được kho khoá. Hãy đăng "
        "nhập vào phiên làm việc của cán bộ (kho khoá mở khi đăng nhập) rồi mở lại chương trình.",
        f"The data key {where} is protected by the OS keyring, which cannot be reached. Log in to the officer's "
        "desktop session (the keyring opens at login) and start the program again.")


def is_wrapped(data: bytes) -> bool:
    return data.startswith(MAGIC) and len(data) == WRAPPED_SIZE


def _read_stored(path: Path) -> bytes | None:
    """The file's content when it is a secret (32 bytes) or a wrapped one; None otherwise."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) == SECRET_SIZE or is_wrapped(data) else None


def protected_secret(path: Path, protection: str, vault_factory: Callable[[], "KeyringVault | None"],
                     damaged: Message) -> bytes:
    """A 32-byte secret kept in `path` (made on first use), wrapped by the OS keyring when
    `protection` allows one, with a backup copy beside it (`<name>.backup`): written through a
    temporary file, fsync and rename, so a crash or a damaged file never loses it while the backup
    is intact. `protection`: "auto" (the keyring when there is one), "keyring" (required), "file"."""
    backup = path.with_name(path.name + ".backup")
    stored = _read_stored(path)
    if stored is None and path.exists():
        stored = _read_stored(backup)
        if stored is None:
            raise WorkstationError(damaged, str(path))
        log.warning("%s damaged: restored from its backup", path)
        write_atomically(path, stored, mode=0o600)
    wrapped = stored is not None and is_wrapped(stored)
    vault = vault_factory() if protection != "file" or wrapped else None
    if protection == "keyring" and vault is None:
        raise KeyringUnavailable(Message(
            "Cài đặt storage.data_key_protection = \"keyring\" nhưng máy này không có kho khoá của hệ điều hành "
            "dùng được (Secret Service, Windows Credential Manager): chương trình không chạy khi khoá không "
            "được bảo vệ.",
            "storage.data_key_protection is \"keyring\" but this machine has no usable OS keyring (Secret "
            "Service, Windows Credential Manager): the program does not run with unprotected keys."))
    if vault is None and not wrapped:                    # the keys stay plain files: said once, in the log
        from workstation.storage.key_protection import say_unprotected_once
        say_unprotected_once(path.parent, by_setting=protection == "file")
    if stored is None:                                   # first start: a new secret
        secret = secrets.token_bytes(SECRET_SIZE)
        stored = _wrapped_or_kept(vault, secret, protection, path) if vault is not None else secret
        write_atomically(path, stored, mode=0o600)
    elif wrapped:
        if vault is None:
            raise KeyringUnavailable(unreachable(str(path)))
        secret = vault.unwrap(stored, str(path))
    else:
        secret = stored
        if vault is not None:                            # a secret from before the keyring: wrapped now
            stored = _wrapped_or_kept(vault, secret, protection, path)
            if stored != secret:
                write_atomically(path, stored, mode=0o600)
                log.info("%s now protected by the OS keyring (%s)", path.name, vault.name)
    if _read_stored(backup) != stored:
        write_atomically(backup, stored, mode=0o600)
    return secret


def _wrapped_or_kept(vault: KeyringVault, secret: bytes, protection: str, path: Path) -> bytes:
    """The secret wrapped by the keyring; a keyring that answers reads but refuses to store (a
    Secret Service without its "login" collection, as under a bare X session) leaves the secret a
    plain file in "auto" mode, said like any machine without a keyring, and stops the program in
    "keyring" mode with the reason in words (it crashed with a D-Bus error before)."""
    try:
        return vault.wrap(secret)
    except Exception as exc:  # noqa: BLE001 - any backend failure is the same fact: nothing stored
        if protection == "keyring":
            raise KeyringUnavailable(Message(
                f"Kho khoá của hệ điều hành ({vault.name}) không cất được khoá cho {path}: chương trình không chạy "
                "khi khoá không được bảo vệ. Mở khoá kho khoá hoặc báo bộ phận kỹ thuật.",
                f"The OS keyring ({vault.name}) cannot store the key for {path}: the program does not run with "
                "unprotected keys. Unlock the keyring or call technical support."), str(exc)) from None
        log.warning("the OS keyring (%s) cannot store a key (%s): %s stays a plain file", vault.name,
                    type(exc).__name__, path.name)
        from workstation.storage.key_protection import say_unprotected_once
        say_unprotected_once(path.parent, by_setting=False)
        return secret

"""The folder store: packages as files under the centre's folder, for a small site (the default).

Write once, crash-safe, no symlink ever followed:
  * every folder below the root is opened with O_NOFOLLOW relative to its parent's descriptor,
    and created 0700; a symlink planted anywhere below the root is refused, never followed;
  * a package is written to a fresh temporary file in its final folder (O_CREAT|O_EXCL|O_NOFOLLOW,
    0600), fsynced, then hard-linked to its key. link(2) fails when the key exists, so it is the
    conditional create ("If-None-Match: *") of a filesystem: of two writers of the same package
    exactly one creates the file, the other finds it there and checks it holds the same bytes
    (content addressing: the same key means the same bytes, verified, or ObjectCorrupt). A reader
    never sees a half-written object: the key appears only once the file is complete and synced.
    The folder is fsynced after the link so the name survives a power cut.
  * every read re-checks the SHA-256 (and that the object is a regular file, not a link).

The root folder itself is named in the settings and is opened as given (an administrator may mount
a volume there); everything under it is the store's own.
"""
from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from workstation.centre.object_store.base import (
    KEY_PREFIX,
    ObjectCorrupt,
    ObjectMissing,
    ObjectRef,
    StoredObject,
    StoreHealth,
    StoreUnreachable,
    verified,
)

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | getattr(os, "O_NOATIME", 0)
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_BYTE = re.compile(r"[0-9a-f]{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


MARK = ".centre-package-store"     # in the root: this folder is a centre's store (not an empty mount point)


class FolderStore:
    kind = "folder"

    def __init__(self, root: Path | str, *, create: bool = True) -> None:
        """`create`: the centre's own folder store, made (and marked) when missing; otherwise
        (a disk or share mounted at an absolute path) the folder must be there and carry the
        mark, so an empty mount point whose share did not mount is refused, not filled."""
        self.root = Path(root)
        self.mounted = not create
        if create and not self.root.exists():
            try:
                self.root.mkdir(mode=0o700, parents=True)
            except OSError as exc:
                raise StoreUnreachable(str(self.root), f"cannot create the folder: {exc}") from exc
        if create:
            try:
                (self.root / MARK).touch(mode=0o600, exist_ok=True)   # so it may be mounted elsewhere later
            except OSError:
                pass                                                   # health() says what is wrong

    # --- the contract ----------------------------------------------------------------------------

    def put(self, data: bytes) -> ObjectRef:
        ref = ObjectRef.of(data)
        parts = ref.key.split("/")
        folder = self._open_folders(parts[:-1], create=True)
        try:
            if self._present(folder, parts[-1]):
                self._read_verified(folder, parts[-1], ref)      # same bytes: idempotent success
                return ref
            self._write_once(folder, parts[-1], data, ref)
        finally:
            os.close(folder)
        return ref

    def get(self, ref: ObjectRef) -> bytes:
        parts = ref.key.split("/")
        try:
            folder = self._open_folders(parts[:-1], create=False)
        except FileNotFoundError:
            raise ObjectMissing(ref, str(self.root)) from None
        try:
            return self._read_verified(folder, parts[-1], ref)
        finally:
            os.close(folder)

    def exists(self, ref: ObjectRef) -> bool:
        parts = ref.key.split("/")
        try:
            folder = self._open_folders(parts[:-1], create=False)
        except FileNotFoundError:
            return False
        try:
            return self._present(folder, parts[-1])
        finally:
            os.close(folder)

    def health(self) -> StoreHealth:
        """Really creates and removes a file at the root (root may write anywhere, so asking
        access(2) would prove nothing) and wants at least 64 MB free."""
        try:
            fd = self._open_root()
            probe = f".health-{secrets.token_hex(8)}"
            try:
                os.close(os.open(probe, _TEMP_FLAGS, 0o600, dir_fd=fd))
                os.unlink(probe, dir_fd=fd)
                vfs = os.statvfs(fd)
            except OSError as exc:
                raise StoreUnreachable(str(self.root), f"cannot write in the folder: {exc.strerror}") from exc
            finally:
                os.close(fd)
            if vfs.f_bavail * vfs.f_frsize < 64 * 1024 * 1024:
                raise StoreUnreachable(str(self.root), f"only {vfs.f_bavail * vfs.f_frsize} bytes free")
        except StoreUnreachable as exc:
            return StoreHealth(self.kind, str(self.root), exc)
        return StoreHealth(self.kind, str(self.root))

    def listing(self) -> Iterator[StoredObject]:
        """packages/ab/cd/<sha256>, each level sorted and opened without following a link; only
        regular files under well-formed names are objects (a temporary file of a write in
        progress, a stray file or a link is not listed, so never swept)."""
        try:
            top = self._open_folders([KEY_PREFIX], create=False)
        except FileNotFoundError:
            return                                                 # nothing was ever stored
        try:
            for first in self._names(top, _BYTE):
                level1 = self._child(top, first)
                try:
                    for second in self._names(level1, _BYTE):
                        level2 = self._child(level1, second)
                        try:
                            for name in self._names(level2, _SHA256):
                                if not name.startswith(first + second):
                                    continue
                                info = self._lstat(level2, name)
                                if info is not None and stat.S_ISREG(info.st_mode):
                                    yield StoredObject(name, info.st_size,
                                                       datetime.fromtimestamp(info.st_mtime, UTC))
                        finally:
                            os.close(level2)
                finally:
                    os.close(level1)
        finally:
            os.close(top)

    def delete(self, sha256: str) -> None:
        parts = ObjectRef(sha256, 0).key.split("/")
        try:
            folder = self._open_folders(parts[:-1], create=False)
        except FileNotFoundError:
            return
        try:
            os.unlink(parts[-1], dir_fd=folder)
            os.fsync(folder)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreUnreachable(str(self.root), f"cannot remove an object: {exc.strerror}") from exc
        finally:
            os.close(folder)

    # --- the mechanics ---------------------------------------------------------------------------

    def _names(self, folder: int, shape: re.Pattern[str]) -> list[str]:
        try:
            return sorted(n for n in os.listdir(folder) if shape.fullmatch(n))
        except OSError as exc:
            raise StoreUnreachable(str(self.root), f"cannot list a folder: {exc.strerror}") from exc

    def _child(self, folder: int, name: str) -> int:
        try:
            return os.open(name, _DIR_FLAGS, dir_fd=folder)
        except OSError as exc:
            raise StoreUnreachable(str(self.root), f"'{name}' under the folder cannot be opened as a folder "
                                   f"({exc.strerror}): refused") from exc

    def _lstat(self, folder: int, name: str) -> os.stat_result | None:
        try:
            return os.stat(name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            return None                                            # removed while listing
        except OSError as exc:
            raise StoreUnreachable(str(self.root), f"cannot look at an object: {exc.strerror}") from exc


    def _open_root(self) -> int:
        """The root, opened, once it shows its mark: every read and write goes through here, so a
        share that comes unmounted while the server runs is unreachable at the next package, never
        an empty folder that quietly takes packages nobody else sees."""
        try:
            fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            raise StoreUnreachable(str(self.root), f"cannot open the folder: {exc.strerror}") from exc
        try:
            if self.mounted:
                os.stat(MARK, dir_fd=fd, follow_symlinks=False)
        except OSError:
            os.close(fd)
            raise StoreUnreachable(str(self.root), f"the folder has no store mark {MARK}: not mounted? (if it is the "
                                                   f"centre's package store, create the file {MARK} in it)") from None
        return fd

    def _open_folders(self, names: list[str], *, create: bool) -> int:
        """A descriptor of root/names..., each level opened without following a symlink.
        FileNotFoundError when a level is missing and create is False."""
        fd = self._open_root()
        try:
            for name in names:
                try:
                    child = os.open(name, _DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        raise
                    try:
                        os.mkdir(name, 0o700, dir_fd=fd)
                    except FileExistsError:
                        pass                                       # another writer made it first
                    child = os.open(name, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = child
        except FileNotFoundError:
            os.close(fd)
            raise
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise StoreUnreachable(str(self.root), f"'{name}' under the folder is not a folder "
                                       f"(a symlink or a file): refused") from exc
            raise StoreUnreachable(str(self.root), f"cannot open '{name}': {exc.strerror}") from exc
        return fd

    def _present(self, folder: int, name: str) -> bool:
        try:
            os.stat(name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise StoreUnreachable(str(self.root), f"cannot look at an object: {exc.strerror}") from exc
        return True

    def _read_verified(self, folder: int, name: str, ref: ObjectRef) -> bytes:
        try:
            fd = os.open(name, _READ_FLAGS, dir_fd=folder)
        except FileNotFoundError:
            raise ObjectMissing(ref, str(self.root)) from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:                           # a symlink where an object should be
                raise ObjectCorrupt(ref, str(self.root), "the object is a symlink: not followed") from exc
            raise StoreUnreachable(str(self.root), f"cannot read an object: {exc.strerror}") from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ObjectCorrupt(ref, str(self.root), "the object is not a regular file")
            if info.st_size != ref.size:                           # cheap first check, no read needed
                raise ObjectCorrupt(ref, str(self.root), f"{info.st_size} bytes instead of {ref.size}")
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
        except OSError as exc:
            raise StoreUnreachable(str(self.root), f"cannot read an object: {exc.strerror}") from exc
        finally:
            os.close(fd)
        return verified(ref, b"".join(chunks), str(self.root))

    def _write_once(self, folder: int, name: str, data: bytes, ref: ObjectRef) -> None:
        temp = f".tmp-{secrets.token_hex(8)}"
        try:
            fd = os.open(temp, _TEMP_FLAGS, 0o600, dir_fd=folder)
            try:
                os.fchmod(fd, 0o600)                               # whatever the umask says
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(temp, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
            except FileExistsError:
                # another writer created it between our look and our link: it must hold our bytes
                self._read_verified(folder, name, ref)
            os.fsync(folder)
        except OSError as exc:
            raise StoreUnreachable(str(self.root), f"cannot write an object: {exc.strerror}") from exc
        finally:
            try:
                os.unlink(temp, dir_fd=folder)
            except OSError:
                pass

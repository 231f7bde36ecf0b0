"""A full disk, said in the officer's words, and checked before work starts.

Every write of the workstation (a capture into the database, the sealed package, an export to a
stick, settings, keys) can meet a full disk. Underneath it is ENOSPC (or a quota, EDQUOT) from the
operating system, or SQLite's SQLITE_FULL ("database or disk is full") or PostgreSQL's class 53
(insufficient resources) through SQLAlchemy. `write_error` turns any of them into one
WorkstationError naming the folder, and says that what was already captured is kept: each capture
is its own transaction, and a failed one rolls back whole.

`space_check` runs before a new enrollment starts: below `warn_mb` the status bar turns amber,
below `refuse_mb` no new enrollment starts (a citizen would be half enrolled when the disk fills).
"""
from __future__ import annotations

import errno
import shutil
from dataclasses import dataclass
from pathlib import Path

from workstation.errors import WorkstationError
from workstation.messages import Message

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
OK, LOW, TOO_LOW = "ok", "low", "too_low"


class DiskFullError(WorkstationError):
    def __init__(self, folder: Path | str, detail: str = "") -> None:
        super().__init__(Message(
            f"Ổ đĩa đã đầy: không ghi được vào {folder}. Hãy giải phóng dung lượng (hoặc dùng USB khác) rồi thử "
            "lại; những gì đã thu nhận vẫn được giữ.",
            f"The disk is full: nothing more can be written to {folder}. Free some space (or use another stick) "
            "and try again; what was already captured is kept."), detail)
        self.folder = Path(folder)


class WriteFailedError(WorkstationError):
    def __init__(self, folder: Path | str, detail: str) -> None:
        super().__init__(Message(
            f"Không ghi được vào {folder} ({detail}). Kiểm tra ổ đĩa hoặc USB rồi thử lại; những gì đã thu nhận "
            "vẫn được giữ.",
            f"Cannot write to {folder} ({detail}). Check the disk or stick and try again; what was already "
            "captured is kept."), detail)
        self.folder = Path(folder)


class ReadOnlyError(WorkstationError):
    def __init__(self, folder: Path | str, detail: str = "") -> None:
        super().__init__(Message(
            f"Thư mục {folder} chỉ cho đọc (ổ đĩa hoặc thư mục bị đặt chế độ chỉ đọc): không ghi được gì vào đó. "
            "Báo bộ phận kỹ thuật kiểm tra ổ đĩa (có thể ổ đĩa bị lỗi và hệ điều hành đã khoá ghi); dữ liệu đã có "
            "vẫn còn nguyên.",
            f"The folder {folder} is read-only (the disk or folder is mounted or set read-only): nothing can be "
            "written there. Call technical support to check the disk (the system may have locked a failing disk "
            "against writing); the data already there is intact."), detail)
        self.folder = Path(folder)


def is_read_only(exc: BaseException) -> bool:
    """EROFS, or SQLite's "attempt to write a readonly database", anywhere in the exception's chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno == errno.EROFS:
            return True
        text = str(current).lower()
        if "readonly database" in text or "read-only file system" in text:
            return True
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC/EDQUOT/EFBIG, SQLITE_FULL, or PostgreSQL's disk-full (SQLSTATE 53100), anywhere in the
    exception's chain (SQLAlchemy wraps the driver's error in `.orig`)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _FULL_ERRNOS:
            return True
        text = str(current).lower()
        if "database or disk is full" in text or "no space left on device" in text or "disk full" in text:
            return True
        if getattr(current, "sqlstate", None) == "53100" or getattr(current, "pgcode", None) == "53100":
            return True
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False


def write_error(exc: BaseException, folder: Path | str) -> WorkstationError:
    """The officer's error for a failed write into `folder`."""
    if isinstance(exc, WorkstationError):
        return exc
    if is_disk_full(exc):
        return DiskFullError(folder, str(exc))
    if is_read_only(exc):
        return ReadOnlyError(folder, str(exc).splitlines()[0] if str(exc) else "read-only")
    if isinstance(exc, OSError):
        return WriteFailedError(folder, exc.strerror or str(exc))
    return WriteFailedError(folder, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


@dataclass(frozen=True)
class SpaceCheck:
    folder: Path
    free_bytes: int
    level: str                  # OK, LOW, TOO_LOW

    @property
    def free_mb(self) -> int:
        return self.free_bytes // (1024 * 1024)

    def message(self) -> Message:
        vi, en = _megabytes(self.free_bytes, ","), _megabytes(self.free_bytes, ".")
        if self.level == TOO_LOW:
            return Message(f"Ổ đĩa gần đầy (còn {vi}): không bắt đầu hồ sơ mới. Hãy đồng bộ hoặc xuất hồ sơ ra "
                           "USB, rồi giải phóng dung lượng.",
                           f"The disk is nearly full ({en} left): no new enrollment can start. Sync or export the "
                           "packages, then free some space.")
        if self.level == LOW:
            return Message(f"Ổ đĩa sắp đầy (còn {vi}).", f"The disk is getting full ({en} left).")
        return Message(f"Ổ đĩa còn {vi}.", f"{en} free on the disk.")


def _megabytes(count: int, decimal: str) -> str:
    """"78,0 GB" in Vietnamese, "78.0 GB" in English; whole megabytes below a gigabyte."""
    mb = count / (1024 * 1024)
    return f"{mb / 1024:.1f} GB".replace(".", decimal) if mb >= 1024 else f"{mb:.0f} MB"


def space_check(folder: Path, warn_mb: float, refuse_mb: float) -> SpaceCheck:
    """Free space where the database and drafts live. An unreadable folder counts as too low:
    a check that could not be made is not a pass."""
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return SpaceCheck(folder, 0, TOO_LOW)
    level = TOO_LOW if free < refuse_mb * 1024 * 1024 else LOW if free < warn_mb * 1024 * 1024 else OK
    return SpaceCheck(folder, free, level)


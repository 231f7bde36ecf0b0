"""The USB sticks plugged into this machine, for the export chooser to start on: a mobile team
exports to a stick, and a dialog that opens in the program's folder invites a wrong place.

Linux: the mounted filesystems (/proc/self/mounts) whose block device is removable
(/sys/block/<disk>/removable = 1), or that the desktop mounted under /media or /run/media.
Windows: drives of type "removable" (GetDriveTypeW = DRIVE_REMOVABLE).
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

_SYS_BLOCK = Path("/sys/block")


@dataclass(frozen=True)
class Removable:
    path: Path
    label: str          # the folder's name (the volume label the desktop mounted it under)
    free_bytes: int


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def _disk_removable(device: str, sys_block: Path) -> bool:
    name = Path(device).name                                  # sdb1 → sdb, mmcblk0p1 → mmcblk0
    disk = re.sub(r"(?<=\d)p\d+$", "", name) if name.startswith(("mmcblk", "nvme")) else re.sub(r"\d+$", "", name)
    try:
        return (sys_block / disk / "removable").read_text().strip() == "1"
    except OSError:
        return False


def parse_mounts(text: str, sys_block: Path = _SYS_BLOCK) -> list[Path]:
    """The mount points in a /proc/mounts text that are removable media."""
    found: list[Path] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3 or not fields[0].startswith("/dev/"):
            continue
        device, mount = fields[0], Path(_unescape(fields[1]))
        under_media = mount.parts[1:2] == ("media",) or mount.parts[1:3] == ("run", "media")
        if (under_media or _disk_removable(device, sys_block)) and mount not in found:
            found.append(mount)
    return found


def removable_drives() -> list[Removable]:
    if sys.platform.startswith("win"):
        paths = _windows_removable()
    else:
        try:
            paths = parse_mounts(Path("/proc/self/mounts").read_text())
        except OSError:
            paths = []
    drives = []
    for path in paths:
        try:
            stat = os.statvfs(path) if hasattr(os, "statvfs") else None
            free = stat.f_bavail * stat.f_frsize if stat else 0
        except OSError:
            continue                                          # gone since it was listed
        drives.append(Removable(path, path.name or str(path), free))
    return drives


def _windows_removable() -> list[Path]:  # pragma: no cover - Windows only
    import ctypes
    import string

    drive_removable = 2
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return [Path(f"{letter}:\\") for letter in string.ascii_uppercase
            if kernel32.GetDriveTypeW(f"{letter}:\\") == drive_removable]

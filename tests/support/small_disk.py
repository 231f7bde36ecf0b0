"""A real, small filesystem for full-disk tests: a tmpfs of a given size, mounted by the test
itself (as root, which CI and these machines are; otherwise the tests are skipped, saying why).

ENOSPC then comes from the kernel, SQLITE_FULL from SQLite, exactly as on a laptop whose disk
filled up: nothing is simulated by patching.
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def can_mount() -> str:
    """"" when a tmpfs can be mounted here, else why not."""
    if os.name != "posix" or os.geteuid() != 0:
        return "mounting a small tmpfs needs root"
    if shutil.which("mount") is None:
        return "no mount command"
    return ""


@contextmanager
def small_disk(where: Path, size_kb: int) -> Iterator[Path]:
    reason = can_mount()
    if reason:
        pytest.skip(reason)
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path, leave_bytes: int = 0) -> Path:
    """Write a filler file until the filesystem is full (then give back `leave_bytes`)."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as out:
        block = b"\0" * 4096
        try:
            while True:
                out.write(block)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    if leave_bytes:
        size = filler.stat().st_size
        os.truncate(filler, max(0, size - leave_bytes))
    return filler


def remount_read_only(where: Path) -> None:
    """The mounted small disk becomes read-only (EROFS from the kernel, as a disk the system locked
    after errors)."""
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True, capture_output=True)

"""Writing a file so that a crash, a power cut or a pulled USB stick leaves either the old file or
the new one, never half of one: write beside it, fsync, then rename over it."""
from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Raises OSError (disk full, stick pulled out), leaving no .part file behind; the caller says
    it in the officer's words (disk_space.write_error).
    `mode` (0o600 for keys) applies from the first byte, not after the fact."""
    partial = path.with_name(path.name + ".part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(partial, flags, 0o666 if mode is None else mode)
    try:
        with os.fdopen(fd, "wb") as out:
            if mode is not None and os.name == "posix":
                os.fchmod(out.fileno(), mode)      # an old .part left by a crash keeps its mode otherwise
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)            # a full disk leaves the old file, and no half of a new one
        raise
    if os.name == "posix":                         # the rename itself survives a power cut only so
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

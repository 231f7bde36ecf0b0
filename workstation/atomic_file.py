"""Writing a file so that a crash, a power cut or a pulled USB stick leaves either the old file or
the new one, never half of one: write beside it, fsync, then rename over it."""
from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Raises OSError (disk full, stick pulled out); the caller says it in the officer's words."""
    partial = path.with_name(path.name + ".part")
    with open(partial, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)

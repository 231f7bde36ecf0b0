"""Portraits for testers who pass none: `workstation --simulate enroll --out DIR` works out of the box.

They are the test images of the face_recognition 1.3.0 source package on PyPI (official portraits
of public figures, public-domain works of the US government; the package is MIT-licensed), which
scripts/setup.sh puts in `<venv>/share/workstation/portraits` for both README commands: nothing is
fetched at run time, and no photograph of a real person is in the repository.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

PORTRAIT, OTHER = "obama.jpg", "biden.jpg"


def portraits_dir() -> Path:
    """WORKSTATION_PORTRAITS, else the environment's share/workstation/portraits."""
    configured = os.environ.get("WORKSTATION_PORTRAITS")
    return Path(configured) if configured else Path(sys.prefix) / "share" / "workstation" / "portraits"


def default_portrait() -> Path | None:
    path = portraits_dir() / PORTRAIT
    return path if path.is_file() else None


def default_other() -> Path | None:
    path = portraits_dir() / OTHER
    return path if path.is_file() else None

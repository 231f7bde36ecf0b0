"""Which build of the workstation is running: one Qt-free function for the CLI, the About box and
the receipt.

The version comes from the git tag (setuptools-scm writes it into workstation/_version.py whenever
the package is built or installed, including an editable install and the bundle build). Where that
file is missing (a source tree never installed), the installed metadata answers; where neither
exists, an explicit "unknown" rather than a plausible-looking wrong number.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

UNKNOWN = "0+unknown"


@lru_cache(maxsize=1)
def software_version() -> str:
    """The version string of this build, e.g. '0.1.0' on a tag, '0.1.dev164+g984384d' between tags."""
    try:
        stamped = getattr(import_module("workstation._version"), "version", None)  # written at build time, not in git
    except ImportError:
        stamped = None
    if isinstance(stamped, str) and stamped:
        return stamped
    try:
        return version("workstation")
    except PackageNotFoundError:
        return UNKNOWN

"""PyInstaller runtime hook: PyGObject from the system, for the libfprint fingerprint driver.

PyGObject is not on PyPI in a form that bundles libfprint's introspection data; on Debian it is
python3-gi, built for the system's Python 3.11 (the bundle's interpreter has the same ABI). Only the
top-level package `gi` is looked up in the system's dist-packages, nothing else of the system's
Python: the bundle keeps its own versions of everything. Where python3-gi is missing the driver
lists itself as unavailable, with the reason, as it does from a source checkout.
"""
import importlib.machinery
import sys

_SYSTEM_DIST = "/usr/lib/python3/dist-packages"


class _SystemGiFinder:
    @classmethod
    def find_spec(cls, name, path=None, target=None):  # noqa: ANN001, ANN206
        if name != "gi":
            return None
        return importlib.machinery.PathFinder.find_spec(name, [_SYSTEM_DIST])


if sys.platform.startswith("linux"):
    sys.meta_path.append(_SystemGiFinder)

"""Level-2 electronic identity enrollment workstation (VNeID, Đề án 06)."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("workstation")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

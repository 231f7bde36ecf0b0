"""Level-2 electronic identity enrollment workstation (VNeID, Đề án 06)."""
from workstation.version import software_version

__version__ = software_version()

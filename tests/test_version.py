"""One version, from the git tag, everywhere a person or a support call looks: the command line,
the About box (ui/main_window.py reads workstation.__version__), the receipt."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from packaging.version import Version

import workstation
from workstation.core.receipt import Receipt, receipt_html
from workstation.version import UNKNOWN, software_version

WORKSTATION = Path(sys.executable).with_name("workstation")


def test_the_version_is_a_real_pep440_version_stamped_from_git() -> None:
    """Stamped at install time (a checkout says the version of its last install; the bundle build
    always stamps again), so only its form is checked here, not that it names HEAD."""
    version = software_version()
    Version(version)                                     # raises on anything else
    assert version == workstation.__version__
    assert version not in {"0.0", UNKNOWN}, "the install did not stamp the version (pip install -e . again)"
    if "+g" in version:                                  # between tags: the commit it was built from
        commit = version.split("+g", 1)[1].split(".", 1)[0]
        assert re.fullmatch(r"[0-9a-f]{7,40}", commit)


def test_the_command_line_says_the_version() -> None:
    out = subprocess.run([str(WORKSTATION), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"workstation {software_version()}"


def test_the_receipt_names_the_software_that_printed_it() -> None:
    receipt = Receipt(reference="L2-AAAA-BBBB-CC", package_id="00000000-0000-4000-8000-000000000000",
                      full_name="Nguyễn Văn A", masked_id="001******345",
                      captured_at=datetime(2026, 12, 4, 9, 30).astimezone(), unit="Công an xã", commune="",
                      officer="can_bo_1")
    assert receipt.software == software_version()
    assert f"Phần mềm: workstation {software_version()}" in receipt_html(receipt)

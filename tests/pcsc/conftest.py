"""A real PC/SC stack for the tests: pcscd with vsmartcard's virtual reader, started here.

pcscd's socket is fixed (/run/pcscd/pcscd.comm), so one pcscd serves the machine: a running one
is reused, otherwise the tests start it and stop it at the end.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
SOCKET = Path("/run/pcscd/pcscd.comm")
READER = "Virtual PCD 00 00"


def _readers() -> list[str]:
    from smartcard.pcsc.PCSCExceptions import EstablishContextException
    from smartcard.System import readers

    try:
        return [str(r) for r in readers()]
    except EstablishContextException:
        return []


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if shutil.which("pcscd") is None or not VPCD_DRIVER.exists():
        pytest.skip("pcscd or vsmartcard-vpcd is not installed (./test.sh installs them)")
    if READER in _readers():
        yield READER
        return
    if os.geteuid() != 0 and not os.access(SOCKET.parent if SOCKET.parent.exists() else Path("/run"), os.W_OK):
        pytest.skip("starting pcscd needs root or a writable /run/pcscd")
    log = tmp_path_factory.mktemp("pcscd") / "pcscd.log"
    with log.open("wb") as out:
        process = subprocess.Popen(["pcscd", "--foreground", "--error"], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while READER not in _readers():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"pcscd did not offer {READER}: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)
        yield READER
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()

"""Starting pcscd with vsmartcard's virtual reader, for the tests, the benchmarks and testers.

pcscd's socket is fixed (/run/pcscd/pcscd.comm), so one pcscd serves the machine: a running one
that offers the virtual reader is reused; otherwise one is started and `stop()` ends it.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from workstation.errors import WorkstationError

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
READER = "Virtual PCD 00 00"


def reader_names() -> list[str]:
    from smartcard.pcsc.PCSCExceptions import EstablishContextException
    from smartcard.System import readers

    try:
        return [str(r) for r in readers()]
    except EstablishContextException:
        return []


def missing_requirements() -> str | None:
    if shutil.which("pcscd") is None or not VPCD_DRIVER.exists():
        return "pcscd or vsmartcard-vpcd is not installed (./test.sh installs them)"
    run = Path("/run/pcscd")
    if os.geteuid() != 0 and not os.access(run if run.exists() else Path("/run"), os.W_OK):
        return "starting pcscd needs root or a writable /run/pcscd"
    return None


@dataclass
class VirtualReaderService:
    reader: str
    process: subprocess.Popen | None = None   # None: someone else's pcscd

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def ensure_virtual_reader(log: Path | None = None, timeout: float = 10.0) -> VirtualReaderService:
    if READER in reader_names():
        return VirtualReaderService(READER)
    problem = missing_requirements()
    if problem:
        raise WorkstationError(problem)
    out = log.open("wb") if log else subprocess.DEVNULL
    try:
        process = subprocess.Popen(["pcscd", "--foreground", "--error"], stdout=out, stderr=subprocess.STDOUT)
    finally:
        if log:
            out.close()   # the child has its own copy
    deadline = time.monotonic() + timeout
    while READER not in reader_names():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            tail = log.read_text(errors="replace")[-2000:] if log else ""
            raise WorkstationError(f"pcscd did not offer {READER} {tail}".strip())
        time.sleep(0.05)
    return VirtualReaderService(READER, process)

"""Start pcscd with the virtual reader for a benchmark, unless one already runs."""
from __future__ import annotations

import atexit
import signal
import subprocess
import time

READER = "Virtual PCD 00 00"


def readers() -> list[str]:
    from smartcard.pcsc.PCSCExceptions import EstablishContextException
    from smartcard.System import readers as list_readers

    try:
        return [str(r) for r in list_readers()]
    except EstablishContextException:
        return []


def ensure_pcscd() -> str:
    if READER in readers():
        return READER
    process = subprocess.Popen(["pcscd", "--foreground", "--error"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)

    def stop() -> None:
        process.send_signal(signal.SIGTERM)
        process.wait(5)
    atexit.register(stop)
    deadline = time.monotonic() + 10
    while READER not in readers():
        if time.monotonic() > deadline:
            raise RuntimeError("pcscd did not start with the vpcd reader")
        time.sleep(0.05)
    return READER

"""Servers the tests start as subprocesses (the centre, its console): waiting until one listens."""
from __future__ import annotations

import socket
import subprocess
import time

import pytest


def wait_until_listening(process: subprocess.Popen[str], port: int, what: str, seconds: float = 30) -> None:
    """Until the server started as `process` accepts connections on 127.0.0.1:`port`; one that exits
    or does not listen in time fails the test with what it printed."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                printed = process.stdout.read() if process.poll() is not None and process.stdout else ""
                pytest.fail(f"{what} did not start: {printed}")
            time.sleep(0.2)

"""`centre serve --workers N` hands the passphrase to its worker processes over a pipe, never
through their environment (issue 22, "Scale": another user on the machine can read a process's
environment through /proc while it lives; the pipe is read once and gone)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.postgres import free_port, new_database
from tests.support.processes import wait_until_listening
from workstation.centre.authority import init_centre
from workstation.centre.registry import Registry
from workstation.centre.settings import CentreSettings

from .conftest import PASSPHRASE


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.timeout(120)
def test_the_workers_environment_holds_no_passphrase(tmp_path: Path, postgres: str) -> None:
    db = new_database(postgres, "workers_env")
    folder = tmp_path / "centre"
    init_centre(folder, PASSPHRASE, settings=CentreSettings(db))
    Registry.open(db).close()
    port = free_port()
    env = dict(os.environ, WORKSTATION_CENTRE_PASSPHRASE=PASSPHRASE.decode())   # as an administrator might
    process = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "serve", "--dir", str(folder),
                                "--listen", f"127.0.0.1:{port}", "--workers", "2"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_listening(process, port, "the centre")
        deadline = time.monotonic() + 30
        while not _children(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        children = _children(process.pid)
        assert children, "the second worker process did not start"
        for child in children:
            environment = Path(f"/proc/{child}/environ").read_bytes()
            assert b"WORKSTATION_CENTRE_PASSPHRASE" not in environment
            assert PASSPHRASE not in environment
            assert PASSPHRASE not in Path(f"/proc/{child}/cmdline").read_bytes()
    finally:
        process.terminate()
        process.wait(15)

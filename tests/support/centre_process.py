"""`workstation centre serve` for real, in a subprocess (mutual TLS with the centre CA's
certificates), on the centre's own SQLite or a PostgreSQL URL; and a registry to issue tokens."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.postgres import free_port
from tests.support.processes import wait_until_listening
from workstation.centre.authority import Centre, init_centre
from workstation.centre.registry import Registry, default_url

PASSPHRASE = b"correct horse battery staple"


@dataclass
class RunningCentre:
    url: str
    port: int
    centre: Centre
    registry: Registry
    folder: Path
    db: str

    def token(self, commune: str = "00001") -> str:
        from workstation.centre.onboarding import issue_token

        return issue_token(self.registry, self.centre, commune, "Công an xã thử nghiệm")


@contextlib.contextmanager
def running_centre(folder: Path, db: str | None = None) -> Iterator[RunningCentre]:
    centre = init_centre(folder, PASSPHRASE)
    db = db or default_url(folder)
    registry = Registry.open(db)
    port = free_port()
    env = dict(os.environ, WORKSTATION_CENTRE_PASSPHRASE=PASSPHRASE.decode())
    process = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "serve", "--dir", str(folder),
                                "--db", db, "--listen", f"127.0.0.1:{port}", "--workers", "1"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_listening(process, port, "the centre")
        yield RunningCentre(f"https://127.0.0.1:{port}", port, centre, registry, folder, db)
    finally:
        process.terminate()
        process.wait(15)
        registry.close()

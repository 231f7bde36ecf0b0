"""The intake server's memory per connection: `workstation centre serve` (one worker, SQLite) with
200 idle TLS connections without a certificate open, then 8 connections each half way through
uploading a ~480 KB package. Reports the server's resident memory at rest, per idle connection and
per uploading connection (kB, from /proc/PID/status VmRSS, measured once on the fresh server); the
time is that of opening 200 silent TCP connections and uploading one package past them.

    .venv/bin/python -m bench centre.connections
"""
from __future__ import annotations

import atexit
import contextlib
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.harness import benchmark

IDLE = 200
UPLOADING = 8
PASSPHRASE = b"bench centre passphrase"
_stack = contextlib.ExitStack()
atexit.register(_stack.close)


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _setup():  # noqa: ANN202
    from tests.support.postgres import free_port
    from workstation.centre.authority import init_centre
    from workstation.centre.onboarding import issue_token
    from workstation.centre.registry import Registry, default_url
    from workstation.core import centre_client
    from workstation.core.package.keys import load_or_create_identity
    from workstation.core.package.seal import Capture, PackageContents, seal

    folder = Path(tempfile.mkdtemp(prefix="bench-conn-"))
    centre = init_centre(folder / "centre", PASSPHRASE)
    registry = Registry.open(default_url(folder / "centre"))
    port = free_port()
    env = dict(os.environ, WORKSTATION_CENTRE_PASSPHRASE=PASSPHRASE.decode())
    server = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "serve", "--dir", str(folder / "centre"),
                               "--listen", f"127.0.0.1:{port}", "--header-timeout", "60"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _stack.callback(lambda: (server.terminate(), server.wait(15)))
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("the centre did not start") from None
            time.sleep(0.2)
    keys = folder / "ws"
    identity = load_or_create_identity(keys, str(uuid.uuid4()))
    link = centre_client.register(f"https://127.0.0.1:{port}", issue_token(registry, centre, "00001", "ws"),
                                  identity, keys)
    context = centre_client.client_context(link, identity)
    anonymous = ssl.create_default_context(cafile=str(folder / "centre" / "centre-ca.pem"))

    def package() -> tuple[str, bytes]:
        from datetime import UTC, datetime

        at = datetime.now(UTC)
        contents = PackageContents(
            workstation_id=identity.workstation_id, officer_id="bench", simulated=False,
            citizen={"id_number": f"0{uuid.uuid4().int % 10**11:011d}", "full_name": "Nguyễn Văn An",
                     "date_of_birth": "1999-01-01", "phone": "0912345678", "email": None, "consent": True},
            verification={"chip": {"verdict": "genuine"}},
            captures=[Capture("face", "face/live.jpg", os.urandom(480_000), at)])
        return contents.package_id, seal(contents, identity, centre.package_key.public_key())

    def measure() -> dict[str, object]:
        """On the fresh server (memory freed by closed connections is kept by the allocator, so
        later rounds would read near zero)."""
        time.sleep(0.5)
        at_rest = _rss_kb(server.pid)
        idle = [anonymous.wrap_socket(socket.create_connection(("127.0.0.1", port), 10), server_hostname="127.0.0.1")
                for _ in range(IDLE)]
        time.sleep(0.5)
        with_idle = _rss_kb(server.pid)
        uploading = []
        for _ in range(UPLOADING):
            package_id, data = package()
            s = context.wrap_socket(socket.create_connection(("127.0.0.1", port), 10), server_hostname="127.0.0.1")
            s.sendall(f"PUT /packages/{package_id} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(data)}\r\n"
                      "Content-Type: application/octet-stream\r\n\r\n".encode() + data[: len(data) // 2])
            uploading.append(s)
        time.sleep(0.5)
        with_uploads = _rss_kb(server.pid)
        for s in idle + uploading:
            s.close()
        return {"rss_at_rest_kb": at_rest, "kb_per_idle_connection": round((with_idle - at_rest) / IDLE, 1),
                "kb_per_uploading_connection": round((with_uploads - with_idle) / UPLOADING, 1),
                "idle": IDLE, "uploading": UPLOADING}

    memory = measure()

    def run() -> dict[str, object]:
        idle = [socket.create_connection(("127.0.0.1", port), 10) for _ in range(IDLE)]     # never start TLS
        package_id, data = package()
        answer = centre_client.upload(link, context, package_id, data)
        for s in idle:
            s.close()
        if answer.status != "accepted":
            raise RuntimeError(f"the upload past the idle connections failed: {answer}")
        return memory

    return run


benchmark("centre.connections[200 idle, 8 uploading]", repeat=3, warmup=1,
          description="server memory per idle and per uploading connection; one upload past them")(_setup)

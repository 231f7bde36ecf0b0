"""A throw-away PostgreSQL server on the loopback, for the tests and `python -m bench centre`:
initdb in a temporary folder (as the postgres user when run as root), trust authentication,
fsync off for the tests (on for the benchmarks that compare storage: `fsync=True`), a free port;
stopped and removed afterwards."""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text


class PostgresUnavailable(RuntimeError):
    pass


def new_database(server_url: str, prefix: str) -> str:
    """A new, empty database on the session's server (a unique name: each test starts clean, and
    nothing is left from a run before); its SQLAlchemy URL with the psycopg driver."""
    import uuid

    admin_url = server_url.replace("postgresql://", "postgresql+psycopg://")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_postgres(fsync: bool = False) -> Iterator[str]:
    """Yields a URL postgresql://postgres@127.0.0.1:PORT/postgres."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        raise PostgresUnavailable("PostgreSQL is not installed (./test.sh installs it)")
    bindir = Path(bins[-1]).parent
    # not under pytest's temporary folders: they are private to root, and PostgreSQL runs as postgres
    root = Path(tempfile.mkdtemp(prefix="workstation-pg-"))
    # PostgreSQL refuses to run as root: the processes become the postgres user themselves (not
    # through runuser, which does not pass SIGINT on: the server then outlived the tests by a minute
    # and every session waited 15 s for it)
    as_user: dict[str, str] = {}
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        os.chmod(root, 0o700)
        as_user = {"user": "postgres", "group": "postgres"}
    data = root / "data"
    subprocess.run([str(bindir / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8"], check=True, capture_output=True, timeout=120, cwd=root, **as_user)
    port = free_port()
    server = subprocess.Popen([str(bindir / "postgres"), "-D", str(data), "-p", str(port),
                               "-k", str(root), "-c", "listen_addresses=127.0.0.1", "-c", f"fsync={'on' if fsync else 'off'}",
                               "-c", "max_connections=200"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=root, **as_user)
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with create_engine(url.replace("postgresql://", "postgresql+psycopg://")).connect() as conn:
                    conn.execute(text("select 1"))
                break
            except Exception:  # noqa: BLE001 - not up yet
                if server.poll() is not None or time.monotonic() > deadline:
                    raise PostgresUnavailable("PostgreSQL did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.send_signal(signal.SIGINT)   # fast shutdown
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(root, ignore_errors=True)

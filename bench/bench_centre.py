"""The centre under load: a PostgreSQL and `workstation centre serve` started here, many simulated
workstations (each onboarded over HTTPS with its own certificate) uploading ~480 KB packages over
mutual TLS, every intake check on. Reports packages/s, p50/p99 latency, server CPU per package split
into verification, database and the rest (TLS and HTTP), for one worker and for two, with the
packages in the default folder store and in S3 (a SeaweedFS started here, `[storage] kind = "s3"`);
and two nodes: two `centre serve` processes, each on its own copy of the centre's folder (the same
keys, as two machines restored from one `centre backup`) and its own port, sharing the one
PostgreSQL and SeaweedFS, the workstations spread over both (`centre.upload[s3, 2 nodes]`).

    .venv/bin/python -m bench centre.upload            # all five
    .venv/bin/python -m bench "centre.upload[s3"       # S3 only
"""
from __future__ import annotations

import atexit
import contextlib
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import benchmark

WORKSTATIONS = 8
BATCH = 96                    # packages per timed run (12 per workstation)
WARMUP = 2                    # untimed runs first; packages/s is 96 / the median timed run, p50/p99 over all
PACKAGE_BYTES = 480_000
PASSPHRASE = b"bench centre passphrase"
_stack = contextlib.ExitStack()
atexit.register(_stack.close)
_store_pids: list[int] = []           # the SeaweedFS of the latest S3 set-up (its CPU is counted apart)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _postgres_pids() -> list[int]:
    """This benchmark's PostgreSQL processes (the postmaster and its backends, all below us)."""
    found, todo = [], [os.getpid()]
    while todo:
        for child in _children(todo.pop()):
            todo.append(child)
            with contextlib.suppress(OSError):
                if Path(f"/proc/{child}/comm").read_text().strip() == "postgres":
                    found.append(child)
    return found


def _machine_cpu_seconds() -> float:
    """Every process's CPU on this machine (other people's work included): the machine's limit."""
    user, nice, system = Path("/proc/stat").read_text().split()[1:4]
    return (int(user) + int(nice) + int(system)) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _contents(workstation_id: str, n: int):  # noqa: ANN202
    from workstation.core.package.seal import Capture, PackageContents

    at = datetime.now(UTC)
    return PackageContents(
        workstation_id=workstation_id, officer_id="bench", simulated=False,
        citizen={"id_number": f"0{uuid.uuid4().int % 10**11:011d}", "full_name": "Nguyễn Văn An",
                 "date_of_birth": "1999-01-01", "phone": "0912345678", "email": None, "consent": True},
        verification={"chip": {"verdict": "genuine"}},
        captures=[Capture("chip", "chip/dg2.bin", os.urandom(20_000), at),
                  Capture("face", "face/live.jpg", os.urandom(PACKAGE_BYTES - 60_000), at),
                  Capture("finger", "finger/right_index.fir", os.urandom(20_000), at),
                  Capture("finger", "finger/left_index.fir", os.urandom(20_000), at)])


def _storage(folder: Path, kind: str) -> dict[str, object]:
    """The [storage] table: the folder store (default), or S3 on a SeaweedFS started for the run."""
    if kind == "folder":
        return {}
    from tests.support.seaweedfs import running_seaweedfs

    seaweed = _stack.enter_context(running_seaweedfs())
    _store_pids.append(seaweed.process.pid)
    folder.mkdir(parents=True, exist_ok=True)
    credentials = seaweed.credentials_file(folder)
    return {"kind": "s3", "endpoint": seaweed.endpoint, "bucket": seaweed.bucket,
            "credentials_file": str(credentials)}


def _start_server(folder: Path, url: str, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, WORKSTATION_CENTRE_PASSPHRASE=PASSPHRASE.decode())
    server = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "serve", "--dir", str(folder),
                               "--db", url, "--listen", f"127.0.0.1:{port}", "--workers", str(workers)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _stack.callback(lambda: (server.terminate(), server.wait(15)))
    deadline = time.monotonic() + 30
    while True:
        try:
            with contextlib.closing(__import__("socket").create_connection(("127.0.0.1", port), 1)):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("the centre did not start") from None
            time.sleep(0.2)
    time.sleep(0.5 * workers)        # the other workers bind a moment later
    return server


def _setup(workers: int, storage: str = "folder", nodes: int = 1, intake_node: bool = False):  # noqa: ANN202
    from tests.support.postgres import free_port, running_postgres
    from workstation.centre.authority import init_centre
    from workstation.centre.onboarding import issue_token
    from workstation.centre.registry import Registry
    from workstation.core import centre_client
    from workstation.core.package.keys import load_or_create_identity
    from workstation.core.package.seal import seal
    from workstation.core.package.verify import verify_package

    # fsync on, as in production: the table's 480 KB of WAL per commit is flushed like the folder
    # store's file (with fsync off the table was favoured: its bytes never reached the disk)
    url = _stack.enter_context(running_postgres(fsync=True)).replace("postgresql://", "postgresql+psycopg://")
    folder = Path(tempfile.mkdtemp(prefix="bench-centre-"))
    _stack.callback(shutil.rmtree, folder, ignore_errors=True)     # after the servers have stopped
    from workstation.centre.settings import CentreSettings

    store_settings = _storage(folder / "centre", storage)
    centre = init_centre(folder / "centre", PASSPHRASE, settings=CentreSettings(url, storage=store_settings))
    registry = Registry.open(url)
    # node n: its own copy of the centre's folder (same CA and package keys, its own TLS key), one
    # after the other so the first has migrated the database before the second opens it
    for n in range(1, nodes):
        shutil.copytree(folder / "centre", folder / f"centre-node{n}")
    ports = [free_port() for _ in range(nodes)]
    servers = [_start_server(folder / ("centre" if n == 0 else f"centre-node{n}"), url, ports[n], workers)
               for n in range(nodes)]
    upload_ports = list(ports)
    if intake_node:
        # an intake node without the package key (centre intake-node): the workstations register
        # at the main centre and upload to the node, which stores unopened; a worker decides
        from workstation.centre.intake_nodes import make_intake_node

        node_port = free_port()
        make_intake_node(centre, CentreSettings(url, storage=store_settings), folder / "node",
                         ["127.0.0.1", "localhost", "::1"], PASSPHRASE, f"127.0.0.1:{node_port}")
        servers.append(_start_server(folder / "node", url, node_port, workers))
        upload_ports = [node_port]
    stations = []
    for i in range(WORKSTATIONS):
        keys = folder / f"ws{i}"
        identity = load_or_create_identity(keys, str(uuid.uuid4()))
        port = ports[i % nodes]                                    # the workstations spread over the nodes
        link = centre_client.register(f"https://127.0.0.1:{port}", issue_token(registry, centre, "00001", f"ws{i}"),
                                      identity, keys)
        port = upload_ports[i % len(upload_ports)]
        stations.append((identity, keys, link, port))
    runs = WARMUP + 3                  # warmup + repeat
    per_station = BATCH // WORKSTATIONS
    queues = [[] for _ in stations]
    for q, (identity, _keys, _link, _port) in zip(queues, stations):
        for n in range(per_station * runs):
            contents = _contents(identity.workstation_id, n)
            q.append((contents.package_id, seal(contents, identity, centre.package_key.public_key())))
    # the verification's own CPU per package, measured in process on one of them
    sample = queues[0][0][1]
    started = time.process_time()
    for _ in range(20):
        verify_package(sample, centre.package_key, registry.signer)
    verify_cpu = (time.process_time() - started) / 20
    pids = [server.pid for server in servers[-1:]] if intake_node else [server.pid for server in servers]
    opener = None
    if intake_node:
        from workstation.centre.object_store import from_settings
        from workstation.centre.worker import Worker

        opener = Worker(registry, from_settings(store_settings, folder / "centre"), centre,
                        PASSPHRASE, folder / "exports")
    calls = iter(range(1_000_000))
    timed_latencies: list[float] = []       # every timed run's (after the warm-ups): p50/p99 over all
    timed_walls: list[float] = []

    def run() -> dict[str, object]:
        latencies: list[float] = []
        lock = threading.Lock()
        all_pids = pids + [c for p in pids for c in _children(p)]
        cpu_before = sum(_cpu_seconds(p) for p in all_pids)
        store_pids = _store_pids[-1:] if storage == "s3" else []
        store_before = sum(_cpu_seconds(p) for p in store_pids)
        database_pids = _postgres_pids()
        database_before = sum(_cpu_seconds(p) for p in database_pids)
        machine_before = _machine_cpu_seconds()

        def station(index: int) -> None:
            identity, _keys, link, port = stations[index]
            context = centre_client.client_context(link, identity)
            connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=60)
            for _ in range(per_station):
                package_id, data = queues[index].pop()
                t0 = time.perf_counter()
                connection.request("PUT", f"/packages/{package_id}", body=data,
                                   headers={"Content-Type": "application/octet-stream"})
                response = connection.getresponse()
                body = response.read()
                if (response.status, b'"received"' in body or b'"accepted"' in body) not in ((200, True), (202, True)):
                    raise RuntimeError(f"upload refused: {response.status} {body[:200]!r}")
                with lock:
                    latencies.append(time.perf_counter() - t0)
            connection.close()
        started_wall = time.perf_counter()
        threads = [threading.Thread(target=station, args=(i,)) for i in range(len(stations))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started_wall
        server_cpu = (sum(_cpu_seconds(p) for p in all_pids) - cpu_before) / len(latencies)
        store_cpu = (sum(_cpu_seconds(p) for p in store_pids) - store_before) / len(latencies)
        database_cpu = (sum(_cpu_seconds(p) for p in database_pids) - database_before) / len(latencies)
        machine_cpu = (_machine_cpu_seconds() - machine_before) / len(latencies)
        opened_per_s = 0.0
        if opener is not None:           # the decrypting node's share, after the upload: this run's packages
            started_open = time.perf_counter()
            opened = opener.run(once=True)
            opened_per_s = round(opened / (time.perf_counter() - started_open), 1)
        if next(calls) >= WARMUP:
            timed_latencies.extend(latencies)
            timed_walls.append(wall)
        ordered = sorted(timed_latencies or latencies)
        return {"packages": len(latencies),
                "packages_per_s": round(len(latencies) / statistics.median(timed_walls or [wall]), 1),
                "p50_ms": round(statistics.median(ordered) * 1000, 1),
                "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000, 1),
                "latencies": len(ordered),
                "server_cpu_ms_per_package": round(server_cpu * 1000, 2),
                "verify_cpu_ms": round(verify_cpu * 1000, 2),
                "db_and_tls_cpu_ms": round((server_cpu - verify_cpu) * 1000, 2),
                "store_cpu_ms_per_package": round(store_cpu * 1000, 2),        # SeaweedFS's own
                "postgres_cpu_ms_per_package": round(database_cpu * 1000, 2),  # its backends that lived through the run
                "machine_cpu_ms_per_package": round(machine_cpu * 1000, 2),    # everything, others' work too
                "workers": workers, "nodes": nodes, "storage": storage,
                **({"intake_node": True, "opened_per_s": opened_per_s} if intake_node else {})}
    return run


for _storage_kind in ("folder", "s3"):
    for _workers in (1, 2):
        _label = f"{'' if _storage_kind == 'folder' else 's3, '}{_workers} worker{'s' if _workers > 1 else ''}"
        benchmark(f"centre.upload[{_label}]", repeat=3, warmup=WARMUP,
                  baseline=None if _workers == 1 else f"centre.upload[{'' if _storage_kind == 'folder' else 's3, '}1 worker]",
                  description=f"{BATCH} packages of ~480 KB from {WORKSTATIONS} workstations over mutual TLS, "
                              f"{_workers} intake worker(s), PostgreSQL index, packages in the "
                              f"{_storage_kind} store")(lambda w=_workers, k=_storage_kind: _setup(w, k))
benchmark("centre.upload[s3, 2 nodes]", repeat=3, warmup=WARMUP, baseline="centre.upload[s3, 1 worker]",
          description=f"{BATCH} packages of ~480 KB from {WORKSTATIONS} workstations over mutual TLS, half to each "
                      "of two centre serve processes (own folders with the same keys, own ports, 1 worker each), "
                      "one PostgreSQL index, packages in one SeaweedFS")(lambda: _setup(1, "s3", nodes=2))
for _storage_kind in ("folder", "s3"):
    _label = f"{'' if _storage_kind == 'folder' else 's3, '}intake node"
    benchmark(f"centre.upload[{_label}]", repeat=3, warmup=WARMUP,
              baseline=f"centre.upload[{'' if _storage_kind == 'folder' else 's3, '}1 worker]",
              description=f"{BATCH} packages of ~480 KB from {WORKSTATIONS} workstations over mutual TLS to an intake "
                          "node without the package key (stored unopened); opened_per_s: the worker's openings after")(
        lambda k=_storage_kind: _setup(1, k, intake_node=True))

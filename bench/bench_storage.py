"""The centre's package stores: put then get (re-verified) of ~480 KB packages, each a new object,
to the folder store (fsync per object) and to a real SeaweedFS on the loopback, from 1 and 4
threads. Reports per-operation median and p99 over all timed runs, and packages/s.

    .venv/bin/python -m bench objstore
"""
from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.harness import benchmark

PACKAGE_BYTES = 480 * 1024
BATCH = 96                      # packages per timed run
_stack = contextlib.ExitStack()
atexit.register(_stack.close)
_seaweed: list = []
_serial = itertools.count()


def _seaweedfs():  # noqa: ANN202 - one SeaweedFS for both S3 benchmarks
    if not _seaweed:
        from tests.support.seaweedfs import running_seaweedfs

        _seaweed.append(_stack.enter_context(running_seaweedfs()))
    return _seaweed[0]


def _store(kind: str):  # noqa: ANN202
    if kind == "folder":
        from workstation.centre.object_store.folder import FolderStore

        # the temporary folder, like SeaweedFS's data: both on the same disk (check it is not a tmpfs)
        root = Path(tempfile.mkdtemp(prefix="bench-store-"))
        _stack.callback(lambda: __import__("shutil").rmtree(root, ignore_errors=True))
        return FolderStore(root / "packages"), {}
    from workstation.centre.object_store.s3 import S3Store

    server = _seaweedfs()
    return (S3Store(server.endpoint, server.bucket, server.access_key, server.secret_key),
            {"seaweedfs_start_s": round(server.started_in, 2)})


def _setup(kind: str, threads: int):  # noqa: ANN202
    store, extra = _store(kind)
    base = os.urandom(PACKAGE_BYTES - 16)
    puts: list[float] = []
    gets: list[float] = []
    walls: list[float] = []
    lock = threading.Lock()

    def worker(count: int) -> None:
        mine_put, mine_get = [], []
        for _ in range(count):
            data = next(_serial).to_bytes(16, "big") + base     # a new package: a new key
            t0 = time.perf_counter()
            ref = store.put(data)
            t1 = time.perf_counter()
            if store.get(ref) != data:
                raise RuntimeError("the store returned other bytes")
            t2 = time.perf_counter()
            mine_put.append(t1 - t0)
            mine_get.append(t2 - t1)
        with lock:
            puts.extend(mine_put)
            gets.extend(mine_get)

    calls = itertools.count()

    def run() -> dict[str, object]:
        if next(calls) == 1:                                    # the warm-up run is not counted
            puts.clear(), gets.clear(), walls.clear()
        started = time.perf_counter()
        pool = [threading.Thread(target=worker, args=(BATCH // threads,)) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        walls.append(time.perf_counter() - started)
        return {"put_p50_ms": _ms(statistics.median(puts)), "put_p99_ms": _ms(_p99(puts)),
                "get_p50_ms": _ms(statistics.median(gets)), "get_p99_ms": _ms(_p99(gets)),
                "packages_per_s": round(BATCH / statistics.median(walls), 1),
                "samples": len(puts), "threads": threads, **extra}
    return run


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


for _kind, _threads in itertools.product(("folder", "s3"), (1, 4)):
    benchmark(f"objstore.{_kind}[{_threads} thread{'s' if _threads > 1 else ''}]", repeat=3, warmup=1,
              baseline=None if _threads == 1 else f"objstore.{_kind}[1 thread]",
              description=f"{BATCH} new ~480 KB packages put then get (SHA-256 re-verified), "
                          f"{_threads} thread(s), {'folder store, fsync' if _kind == 'folder' else 'SeaweedFS S3'}"
              )(lambda k=_kind, t=_threads: _setup(k, t))

"""The caps before TLS (issue 22, "about 1,100 idle unauthenticated connections stopped a
registered workstation"): the intake's own accept loop keeps at most `pre_tls_per_source`
connections per address and `pre_tls_total` in all waiting for their TLS handshake, closing the
*oldest* to make room (workstation/centre/guard.py), each closing reported. Here the guard runs
in process on a real listening socket with a real TLS context and tiny caps, so what it closes is
counted exactly (the handshake timeout is a minute: nothing else closes them)."""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path

from workstation.centre.authority import init_centre, server_tls
from workstation.centre.guard import Guard, Limits
from workstation.centre.server import tls_context

from .conftest import PASSPHRASE


def _closed(sock: socket.socket, wait: float) -> bool:
    """True when the centre closed it (recv gives b"") within `wait` seconds; a connection kept
    open just waits (nothing closes it for a minute, so a short wait says "kept" for sure)."""
    sock.settimeout(wait)
    try:
        return sock.recv(1) == b""
    except (TimeoutError, socket.timeout):
        return False
    except ConnectionResetError:
        return True


def test_the_oldest_waiting_connections_are_closed_per_address_and_in_all(tmp_path: Path) -> None:
    centre = init_centre(tmp_path / "centre", PASSPHRASE)
    cert, key = server_tls(centre, ["127.0.0.1"], PASSPHRASE)
    guard = Guard(tls_context(cert, key, PASSPHRASE, tmp_path / "centre" / "centre-ca.pem"),
                  Limits(handshake_seconds=60, header_seconds=60, pre_tls_per_source=3, pre_tls_total=5))
    guard.factory = asyncio.Protocol
    refusals: list[tuple[str, str]] = []
    guard.on_refusal = lambda source, reason, _detail: refusals.append((source, reason))
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    serving = asyncio.run_coroutine_threadsafe(guard.serve(listener), loop)

    def accepted(n: int) -> None:
        deadline = time.monotonic() + 10
        while len(refusals) + len(guard.waiting) < n and time.monotonic() < deadline:
            time.sleep(0.02)

    opened: list[socket.socket] = []
    try:
        for n in range(5):                                     # one address: only the newest 3 are kept
            opened.append(socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.2", 0)))
            accepted(n + 1)
        assert all(_closed(s, 10) for s in opened[:2]) and not any(_closed(s, 0.2) for s in opened[2:])
        for n in range(3):                                     # others: 5 waiting in all, the oldest goes
            opened.append(socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.0.{3 + n}", 0)))
            accepted(5 + n + 1)
        assert _closed(opened[2], 10) and not any(_closed(s, 0.2) for s in opened[3:])
        assert refusals == [("127.0.0.2", "connection_limit")] * 3 and len(guard.waiting) == 5
    finally:
        serving.cancel()
        asyncio.run_coroutine_threadsafe(_drain(), loop).result(10)
        for s in opened:
            s.close()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
        listener.close()


async def _drain() -> None:
    """Every task the guard left (its accept loop, the handshakes still waiting), ended."""
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

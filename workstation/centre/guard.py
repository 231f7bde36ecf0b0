"""The intake's door: accepting connections so that idle and slow ones cannot crowd out the
workstations.

asyncio's TLS server gives a connection 60 s to finish its handshake and aiohttp has no header
timeout, so a few hundred connections that never speak (or speak one byte a minute) hold the
server's sockets. Here the server accepts itself and, per connection:
  - the TLS handshake must finish within `handshake_seconds`; a failed one is reported
    (`tls_handshake`, with the source address) and closed;
  - before TLS completes, at most `pre_tls_per_source` connections per source address and
    `pre_tls_total` in all are kept: over that, the *oldest* waiting one is closed, so a newcomer
    (a workstation) always gets its handshake;
  - after TLS, a connection without a client certificate counts against
    `anonymous_per_source` (the oldest idle one goes first);
  - a connection with no request in progress for `header_seconds` (idle, or sending its headers
    slowly) is closed; a request being handled is never cut here (the body timeout does that).
"""
from __future__ import annotations

import asyncio
import logging
import resource
import socket
import ssl
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    handshake_seconds: float = 10.0
    header_seconds: float = 15.0
    pre_tls_per_source: int = 64
    pre_tls_total: int = 512
    anonymous_per_source: int = 32
    register_per_source: int = 20      # /register attempts per source address and minute (in the database)
    register_per_minute: int = 600     # /register attempts per minute from everywhere (in the database)
    upload_per_minute: int = 600       # uploads per workstation and minute, all processes (in the database)


@dataclass
class _Connection:
    source: str
    anonymous: bool
    busy: int = 0
    idle_since: float = field(default_factory=time.monotonic)
    served: int = 0


Refusal = Callable[[str, str, str], None]          # (source, reason, detail)


class Guard:
    """Owns the listening socket's accept loop; `track` is the middleware's view of it."""

    def __init__(self, context: ssl.SSLContext, limits: Limits) -> None:
        self.context, self.limits = context, limits
        self.factory: Callable[[], asyncio.Protocol] | None = None       # the HTTP server's, set before serve()
        self.on_refusal: Refusal = lambda source, reason, detail: None
        self.waiting: OrderedDict[asyncio.Task[None], str] = OrderedDict()     # handshakes, oldest first
        self.open: dict[object, _Connection] = {}                             # transport → state

    # -- the accept loop ---------------------------------------------------------------------------
    async def serve(self, sock: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        sock.setblocking(False)
        watchdog = loop.create_task(self._watch())
        try:
            while True:
                try:
                    conn, address = await loop.sock_accept(sock)
                except OSError as exc:           # out of descriptors: make room, then go on
                    log.warning("accept failed: %s", exc)
                    self._evict_waiting(None)
                    await asyncio.sleep(0.05)
                    continue
                source = str(address[0])
                self._make_room(source)
                task = loop.create_task(self._handshake(conn, source))
                self.waiting[task] = source
        finally:
            watchdog.cancel()
            for task in list(self.waiting):
                task.cancel()

    def _make_room(self, source: str) -> None:
        if sum(1 for s in self.waiting.values() if s == source) >= self.limits.pre_tls_per_source:
            self._evict_waiting(source)
        if len(self.waiting) >= self.limits.pre_tls_total:
            self._evict_waiting(None)

    def _evict_waiting(self, source: str | None) -> None:
        for task, from_source in self.waiting.items():
            if source is None or from_source == source:
                task.cancel()
                self.waiting.pop(task)
                self.on_refusal(from_source, "connection_limit", "too many connections before TLS: the oldest closed")
                return

    async def _handshake(self, conn: socket.socket, source: str) -> None:
        loop = asyncio.get_running_loop()
        me = asyncio.current_task()
        try:
            assert self.factory is not None
            transport, _protocol = await loop.connect_accepted_socket(
                self.factory, conn, ssl=self.context, ssl_handshake_timeout=self.limits.handshake_seconds)
        except asyncio.CancelledError:
            conn.close()
            return
        except (ssl.SSLError, OSError, asyncio.TimeoutError, ConnectionError) as exc:
            conn.close()
            self.on_refusal(source, "tls_handshake", f"{type(exc).__name__}: {str(exc)[:200]}")
            return
        finally:
            if me is not None:
                self.waiting.pop(me, None)
        ssl_object = transport.get_extra_info("ssl_object")
        anonymous = not (ssl_object is not None and ssl_object.getpeercert(binary_form=True))
        if anonymous:
            mine = [(t, c) for t, c in self.open.items() if c.anonymous and c.source == source]
            if len(mine) >= self.limits.anonymous_per_source:
                idle = [pair for pair in mine if pair[1].busy == 0] or mine
                oldest = min(idle, key=lambda pair: pair[1].idle_since)
                oldest[0].close()                                               # type: ignore[attr-defined]
                self.open.pop(oldest[0], None)
                self.on_refusal(source, "connection_limit", "too many connections without a certificate: the oldest closed")
        self.open[transport] = _Connection(source, anonymous)

    # -- what the middleware tells us ------------------------------------------------------------
    def started(self, transport: object) -> None:
        connection = self.open.get(transport)
        if connection is not None:
            connection.busy += 1

    def finished(self, transport: object) -> None:
        connection = self.open.get(transport)
        if connection is not None:
            connection.busy = max(0, connection.busy - 1)
            connection.served += 1
            connection.idle_since = time.monotonic()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(min(1.0, self.limits.header_seconds / 4))
            now = time.monotonic()
            for transport, connection in list(self.open.items()):
                if transport.is_closing():                                      # type: ignore[attr-defined]
                    self.open.pop(transport, None)
                elif connection.busy == 0 and now - connection.idle_since > self.limits.header_seconds:
                    self.open.pop(transport, None)
                    transport.close()                                           # type: ignore[attr-defined]
                    if connection.served == 0:
                        self.on_refusal(connection.source, "header_timeout",
                                        f"no complete request within {self.limits.header_seconds:g} s")


SSL_READ_BUFFER = 32 * 1024


def small_tls_buffers() -> None:
    """asyncio gives every TLS connection a 256 KiB read buffer, allocated (and touched) when the
    connection is accepted: 200 silent connections held 57 MB of the server (bench
    centre.connections). 32 KiB is plenty for the reads of one connection; the upload rate is
    unchanged (bench centre). A class attribute of asyncio.sslproto.SSLProtocol, set for this
    process only (the server's)."""
    import asyncio.sslproto

    asyncio.sslproto.SSLProtocol.max_size = SSL_READ_BUFFER


def raise_descriptor_limit() -> None:
    """Use the hard limit on open files: each connection is one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

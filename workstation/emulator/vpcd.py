"""Presents an emulated card in pcscd's virtual reader (vsmartcard's vpcd driver), so that the
real PC/SC path (pyscard → libpcsclite → pcscd → reader driver) carries the APDUs.

vpcd's protocol: TCP to the driver's port; each message is a 2-byte big-endian length and a
payload. A 1-byte payload is a control code (0 power off, 1 power on, 2 reset, 4 get ATR); a
longer one is a command APDU, answered with the response APDU. TCP_NODELAY and TCP_QUICKACK keep
an APDU round trip near 0.1 ms instead of the ~44 ms that delayed ACKs cost.
"""
from __future__ import annotations

import logging
import socket
import struct
import threading
import time

from workstation.devices.card_reader.base import CardRemovedError
from workstation.emulator.card import CardEmulator

log = logging.getLogger(__name__)
DEFAULT_PORT = 35963          # "Virtual PCD 00 00" in Debian's /etc/reader.conf.d/vpcd
POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data.extend(chunk)
    if hasattr(socket, "TCP_QUICKACK"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    return bytes(data)


def _send(sock: socket.socket, data: bytes) -> bool:
    """One length-prefixed vpcd message; False when pcscd has closed the connection meanwhile
    (as a failed receive already counts: the reader reconnects, the thread goes on)."""
    try:
        sock.sendall(struct.pack(">H", len(data)) + data)
    except OSError:
        return False
    return True


class VpcdBridge:
    """Runs the card in a background thread until `stop()`; reinserts after a lost field."""

    def __init__(self, card: CardEmulator, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                 reinsert_after: float = 1.0) -> None:
        self.card = card
        self.host, self.port = host, port
        self.reinsert_after = reinsert_after
        self._stop = threading.Event()
        self._sock: socket.socket | None = None
        self.connected = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"vpcd-card:{port}", daemon=True)

    def start(self, timeout: float = 5.0) -> "VpcdBridge":
        self.thread.start()
        if not self.connected.wait(timeout):
            raise ConnectionError(f"vpcd did not accept the card on {self.host}:{self.port} (is pcscd running?)")
        return self

    def stop(self) -> None:
        self._stop.set()
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.thread.join(5)

    def _connect(self) -> socket.socket | None:
        while not self._stop.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError:
                time.sleep(0.05)
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(None)
            return sock
        return None

    def _run(self) -> None:
        while not self._stop.is_set():
            sock = self._connect()
            if sock is None:
                return
            self._sock = sock
            self.connected.set()
            removed = self._serve(sock)
            sock.close()
            self._sock = None
            if removed == "gone" or self._stop.is_set():
                return
            # The card comes back to the field, but only after pcscd has seen it gone: pcscd polls
            # the reader every 0.4 s, and a card back before that poll is never seen inserted
            # again (its state stays "removed" while vpcd reports a card).
            time.sleep(self.reinsert_after)

    def _serve(self, sock: socket.socket) -> str:
        while not self._stop.is_set():
            try:
                header = _recv_exact(sock, 2)
                if header is None:
                    return "closed"
                payload = _recv_exact(sock, struct.unpack(">H", header)[0])
            except OSError:
                return "closed"
            if payload is None:
                return "closed"
            if len(payload) == 1:
                code = payload[0]
                if code in (POWER_OFF, POWER_ON, RESET):
                    self.card.reset()
                elif code == GET_ATR and not _send(sock, self.card.atr):
                    return "closed"
                continue
            try:
                response = self.card.process(payload)
            except CardRemovedError:
                return "gone" if self.card.removed else "lost"
            if not _send(sock, response):
                return "closed"
        return "closed"


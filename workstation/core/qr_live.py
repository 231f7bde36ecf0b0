"""QR decoding on the live preview without dropping frames.

The camera delivers 30 frames a second; decoding runs on its own worker thread, at most `rate`
frames a second, each frame with a time budget. The chain is long for hard frames, so successive
frames start at successive steps: over a few frames every step gets its turn while no frame costs
more than the budget. The newest frame wins: a frame offered while one is being decoded replaces
the waiting one, never queues behind it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import numpy as np

from workstation.verify.qr import QrData, QrError, parse_qr
from workstation.verify.qr_decode import CHAIN, Decoded, decode_image

log = logging.getLogger(__name__)


class LiveQrDecoder:
    def __init__(self, on_found: Callable[[QrData, Decoded], None], rate: float = 5.0, budget_ms: float = 25.0) -> None:
        self.on_found = on_found
        self.interval = 1.0 / rate
        self.budget_ms = budget_ms
        self._pending: np.ndarray | None = None
        self._lock = threading.Condition()
        self._stop = False
        self._start_step = 0
        self.decoded_frames = 0
        self.offered_frames = 0
        self.found: QrData | None = None
        self.thread = threading.Thread(target=self._run, name="qr-decoder", daemon=True)

    def start(self) -> "LiveQrDecoder":
        self.thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stop = True
            self._lock.notify()
        self.thread.join(5)

    def offer(self, frame: np.ndarray) -> None:
        """Called for every preview frame, from the camera's thread; returns at once."""
        with self._lock:
            self.offered_frames += 1
            self._pending = frame
            self._lock.notify()

    def _next_frame(self) -> np.ndarray | None:
        with self._lock:
            while self._pending is None and not self._stop:
                self._lock.wait()
            if self._stop:
                return None
            frame, self._pending = self._pending, None
            return frame

    def _run(self) -> None:
        while True:
            frame = self._next_frame()
            if frame is None:
                return
            started = time.monotonic()
            steps = CHAIN[self._start_step:] + CHAIN[:self._start_step]
            decoded = decode_image(frame, steps, budget_ms=self.budget_ms)
            self.decoded_frames += 1
            self._start_step = (self._start_step + 1) % len(CHAIN)
            if decoded is not None:
                try:
                    qr = parse_qr(decoded.text)
                except QrError as exc:
                    log.info("QR read but not a card's QR: %s", exc.detail)
                else:
                    self.found = qr
                    self.on_found(qr, decoded)
            time.sleep(max(0.0, self.interval - (time.monotonic() - started)))

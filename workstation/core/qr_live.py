"""QR decoding on the live preview without dropping frames.

The camera delivers 30 frames a second; decoding runs on its own worker thread, at most `rate`
frames a second, each frame with a time budget. The chain is long for hard frames, so successive
frames start at successive steps: over a few frames every step gets its turn while no frame costs
more than the budget. The newest frame wins: a frame offered while one is being decoded replaces
the waiting one, never queues behind it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from workstation.core.latest_only import LatestOnlyWorker
from workstation.verify.qr import QrData, QrError, parse_qr
from workstation.verify.qr_decode import CHAIN, Decoded, decode_image

log = logging.getLogger(__name__)


class LiveQrDecoder:
    def __init__(self, on_found: Callable[[QrData, Decoded], None], rate: float = 5.0, budget_ms: float = 25.0) -> None:
        self.on_found = on_found
        self.budget_ms = budget_ms
        self._start_step = 0
        self.found: QrData | None = None
        self.worker: LatestOnlyWorker[np.ndarray] = LatestOnlyWorker("qr-decoder", self._decode, 1.0 / rate)

    @property
    def decoded_frames(self) -> int:
        return self.worker.handled

    @property
    def offered_frames(self) -> int:
        return self.worker.offered

    def start(self) -> "LiveQrDecoder":
        self.worker.start()
        return self

    def stop(self) -> None:
        self.worker.stop()

    def offer(self, frame: np.ndarray) -> None:
        """Called for every preview frame, from the camera's thread; returns at once."""
        self.worker.offer(frame)

    def _decode(self, frame: np.ndarray) -> bool:
        steps = CHAIN[self._start_step:] + CHAIN[:self._start_step]
        decoded = decode_image(frame, steps, budget_ms=self.budget_ms)
        self._start_step = (self._start_step + 1) % len(CHAIN)
        if decoded is not None:
            try:
                qr = parse_qr(decoded.text)
            except QrError as exc:
                log.info("QR read but not a card's QR: %s", exc.detail)
            else:
                self.found = qr
                self.on_found(qr, decoded)
        return False

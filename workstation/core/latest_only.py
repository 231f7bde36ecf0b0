"""A worker thread that handles only the newest item offered: the live preview's pattern.

The camera offers every frame; the worker takes the newest when it is free, never a queue, so a
slow analysis drops stale frames instead of falling behind. At most one item per `interval`.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class LatestOnlyWorker(Generic[T]):
    def __init__(self, name: str, handle: Callable[[T], bool], interval: float) -> None:
        """`handle(item)` returns True when the worker's job is done (it then stops)."""
        self.handle = handle
        self.interval = interval
        self._latest: T | None = None
        self._cond = threading.Condition()
        self._stopped = False
        self.offered = 0
        self.handled = 0
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self, join: bool = True) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()
        if join and threading.current_thread() is not self.thread:
            self.thread.join(5)

    @property
    def stopped(self) -> bool:
        return self._stopped

    def offer(self, item: T) -> None:
        """From any thread; returns at once."""
        with self._cond:
            self.offered += 1
            self._latest = item
            self._cond.notify()

    def _next(self) -> T | None:
        with self._cond:
            while self._latest is None and not self._stopped:
                self._cond.wait()
            if self._stopped:
                return None
            item, self._latest = self._latest, None
            return item

    def _run(self) -> None:
        while True:
            item = self._next()
            if item is None:
                return
            started = time.monotonic()
            done = self.handle(item)
            self.handled += 1
            if done:
                self.stop(join=False)
                return
            time.sleep(max(0.0, self.interval - (time.monotonic() - started)))

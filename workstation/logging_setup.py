"""Logging to a rotating file in the log directory, and warnings to stderr.

Never log biometrics or full personal data: log ids shortened, states and timings only.

A log that cannot be written (a full or read-only disk, stderr closed) must not print Python's
"--- Logging error ---" tracebacks over the officer's words: the handlers here drop the record
quietly and count it (`lost_records()`); the program goes on, and says the disk problem where it
matters (disk_space).
"""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


FILE_ONLY = {"console": False}     # extra= for records that belong in the log file alone


class OneLineFormatter(logging.Formatter):
    """The console gets one line per record: a traceback belongs in the log file (--verbose shows it)."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


_lost = {"records": 0}


def lost_records() -> int:
    """How many log records could not be written since the start (full or read-only disk)."""
    return _lost["records"]


class _Quiet:
    """handleError without a traceback on stderr: the record is counted as lost."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        _lost["records"] += 1

    def close(self) -> None:
        try:
            super().close()  # type: ignore[misc]
        except OSError:                   # the last flush of a full disk: what it held is lost, quietly
            _lost["records"] += 1


class QuietFileHandler(_Quiet, logging.handlers.RotatingFileHandler):
    pass


class QuietStreamHandler(_Quiet, logging.StreamHandler):  # type: ignore[type-arg]
    pass


def _for_console(record: logging.LogRecord) -> bool:
    return getattr(record, "console", True)


def setup_logging(log_dir: Path, verbose: bool = False) -> Path | None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in [h for h in root.handlers if getattr(h, "workstation", False)]:
        root.removeHandler(handler)              # set up twice in one process: replace, never pile up
        handler.close()
    console = QuietStreamHandler()
    console.workstation = True  # type: ignore[attr-defined]
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s") if verbose
                         else OneLineFormatter("%(levelname)s %(name)s: %(message)s"))
    if not verbose:
        console.addFilter(_for_console)
    root.addHandler(console)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        file = log_dir / "workstation.log"
        handler = QuietFileHandler(file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None  # a read-only or full disk must not stop the program; stderr still works
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    handler.workstation = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return file

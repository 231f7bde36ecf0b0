"""Disk faults said in words (issue 20, finding 18), on real small filesystems (a tmpfs mounted by
the test, tests/support/small_disk.py): a log file that cannot be written prints no "--- Logging
error ---" traceback; a read-only data folder ends each command that writes with one line naming
the folder as read-only and exit 1, never an internal error (exit 70)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from tests.support.small_disk import fill, remount_read_only, small_disk
from workstation.cli.main import EXIT_FAILED, main
from workstation.logging_setup import lost_records


def _close_logging() -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "workstation", False)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
def restore_logging():  # noqa: ANN201
    yield
    _close_logging()


def test_a_full_disk_under_the_log_prints_no_logging_traceback(tmp_path: Path, monkeypatch, capsys,  # noqa: ANN001
                                                               restore_logging) -> None:  # noqa: ANN001
    with small_disk(tmp_path / "disk", 512) as disk:
        monkeypatch.setenv("WORKSTATION_HOME", str(disk / "home"))
        assert main(["info"]) == 0
        log_file = disk / "home" / "log" / "workstation.log"
        with open(log_file, "a") as log:                                  # the next line needs a new page
            log.write("\n" * (-log_file.stat().st_size % 4096 or 4096))
        fill(disk)
        before = lost_records()
        capsys.readouterr()
        assert main(["sync"]) == EXIT_FAILED                               # not registered: a logged failure
        err = capsys.readouterr().err
        assert "Logging error" not in err and "Traceback" not in err
        assert err.count("\n") == 1 and err.startswith("workstation: error:")
        assert lost_records() > before                                     # counted, not printed


COMMANDS = [["officer", "list"], ["officer", "add", "--password-stdin", "cb.moi"], ["export", "{usb}"],
            ["register", "--centre", "https://127.0.0.1:1", "--token", "abc.0123456789abcdef"],
            ["--simulate", "enroll", "--out", "{usb}"]]


def test_a_read_only_data_folder_is_said_in_words_by_every_command(tmp_path: Path, monkeypatch, capsys,  # noqa: ANN001
                                                                     restore_logging) -> None:  # noqa: ANN001
    import io
    import subprocess
    import sys

    with small_disk(tmp_path / "disk", 4096) as disk:
        monkeypatch.setenv("WORKSTATION_HOME", str(disk / "home"))
        made = subprocess.run([sys.executable, "-m", "workstation", "officer", "add", "--password-stdin", "cb.le"],
                              input="mat-khau-456\n", capture_output=True, text=True, timeout=120, check=False)
        assert made.returncode == 0, made.stderr                          # the database and keys exist
        remount_read_only(disk)                                            # (another process: nothing left open)
        for command in COMMANDS:
            capsys.readouterr()
            monkeypatch.setattr(sys, "stdin", io.StringIO("mat-khau-789\n"))
            code = main([part.format(usb=tmp_path / "usb") for part in command])
            err = capsys.readouterr().err
            assert code == EXIT_FAILED, (command, err)
            assert "read-only" in err and str(disk / "home" / "data") in err, (command, err)
            assert err.count("\n") == 1 and "internal error" not in err, (command, err)
        assert os.listdir(disk / "home" / "data")                          # nothing lost

"""The command line: the tester's and IT support's face of the core.

`workstation` alone opens the window (the launcher hands in `open_gui`, so this module never
imports Qt). Every failure a person can cause ends in one line on stderr and a non-zero exit code.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from workstation import __version__
from workstation.cli import commands
from workstation.errors import WorkstationError
from workstation.logging_setup import FILE_ONLY, setup_logging
from workstation.paths import app_paths

log = logging.getLogger(__name__)
GuiOpener = Callable[[argparse.Namespace], int]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error on one line (plus a hint), as the contract asks."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="workstation", description="Level-2 electronic identity enrollment workstation.")
    parser.add_argument("--version", action="version", version=f"workstation {__version__}")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--simulate", action="store_const", const="simulated", dest="mode",
                      help="use the simulated card reader, camera and scanners")
    mode.add_argument("--real", action="store_const", const="real", dest="mode",
                      help="use attached hardware only")
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file (default: in the config dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more, to stderr too")
    parser.add_argument("--screenshot", type=Path, metavar="PNG", help=argparse.SUPPRESS)
    parser.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, open_gui: GuiOpener | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(app_paths().log_dir, args.verbose)
    try:
        if args.command is None:
            if open_gui is None:
                raise WorkstationError("the window is not available from this entry point")
            return open_gui(args)
        return int(args.run(args) or EXIT_OK)
    except WorkstationError as exc:
        log.info("failed: %s (%s)", exc.one_line(), exc.detail)
        print(f"workstation: error: {exc.one_line()}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("workstation: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - a bug: one line for the person, the traceback in the log
        from workstation.disk_space import is_disk_full, is_read_only, write_error

        if is_read_only(exc) or is_disk_full(exc):       # a write the command did not wrap: still in words
            filename = getattr(exc, "filename", None)
            said = write_error(exc, Path(filename).parent if isinstance(filename, str) else app_paths().data_dir)
            log.warning("write failed: %s", said.one_line(), exc_info=True, extra=FILE_ONLY)
            print(f"workstation: error: {said.one_line()}", file=sys.stderr)
            return EXIT_FAILED
        log.error("internal error", exc_info=True, extra=FILE_ONLY)
        print(f"workstation: internal error: {type(exc).__name__}: {exc} (details in the log)", file=sys.stderr)
        return EXIT_INTERNAL


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")

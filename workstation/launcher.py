"""The `workstation` console script: the CLI, which opens the window when no command is given.

It sits above both faces so that neither imports the other: the CLI gets the window as a callback.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _open_gui(args: argparse.Namespace) -> int:
    from workstation.ui.app import run_gui

    return run_gui(args)


def main(argv: Sequence[str] | None = None) -> int:
    from workstation.cli.main import main as cli_main

    return cli_main(argv, open_gui=_open_gui)


if __name__ == "__main__":
    sys.exit(main())

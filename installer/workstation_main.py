"""The bundle's entry point: the `workstation` command, frozen.

The program starts copies of its interpreter in two places: the WSQ decoder's child
(`python -I .../wsq_child.py`, verify/finger/wsq_isolated.py) and the centre's workers
(`python -m workstation centre serve ...`). Frozen, sys.executable is this program, so it plays the
interpreter for exactly those two forms and is the CLI for everything else.
"""
from __future__ import annotations

import multiprocessing
import runpy
import sys

INTERPRETER_FLAGS = {"-I", "-E", "-s", "-u", "-B"}


def run() -> int:
    args = sys.argv[1:]
    while args and args[0] in INTERPRETER_FLAGS:
        args = args[1:]
    if args[:2] == ["-m", "workstation"]:
        from workstation.launcher import main

        return main(args[2:])
    if args and args[0].endswith(".py") and not sys.argv[1].startswith("--"):
        sys.argv = args
        runpy.run_path(args[0], run_name="__main__")
        return 0
    from workstation.launcher import main

    return main(sys.argv[1:])


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(run())

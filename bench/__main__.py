"""python -m bench [PREFIX ...] [--repeat N] [--compare FILE] [--out DIR] [--list]"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from bench import harness

HERE = Path(__file__).resolve().parent


def _load_all() -> None:
    for module in sorted(HERE.glob("bench_*.py")):
        importlib.import_module(f"bench.{module.stem}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("prefixes", nargs="*", help="run only benchmarks whose name starts with one of these")
    parser.add_argument("--repeat", type=int, help="timed runs per benchmark (default: each one's own)")
    parser.add_argument("--compare", type=Path, help="earlier JSON result to compare medians with")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for the JSON result")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args()
    _load_all()
    if args.list:
        for name, b in harness.REGISTRY.items():
            print(f"{name:40} {b.description}")
        return 0
    previous = harness.load_medians(args.compare) if args.compare else None
    results = harness.run(args.prefixes, args.repeat)
    if not results:
        print("no benchmark matches", file=sys.stderr)
        return 1
    print(harness.table(results, previous))
    print(f"\nwritten: {harness.write_json(results, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

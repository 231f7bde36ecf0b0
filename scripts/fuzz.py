"""The long fuzz run: every parser that takes outside data, N mutated inputs each.

    .venv/bin/python scripts/fuzz.py --count 100000 [--workers 2] [--only qr,dg13] [--seed 1]
                                     [--count-for wsq_decode=10000] [--keep DIR]

The hypothesis tests run a bounded share of the same targets (tests/support/fuzz_targets.py) in CI;
this run is for a release. Prints, per target, the inputs tried, how many returned a result (a
parsed value, or a report saying what is wrong: package verification always answers so), how many
were refused in words, and how many escaped with another exception (kept in DIR with their
traceback).
Exits 1 when anything escaped.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.fuzz_targets import FuzzTarget, all_targets, mutate  # noqa: E402

_targets: dict[str, FuzzTarget] = {}


def _init() -> None:
    logging.disable(logging.CRITICAL)         # refusals are logged; a million of them need not be
    _targets.update(all_targets())


def _chunk(job: tuple[str, int, int, str | None]) -> tuple[str, int, int, int, int]:
    name, seed, count, keep = job
    target = _targets[name]
    rng = random.Random(seed)
    parsed = refused = escaped = 0
    for n in range(count):
        sample = target.samples[n % len(target.samples)]
        data = rng.randbytes(rng.randint(0, 300)) if rng.random() < 0.05 else mutate(rng, sample, target.mutate_head)
        try:
            target.run(data)
            parsed += 1
        except target.refusal:
            refused += 1
        except Exception:  # noqa: BLE001 - what the run looks for
            escaped += 1
            if keep:
                stem = Path(keep) / f"{name}-{seed}-{n}"
                stem.with_suffix(".bin").write_bytes(data)
                stem.with_suffix(".txt").write_text(traceback.format_exc())
    return name, count, parsed, refused, escaped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="inputs per target")
    parser.add_argument("--count-for", action="append", default=[], metavar="TARGET=N",
                        help="another count for one target (e.g. wsq_decode=10000: each decode starts a process)")
    parser.add_argument("--only", help="comma-separated target names")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder for the inputs that escaped")
    args = parser.parse_args()
    _init()
    names = args.only.split(",") if args.only else list(_targets)
    unknown = [n for n in names if n not in _targets]
    if unknown:
        parser.error(f"unknown targets {unknown}; known: {', '.join(_targets)}")
    counts = {n: args.count for n in names}
    for item in args.count_for:
        name, _, value = item.partition("=")
        counts[name] = int(value)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    chunk = 2000
    jobs = [(name, args.seed * 1_000_003 + start, min(chunk, counts[name] - start), str(args.keep) if args.keep else None)
            for name in names for start in range(0, counts[name], chunk)]
    totals = {n: [0, 0, 0, 0, 0.0] for n in names}
    began = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(args.workers, initializer=_init) as pool:
        for name, count, parsed, refused, escaped in pool.imap_unordered(_chunk, jobs):
            row = totals[name]
            row[0] += count
            row[1] += parsed
            row[2] += refused
            row[3] += escaped
    elapsed = time.perf_counter() - began
    print(f"{'target':18} {'inputs':>9} {'returned':>9} {'refused':>9} {'escaped':>8}")
    for name, (inputs, parsed, refused, escaped, _) in totals.items():
        print(f"{name:18} {inputs:9d} {parsed:9d} {refused:9d} {escaped:8d}")
    total = sum(r[0] for r in totals.values())
    escaped = sum(r[3] for r in totals.values())
    print(f"\n{total} inputs in {elapsed:.0f} s with {args.workers} workers; {escaped} escaped")
    return 1 if escaped else 0


if __name__ == "__main__":
    sys.exit(main())

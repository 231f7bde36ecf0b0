"""The whole enrollment, card on the reader to package saved, on the simulated devices: the time of
each step over several runs (medians, p10–p90), and with --ui the same through the window
(offscreen) with the longest stall of the UI thread.

    .venv/bin/python -m bench.enroll_e2e [--runs 5] [--ui]

The camera plays its scenario in real time (30 fps) and the face step waits for the head turn, as
at the counter, so the face step is mostly the citizen's time, not the computer's.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

FACES = Path(os.environ.get("WORKSTATION_TEST_FACES", Path(__file__).resolve().parents[1] / ".venv/share/workstation/portraits"))


def _quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    low, high = ordered[round(0.1 * (len(ordered) - 1))], ordered[round(0.9 * (len(ordered) - 1))]
    return f"{statistics.median(values):8.3f}  {low:.3f}–{high:.3f}"


def core_runs(runs: int) -> dict[str, list[float]]:
    from workstation.core.enrollment.simulated_run import SimulatedEnrollment, run_simulated_enrollment
    from workstation.core.package.keys import load_or_create_identity, simulated_server_keys
    from workstation.storage.at_rest import BlobCipher
    from workstation.storage.database import open_database
    from workstation.storage.enrollments import EnrollmentStore

    folder = Path(tempfile.mkdtemp(prefix="bench-enroll-"))
    db = open_database(f"sqlite:///{folder / 'ws.sqlite3'}")
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(folder / "keys"))
    identity = load_or_create_identity(folder / "keys", db.workstation_id)
    server = simulated_server_keys()[1]
    steps: dict[str, list[float]] = {}
    for i in range(runs + 1):
        run = run_simulated_enrollment(SimulatedEnrollment(portrait=FACES / "obama.jpg"), db.workstation_id, identity,
                                       server, folder / "out", store)
        if run.saved is None:
            raise SystemExit(f"run {i} not saved: {run.blocked}")
        if i == 0:
            continue   # warm-up: models loaded, caches filled
        for name, seconds in run.step_seconds.items():
            steps.setdefault(name, []).append(seconds)
        steps.setdefault("total", []).append(run.total_seconds)
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ui", action="store_true", help="also drive the window (offscreen) and measure UI stalls")
    args = parser.parse_args(argv)
    if not (FACES / "obama.jpg").exists():
        print(f"no test portrait in {FACES}: run ./test.sh once (it fetches them)", file=sys.stderr)
        return 1
    steps = core_runs(args.runs)
    print(f"simulated enrollment without the window, {args.runs} runs (after one warm-up)")
    print(f"{'step':<14}{'median s':>8}  p10–p90 s")
    for name, values in steps.items():
        print(f"{name:<14}{_quantiles(values)}")
    if args.ui:
        from bench.enroll_ui import ui_runs

        ui = ui_runs(args.runs)
        print(f"\nthrough the window (offscreen), {args.runs} runs")
        for name, values in ui.items():
            unit = "ms" if name.endswith("_ms") else "s"
            print(f"{name:<22}{_quantiles(values)} {unit}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

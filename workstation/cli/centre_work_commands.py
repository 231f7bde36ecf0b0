"""`workstation centre worker|jobs|export|export-verify|store-sweep`: the work after intake (docs/cli.md, "The
centre"): the queue's worker, signed export batches for the national system, and the check a
receiving system runs on a batch with the centre's public export key alone."""
from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from workstation.errors import WorkstationError
from workstation.messages import Message


def register(centre_sub: argparse._SubParsersAction) -> None:
    from workstation.cli import centre_jobs_commands
    from workstation.cli.centre_commands import add_centre_options

    p = centre_sub.add_parser("worker", help="run the queued jobs: packages from intake nodes opened and decided, "
                                             "duplicate reviews prepared, export batches")
    add_centre_options(p)
    p.add_argument("--once", action="store_true", help="run what is queued now, then stop")
    p.add_argument("--duplicate-days", type=float, default=30.0,
                   help="a citizen enrolled elsewhere within this many days is a duplicate (default 30)")
    p.add_argument("--accept-simulated", action="store_true",
                   help="a test centre: simulated enrollments from intake nodes may be accepted")
    p.add_argument("--export-dir", type=Path, metavar="DIR", help="where export jobs write their batches "
                                                                   "(default: exports/ in the centre's folder)")
    p.add_argument("--json", action="store_true", help="print JSON (with --once)")
    p.set_defaults(run=run_worker)
    p = centre_sub.add_parser("export", help="accepted packages not yet exported, as one signed batch in DIR")
    add_centre_options(p)
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="the batch is written in DIR/batch-<id>/")
    p.add_argument("--limit", type=int, default=10_000, help="at most this many packages (default 10000)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_export)
    p = centre_sub.add_parser("store-sweep", help="package objects no index row names (left by a failed "
                                                  "transaction): list them, --delete removes them")
    add_centre_options(p)
    p.add_argument("--older-than", type=float, default=24.0, metavar="HOURS",
                   help="only objects older than this (default 24, at least 1: an upload in progress has stored "
                        "its bytes but not yet its row)")
    p.add_argument("--delete", action="store_true", help="remove them (one audit entry for the sweep)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_store_sweep)
    p = centre_sub.add_parser("export-verify", help="check an export batch with the centre's public export key")
    p.add_argument("batch", type=Path, metavar="DIR", help="a batch-<id> folder")
    p.add_argument("--public-key", type=Path, required=True, metavar="FILE",
                   help="the centre's export-signing.pub.pem, as the centre handed it over")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_export_verify)
    centre_jobs_commands.register(centre_sub)


def _open(args: argparse.Namespace):  # noqa: ANN202 - (centre, registry, store, passphrase)
    from workstation.centre.authority import load_centre
    from workstation.centre.registry import Registry
    from workstation.cli.centre_commands import centre_folder, database, package_store, passphrase

    folder = centre_folder(args)
    url, settings = database(args, folder)
    store = package_store(folder, settings)
    secret = passphrase(args)
    centre = load_centre(folder, secret)
    registry = Registry.open(url)
    from workstation.centre.partitions import ensure_months

    ensure_months(registry.engine)                     # PostgreSQL: this month's and next month's index
    return centre, registry, store, secret


def run_worker(args: argparse.Namespace) -> int:
    from workstation.centre import jobs
    from workstation.centre.worker import Worker
    from workstation.cli.main import print_json

    centre, registry, store, secret = _open(args)
    try:
        worker = Worker(registry, store, centre, secret, args.export_dir or centre.folder / "exports",
                        args.duplicate_days, args.accept_simulated)
        done = worker.run(once=args.once)
        if args.json:
            print_json({"jobs_run": done, "queue": jobs.counts(registry)})
        else:
            print(f"{done} jobs run")
    finally:
        registry.close()
    return 0


def run_export(args: argparse.Namespace) -> int:
    from workstation.centre.export import export_batch, signing_key
    from workstation.cli.main import print_json

    if args.limit < 1:
        raise WorkstationError("--limit must be at least 1")
    centre, registry, store, secret = _open(args)
    try:
        batch = export_batch(registry, store, signing_key(centre.folder, secret), args.out.expanduser(),
                             centre, args.limit, getpass.getuser())
    finally:
        registry.close()
    out = batch.as_dict() if batch else {"batch_id": None, "folder": None, "count": 0}
    if args.json:
        print_json(out)
    elif batch:
        print(f"batch {batch.batch_id}: {batch.count} packages in {batch.folder}")
    else:
        print("nothing to export")
    return 0


def run_export_verify(args: argparse.Namespace) -> int:
    from workstation.centre.export import load_public_key, verify_batch
    from workstation.cli.main import print_json

    if not args.batch.is_dir():
        raise WorkstationError(Message(f"Không có thư mục {args.batch}.", f"No folder {args.batch}."))
    check = verify_batch(args.batch, load_public_key(args.public_key))
    if args.json:
        print_json(check.as_dict())
    elif check.ok:
        print(f"batch {check.batch_id}: signature and {check.count} packages verified")
    if not check.ok:
        raise WorkstationError(Message(f"Lô xuất không hợp lệ: {check.problems[0]}",
                                       f"The batch does not verify: {check.problems[0]}"
                                       + (f" (and {len(check.problems) - 1} more)" if len(check.problems) > 1 else "")))
    return 0


def run_store_sweep(args: argparse.Namespace) -> int:
    from workstation.centre.registry import Registry
    from workstation.centre.store_sweep import summary, sweep
    from workstation.cli.centre_commands import centre_folder, database, package_store
    from workstation.cli.main import print_json

    folder = centre_folder(args)
    url, settings = database(args, folder)
    store = package_store(folder, settings)          # unreachable: one line, nothing listed or deleted
    registry = Registry.open(url)
    try:
        report = sweep(registry, store, args.older_than, args.delete, getpass.getuser())
    finally:
        registry.close()
    if args.json:
        print_json(report.as_dict())
    else:
        for orphan in report.orphans:
            print(f"{orphan.sha256}  {orphan.size:>9}  {orphan.modified.isoformat(timespec='seconds')}")
        print(summary(report, args.delete))
    return 0

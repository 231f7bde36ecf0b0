"""`workstation sync`, `workstation export` and `workstation import`: moving sealed packages."""
from __future__ import annotations

import argparse
import getpass
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="push finished packages to the central database (idempotent)")
    p.add_argument("--to", required=True, metavar="URL", help="e.g. postgresql://user@host/dbname")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_sync)
    p = sub.add_parser("export", help="write finished packages and an export manifest to a folder (USB stick)")
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_export)
    p = sub.add_parser("import", help="at the centre: load an export folder into the central database")
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("--to", required=True, metavar="URL")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_import)


def _store(args: argparse.Namespace):  # noqa: ANN202
    from workstation.core.context import AppContext

    ctx = AppContext.load(args.config, args.mode)
    db = ctx.open_database()
    return ctx.enrollment_store(db), db


def run_sync(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.storage.central import sync

    store, db = _store(args)
    report = sync(store, args.to, db.workstation_id, getpass.getuser())
    if args.json:
        print_json(report.as_dict())
    else:
        print(f"{len(report.acknowledged)} packages acknowledged ({len(report.pushed)} new, "
              f"{len(report.already_there)} already at the centre)")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.storage.central import export

    store, db = _store(args)
    exported = export(store, args.folder, db.workstation_id, getpass.getuser())
    if args.json:
        print_json({"exported": len(exported), "package_ids": exported, "folder": str(args.folder)})
    else:
        print(f"{len(exported)} packages written to {args.folder}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.storage.central import import_folder

    new, old = import_folder(args.folder, args.to)
    if args.json:
        print_json({"new": new, "already_there": old})
    else:
        print(f"{new} new packages, {old} already there")
    return 0

"""`workstation sync`, `workstation export` and `workstation import`: moving sealed packages."""
from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from workstation.errors import WorkstationError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("register", help="onboard this workstation at the centre (one-time token)")
    p.add_argument("--centre", required=True, metavar="URL", help="e.g. https://centre.example:8443")
    p.add_argument("--token", required=True, metavar="TOKEN", help="from 'workstation centre token'")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_register)
    p = sub.add_parser("sync", help="upload finished packages to the centre over HTTPS (idempotent)")
    p.add_argument("--to", metavar="URL", help=argparse.SUPPRESS)   # the old direct database path: refused
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_sync)
    p = sub.add_parser("export", help="write finished packages and an export manifest to a folder (USB stick)")
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_export)
    p = sub.add_parser("import", help=argparse.SUPPRESS)     # moved: workstation centre import
    p.add_argument("folder", type=Path, metavar="DIR")
    p.add_argument("--to", metavar="URL")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_import)


def _store(args: argparse.Namespace):  # noqa: ANN202
    from workstation.core.context import AppContext

    ctx = AppContext.load(args.config, args.mode)
    db = ctx.open_database()
    return ctx.enrollment_store(db), db


def run_register(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.core.centre_client import register
    from workstation.core.context import AppContext
    from workstation.core.package.keys import load_or_create_identity

    ctx = AppContext.load(args.config, args.mode)
    db = ctx.open_database()
    identity = load_or_create_identity(ctx.keys_dir, db.workstation_id, ctx.settings.storage.data_key_protection)
    link = register(args.centre, args.token, identity, ctx.keys_dir)
    out = {"workstation_id": link.workstation_id, "commune": link.commune, "centre": link.url,
           "intake_url": link.intake_url}
    if args.json:
        print_json(out)
    else:
        print(f"workstation {link.workstation_id} registered at {link.url} (commune {link.commune})"
              + (f"; packages go to {link.intake_url}" if link.intake_url else ""))
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.core.centre_answers import refusal_words
    from workstation.core.centre_client import load_link, sync
    from workstation.messages import Message

    if args.to:
        raise WorkstationError(Message(
            "Máy trạm không còn ghi trực tiếp vào cơ sở dữ liệu trung tâm: đăng ký với trung tâm "
            "(workstation register) rồi đồng bộ qua HTTPS.",
            "Workstations no longer write into the central database: register with the centre "
            "(workstation register --centre URL --token TOKEN), then 'workstation sync' uploads over HTTPS."))
    from workstation.core.context import AppContext

    ctx = AppContext.load(args.config, args.mode)
    link = load_link(ctx.keys_dir)
    if link is None:
        raise WorkstationError(Message("Máy trạm chưa đăng ký với trung tâm (workstation register).",
                                       "This workstation is not registered with a centre: "
                                       "workstation register --centre URL --token TOKEN"))
    from workstation.core.package.keys import load_or_create_identity

    db = ctx.open_database()
    identity = load_or_create_identity(ctx.keys_dir, db.workstation_id, ctx.settings.storage.data_key_protection)
    report = sync(ctx.enrollment_store(db), link, identity, getpass.getuser())
    if args.json:
        print_json(report.as_dict())
    else:
        language = ctx.settings.ui.language
        print(f"{report.as_dict()['acknowledged']} packages acknowledged ({len(report.accepted)} accepted, "
              f"{len(report.duplicate)} flagged duplicate, {len(report.already_here)} already at the centre)"
              + (f"; {len(report.received)} received, to be checked by the centre (the next sync tells the outcome)"
                 if report.received else "")
              + (f"; {len(report.rejected)} rejected" if report.rejected else "")
              + (f"; {len(report.faults)} invalid answers (sent again next time)" if report.faults else ""))
        if report.rejected or report.faults:
            print(report.summary().text(language))
        for package_id, reason in report.rejected.items():
            print(f"  rejected {package_id}: {refusal_words(reason).text(language)} ({reason})")
        for package_id, fault in report.faults.items():
            print(f"  invalid answer for {package_id}: {fault}")
    return 1 if report.rejected or report.faults else 0


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
    from workstation.messages import Message

    raise WorkstationError(Message(
        "Nhập hồ sơ từ USB nay làm tại trung tâm, qua kiểm tra tiếp nhận: workstation centre import THƯ_MỤC.",
        "Imports now go through the centre's intake checks: workstation centre import FOLDER."))

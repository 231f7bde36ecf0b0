"""`workstation centre init|token|revoke|workstations|import`: the centre's administration."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from workstation.errors import WorkstationError
from workstation.messages import Message

PASSPHRASE_ENV = "WORKSTATION_CENTRE_PASSPHRASE"  # noqa: S105


def add_centre_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dir", type=Path, metavar="DIR", help="the centre's folder (default: centre/ in the data dir)")
    p.add_argument("--db", metavar="URL", help="the centre's database (default: SQLite in the centre's folder; "
                                                "postgresql+psycopg://... for a province)")
    p.add_argument("--passphrase-file", type=Path, metavar="FILE",
                   help=f"file holding the passphrase of the centre's keys (or ${PASSPHRASE_ENV})")


def register(sub: argparse._SubParsersAction) -> None:
    centre = sub.add_parser("centre", help="the centre: onboarding workstations, verified intake")
    centre_sub = centre.add_subparsers(dest="centre_command", metavar="ACTION", required=True)
    p = centre_sub.add_parser("init", help="create the centre CA and the package key pair (encrypted at rest)")
    add_centre_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_init)
    p = centre_sub.add_parser("token", help="a one-time enrollment token for a new workstation")
    add_centre_options(p)
    p.add_argument("--commune", required=True, metavar="CODE", help="the commune's 5-digit code")
    p.add_argument("--name", required=True, metavar="NAME", help="what the workstation is called")
    p.add_argument("--hours", type=float, default=24.0, help="how long the token stays valid (default 24)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_token)
    p = centre_sub.add_parser("revoke", help="refuse a workstation's connections and packages from now on")
    add_centre_options(p)
    p.add_argument("workstation_id", metavar="ID")
    p.set_defaults(run=run_revoke)
    p = centre_sub.add_parser("workstations", help="the onboarded workstations")
    add_centre_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_workstations)
    p = centre_sub.add_parser("import", help="put an export folder (USB) through the intake checks")
    add_centre_options(p)
    p.add_argument("folder", type=Path, metavar="FOLDER")
    p.add_argument("--duplicate-days", type=float, default=30.0,
                   help="a citizen enrolled elsewhere within this many days is flagged duplicate")
    p.add_argument("--accept-simulated", action="store_true", help="a test centre: take simulated enrollments")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_import)
    p = centre_sub.add_parser("serve", help="the intake server: HTTPS with mutual TLS")
    add_centre_options(p)
    p.add_argument("--listen", default="127.0.0.1:8443", metavar="HOST:PORT")
    p.add_argument("--name", action="append", default=[], metavar="HOST",
                   help="a name or address workstations reach the server by (repeatable; default: the host)")
    p.add_argument("--workers", type=int, default=1, help="worker processes sharing the port (SO_REUSEPORT)")
    p.add_argument("--duplicate-days", type=float, default=30.0)
    p.add_argument("--accept-simulated", action="store_true", help="a test centre: take simulated enrollments")
    p.add_argument("--body-timeout", type=float, default=30.0, metavar="SECONDS",
                   help="a client that has not sent its whole package by then is cut off (default 30)")
    p.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(run=run_serve)


def centre_folder(args: argparse.Namespace) -> Path:
    if args.dir:
        return args.dir.expanduser()
    from workstation.paths import app_paths

    return app_paths().data_dir / "centre"


def passphrase(args: argparse.Namespace) -> bytes:
    if getattr(args, "passphrase_file", None):
        try:
            return args.passphrase_file.read_bytes().strip()
        except OSError as exc:
            raise WorkstationError(f"{args.passphrase_file} cannot be read ({exc.strerror})") from None
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV].encode()
    if sys.stdin.isatty():
        return getpass.getpass("Centre key passphrase: ").encode()
    raise WorkstationError(Message(
        "Cần mật khẩu bảo vệ khoá của trung tâm (--passphrase-file hoặc biến môi trường).",
        f"The centre's key passphrase is needed: --passphrase-file FILE or ${PASSPHRASE_ENV}."))


def open_centre(args: argparse.Namespace):  # noqa: ANN201 - (Centre, Registry)
    from workstation.centre.authority import load_centre
    from workstation.centre.registry import Registry, default_url

    folder = centre_folder(args)
    centre = load_centre(folder, passphrase(args))
    return centre, Registry.open(args.db or default_url(folder))


def run_init(args: argparse.Namespace) -> int:
    from workstation.centre.authority import init_centre
    from workstation.centre.registry import Registry, default_url
    from workstation.cli.main import print_json

    folder = centre_folder(args)
    centre = init_centre(folder, passphrase(args))
    Registry.open(args.db or default_url(folder)).close()
    out = {"folder": str(folder), "ca_fingerprint": centre.ca_fingerprint}
    if args.json:
        print_json(out)
    else:
        print(f"centre created in {folder}; CA fingerprint {centre.ca_fingerprint}")
    return 0


def run_token(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime, timedelta

    from workstation.centre.onboarding import issue_token
    from workstation.cli.main import print_json

    centre, registry = open_centre(args)
    try:
        token = issue_token(registry, centre, args.commune, args.name, args.hours)
    finally:
        registry.close()
    expires = (datetime.now(UTC) + timedelta(hours=args.hours)).isoformat(timespec="seconds")
    if args.json:
        print_json({"token": token, "commune": args.commune, "name": args.name, "expires": expires})
    else:
        print(token)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    centre, registry = open_centre(args)
    try:
        registry.revoke(args.workstation_id, getpass.getuser())
    finally:
        registry.close()
    print(f"workstation {args.workstation_id} revoked")
    return 0


def run_workstations(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json

    _centre, registry = open_centre(args)
    try:
        rows = [{"id": w.id, "commune": w.commune, "name": w.name, "status": w.status,
                 "registered_at": w.registered_at.isoformat()} for w in registry.workstations()]
    finally:
        registry.close()
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}  {r['commune']}  {r['status']:<8} {r['name']}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from workstation.centre.intake import Intake
    from workstation.centre.usb_import import import_folder
    from workstation.cli.main import print_json

    centre, registry = open_centre(args)
    try:
        report = import_folder(args.folder, Intake(registry, centre, args.duplicate_days, args.accept_simulated))
    finally:
        registry.close()
    if args.json:
        print_json(report.as_dict())
    else:
        for d in report.decisions:
            print(f"{d.package_id}  {d.status}" + (f" ({d.reason})" if d.reason else ""))
        for r in report.refused:
            print(f"{r['entry']}  refused ({r['reason']}): {r['detail']}")
    if not report.clean:
        problems = len(report.refused) + sum(1 for d in report.decisions if d.status == "rejected")
        raise WorkstationError(Message(f"{problems} mục bị từ chối khi nhập.", f"{problems} entries were refused."))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import subprocess

    from workstation.centre.authority import server_tls
    from workstation.centre.intake import Intake
    from workstation.centre.server import serve, tls_context

    host, _, port_text = args.listen.rpartition(":")
    if not host or not port_text.isdigit():
        raise WorkstationError("--listen is HOST:PORT, e.g. 0.0.0.0:8443")
    secret = passphrase(args)
    centre, registry = open_centre(args)
    cert_file, key_file = server_tls(centre, args.name or [host], secret)
    context = tls_context(cert_file, key_file, secret, centre.folder / "centre-ca.pem")
    children = []
    reuse = args.reuse_port or args.workers > 1
    if args.workers > 1:
        env = dict(os.environ, **{PASSPHRASE_ENV: secret.decode()})
        child = [sys.executable, "-m", "workstation", "centre", "serve", "--listen", args.listen, "--workers", "1",
                 "--reuse-port", "--duplicate-days", str(args.duplicate_days), "--dir", str(centre.folder),
                 "--body-timeout", str(args.body_timeout)]
        child += ["--db", args.db] if args.db else []
        child += ["--accept-simulated"] if args.accept_simulated else []
        for name in args.name:
            child += ["--name", name]
        children = [subprocess.Popen(child, env=env) for _ in range(args.workers - 1)]
    try:
        serve(Intake(registry, centre, args.duplicate_days, args.accept_simulated), host, int(port_text), context,
              reuse, args.body_timeout)
    finally:
        for process in children:
            process.terminate()
        for process in children:
            process.wait(10)
        registry.close()
    return 0

"""`workstation centre init|token|tokens|revoke|unrevoke|workstations|import|serve`: the centre's
administration (status, packages, audit, backup, restore, grant-serving: centre_admin_commands;
worker, export, export-verify: centre_work_commands)."""
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
    p.add_argument("--db", metavar="URL", help="another database than the one centre.toml names "
                                                "(never with a password in it; centre.toml's password_file "
                                                "is not used with it)")
    p.add_argument("--db-password-file", metavar="FILE", default="",
                   help="file holding the database password (else centre.toml's for its own URL, else libpq: "
                        "~/.pgpass, PGPASSFILE, a service)")
    p.add_argument("--passphrase-file", type=Path, metavar="FILE",
                   help=f"file holding the passphrase of the centre's keys (or ${PASSPHRASE_ENV})")


def register(sub: argparse._SubParsersAction) -> None:
    centre = sub.add_parser("centre", help="the centre: onboarding workstations, verified intake")
    centre_sub = centre.add_subparsers(dest="centre_command", metavar="ACTION", required=True)
    p = centre_sub.add_parser("init", help="create the centre CA and the package key pair (encrypted at rest) "
                                           "and its configuration file centre.toml")
    add_centre_options(p)
    p.add_argument("--listen", default="127.0.0.1:8443", metavar="HOST:PORT", help="where `centre serve` listens")
    p.add_argument("--name", action="append", default=[], metavar="HOST",
                   help="a name or address workstations reach the server by (repeatable)")
    p.add_argument("--intake-url", default="", metavar="https://HOST:PORT",
                   help="where workstations send packages when intake nodes take them (told at registration; "
                        "[server] intake_url in centre.toml)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_init)
    p = centre_sub.add_parser("token", help="a one-time enrollment token for a new workstation (or --cancel one)")
    add_centre_options(p)
    p.add_argument("--commune", metavar="CODE", help="the commune's 5-digit code")
    p.add_argument("--name", metavar="NAME", help="what the workstation is called")
    p.add_argument("--cancel", metavar="TOKEN_OR_ID", help="cancel an unused token (the token, or its id from "
                                                          "`centre tokens`)")
    p.add_argument("--hours", type=float, default=24.0, help="how long the token stays valid (default 24)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_token)
    p = centre_sub.add_parser("revoke", help="refuse a workstation's connections and packages from now on")
    add_centre_options(p)
    p.add_argument("workstation_id", metavar="ID")
    p.set_defaults(run=run_revoke)
    p = centre_sub.add_parser("unrevoke", help="undo a revocation (audited)")
    add_centre_options(p)
    p.add_argument("workstation_id", metavar="ID")
    p.set_defaults(run=run_unrevoke)
    p = centre_sub.add_parser("tokens", help="the enrollment tokens: unused, used, expired, cancelled")
    add_centre_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_tokens)
    p = centre_sub.add_parser("workstations", help="the onboarded workstations")
    add_centre_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_workstations)
    from workstation.cli import centre_intake_commands

    centre_intake_commands.register(centre_sub)
    from workstation.cli import centre_admin_commands

    centre_admin_commands.register(centre_sub)
    from workstation.cli import centre_work_commands

    centre_work_commands.register(centre_sub)
    from workstation.cli import centre_node_commands

    centre_node_commands.register(centre_sub)
    from workstation.cli.console_commands import register as register_console

    register_console(centre_sub, add_centre_options)


# what runs in an intake node's folder (no centre keys there): the rest is the main centre's
NODE_COMMANDS = ("serve", "import")


def centre_folder(args: argparse.Namespace) -> Path:
    """The centre's folder, absolute (centre.toml keeps paths made from it); in an intake node's
    folder only NODE_COMMANDS run: the others need the main centre's keys or its owner's rights."""
    from workstation.centre.authority import is_intake_node

    if args.dir:
        folder = args.dir.expanduser().absolute()
    else:
        from workstation.paths import app_paths

        folder = app_paths().data_dir / "centre"
    command = getattr(args, "centre_command", "")
    if command and command not in NODE_COMMANDS and is_intake_node(folder):
        raise WorkstationError(Message(
            f"{folder} là thư mục của một nút tiếp nhận (không có khoá của trung tâm): chạy lệnh này trên máy chủ chính.",
            f"{folder} is an intake node's folder (it holds none of the centre's keys): run 'centre {command}' on "
            "the main centre, with its folder."))
    return folder


def passphrase(args: argparse.Namespace) -> bytes:
    if getattr(args, "passphrase_file", None) and str(args.passphrase_file) == "-":
        return sys.stdin.buffer.readline().strip()          # a parent `serve --workers N` hands it over a pipe
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
        "Cần mật khẩu bảo vệ khoá của trung tâm, hoặc của nút tiếp nhận trong thư mục của nút "
        "(--passphrase-file hoặc biến môi trường).",
        f"The passphrase is needed (of the centre's keys; in an intake node's folder, the node's own): "
        f"--passphrase-file FILE or ${PASSPHRASE_ENV}."))


def database(args: argparse.Namespace, folder: Path):  # noqa: ANN201 - (URL or str to connect with, settings)
    """The database to use: --db, else centre.toml's; never a silent default, never a password in
    a URL."""
    from workstation.centre.settings import database_exists, load_settings, on_command_line, parse_url

    settings = load_settings(folder) if not args.db else None
    if args.db:
        parse_url(args.db)
        try:
            settings = load_settings(folder)
        except WorkstationError:
            settings = None
    settings = on_command_line(settings, args.db, getattr(args, "db_password_file", ""))
    url = settings.database_url()
    if not database_exists(url):
        raise WorkstationError(Message(f"Không có CSDL của trung tâm: {settings.database}",
                                       f"The centre's database is missing: {settings.database}"))
    return url, settings


def open_centre(args: argparse.Namespace):  # noqa: ANN201 - (Centre, Registry)
    from workstation.centre.authority import load_centre
    from workstation.centre.registry import Registry

    folder = centre_folder(args)
    centre = load_centre(folder, passphrase(args))
    url, _settings = database(args, folder)
    return centre, Registry.open(url)


def package_store(folder: Path, settings):  # noqa: ANN001, ANN201 - (CentreSettings) -> ObjectStore
    """The package store centre.toml's [storage] names, refused with its reason when it is not
    healthy now (a server that cannot store what it accepts must not start)."""
    store = settings.package_store(folder)
    health = store.health()
    if not health.ok:
        assert health.error is not None
        raise WorkstationError(Message(
            f"Kho lưu hồ sơ ({health.kind}, {health.location}) không dùng được: {health.error.message.vi}",
            f"The package store ({health.kind}, {health.location}) cannot be used: {health.error.message.en} "
            f"[{health.error.reason}: {health.error.detail}]"))
    return store


def open_registry(args: argparse.Namespace):  # noqa: ANN201 - Registry
    """The database alone (listings need no key)."""
    from workstation.centre.registry import Registry

    url, _settings = database(args, centre_folder(args))
    return Registry.open(url)


def run_init(args: argparse.Namespace) -> int:
    from workstation.centre.authority import init_centre
    from workstation.centre.registry import Registry
    from workstation.centre.settings import CentreSettings, default_database, intake_url, parse_url
    from workstation.cli.main import print_json

    folder = centre_folder(args)
    if args.db:
        parse_url(args.db)
    settings = CentreSettings(args.db or default_database(folder), args.db_password_file, args.listen,
                              tuple(args.name), intake_url=intake_url("--intake-url", args.intake_url))
    secret = passphrase(args)
    if not (folder / "centre-ca.key.pem").exists():      # (init_centre refuses an existing centre itself)
        Registry.open(settings.database_url()).close()   # the database first: no keys for a centre without one
    centre = init_centre(folder, secret, settings=settings)
    from workstation.centre.export import SIGNING_PUBLIC, signing_key

    signing_key(folder, secret)                  # the export signing key, its public half for the receiver
    out = {"folder": str(folder), "ca_fingerprint": centre.ca_fingerprint, "config": str(folder / "centre.toml"),
           "database": settings.database, "export_public_key": str(folder / SIGNING_PUBLIC)}
    if args.json:
        print_json(out)
    else:
        print(f"centre created in {folder}; CA fingerprint {centre.ca_fingerprint}; configuration "
              f"{folder / 'centre.toml'} (database {settings.database})")
    return 0


def run_token(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime, timedelta

    from workstation.centre.onboarding import cancel_token, issue_token
    from workstation.cli.main import print_json

    if args.cancel:
        registry = open_registry(args)
        try:
            token_id = cancel_token(registry, args.cancel, getpass.getuser())
        finally:
            registry.close()
        print_json({"cancelled": token_id}) if args.json else print(f"token {token_id} cancelled")
        return 0
    if not args.commune or not args.name:
        raise WorkstationError("centre token needs --commune CODE and --name NAME (or --cancel TOKEN_OR_ID)")
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


def run_tokens(args: argparse.Namespace) -> int:
    from workstation.centre.onboarding import token_rows
    from workstation.cli.main import print_json

    registry = open_registry(args)
    try:
        rows = token_rows(registry)
    finally:
        registry.close()
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}  {r['commune']}  {r['state']:<9} expires {r['expires_at']}  {r['name']}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    registry = open_registry(args)
    try:
        registry.revoke(args.workstation_id, getpass.getuser())
    finally:
        registry.close()
    print(f"workstation {args.workstation_id} revoked")
    return 0


def run_unrevoke(args: argparse.Namespace) -> int:
    registry = open_registry(args)
    try:
        registry.unrevoke(args.workstation_id, getpass.getuser())
    finally:
        registry.close()
    print(f"workstation {args.workstation_id} is active again")
    return 0


def run_workstations(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json

    registry = open_registry(args)
    try:
        rows = [{"id": w.id, "commune": w.commune, "name": w.name, "status": w.status,
                 "registered_at": w.registered_at.isoformat(),
                 "revoked_at": w.revoked_at.isoformat() if w.revoked_at else None} for w in registry.workstations()]
    finally:
        registry.close()
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}  {r['commune']}  {r['status']:<8} {r['name']}")
    return 0

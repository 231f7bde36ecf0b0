"""`workstation centre console` (the province's web console) and `workstation centre console-user
add|list` (its users: a scrypt-hashed password and a TOTP secret shown once)."""
from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from workstation.errors import WorkstationError
from workstation.messages import Message


def register(centre_sub: argparse._SubParsersAction,
             add_centre_options: Callable[[argparse.ArgumentParser], None]) -> None:
    p = centre_sub.add_parser("console", help="the province's web console (HTTPS, its own port)")
    add_centre_options(p)
    p.add_argument("--listen", default="127.0.0.1:8444", metavar="HOST:PORT")
    p.add_argument("--name", action="append", default=[], metavar="HOST",
                   help="a name or address officers reach the console by (repeatable; default: the host)")
    p.set_defaults(run=run_console)
    p = centre_sub.add_parser("console-user", help="the console's users")
    users = p.add_subparsers(dest="console_user_command", metavar="ACTION", required=True)
    q = users.add_parser("add", help="add a user; prints the TOTP secret (and otpauth URI) once")
    add_centre_options(q)
    q.add_argument("name", metavar="NAME")
    q.add_argument("--password-file", type=Path, metavar="FILE",
                   help="file holding the user's password (default: asked twice on the terminal)")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(run=run_user_add)
    q = users.add_parser("list", help="the console's users")
    add_centre_options(q)
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(run=run_user_list)


def _registry(args: argparse.Namespace):  # noqa: ANN202 - Registry; users need no centre key
    """centre.toml's database (or --db), like every centre command: a folder without its
    configuration is refused in one line, never answered from a new, empty SQLite file."""
    from workstation.cli.centre_commands import open_registry

    return open_registry(args)


def _password(args: argparse.Namespace) -> str:
    if args.password_file:
        try:
            return args.password_file.read_text(encoding="utf-8").strip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise WorkstationError(f"{args.password_file} cannot be read ({exc})") from None
    if not sys.stdin.isatty():
        raise WorkstationError(Message("Cần mật khẩu: --password-file TỆP, hoặc nhập trên màn hình.",
                                       "A password is needed: --password-file FILE, or type it on a terminal."))
    first = getpass.getpass("Mật khẩu / password: ")
    if getpass.getpass("Nhập lại / again: ") != first:
        raise WorkstationError(Message("Hai lần nhập mật khẩu không khớp.", "The two passwords differ."))
    return first


def run_user_add(args: argparse.Namespace) -> int:
    from workstation.centre.console.totp_box import TotpBox
    from workstation.centre.console.users import add_user
    from workstation.cli.centre_commands import centre_folder
    from workstation.cli.main import print_json

    registry = _registry(args)               # the configuration first: no password asked for nothing
    try:
        password = _password(args)
        user = add_user(registry.sessions, TotpBox.load(centre_folder(args)), args.name, password)
    finally:
        registry.close()
    if args.json:
        print_json({"name": user.name, "totp_secret": user.totp_secret, "otpauth_uri": user.otpauth_uri})
    else:
        print(f"user {user.name} added. Put this secret in the user's authenticator app now; it is not shown again:")
        print(f"  secret: {user.totp_secret}")
        print(f"  {user.otpauth_uri}")
    return 0


def run_user_list(args: argparse.Namespace) -> int:
    from workstation.centre.console.users import list_users
    from workstation.cli.main import print_json

    registry = _registry(args)
    try:
        rows = [{"name": u.name, "created_at": u.created_at.isoformat(), "disabled": u.disabled_at is not None}
                for u in list_users(registry.sessions)]
    finally:
        registry.close()
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['name']}  {r['created_at']}" + ("  disabled" if r["disabled"] else ""))
    return 0


def run_console(args: argparse.Namespace) -> int:
    from workstation.centre.console.serve import console_tls, serve_console
    from workstation.centre.console.totp_box import TotpBox
    from workstation.cli.centre_commands import open_centre, passphrase

    host, _, port_text = args.listen.rpartition(":")
    if not host or not port_text.isdigit():
        raise WorkstationError("--listen is HOST:PORT, e.g. 0.0.0.0:8444")
    from workstation.centre.console.reviewing import Reviewing
    from workstation.cli.centre_commands import centre_folder, database, package_store

    folder = centre_folder(args)
    store = package_store(folder, database(args, folder)[1])    # the review page reads both packages
    secret = passphrase(args)
    centre, registry = open_centre(args)
    try:
        context = console_tls(centre, args.name or [host], secret)
        serve_console(registry, TotpBox.load(centre.folder), host, int(port_text), context,
                      Reviewing(store, centre.package_key))
    finally:
        registry.close()
    return 0

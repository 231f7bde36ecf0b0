"""`workstation officer add|list`: the accounts that log in to the window and approve overrides."""
from __future__ import annotations

import argparse
import getpass
import sys


def register(sub: argparse._SubParsersAction) -> None:
    officer = sub.add_parser("officer", help="officer and supervisor accounts")
    officer_sub = officer.add_subparsers(dest="officer_command", metavar="ACTION", required=True)
    p = officer_sub.add_parser("add", help="create an account (the password is asked twice)")
    p.add_argument("username", metavar="NAME")
    p.add_argument("--role", choices=("officer", "supervisor"), default="officer")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.set_defaults(run=run_add)
    p = officer_sub.add_parser("list", help="the accounts on this workstation")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_list)


def run_add(args: argparse.Namespace) -> int:
    from workstation.core.context import AppContext
    from workstation.errors import WorkstationError
    from workstation.storage.officers import create_officer

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.username}: ")
        if getpass.getpass("again: ") != password:
            from workstation.messages import Message

            raise WorkstationError(Message("Hai lần nhập mật khẩu không giống nhau.", "the two passwords differ"))
    db = AppContext.load(args.config, args.mode).open_database()
    create_officer(db.sessions, args.username, password, args.role)
    print(f"{args.role} {args.username} created")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.core.context import AppContext
    from workstation.storage.officers import list_officers

    db = AppContext.load(args.config, args.mode).open_database()
    rows = [{"username": o.username, "role": o.role, "active": o.active} for o in list_officers(db.sessions)]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['username']:<24} {row['role']:<11} {'active' if row['active'] else 'disabled'}")
    return 0

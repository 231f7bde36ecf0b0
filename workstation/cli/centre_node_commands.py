"""`workstation centre intake-node`: the folder of an intake node that holds no package key and no
CA key (docs/centre-storage.md "Who holds the package key"), made on the main centre."""
from __future__ import annotations

import argparse
from pathlib import Path

from workstation.errors import WorkstationError
from workstation.messages import Message


def register(centre_sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from workstation.cli.centre_commands import add_centre_options

    p = centre_sub.add_parser("intake-node", help="make the folder of an intake node (no package key, no CA key) "
                                                  "for `centre serve --dir` on another machine")
    add_centre_options(p)
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="the node's folder (new or empty)")
    p.add_argument("--name", action="append", default=[], metavar="HOST", required=True,
                   help="a name or address workstations reach the node by (repeatable)")
    p.add_argument("--listen", default="", metavar="HOST:PORT", help="where the node listens (default: the centre's)")
    p.add_argument("--node-passphrase-file", type=Path, required=True, metavar="FILE",
                   help="file holding the passphrase that protects the node's TLS key (12 characters or more)")
    p.add_argument("--node-db", metavar="URL", default="",
                   help="the database as the node reaches it, with the node's own role (PostgreSQL: "
                        "`centre grant-serving ROLE --intake` first); needed when the centre is on PostgreSQL")
    p.add_argument("--node-db-password-file", metavar="FILE", default="",
                   help="where the node reads that role's password (a path on the node; or libpq's ~/.pgpass)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_intake_node)


def run_intake_node(args: argparse.Namespace) -> int:
    from workstation.centre.authority import certificate_names, load_centre
    from workstation.centre.intake_nodes import make_intake_node
    from workstation.cli.centre_commands import centre_folder, database, passphrase
    from workstation.cli.main import print_json

    folder = centre_folder(args)
    _url, settings = database(args, folder)
    try:
        node_secret = args.node_passphrase_file.read_bytes().strip()
    except OSError as exc:
        raise WorkstationError(f"{args.node_passphrase_file} cannot be read ({exc.strerror})") from None
    listen = args.listen or settings.listen
    host = listen.rpartition(":")[0].strip("[]")
    names = certificate_names(host, args.name)
    from sqlalchemy.engine import make_url

    from workstation.centre.settings import CentreSettings, parse_url

    if args.node_db:
        node_user, owner = parse_url(args.node_db).username, make_url(settings.database).username
        if make_url(settings.database).get_backend_name() != "sqlite" and (not node_user or node_user in (owner, "postgres")):
            raise WorkstationError(Message(
                "--node-db phải dùng vai trò riêng của nút (grant-serving VAI_TRO --intake), không phải vai trò chủ.",
                f"--node-db names {node_user or 'no role'}: an intake node runs as its own role ('workstation centre "
                "grant-serving ROLE --intake'), never the owner's or a superuser."))
        settings = CentreSettings(args.node_db, args.node_db_password_file, settings.listen, settings.names,
                                  settings.storage, settings.limits)
    elif make_url(settings.database).get_backend_name() != "sqlite":
        raise WorkstationError(Message(
            "Nút tiếp nhận cần vai trò CSDL riêng: workstation centre grant-serving VAI_TRO --intake, rồi --node-db.",
            "An intake node needs its own database role, never the owner's: run 'workstation centre "
            "grant-serving ROLE --intake', then give --node-db postgresql+psycopg://ROLE@HOST/DB "
            "(and --node-db-password-file)."))
    else:
        settings = CentreSettings(settings.database, "", settings.listen, settings.names, settings.storage,
                                  settings.limits)
    centre = load_centre(folder, passphrase(args))
    out = make_intake_node(centre, settings, args.out.expanduser(), names, node_secret, listen)
    if args.json:
        print_json({"folder": str(out), "names": names, "listen": listen})
    else:
        print(f"Intake node folder written: {out} (names: {', '.join(names)}). Copy it to the node and run "
              "'workstation centre serve --dir' there; run 'workstation centre worker' here.")
    return 0

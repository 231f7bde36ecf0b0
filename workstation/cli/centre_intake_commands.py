"""`workstation centre import|serve`: the two ways packages come in (docs/cli.md, "The centre"),
run by the main centre or, in an intake node's folder, by a node that holds no package key and no
CA key (docs/centre-storage.md, "Who holds the package key")."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.cli.centre_commands import (PASSPHRASE_ENV, add_centre_options, centre_folder, database,
                                             package_store, passphrase)
from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from workstation.centre.authority import Centre, IntakeNode
    from workstation.centre.registry import Registry

log = logging.getLogger(__name__)


def register(centre_sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
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
    p.add_argument("--listen", metavar="HOST:PORT", help="default: centre.toml's")
    p.add_argument("--name", action="append", default=[], metavar="HOST",
                   help="a name or address workstations reach the server by (repeatable; added to centre.toml's)")
    p.add_argument("--workers", type=int, default=1, help="worker processes sharing the port (SO_REUSEPORT)")
    p.add_argument("--duplicate-days", type=float, default=30.0)
    p.add_argument("--accept-simulated", action="store_true", help="a test centre: take simulated enrollments")
    p.add_argument("--body-timeout", type=float, default=30.0, metavar="SECONDS",
                   help="a client that has not sent its whole package by then is cut off (default 30)")
    p.add_argument("--header-timeout", type=float, default=15.0, metavar="SECONDS",
                   help="a connection with no request in progress for this long is closed (default 15)")
    p.add_argument("--handshake-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="a TLS handshake not finished by then is dropped (default 10)")
    p.add_argument("--register-rate", type=int, metavar="N",
                   help="registration attempts per source address and minute, all workers and nodes together "
                        "(default: centre.toml's [limits] register_per_source, else 20)")
    p.add_argument("--upload-rate", type=int, metavar="N",
                   help="uploads per workstation and minute, all workers and nodes together "
                        "(default: centre.toml's [limits] upload_per_minute, else 600)")
    p.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(run=run_serve)


def run_import(args: argparse.Namespace) -> int:
    from workstation.centre.intake import Intake
    from workstation.centre.usb_import import import_folder
    from workstation.cli.main import print_json

    folder = centre_folder(args)
    url, settings = database(args, folder)
    store = package_store(folder, settings)
    # an intake node's folder: stored unopened, as over HTTPS (no passphrase: it holds no key)
    centre = _intake_keys(folder, lambda: passphrase(args))
    registry = _intake_registry(url, centre)
    try:
        report = import_folder(args.folder, Intake(registry, centre, args.duplicate_days, args.accept_simulated,
                                                   store))
    finally:
        registry.close()
    if args.json:
        print_json(report.as_dict())
    else:
        from workstation.core.centre_answers import refusal_words

        for d in report.decisions:
            # a refusal in the words `workstation sync` gives for it (the same code, the same reason)
            words = f": {refusal_words(d.reason).en}" if d.status == "rejected" and d.reason else ""
            print(f"{d.package_id}  {d.status}" + (f" ({d.reason})" if d.reason else "") + words)
        for r in report.refused:
            print(f"{r['entry']}  refused ({r['reason']}): {r['detail']}")
    if not report.clean:
        problems = len(report.refused) + sum(1 for d in report.decisions if d.status in ("rejected", "unavailable"))
        raise WorkstationError(Message(f"{problems} mục bị từ chối khi nhập.",
                                       f"{problems} {'entry was' if problems == 1 else 'entries were'} refused."))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import subprocess

    from sqlalchemy.engine import make_url

    from workstation.centre.authority import IntakeNode, certificate_names, server_tls
    from workstation.centre.guard import Limits
    from workstation.centre.intake import Intake
    from workstation.centre.intake_nodes import node_tls
    from workstation.centre.server import serve, tls_context

    folder = centre_folder(args)
    url, settings = database(args, folder)
    listen = args.listen or settings.listen
    host, _, port_text = listen.rpartition(":")
    host = host.strip("[]")
    if not port_text.isdigit():
        raise WorkstationError("--listen is HOST:PORT, e.g. 0.0.0.0:8443")
    if args.workers > 1 and make_url(url).get_backend_name() == "sqlite":
        raise WorkstationError(Message("Nhiều tiến trình cần PostgreSQL, không dùng SQLite.",
                                       "--workers above 1 needs PostgreSQL: SQLite serves one process."))
    names = certificate_names(host, [*settings.names, *args.name])
    from workstation.centre.settings import LIMITS

    register_rate = args.register_rate if args.register_rate is not None else \
        settings.limits.get("register_per_source", LIMITS["register_per_source"])
    upload_rate = args.upload_rate if args.upload_rate is not None else \
        settings.limits.get("upload_per_minute", LIMITS["upload_per_minute"])
    if register_rate < 1 or upload_rate < 1:
        raise WorkstationError("--register-rate and --upload-rate are whole numbers of at least 1")
    secret = passphrase(args)
    centre = _intake_keys(folder, lambda: secret)
    if isinstance(centre, IntakeNode):  # no package key, no CA key: stores, `centre worker` decides
        log.info("intake node %s: no package key, no CA key; packages are stored as received and decided by "
                 "`centre worker` on the main centre", folder)
        cert_file, key_file = node_tls(centre, names)
    else:
        cert_file, key_file = server_tls(centre, names, secret)
    store = package_store(folder, settings)            # refuses to start without a working store
    registry = _intake_registry(url, centre)
    from workstation.centre.partitions import ensure_months

    ensure_months(registry.engine)                     # PostgreSQL: this month's and next month's index
    context = tls_context(cert_file, key_file, secret, centre.folder / "centre-ca.pem")
    children = []
    reuse = args.reuse_port or args.workers > 1
    if args.workers > 1:
        # the passphrase goes to the children over a pipe, never through their environment
        env = {k: v for k, v in os.environ.items() if k != PASSPHRASE_ENV}
        child = [sys.executable, "-m", "workstation", "centre", "serve", "--listen", listen, "--workers", "1",
                 "--reuse-port", "--duplicate-days", str(args.duplicate_days), "--dir", str(centre.folder),
                 "--body-timeout", str(args.body_timeout), "--header-timeout", str(args.header_timeout),
                 "--handshake-timeout", str(args.handshake_timeout), "--register-rate", str(register_rate),
                 "--upload-rate", str(upload_rate), "--passphrase-file", "-"]
        child += ["--db", args.db] if args.db else []
        child += ["--db-password-file", args.db_password_file] if args.db_password_file else []
        child += ["--accept-simulated"] if args.accept_simulated else []
        for name in args.name:
            child += ["--name", name]
        for _ in range(args.workers - 1):
            process = subprocess.Popen(child, env=env, stdin=subprocess.PIPE)
            assert process.stdin is not None
            process.stdin.write(secret + b"\n")
            process.stdin.close()
            children.append(process)
    limits = Limits(handshake_seconds=args.handshake_timeout, header_seconds=args.header_timeout,
                    register_per_source=register_rate, upload_per_minute=upload_rate)
    try:
        serve(Intake(registry, centre, args.duplicate_days, args.accept_simulated, store, settings.intake_url),
              host or "0.0.0.0",  # noqa: S104 - an empty host is the administrator asking for every address
              int(port_text), context, reuse, args.body_timeout, limits)
    finally:
        for process in children:
            process.terminate()
        for process in children:
            process.wait(10)
        registry.close()
    return 0


def _intake_keys(folder: Path, secret: Callable[[], bytes]) -> "Centre | IntakeNode":
    """What this folder holds: an intake node's public half (no passphrase asked), or the centre's
    keys, opened with `secret`."""
    from workstation.centre.authority import is_intake_node, load_centre, load_intake_node

    return load_intake_node(folder) if is_intake_node(folder) else load_centre(folder, secret())


def _intake_registry(url: "URL | str", centre: "Centre | IntakeNode") -> "Registry":
    """The database, opened; an intake node's role that could decide is refused (intake_nodes.py)."""
    from workstation.centre.authority import IntakeNode
    from workstation.centre.intake_nodes import refuse_a_deciding_role
    from workstation.centre.registry import Registry

    registry = Registry.open(url)
    if isinstance(centre, IntakeNode):
        try:
            refuse_a_deciding_role(registry)
        except WorkstationError:
            registry.close()
            raise
    return registry

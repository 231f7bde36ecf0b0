"""`workstation package verify` and `workstation package demo`."""
from __future__ import annotations

import argparse
from pathlib import Path

from workstation.errors import WorkstationError


def register(sub: argparse._SubParsersAction) -> None:
    package = sub.add_parser("package", help="sealed enrollment packages")
    package_sub = package.add_subparsers(dest="package_command", metavar="ACTION", required=True)
    p = package_sub.add_parser("verify", help="decrypt a package and check its signature, schema and every hash")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--server-key", type=Path, metavar="KEY",
                   help="the server's X25519 private key (PEM); default: the centre's with --centre, else the "
                        "simulated server's test key")
    p.add_argument("--centre", type=Path, metavar="DIR",
                   help="the centre's folder: the signer must be an onboarded, not revoked workstation")
    p.add_argument("--db", metavar="URL", help="the centre's database (default: SQLite in the centre's folder)")
    p.add_argument("--passphrase-file", type=Path, metavar="FILE", help="passphrase of the centre's keys")
    p.add_argument("--self-signed-ok", action="store_true",
                   help="testers: accept the certificate inside the package when no registry is given")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_verify)
    p = package_sub.add_parser("demo", help="seal a package from a simulated card read (testers)")
    p.add_argument("--card", default="an-genuine", help="fixture card (workstation sim cards)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.set_defaults(run=run_demo)


def run_verify(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.core.package.keys import load_server_private, simulated_server_keys
    from workstation.core.package.verify import verify_package

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise WorkstationError(f"{args.file} cannot be read ({exc.strerror})") from None
    registry = None
    if args.centre:
        from workstation.cli.centre_commands import open_centre

        args.dir = args.centre
        centre, registry = open_centre(args)
        registry.trust(centre.ca_certificate)
        server = load_server_private(args.server_key) if args.server_key else centre.package_key
    else:
        server = load_server_private(args.server_key) if args.server_key else simulated_server_keys()[0]
    try:
        report = verify_package(data, server, registry.signer if registry else None, args.self_signed_ok)
    finally:
        if registry is not None:
            registry.close()
    if args.json:
        print_json(report.as_dict())
    else:
        print("package OK" if report.ok else "package NOT OK")
        for check, state in report.checks.items():
            print(f"  {check:14} {state}")
        for problem in report.problems:
            print(f"  problem: {problem}")
    if not report.ok:
        raise WorkstationError(report.problems[0] if report.problems else "package not verified")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from workstation.core.package.demo import demo_package
    from workstation.paths import app_paths

    paths = app_paths().ensure()
    print(demo_package(args.card, args.out, paths.data_dir / "keys", "simulated-workstation"))
    return 0

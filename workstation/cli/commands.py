"""The subcommands that lay the ground: devices, info, config. Later capabilities add theirs."""
from __future__ import annotations

import argparse

from workstation import __version__
from typing import TYPE_CHECKING

from workstation.config import render_settings
from workstation.errors import WorkstationError
from workstation.paths import app_paths


def register(sub: argparse._SubParsersAction) -> None:
    from workstation.cli import (
        campaign_commands,
        card_commands,
        centre_commands,
        enroll_commands,
        face_commands,
        finger_commands,
        incident_commands,
        officer_commands,
        package_commands,
        qr_commands,
        storage_commands,
    )

    p = sub.add_parser("devices", help="list every device driver and its state")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_devices)

    p = sub.add_parser("info", help="version, where settings and data live")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_info)

    config = sub.add_parser("config", help="settings file")
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    p = config_sub.add_parser("show", help="print the settings in force, with their documentation")
    p.set_defaults(run=run_config_show)
    p = config_sub.add_parser("init", help="write the documented default settings file")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=run_config_init)

    campaign_commands.register(sub)
    card_commands.register(sub)
    centre_commands.register(sub)
    enroll_commands.register(sub)
    incident_commands.register(sub)
    qr_commands.register(sub)
    face_commands.register(sub)
    finger_commands.register(sub)
    officer_commands.register(sub)
    package_commands.register(sub)
    storage_commands.register(sub)


if TYPE_CHECKING:
    from workstation.core.context import AppContext


def _context(args: argparse.Namespace) -> "AppContext":
    from workstation.core.context import AppContext

    return AppContext.load(args.config, args.mode)


def run_devices(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.core.device_report import report_drivers

    ctx = _context(args)
    selection = ctx.select_devices()
    reports = report_drivers(ctx.registry, selection)
    if args.json:
        print_json({
            "mode": "simulated" if selection.simulated else "real",
            "mode_reason": selection.reason,
            "drivers_config": str(ctx.drivers_dir),
            "drivers": [r.as_dict() for r in reports],
        })
        return 0
    print(f"mode: {'simulated' if selection.simulated else 'real'} ({selection.reason})")
    print(f"drivers_config: {ctx.drivers_dir}")
    rows = [("KIND", "DRIVER", "STATE", "", "DETAIL")]
    for r in reports:
        rows.append((r.kind, r.driver + (" (sim)" if r.simulated else ""), r.state, "*" if r.selected else "", r.detail))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    print("(* = in use)")
    return 0


def run_info(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json

    ctx = _context(args)
    data = {
        "version": __version__,
        "settings_file": str(ctx.settings.source or ctx.paths.settings_file),
        "settings_file_exists": bool(ctx.settings.source),
        "config_dir": str(ctx.paths.config_dir),
        "data_dir": str(ctx.paths.data_dir),
        "log_dir": str(ctx.paths.log_dir),
        "database_url": ctx.database_url,
        "drivers_config": str(ctx.drivers_dir),
        "device_mode": ctx.settings.devices.mode,
        "language": ctx.settings.ui.language,
    }
    protection = ctx.key_protection()
    if args.json:
        print_json({**data, "key_protection": protection.as_dict()})
    else:
        data["key_protection"] = protection.state + (f" ({protection.keyring})" if protection.keyring else "")
        width = max(map(len, data))
        for key, value in data.items():
            print(f"{key.ljust(width)}  {value}")
        if protection.notice is not None:
            print()
            print(protection.notice.text(ctx.settings.ui.language))
    return 0


def run_config_show(args: argparse.Namespace) -> int:
    print(render_settings(_context(args).settings), end="")
    return 0


def run_config_init(args: argparse.Namespace) -> int:
    target = args.config or app_paths().settings_file
    if target.exists() and not args.force:
        raise WorkstationError(f"{target} already exists (use --force to overwrite)")
    from workstation.atomic_file import write_atomically
    from workstation.disk_space import write_error

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, render_settings().encode("utf-8"))
    except OSError as exc:
        raise write_error(exc, target.parent) from None
    print(target)
    return 0

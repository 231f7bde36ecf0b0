"""`workstation enroll`: one whole enrollment without the window (testers, demos, the benchmark)."""
from __future__ import annotations

import argparse
import getpass
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("enroll", help="run one whole enrollment and write the sealed package (--simulate for testers)")
    # the tester contract writes "workstation enroll --simulate ...": the global option is accepted here too
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--simulate", action="store_const", const="simulated", dest="mode", default=argparse.SUPPRESS,
                      help="the simulated card reader, camera and scanners (as 'workstation --simulate enroll')")
    mode.add_argument("--real", action="store_const", const="real", dest="mode", default=argparse.SUPPRESS,
                      help="attached hardware only")
    p.add_argument("--card", default="an-genuine", metavar="NAME", help="fixture card (workstation sim cards)")
    p.add_argument("--camera", default="genuine_turn", metavar="SCENARIO",
                   help="genuine_turn, genuine_blink, photo_attack, impostor, no_face, two_faces, dark_room, "
                        "eyes_closed, or a folder of frames")
    p.add_argument("--challenge", default="head_turn", choices=("head_turn", "blink"),
                   help="the liveness challenge: turn the head (default) or, for a citizen who cannot, blink")
    p.add_argument("--finger", default="good", metavar="SCENARIO", help="workstation sim finger-scenarios")
    p.add_argument("--portrait", type=Path, metavar="PHOTO",
                   help="a photograph of one person: the card's chip photo and the camera scenario are made from "
                        "it (default: the portrait the set-up installed)")
    p.add_argument("--other", type=Path, metavar="PHOTO",
                   help="someone else, for impostor and two_faces (default: the second installed portrait)")
    p.add_argument("--phone", default="0912345678", help="the citizen's mobile number")
    p.add_argument("--email", default="", help="the citizen's email (optional)")
    p.add_argument("--supervisor", default="", metavar="NAME", help="who accepts a refused face (with --override-reason)")
    p.add_argument("--override-reason", default="", metavar="TEXT", help="why a refused face is accepted")
    p.add_argument("--camera-timeout", type=float, default=20.0, metavar="SECONDS",
                   help="wait this long for an automatic face capture, then capture by hand (default 20)")
    p.add_argument("--interactive", action="store_true",
                   help="ask at the terminal, as with real devices (with --simulate: the card from --card goes on "
                        "the simulated reader, the camera plays --camera)")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="the sealed package is written here")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_enroll)


def run_enroll(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.core.context import AppContext
    from workstation.core.enrollment.services import EnrollmentServices
    from workstation.core.enrollment.simulated_run import SimulatedEnrollment, run_simulated_enrollment
    from workstation.errors import WorkstationError

    if args.mode == "simulated":
        _default_portraits(args)
    if args.mode != "simulated" or args.interactive:
        return run_interactive(args)
    ctx = AppContext.load(args.config, args.mode)
    db = ctx.open_database()
    services = EnrollmentServices.from_context(ctx, db, simulated=True)
    options = SimulatedEnrollment(card=args.card, camera=args.camera, finger=args.finger, portrait=args.portrait,
                                  other=args.other, phone=args.phone, email=args.email, supervisor=args.supervisor,
                                  override_reason=args.override_reason, camera_timeout=args.camera_timeout,
                                  challenge=args.challenge)
    run = run_simulated_enrollment(options, db.workstation_id, services.identity, services.server_key(), args.out,
                                   services.store, officer=getpass.getuser(),
                                   on_step=None if args.json else lambda step: print(f"... {step}", flush=True))
    if args.json:
        print_json(run.as_dict())
    else:
        for check in run.as_dict()["checks"]:
            print(f"{check['level'].upper():<5} {check['name']:<13} {check['message']}")
        if run.package_file:
            print(f"saved: {run.package_file} ({run.total_seconds:.1f} s)")
    if run.saved is None:
        raise WorkstationError(f"not saved: {run.blocked}")
    return 0


def run_interactive(args: argparse.Namespace) -> int:
    """The terminal enrollment on the devices the settings select (prompts for QR, consent, ...)."""
    from workstation.cli.main import print_json
    from workstation.core.context import AppContext
    from workstation.core.enrollment.services import EnrollmentServices
    from workstation.core.enrollment.terminal_run import ConsolePrompter, run_terminal_enrollment
    from workstation.errors import WorkstationError

    ctx = AppContext.load(args.config, args.mode)
    db = ctx.open_database()
    services = EnrollmentServices.from_context(ctx, db, simulated=args.mode == "simulated", officer=getpass.getuser())
    if services.has_officers():
        prompter = ConsolePrompter(ctx.settings.ui.language)
        name = prompter.ask("Tài khoản cán bộ / officer:")
        services.log_in(name, prompter.secret("Mật khẩu / password:"))
    prepare = _simulated_props(args) if args.mode == "simulated" else None
    run = run_terminal_enrollment(ctx, services, ConsolePrompter(ctx.settings.ui.language), args.out,
                                  ctx.settings.ui.language, prepare, args.camera_timeout, args.challenge)
    if args.json:
        print_json(run.as_dict())
    elif run.package_file:
        print(f"saved: {run.package_file} ({run.total_seconds:.1f} s)")
    if run.saved is None:
        raise WorkstationError(f"not saved: {run.blocked}")
    return 0


def _default_portraits(args: argparse.Namespace) -> None:
    """No --portrait: the installed ones, for a camera scenario made from a photograph."""
    from workstation.emulator.default_portraits import default_other, default_portrait

    if args.portrait is None and not Path(args.camera).is_dir():
        args.portrait = default_portrait()
        if args.other is None and args.portrait is not None:
            args.other = default_other()


def _simulated_props(args: argparse.Namespace):  # noqa: ANN202
    """Put the tester's card on the simulated reader and the scenario in the simulated camera."""
    from workstation.core.enrollment.simulated_run import simulated_citizen
    from workstation.devices.base import DeviceKind
    from workstation.emulator.fixtures import build_card

    portrait, frames = simulated_citizen(args.card, args.camera, args.portrait, args.other)

    def prepare(drivers: dict) -> None:
        drivers[DeviceKind.CARD_READER].insert(build_card(args.card, portrait))
        drivers[DeviceKind.CAMERA].load_frames(frames)
        drivers[DeviceKind.FINGERPRINT].load_scenario(args.finger)
    return prepare

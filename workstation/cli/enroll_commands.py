"""`workstation enroll`: one whole enrollment without the window (testers, demos, the benchmark)."""
from __future__ import annotations

import argparse
import getpass
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("enroll", help="run one whole enrollment and write the sealed package (--simulate for testers)")
    p.add_argument("--card", default="an-genuine", metavar="NAME", help="fixture card (workstation sim cards)")
    p.add_argument("--camera", default="genuine_turn", metavar="SCENARIO",
                   help="genuine_turn, photo_attack, impostor, no_face, two_faces, dark_room, or a folder of frames")
    p.add_argument("--finger", default="good", metavar="SCENARIO", help="workstation sim finger-scenarios")
    p.add_argument("--portrait", type=Path, metavar="PHOTO",
                   help="a photograph of one person: the card's chip photo and the camera scenario are made from it")
    p.add_argument("--other", type=Path, metavar="PHOTO", help="someone else, for impostor and two_faces")
    p.add_argument("--phone", default="0912345678", help="the citizen's mobile number")
    p.add_argument("--email", default="", help="the citizen's email (optional)")
    p.add_argument("--supervisor", default="", metavar="NAME", help="who accepts a refused face (with --override-reason)")
    p.add_argument("--override-reason", default="", metavar="TEXT", help="why a refused face is accepted")
    p.add_argument("--camera-timeout", type=float, default=20.0, metavar="SECONDS",
                   help="wait this long for an automatic face capture, then capture by hand (default 20)")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="the sealed package is written here")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_enroll)


def run_enroll(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.core.context import AppContext
    from workstation.core.enrollment.simulated_run import SimulatedEnrollment, run_simulated_enrollment
    from workstation.core.package.keys import load_or_create_identity
    from workstation.errors import WorkstationError
    from workstation.storage.at_rest import BlobCipher
    from workstation.storage.enrollments import EnrollmentStore

    if args.mode != "simulated":
        raise WorkstationError("enrolling from the terminal needs --simulate (real devices: use the window)")
    ctx = AppContext.load(args.config, args.mode)
    db = ctx.open_database()
    store = EnrollmentStore(db.sessions, BlobCipher.from_folder(ctx.paths.data_dir / "keys"))
    identity = load_or_create_identity(ctx.paths.data_dir / "keys", db.workstation_id)
    options = SimulatedEnrollment(card=args.card, camera=args.camera, finger=args.finger, portrait=args.portrait,
                                  other=args.other, phone=args.phone, email=args.email, supervisor=args.supervisor,
                                  override_reason=args.override_reason, camera_timeout=args.camera_timeout)
    run = run_simulated_enrollment(options, db.workstation_id, identity, ctx.server_key(simulated=True), args.out,
                                   store, officer=getpass.getuser(),
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

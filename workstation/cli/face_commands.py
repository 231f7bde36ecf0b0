"""`workstation face compare` and `workstation face check`: the face engine for testers."""
from __future__ import annotations

import argparse
import time
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    face = sub.add_parser("face", help="face comparison and portrait quality")
    face_sub = face.add_subparsers(dest="face_command", metavar="ACTION", required=True)
    p = face_sub.add_parser("compare", help="is IMAGE_B the person of IMAGE_A (the chip photo)?")
    p.add_argument("image_a", type=Path, metavar="IMAGE_A")
    p.add_argument("image_b", type=Path, metavar="IMAGE_B")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_compare)
    p = face_sub.add_parser("check", help="portrait quality checks of an image")
    p.add_argument("image", type=Path, metavar="IMAGE")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_check)


def run_compare(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.verify.face.compare import FaceComparator
    from workstation.verify.face.image_io import load_rgb

    a, b = load_rgb(args.image_a), load_rgb(args.image_b)
    comparator = FaceComparator()
    start = time.perf_counter()
    result = comparator.compare(a, b)
    data = {**result.as_dict(), "ms": round((time.perf_counter() - start) * 1000, 1)}
    if args.json:
        print_json(data)
    else:
        print(f"{data['verdict']}: score {data['score']} (match <= {data['match_below']}, "
              f"no match > {data['threshold']}), {data['ms']} ms")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.verify.face.image_io import load_rgb
    from workstation.verify.face.quality import assess

    report = assess(load_rgb(args.image))
    if args.json:
        print_json(report.as_dict())
    else:
        print("passed" if report.passed else f"failed: {report.advice.en if report.advice else ''}")
        for check in report.checks:
            print(f"  {'ok ' if check.passed else 'BAD'} {check.name:13} {check.value:9.2f}  ({check.limit})")
    return 0

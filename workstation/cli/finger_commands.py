"""`workstation finger quality` and `workstation finger match`: fingerprint checks for testers."""
from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    finger = sub.add_parser("finger", help="fingerprint quality and matching")
    finger_sub = finger.add_subparsers(dest="finger_command", metavar="ACTION", required=True)
    p = finger_sub.add_parser("quality", help="NFIQ 2 quality of a fingerprint image (PNG, BMP, JPEG, WSQ)")
    p.add_argument("image", type=Path, metavar="IMAGE")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_quality)
    p = finger_sub.add_parser("match", help="are two images the same finger (bozorth3)?")
    p.add_argument("image_a", type=Path, metavar="IMAGE_A")
    p.add_argument("image_b", type=Path, metavar="IMAGE_B")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_match)


def run_quality(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.verify.finger.image_io import load_grey
    from workstation.verify.finger.nbis_engine import analyse

    result = analyse(load_grey(args.image)).as_dict()
    if args.json:
        print_json(result)
    else:
        print(f"NFIQ 2 {result['nfiq2']} ({'passed' if result['passed'] else 'below'} {result['threshold']}), "
              f"{result['minutiae']} minutiae, {result['ms']} ms")
    return 0


def run_match(args: argparse.Namespace) -> int:
    import time

    from workstation.cli.main import print_json
    from workstation.verify.finger.image_io import load_grey
    from workstation.verify.finger.nbis_engine import MATCH_THRESHOLD, analyse, match_score

    start = time.perf_counter()
    score = match_score(analyse(load_grey(args.image_a)), analyse(load_grey(args.image_b)))
    data = {"score": score, "threshold": MATCH_THRESHOLD, "same_finger": score >= MATCH_THRESHOLD,
            "ms": round((time.perf_counter() - start) * 1000, 1)}
    if args.json:
        print_json(data)
    else:
        print(f"{'same finger' if data['same_finger'] else 'different fingers'}: score {score} (>= {MATCH_THRESHOLD})")
    return 0
